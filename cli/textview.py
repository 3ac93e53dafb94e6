"""Render a Block Kit message as plain terminal text, for ``recbot ask``."""

from __future__ import annotations

import html
import re
import textwrap
from typing import Any

_WIDTH = 100
_EMOJI = {
    ":red_circle:": "🔴",
    ":large_orange_circle:": "🟠",
    ":large_green_circle:": "🟢",
    ":large_blue_circle:": "🔵",
    ":white_circle:": "⚪",
    ":alarm_clock:": "⏰",
}


def _plain(mrkdwn: str) -> str:
    text = re.sub(r"<@(\w+)>", r"@\1", mrkdwn)
    text = re.sub(r"<#(\w+)>", r"#\1", text)
    text = re.sub(r"<(https?://[^|>]+)\|([^>]+)>", r"\2 (\1)", text)
    text = re.sub(r"(?<!\w)\*([^*\n]+)\*(?!\w)", r"\1", text)
    text = re.sub(r"(?<!\w)_([^_\n]+)_(?!\w)", r"\1", text)
    text = re.sub(r"`([^`\n]+)`", r"\1", text)
    text = re.sub(r":[a-z_]+:", lambda m: _EMOJI.get(m.group(0), m.group(0)), text)
    return html.unescape(text)


def _wrap(text: str, indent: str = "") -> str:
    lines = []
    for line in text.split("\n"):
        lines.append(textwrap.fill(line, _WIDTH, initial_indent=indent, subsequent_indent=indent) if line else "")
    return "\n".join(lines)


def render(message: dict[str, Any]) -> str:
    """Readable text for a message's blocks (or its ``text`` when it has none)."""
    blocks = message.get("blocks") or []
    if not blocks:
        return _wrap(_plain(message.get("text", "")))
    out: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            title = block["text"]["text"]
            out.append(f"{title}\n{'=' * min(len(title), _WIDTH)}")
        elif kind == "section":
            parts = []
            if block.get("text"):
                parts.append(_wrap(_plain(block["text"]["text"])))
            for field in block.get("fields", []):
                parts.append(_wrap(_plain(field["text"]).replace("\n", ": ", 1)))
            if block.get("accessory", {}).get("type") == "button":
                parts[-1] += f"  [{block['accessory']['text']['text']}]"
            out.append("\n".join(parts))
        elif kind == "context":
            out.append("\n".join(_wrap(_plain(e.get("text", "")), "  ") for e in block["elements"]))
        elif kind == "actions":
            out.append("  ".join(f"[{e['text']['text']}]" for e in block["elements"] if "text" in e))
        elif kind == "divider":
            out.append("-" * 40)
    return "\n\n".join(out)
