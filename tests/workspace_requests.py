"""Requests from several Slack workspaces: Bolt's OAuth install flow, and signed requests with a team id."""

from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit

import requests

from settings.config import Config
from tests.conftest import SECRET
from tests.slack_requests import CHANNEL, USER, SlackSender, new_trigger_id, wire_json

CLIENT_SECRET = "client-secret-xyz"
STATE_COOKIE = "slack-app-oauth-state"  # Bolt's default: the browser carries it from install to redirect


def many_workspaces(api_url: str, folder: Path, db_url: str = "") -> Config:
    """Settings of a deployment serving many workspaces: an OAuth client, no SLACK_BOT_TOKEN."""
    return Config(
        signing_secret=SECRET,
        editors=frozenset({"*"}),
        client_id="1111.2222",
        client_secret=CLIENT_SECRET,
        api_url=api_url,
        db_path=folder / "data" / "recbot.json",
        db_url=db_url,
    )


def start_install(base: str) -> tuple[requests.Response, str]:
    """GET /slack/install: Bolt's redirect to Slack's consent screen, and the ``state`` it carries."""
    response = requests.get(f"{base}/slack/install", allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text
    state = parse_qs(urlsplit(response.headers["Location"]).query)["state"][0]
    return response, state


def finish_install(base: str, code: str, state: str | None, cookie: str | None = None) -> requests.Response:
    """Slack sends the installer back: GET /slack/oauth_redirect with the code and the state.

    The cookie is sent by hand: Bolt marks it Secure, and these tests speak plain HTTP.
    """
    query = {"code": code, **({"state": state} if state is not None else {})}
    headers = {"Cookie": f"{STATE_COOKIE}={cookie if cookie is not None else state}"} if (cookie or state) else {}
    return requests.get(f"{base}/slack/oauth_redirect?{urlencode(query)}", headers=headers, timeout=10)


def install(base: str, fake_slack, team: str, token: str) -> requests.Response:
    """The whole flow for one workspace: its installer approves recbot and lands back on recbot."""
    _, state = start_install(base)
    code = f"code-{team}-{uuid.uuid4().hex[:6]}"
    fake_slack.grant(code, team, token)
    response = finish_install(base, code, state)
    assert response.status_code == 200, response.text
    return response


class TeamSender:
    """Signed requests as Slack sends them from workspace ``team``."""

    def __init__(self, slack: SlackSender, team: str) -> None:
        self.slack, self.team = slack, team

    def command(self, text: str, user: str = USER, channel: str = CHANNEL) -> requests.Response:
        form = dict(parse_qsl(self.slack.command_body(text, user, channel), keep_blank_values=True))
        form["team_id"] = self.team
        return self.slack.post(urlencode(form), "application/x-www-form-urlencoded")

    def action(self, action_id: str, value: str, user: str = USER, channel: str = CHANNEL) -> requests.Response:
        payload = copy.deepcopy(wire_json("block-actions.json"))
        payload["team"]["id"] = payload["user"]["team_id"] = self.team
        payload["user"]["id"] = user
        payload["channel"]["id"] = payload["container"]["channel_id"] = channel
        payload["response_url"] = self.slack.response_url
        payload["actions"][0].update(action_id=action_id, value=value)
        payload["trigger_id"] = new_trigger_id()
        return self.slack.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")

    def event(self, event: dict) -> requests.Response:
        envelope = copy.deepcopy(wire_json("app-home-opened.json"))
        envelope.update(event=event, team_id=self.team, event_id=f"Ev{uuid.uuid4().hex[:10].upper()}")
        for authorization in envelope.get("authorizations", []):
            authorization["team_id"] = self.team
        return self.slack.post(json.dumps(envelope), "application/json")
