"""A paper's review details read from its own words: council, committee, date and title.

Labels councils put on a form ("Committee:", "Meeting Date:", "Date of Publication:", "Topic:",
"Report Title:") are read first; then a council named in the text or by an email domain,
"Presented ... on 23rd June 2009", the first full date, and the first heading.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from ..document import Document, Heading, Paragraph
from ..models import Review
from .paper_text import council_from_email, find_date, make_review

_COUNCIL = re.compile(
    r"\b((?:[A-Z][\w'’-]+\s+){1,4}(?i:(?:borough |city |county |district |metropolitan borough |town |combined )?"
    r"(?:council|authority)))\b|\b((?i:states of jersey|states of guernsey|house of commons|house of lords"
    r"|greater london authority|scottish parliament|senedd|welsh government|northern ireland assembly))\b"
)
# Words that start a sentence or name a kind of council, not a council ("That the Council", "Parish Council").
_NOT_A_COUNCIL = {
    "the",
    "that",
    "this",
    "a",
    "our",
    "your",
    "contact",
    "full",
    "and",
    "of",
    "each",
    "every",
    "when",
    "if",
    "city",
    "county",
    "borough",
    "district",
    "town",
    "parish",
    "combined",
    "local",
    "metropolitan",
    "unitary",
}
_REPORT_WORDS = re.compile(r"\b(?:report|review|response|scrutiny|action plan|recommendations|scraip)\b", re.I)
_COMMITTEE = re.compile(
    r"\b((?:[A-Z][\w'’&,-]*\s+(?:and\s+|&\s+)?){0,8}(?:Committee|Panel|Scrutiny Board|Select Committee|Task Group))\b"
)
_LABELS = {
    "committee": r"committee|panel|decision maker",
    "date": r"meeting date|date of meeting|date of publication|publication date|date of decision|date",
    "title": r"topic|report title|title|subject|review",
}
_PRESENTED = re.compile(r"\bpresented\b.{0,60}?\bon\b\s+(.{6,30}?\d{4})", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


def review_of(doc: Document, source: str) -> Review:
    """The Review a general paper introduces, with its readable slug."""
    lines = _lines(doc)
    text = "\n".join(lines)
    labelled = {key: _labelled(lines, pattern) for key, pattern in _LABELS.items()}
    council = _council(text)
    committee = labelled["committee"] or _committee(lines)
    when = _date(labelled["date"]) or _presented(text) or find_date(text) or _date(text)
    title = labelled["title"] or _title(doc, lines) or re.sub(r"[-_]+", " ", source.rsplit(".", 1)[0])
    if council and title.lower().startswith(council.lower()) and len(title) > len(council) + 3:
        title = title[len(council) :].lstrip(" :-–—,")  # "Ashdown Borough Council: response to ..."
    return make_review(council, committee, when, title[:200], source, "general", kind="scrutiny")


def _lines(doc: Document) -> list[str]:
    out: list[str] = []
    for block in doc.blocks[:60]:
        if isinstance(block, (Heading, Paragraph)):
            out.append(block.text)
    return out


def _labelled(lines: list[str], pattern: str) -> str:
    regex = re.compile(rf"^\s*(?:{pattern})\s*[:：]\s*(.+)$", re.IGNORECASE)
    for line in lines:
        if m := regex.match(line):
            return m.group(1).strip()
    return ""


def _council(text: str) -> str:
    for m in _COUNCIL.finditer(text):
        words = re.sub(r"\s+", " ", m.group(0)).strip().split()
        while len(words) > 1 and words[0].lower() in _NOT_A_COUNCIL:
            words = words[1:]
        if all(w.lower() in _NOT_A_COUNCIL | {"council", "authority"} for w in words):
            continue
        return " ".join(w.lower() if w.lower() == "of" else w.title() if w.isupper() else w for w in words)
    return council_from_email(text)


def _committee(lines: list[str]) -> str:
    for line in lines:
        if m := _COMMITTEE.search(line):
            name = m.group(1).strip()
            if len(name.split()) >= 2:
                return name
    return ""


def _date(text: str) -> date | None:
    if not text:
        return None
    found = find_date(text)
    if found:
        return found
    if m := _NUMERIC_DATE.search(text):
        try:
            return datetime(int(m.group(3)), int(m.group(2)), int(m.group(1))).date()
        except ValueError:
            return None
    return None


def _presented(text: str) -> date | None:
    m = _PRESENTED.search(text)
    return find_date(m.group(1)) if m else None


def _title(doc: Document, lines: list[str]) -> str:
    heading = next((b.text for b in doc.blocks if isinstance(b, Heading)), "")
    if heading:
        return heading
    candidates = [line for line in lines[:20] if 3 <= len(line.split()) <= 25]
    title = next((line for line in candidates if _REPORT_WORDS.search(line)), "")
    return title.title() if title.isupper() else title
