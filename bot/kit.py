"""Block Kit building blocks, each held to Slack's limits and escaping what it is given.

Every builder that puts text into mrkdwn escapes it unless it is :class:`~bot.mrkdwn.Mrkdwn` (recbot's own
markup around text already escaped), so the escape is never left to callers. Plain-text fields (headers,
button labels) are shown literally by Slack and are not escaped. As a last guard, no mrkdwn leaves here
able to notify a whole channel.
"""

from __future__ import annotations

import re
from typing import Any

from .mrkdwn import BUTTON_TEXT, FIELD_TEXT, HEADER_TEXT, MESSAGE_BLOCKS, SECTION_TEXT, Mrkdwn, clip, escape

Message = dict[str, Any]
Text = str | Mrkdwn
# <!channel>, <!here>, <!everyone>, <!subteam^...>: recbot never broadcasts, so any of these came from text.
_BROADCAST_RE = re.compile(r"<!")


def _safe(text: Text, limit: int) -> str:
    """``text`` escaped unless it is Mrkdwn, any broadcast made inert, within ``limit``."""
    safe = _BROADCAST_RE.sub("&lt;!", escape(text))
    return safe if len(safe) <= limit else str(clip(Mrkdwn(safe), limit))


def mrkdwn(text: Text, limit: int = SECTION_TEXT) -> dict:
    """A mrkdwn text object within ``limit``: plain text is escaped, Mrkdwn is taken as it is."""
    return {"type": "mrkdwn", "text": _safe(text, limit)}


def message(fallback: Text, blocks: list[dict], *, limit: int = MESSAGE_BLOCKS) -> Message:
    """A message of at most ``limit`` blocks; ``fallback`` (notifications, screen readers) is escaped too."""
    return {"text": _safe(fallback, SECTION_TEXT), "blocks": cap(blocks, limit)}


def section(text: Text, accessory: dict | None = None) -> dict:
    """A section of mrkdwn (escaped unless Mrkdwn), with an optional accessory such as a button."""
    block = {"type": "section", "text": mrkdwn(text)}
    if accessory:
        block["accessory"] = accessory
    return block


def fields(*texts: Text) -> dict:
    """A section of up to ten mrkdwn fields, each escaped unless Mrkdwn."""
    return {
        "type": "section",
        "fields": [mrkdwn(t, FIELD_TEXT) for t in texts[:10]],
    }


def context(text: Text) -> dict:
    """A context line of mrkdwn, escaped unless Mrkdwn."""
    return {"type": "context", "elements": [mrkdwn(text)]}


def header(text: str) -> dict:
    """A header: plain text, which Slack shows as typed, so it is not escaped."""
    return {"type": "header", "text": {"type": "plain_text", "text": clip(str(text), HEADER_TEXT)}}


def button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    """A button with a plain-text label (not escaped: Slack shows it as typed)."""
    element = {
        "type": "button",
        "text": {"type": "plain_text", "text": clip(str(text), BUTTON_TEXT)},
        "action_id": action_id,
        "value": value,
    }
    if style:
        element["style"] = style
    return element


def actions(*elements: dict, block_id: str = "rec_actions") -> dict:
    """A row of at most 25 interactive elements."""
    return {"type": "actions", "block_id": block_id, "elements": list(elements)[:25]}


def cap(blocks: list[dict], limit: int = MESSAGE_BLOCKS) -> list[dict]:
    """At most ``limit`` blocks; the last one says how many were left out."""
    if len(blocks) <= limit:
        return blocks
    return blocks[: limit - 1] + [context(Mrkdwn("_… {} more not shown._").format(len(blocks) - limit + 1))]


def error_message(exc: Exception) -> Message:
    """A refusal or a helpful correction; its text may quote what was typed, so it is escaped."""
    return text_message(str(exc))


def text_message(text: Text) -> Message:
    """A reply of one section of mrkdwn (escaped unless Mrkdwn); the same text is its fallback."""
    return {"text": _safe(text, SECTION_TEXT), "blocks": [section(text)]}
