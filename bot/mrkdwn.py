"""Escaping and clipping text for Slack mrkdwn and Block Kit limits."""

from __future__ import annotations

# Block Kit limits (https://api.slack.com/reference/block-kit/blocks).
SECTION_TEXT = 3000
FIELD_TEXT = 2000
HEADER_TEXT = 150
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100


def escape(text: str | None) -> str:
    """Make user or paper text inert in mrkdwn: ``<!channel>`` shows as typed and pings nobody."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
