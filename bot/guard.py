"""Refuse what is not a well-formed, signed Slack request before Bolt parses it.

Bolt parses a body before its handlers run, and a malformed ``payload`` (not JSON, a list, an
action without an id) would surface as a 500. Here the signature is checked first (Slack's own
``SignatureVerifier``), then the shape of each kind of request, so bad input gets a 4xx with a
short reason and changes nothing.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, parse_qsl

from slack_bolt.context.context import BoltContext
from slack_bolt.request import BoltRequest
from slack_bolt.request.internals import build_context
from slack_sdk.signature import SignatureVerifier

_TIMESTAMP_RE = re.compile(r"^[0-9]{1,12}$")
_SIGNATURE_RE = re.compile(r"^v0=[0-9a-f]{64}$")
MAX_BODY = 1024 * 1024  # Slack's largest payloads (a modal's state) are far smaller
# What recbot listens for; anything else is refused before Bolt parses it.
PAYLOAD_TYPES = ("block_actions", "view_submission", "message_action", "block_suggestion")
JSON_TYPES = ("event_callback", "url_verification", "app_rate_limited")


class Refused(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


def _need(condition: bool, reason: str) -> None:
    if not condition:
        raise Refused(400, reason)


def _is_dict(value) -> bool:
    return isinstance(value, dict)


def _signed(secret: str, body: bytes, headers) -> bool:
    """Slack's own check, after the header shapes it assumes (digits; ``v0=`` and hex) are confirmed."""
    lowered = {k.lower(): v for k, v in headers.items()}
    timestamp = lowered.get("x-slack-request-timestamp") or ""
    signature = lowered.get("x-slack-signature") or ""
    if not _TIMESTAMP_RE.match(timestamp) or not _SIGNATURE_RE.match(signature):
        return False
    return SignatureVerifier(secret).is_valid_request(body, lowered)


def check(secret: str, body: bytes, headers, *, team_id: str = "", app_id: str = "") -> dict:
    """Raise Refused unless ``body`` is a signed, well-formed Slack request; else describe it.

    With ``team_id`` / ``app_id`` set, a request from another workspace or app is refused (403).
    The description (kind, verb, user, channel, request id) is what the request log records:
    never the text typed, nor any token.
    """
    about = _check(secret, body, headers)
    where = about.pop("where", {})
    about["team"] = where.get("team") or ""  # with many workspaces, the log says whose request it was
    if about["kind"] not in ("url_verification", "ssl_check"):
        if team_id and where.get("team") != team_id:
            raise Refused(403, "request from another Slack workspace")
        if app_id and where.get("app") != app_id:
            raise Refused(403, "request for another Slack app")
    return about


def _check(secret: str, body: bytes, headers) -> dict:
    if len(body) > MAX_BODY:
        raise Refused(413, "request body too large")
    if not _signed(secret, body, headers):
        raise Refused(401, "invalid or stale signature")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "body is not UTF-8") from None
    content_type = headers.get("Content-Type", "") or headers.get("content-type", "")
    if "application/json" in content_type:
        try:
            data = json.loads(text)
        except ValueError:
            raise Refused(400, "body is not JSON") from None
        _check_json(data)
        event = data.get("event") or {}
        return {
            "kind": data["type"],
            "verb": event.get("type", ""),
            "user": event.get("user") or event.get("user_id", ""),
            "channel": event.get("channel") or event.get("channel_id", ""),
            "id": data.get("event_id", ""),
            "where": {"team": data.get("team_id"), "app": data.get("api_app_id")},
        }
    form = parse_qs(text, keep_blank_values=True)
    if "payload" in form:
        try:
            payload = json.loads(form["payload"][0])
        except ValueError:
            raise Refused(400, "payload is not JSON") from None
        _check_payload(payload)
        verb = (payload.get("actions") or [{}])[0].get("action_id") or (payload.get("view") or {}).get(
            "callback_id", ""
        )
        channel = (payload.get("channel") or {}).get("id", "") if _is_dict(payload.get("channel")) else ""
        return {
            "kind": payload["type"],
            "verb": verb,
            "user": payload["user"]["id"],
            "channel": channel,
            "id": payload.get("trigger_id", ""),
            "where": {"team": _team_of(payload), "app": payload.get("api_app_id")},
        }
    first = lambda name: form.get(name, [""])[0]  # noqa: E731
    if first("ssl_check") == "1":
        return {"kind": "ssl_check", "verb": "", "user": "", "channel": "", "id": ""}  # Slack checking the URL
    _need(first("command").startswith("/"), "not a slash command")
    for field in ("user_id", "channel_id"):
        _need(bool(first(field)), f"slash command without {field}")
    return {
        "kind": "command",
        "verb": first("command"),
        "text": first("text"),
        "user": first("user_id"),
        "channel": first("channel_id"),
        "id": first("trigger_id"),
        "where": {"team": first("team_id"), "app": first("api_app_id")},
    }


