"""Many workspaces: Bolt's OAuth install flow, its states, uninstalling, and refusing workspaces never installed."""

from __future__ import annotations

import json
import logging
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from settings.config import Config
from storage.store import Store
from tests.conftest import until
from tests.workspace_requests import CLIENT_SECRET, TeamSender, finish_install, install, many_workspaces, start_install

TOKEN_A = "xoxb-111-aaaa-secretA"


@pytest.fixture
def config(tmp_path, fake_slack) -> Config:
    return many_workspaces(fake_slack.api_url, tmp_path)


@pytest.fixture
def root(config) -> Store:
    """The deployment's own store, where installations are kept."""
    return Store(config.db_path)


def test_the_install_flow_saves_the_workspace_and_its_token(live, fake_slack, root):
    response, state = start_install(live)
    location = response.headers["Location"]
    assert location.startswith("https://slack.com/oauth/v2/authorize?")
    asked = parse_qs(urlsplit(location).query)
    assert asked["client_id"] == ["1111.2222"] and asked["scope"] == ["commands,chat:write,files:read"]
    assert root.consume_state(state, time.time()) is True, "the state was kept for the redirect"

    install(live, fake_slack, "T0AAA", TOKEN_A)
    exchange = fake_slack.calls_to("oauth.v2.access")[-1]
    assert exchange.args["code"].startswith("code-T0AAA")
    saved = root.installation(None, "T0AAA")
    assert saved["bot_token"] == TOKEN_A and saved["team_id"] == "T0AAA"
    assert [i["team_id"] for i in root.installations()] == ["T0AAA"]
    assert requests.get(f"{live}/healthz", timeout=5).json() == {"ok": True, "workspaces": 1}


@pytest.mark.parametrize("case", ["missing", "unknown", "expired", "used twice", "cookie of another"])
def test_a_bad_state_installs_nothing(case, live, fake_slack, root):
    fake_slack.grant("code-1", "T0BAD", "xoxb-bad")
    if case == "missing":
        response = finish_install(live, "code-1", None)
    elif case == "unknown":
        response = finish_install(live, "code-1", "never-issued")
    elif case == "expired":
        root.issue_state("stale-state", expires=time.time() - 1, now=time.time() - 601)
        response = finish_install(live, "code-1", "stale-state")
    elif case == "used twice":
        _, state = start_install(live)
        fake_slack.grant("code-0", "T0BAD", "xoxb-bad")
        assert finish_install(live, "code-0", state).status_code == 200
        root.delete_installation(None, "T0BAD")
        fake_slack.calls.clear()
        response = finish_install(live, "code-1", state)
    else:
        _, state = start_install(live)
        _, other = start_install(live)
        response = finish_install(live, "code-1", state, cookie=other)
    assert response.status_code >= 400
    assert not fake_slack.calls_to("oauth.v2.access"), "no code is exchanged without a good state"
    assert root.installations() == []


def test_a_workspace_never_installed_is_refused_and_nothing_is_called(live, slack, fake_slack, root):
    response = TeamSender(slack, "T0NEVER").command("subscribe all")
    assert "subscri" not in response.text.lower()
    told = fake_slack.wait_for("respond/r1")[0].args["text"]
    assert "recbot is not installed in this workspace" in told
    assert [c.method for c in fake_slack.calls] == ["respond/r1"], "no Web API call, with any workspace's token"
    assert not (root.path.parent / "workspaces" / "T0NEVER").exists(), "nothing was opened for it"


def test_uninstalling_removes_the_installation_and_keeps_the_councils_data(live, slack, fake_slack, root):
    install(live, fake_slack, "T0AAA", TOKEN_A)
    team = TeamSender(slack, "T0AAA")
    assert "will get updates" in team.command("subscribe all").text
    workspace = root.path.parent / "workspaces" / "T0AAA"
    assert Store(workspace / "recbot.json").subscriptions()

    assert team.event({"type": "app_uninstalled"}).status_code == 200
    until(lambda: root.installation(None, "T0AAA") is None, what="the installation removed")
    assert Store(workspace / "recbot.json").subscriptions(), "the workspace's records stay until an admin removes them"
    TeamSender(slack, "T0NEVER").event({"type": "app_uninstalled"})
    assert not (root.path.parent / "workspaces" / "T0NEVER").exists(), "an uninstall opens no store"

    refused = team.command("subscriptions")
    assert "not installed" in refused.text + json.dumps([c.args for c in fake_slack.calls_to("respond/r1")])
    assert "subscri" not in refused.text.lower(), "after uninstalling, its requests are refused"

    install(live, fake_slack, "T0AAA", "xoxb-111-aaaa-again")
    assert "everything" in team.command("subscriptions").text, "installed again, its records are back"


def test_a_revoked_bot_token_removes_the_installation(live, slack, fake_slack, root):
    install(live, fake_slack, "T0AAA", TOKEN_A)
    TeamSender(slack, "T0AAA").event({"type": "tokens_revoked", "tokens": {"bot": ["UBOT"]}})
    until(lambda: root.installation(None, "T0AAA") is None, what="the installation removed")


def test_tokens_never_reach_the_logs(live, slack, fake_slack, root, caplog):
    caplog.set_level(logging.DEBUG)
    install(live, fake_slack, "T0AAA", TOKEN_A)
    assert "will get updates" in TeamSender(slack, "T0AAA").command("subscribe all").text
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "recbot.request"]
    assert [(line["team"], line["verb"]) for line in lines] == [("T0AAA", "/rec subscribe")], "whose request it was"
    assert TOKEN_A not in caplog.text
    assert CLIENT_SECRET not in caplog.text


def test_slack_can_verify_the_request_url_and_check_ssl_before_any_install(live, slack, root):
    challenge = {"type": "url_verification", "challenge": "c-123", "token": "t"}
    answer = slack.post(json.dumps(challenge), "application/json")
    assert answer.status_code == 200 and answer.json() == {"challenge": "c-123"}
    assert slack.post("ssl_check=1&token=abc", "application/x-www-form-urlencoded").status_code == 200
    assert root.installations() == []
