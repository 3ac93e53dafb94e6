"""Signed requests shaped like Slack's (from shared/slack-wire), sent over HTTP to a running app."""

from __future__ import annotations

import copy
import itertools
import json
import time
import uuid
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import requests
from slack_sdk.signature import SignatureVerifier

WIRE = Path(__file__).resolve().parents[2] / "shared" / "slack-wire"
USER = "U2147483697"
CHANNEL = "C2147483705"
DM = "D0DIRECT1"
KEY = "wiltshire-2013-safeguarding/R16"


def new_trigger_id() -> str:
    """Slack gives every interaction its own trigger id; a retried delivery repeats it."""
    return f"12321423423.{next(_TRIGGERS)}.{uuid.uuid4().hex}"


_TRIGGERS = itertools.count(1)


def wire_json(name: str) -> dict:
    return json.loads((WIRE / name).read_text())


def wire_form(name: str) -> dict[str, str]:
    return dict(parse_qsl((WIRE / name).read_text().strip(), keep_blank_values=True))


class SlackSender:
    """Posts to ``{base}/slack/events`` the way Slack does, signed with ``secret``."""

    def __init__(self, base: str, secret: str, response_url: str) -> None:
        self.url = f"{base}/slack/events"
        self.secret = secret
        self.response_url = response_url
        self.session = requests.Session()

    def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        secret: str | None = None,
        signed: bool = True,
        headers: dict | None = None,
    ) -> requests.Response:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        sent = {"content-type": content_type, **(headers or {})}
        if signed:
            sent["x-slack-request-timestamp"] = ts
            sent["x-slack-signature"] = SignatureVerifier(secret or self.secret).generate_signature(
                timestamp=ts, body=body
            )
        return self.session.post(self.url, data=body.encode("utf-8"), headers=sent, timeout=10)

    def command_body(self, text: str, user: str = USER, channel: str = CHANNEL) -> str:
        form = wire_form("slash-command.txt")
        form.update(
            text=text, user_id=user, channel_id=channel, response_url=self.response_url, trigger_id=new_trigger_id()
        )
        return urlencode(form)

    def command(self, text: str, user: str = USER, channel: str = CHANNEL, **kw) -> requests.Response:
        """``/rec <text>`` typed by ``user`` in ``channel``."""
        return self.post(self.command_body(text, user, channel), "application/x-www-form-urlencoded", **kw)

    def action(self, action_id: str, value: str, user: str = USER, channel: str = CHANNEL, **kw) -> requests.Response:
        """A button pressed on one of the bot's messages."""
        payload = copy.deepcopy(wire_json("block-actions.json"))
        payload["user"]["id"] = user
        payload["channel"]["id"] = channel
        payload["container"]["channel_id"] = channel
        payload["response_url"] = self.response_url
        payload["actions"][0].update(action_id=action_id, value=value)
        payload["trigger_id"] = new_trigger_id()
        body = urlencode({"payload": json.dumps(payload)})
        return self.post(body, "application/x-www-form-urlencoded", **kw)

    def view_submission(self, values: dict, private_metadata: str, user: str = USER, **kw) -> requests.Response:
        """The Update form submitted with ``values`` (block_id -> action_id -> value dict)."""
        payload = copy.deepcopy(wire_json("view-submission.json"))
        payload["user"]["id"] = user
        payload["view"]["private_metadata"] = private_metadata
        payload["view"]["state"]["values"] = values
        payload["trigger_id"] = new_trigger_id()
        return self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded", **kw)

    def event(self, event: dict, event_id: str | None = None, **kw) -> requests.Response:
        """An Events API callback wrapping ``event``; each has its own id unless one is given (a retry)."""
        envelope = copy.deepcopy(wire_json("app-home-opened.json"))
        envelope["event"] = event
        envelope["event_id"] = event_id or f"Ev{uuid.uuid4().hex[:10].upper()}"
        return self.post(json.dumps(envelope), "application/json", **kw)

    def command_json(self, response: requests.Response) -> dict:
        assert response.status_code == 200, response.text
        return response.json()


def all_text(message: dict) -> str:
    """Every piece of text in a message's blocks, joined, for assertions."""
    out = [message.get("text", "")]

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    out.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(message.get("blocks", []))
    return "\n".join(out)


# What the tests send and read back, shared across the Slack tests -------------------------------


def shared(slack, file_id: str, channel: str = DM, user: str = USER, **kw):
    """Slack's file_shared event for ``file_id``, sent signed; the app must take it."""
    event = {
        "type": "file_shared",
        "file_id": file_id,
        "user_id": user,
        "channel_id": channel,
        "file": {"id": file_id},
        "event_ts": "1700000000.000100",
    }
    response = slack.event(event, **kw)
    assert response.status_code == 200, response.text
    return response


def preview_in(fake_slack, method: str = "chat.postMessage") -> dict:
    """The arguments of the latest ``method`` call, once there is one."""
    return fake_slack.wait_for(method)[-1].args


def button(message: dict, action_id: str) -> dict | None:
    """The button ``action_id`` in a message's actions blocks, or None."""
    for block in message.get("blocks", []):
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("action_id") == action_id:
                return element
    return None


def form(status="completed", due=None, note="MASH live since April"):
    """The Update form's state values as a view_submission carries them."""
    values = {
        "status": {
            "status_select": {"type": "static_select", "selected_option": {"value": status} if status else None}
        },
        "due": {"due_date": {"type": "datepicker", "selected_date": due}},
        "note": {"note_input": {"type": "plain_text_input", "value": note}},
    }
    return values


def meta(key=KEY, channel=CHANNEL):
    """The Update form's private_metadata: which recommendation, from which channel."""
    return json.dumps({"rec": key, "channel": channel})
