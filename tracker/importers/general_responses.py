"""Where papers put the response to a numbered recommendation, read beside the item.

A trailing "(Accepted)"; labelled lines after the item ("Response:", "Executive response:", a
"Government response" heading, and with them "Lead officer:", "Target date:", "Progress:", read
with the table header vocabulary); a blanket "agrees with all the recommendations".
"""

from __future__ import annotations

import re

from .. import decisions
from . import columns
from .found import Found

RESPONSE_LABEL = re.compile(
    r"^(?:(?:executive|cabinet|council|government|ministerial|officer|management|portfolio holder'?s?|our|the)\s+)?"
    r"(?:response|decision|reply|comments?)\s*(?:to recommendation\s*\S+\s*)?(?:[:\-–—]\s*(?P<rest>.*)|\s*)$",
    re.IGNORECASE,
)
_FIELD = re.compile(r"^(?P<label>[A-Za-z][\w /'’&(),.-]{0,45}?)\s*(?::|\s[–—-])\s*(?P<rest>.*)$")
_TRAILING = re.compile(
    r"\s*[(\[]\s*(?P<d>(?:(?:partially|partly|not)\s+)?(?:accepted|agreed|rejected|supported|noted|deferred)"
    r"(?:\s+in\s+(?:part|principle))?|in part|yes|no)\s*[)\]]\s*\.?\s*$",
    re.IGNORECASE,
)
_BLANKET = re.compile(
    r"\b(?P<w>agrees?|accepts?|supports?|endorses?|rejects?|declines?)\s+(?:with\s+)?all\s+(?:of\s+)?(?:the\s+)?"
    r"(?:[\w'’]+\s+){0,2}recommendations\b",
    re.IGNORECASE,
)


def fields(after: list[str], found: Found) -> bool:
    """ "Response: ...", "Lead officer: ...", "Target date: ...", "Progress: ..." lines after an item."""
    current = ""
    for text in after:
        role, label, value = _field(text)
        if role:
            current = role
            if role == "owner" and value:
                found.owners.append((value, columns.clean_header(label)))
            elif role == "due" and not found.due:
                found.due, found.due_label = value, columns.clean_header(label)
            elif role == "decision":
                found.response = f"{found.response}\n{value}".strip()
            elif role == "progress":
                found.progress = f"{found.progress}\n{value}".strip()
        elif current == "decision":
            found.response = f"{found.response}\n{text}".strip()
        elif current == "progress":
            found.progress = f"{found.progress}\n{text}".strip()
    return bool(current)


def _field(text: str) -> tuple[str, str, str]:
    if m := RESPONSE_LABEL.match(text):
        return "decision", "Response", (m["rest"] or "").strip()
    if (m := _FIELD.match(text)) and (role := columns.role_of(m["label"])) in ("owner", "due", "decision", "progress"):
        return role, m["label"], m["rest"].strip()
    return "", "", ""


def trailing(found: Found) -> None:
    """A decision in brackets closing the item ("... (Accepted)") and a "(Paragraph 9)" reference, taken off."""
    if m := _TRAILING.search(found.text):
        found.decision_text = m["d"]
        found.text = found.text[: m.start()].rstrip()
    found.text = re.sub(r"\s*\(Paragraphs? [\d, and–-]+\)\s*$", "", found.text)


def blanket(paragraphs, found: list[Found]) -> None:
    """ "... agrees with all the recommendations": the decision of every one without its own."""
    for _, block in paragraphs:
        if m := _BLANKET.search(block.text):
            for f in found:
                if not f.decision_text and not decisions.from_response(f.response):
                    f.decision_text = m.group(0)
            return
