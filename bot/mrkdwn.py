"""Escaping and clipping text for Slack mrkdwn and Block Kit limits."""

from __future__ import annotations

import re

# Block Kit limits (https://api.slack.com/reference/block-kit/blocks).
SECTION_TEXT = 3000
FIELD_TEXT = 2000
HEADER_TEXT = 150
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100


_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,20}$")


def escape(text) -> str:
    """Make user or paper text inert in mrkdwn: ``<!channel>`` shows as typed and pings nobody.

    Takes any value (a number or list read from a file shows as text, never breaks a message).
    """
    text = "" if text is None else text if isinstance(text, str) else str(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mention(user) -> str:
    """``<@U123>`` for a well-formed Slack user id; anything else is shown as inert text."""
    if isinstance(user, str) and _USER_ID.match(user):
        return f"<@{user}>"
    return escape(user)


_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,20}$")


def channel(channel_id) -> str:
    """``<#C123>`` for a well-formed channel id; anything else is shown as inert text."""
    if isinstance(channel_id, str) and _CHANNEL_ID.match(channel_id):
        return f"<#{channel_id}>"
    return escape(channel_id)


def code(text) -> str:
    """Inline code (ids, slugs) that cannot be closed early or ping anyone."""
    return "`" + (escape(text).replace("`", "'") or " ") + "`"


def clip(text: str, limit: int, more: str = "…") -> str:
    """Shorten to at most ``limit`` characters, at a word boundary where one is near."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(more)]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + more


def chunks(text: str, limit: int = SECTION_TEXT) -> list[str]:
    """Split long text into pieces of at most ``limit`` characters, at line breaks where possible."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            head = clip(line, limit, more="")
            if current:
                pieces.append(current)
                current = ""
            pieces.append(head)
            line = line[len(head) :].lstrip()
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current:
        pieces.append(current)
    return pieces


_SAFE_URL_RE = re.compile(r"https://[^\s<>|]+")


def link(url: str, text: str) -> str:
    """``<url|text>`` for an https address that cannot break out of the link; else the text alone."""
    if _SAFE_URL_RE.fullmatch(url or ""):
        return f"<{url}|{escape(text)}>"
    return escape(text)