def _team_of(payload: dict):
    team = payload.get("team")
    return team.get("id") if _is_dict(team) else None


def _check_json(data) -> None:
    _need(_is_dict(data) and isinstance(data.get("type"), str), "JSON body without a type")
    if data["type"] not in JSON_TYPES:
        raise Refused(404, f"recbot does not handle {data['type'][:40]!r} requests")
    if data["type"] == "event_callback":
        event = data.get("event")
        _need(_is_dict(event) and isinstance(event.get("type"), str), "event without a type")
        _need(isinstance(data.get("event_id", ""), str), "event_id is not a string")
        if event["type"] == "app_home_opened":
            _need(isinstance(event.get("user"), str), "app_home_opened without a user")
        if event["type"] == "file_shared":
            _need(
                all(isinstance(event.get(k), str) for k in ("file_id", "user_id", "channel_id")),
                "file_shared without a file, user or channel",
            )


def _check_payload(payload) -> None:
    _need(_is_dict(payload) and isinstance(payload.get("type"), str), "payload without a type")
    if payload["type"] not in PAYLOAD_TYPES:
        raise Refused(404, f"recbot does not handle {payload['type'][:40]!r} payloads")
    user = payload.get("user")
    _need(_is_dict(user) and isinstance(user.get("id"), str), "payload without a user")
    if payload["type"] == "block_actions":
        actions = payload.get("actions")
        _need(isinstance(actions, list) and actions and all(_is_dict(a) for a in actions), "no actions")
        _need(all(isinstance(a.get("action_id"), str) for a in actions), "action without an id")
        _need(isinstance(payload.get("trigger_id", ""), str), "trigger_id is not a string")
    elif payload["type"] == "message_action":
        _need(isinstance(payload.get("callback_id"), str), "shortcut without a callback_id")
        _need(isinstance(payload.get("trigger_id"), str), "shortcut without a trigger_id")
        _need(_is_dict(payload.get("message")) and _is_dict(payload.get("channel")), "shortcut without a message")
    elif payload["type"] == "block_suggestion":
        _need(isinstance(payload.get("action_id"), str), "options request without an action_id")
        _need(isinstance(payload.get("value", ""), str), "options request with a malformed value")
    elif payload["type"] in ("view_submission", "view_closed"):
        view = payload.get("view")
        _need(_is_dict(view) and isinstance(view.get("callback_id"), str), "view without a callback_id")
        _need(isinstance(view.get("type"), str), "view without a type")  # Bolt reads it before any listener
        _need(
            _is_dict(view.get("state", {})) and isinstance(view.get("private_metadata", ""), str),
            "view with malformed state",
        )


def bolt_request(body: bytes, query: str, headers) -> BoltRequest:
    """The request as Bolt should see it.

    Bolt takes any form body containing the word "payload" (a command's text, a channel's or a
    user's name) for an interaction and finds nothing in it; a form without a ``payload`` field
    is parsed here as the plain form it is.
    """
    raw = body.decode("utf-8")
    request = BoltRequest(body=raw, query=query, headers=headers)
    if not request.body and not raw.lstrip().startswith("{"):
        form = dict(parse_qsl(raw, keep_blank_values=True))
        if "payload" not in form:
            request.body = form
            request.context = build_context(BoltContext({}), form)
    return request
