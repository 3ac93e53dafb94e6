"""Socket Mode: the same handlers over a websocket, for councils without a public URL."""

from __future__ import annotations

import subprocess
import sys

from app import bolt_app
from bot.slack_app import Services
from bot.socket_mode import handler
from tests.conftest import ROOT
from tests.fake_socket_mode import FakeSocketMode
from tests.slack_requests import all_text, wire_form


def test_a_slash_command_over_socket_mode(w2013, config, fake_slack):
    config.app_token = "xapp-1-test"
    with FakeSocketMode() as socket:
        fake_slack.socket_url = socket.url
        connection = handler(bolt_app(Services(config=config, store=w2013)), config)
        connection.connect()
        try:
            payload = wire_form("slash-command.txt") | {"text": "R16"}
            socket.send(
                {"envelope_id": "env-1", "type": "slash_commands", "payload": payload, "accepts_response_payload": True}
            )
            ack = socket.acks.get(timeout=10)
        finally:
            connection.close()
    assert ack["envelope_id"] == "env-1"
    assert ack["payload"]["blocks"][0]["text"]["text"] == "R16 · Development of a MASH"
    assert "In progress" in all_text(ack["payload"])
    assert fake_slack.calls_to("apps.connections.open")


def test_serve_over_socket_mode_needs_no_signing_secret_but_an_app_token(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "RECBOT_DB": str(tmp_path / "r.json"),
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_APP_TOKEN": "xoxb-not-an-app-token",
    }
    result = subprocess.run(
        [sys.executable, "-m", "app", "serve"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "SLACK_APP_TOKEN must be an app-level token (it starts xapp-)" in result.stderr
