"""Block Kit building blocks, each held to Slack's limits.

A message's plain fallback text is escaped here. Mrkdwn passed in is recbot's own markup around text
the builders escaped; as a last guard, no mrkdwn leaves here able to notify a whole channel.
"""

from __future__ import annotations

import re
from typing import Any

from .mrkdwn import BUTTON_TEXT, FIELD_TEXT, HEADER_TEXT, MESSAGE_BLOCKS, SECTION_TEXT, clip, escape

Message = dict[str, Any]
# <!channel>, <!here>, <!everyone>, <!subteam^...>: recbot never broadcasts, so any of these came from text.
_BROADCAST_RE = re.compile(r"<!")


def mrkdwn(text: str, limit: int = SECTION_TEXT) -> dict:
    """A mrkdwn text object within ``limit``, with any broadcast made inert."""
    return {"type": "mrkdwn", "text": clip(_BROADCAST_RE.sub("&lt;!", text), limit)}


def message(fallback: str, blocks: list[dict], *, limit: int = MESSAGE_BLOCKS) -> Message:
    """A message of at most ``limit`` blocks; ``fallback`` (notifications, screen readers) is plain text."""
    return {"text": clip(escape(fallback), SECTION_TEXT), "blocks": cap(blocks, limit)}


def section(text: str, accessory: dict | None = None) -> dict:
    block = {"type": "section", "text": mrkdwn(text)}
    if accessory:
        block["accessory"] = accessory
    return block


def fields(*texts: str) -> dict:
    return {
        "type": "section",
        "fields": [mrkdwn(t, FIELD_TEXT) for t in texts[:10]],
    }


def context(text: str) -> dict:
    return {"type": "context", "elements": [mrkdwn(text)]}


def header(text: str) -> dict:
    return {"type": "header", "text": {"type": "plain_text", "text": clip(text, HEADER_TEXT)}}


def button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    element = {
        "type": "button",
        "text": {"type": "plain_text", "text": clip(text, BUTTON_TEXT)},
        "action_id": action_id,
        "value": value,
    }
    if style:
        element["style"] = style
    return element


def actions(*elements: dict, block_id: str = "rec_actions") -> dict:
    return {"type": "actions", "block_id": block_id, "elements": list(elements)[:25]}


def cap(blocks: list[dict], limit: int = MESSAGE_BLOCKS) -> list[dict]:
    """At most ``limit`` blocks; the last one says how many were left out."""
    if len(blocks) <= limit:
        return blocks
    return blocks[: limit - 1] + [context(f"_… {len(blocks) - limit + 1} more not shown._")]


def error_message(exc: Exception) -> Message:
    """A refusal or a helpful correction; its text may quote what was typed, so it is escaped."""
    return text_message(escape(str(exc)))


def text_message(text: str) -> Message:
    """A reply of one section; ``text`` is mrkdwn whose user text the builder escaped."""
    return {"text": clip(_BROADCAST_RE.sub("&lt;!", text), SECTION_TEXT), "blocks": [section(text)]}
