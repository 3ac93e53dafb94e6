"""Block Kit building blocks, each clipped to Slack's limits. Callers escape user text first."""

from __future__ import annotations

from typing import Any

from .mrkdwn import BUTTON_TEXT, FIELD_TEXT, HEADER_TEXT, MESSAGE_BLOCKS, SECTION_TEXT, clip, escape

Message = dict[str, Any]


def section(text: str, accessory: dict | None = None) -> dict:
    block = {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, SECTION_TEXT)}}
    if accessory:
        block["accessory"] = accessory
    return block


def fields(*texts: str) -> dict:
    return {
        "type": "section",
        "fields": [{"type": "mrkdwn", "text": clip(t, FIELD_TEXT)} for t in texts[:10]],
    }


def context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(text, SECTION_TEXT)}]}


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
    """A plain reply; ``text`` is already mrkdwn (escape user text before calling)."""
    return {"text": clip(text, SECTION_TEXT), "blocks": [section(text)]}
