"""What a table cell holds, judged by its words: a reference, a date, a name, a decision or prose.

Used where a converter has lost a table's grid (one cell per paragraph, empty cells dropped) and
cells must be put back in their columns by what they say.
"""

from __future__ import annotations

import re

from .. import decisions

_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE_WORD = re.compile(
    rf"\b(?:{_MONTH})\b|\b\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
    r"|\b\d+\s*(?:days?|weeks?|months?|years?)\b|\bq[1-4]\b|\b(?:spring|summer|autumn|winter)\b|\b(?:19|20)\d\d\b",
    re.IGNORECASE,
)
NO_DATE = re.compile(r"[-–—]+|on-?going|ongoing|continuous|immediate(?:ly)?|tbc|tba|n/?a|none|complete[d]?", re.I)
_REF = re.compile(
    r"(?:r|rec)?\s?\d{1,4}(?:\.\d{1,3})*[a-z]?|[a-z]|[ivx]{1,4}|[A-Z]{1,6}[\s.]?(?:\(\d{2}/\d{2}\)\s?)?\d[\w.]*",
    re.IGNORECASE,
)
_SMALL = {"of", "and", "for", "the", "&", "/", "-", "–", "to", "with", "in", "on", "at"}
_ROLE_START = re.compile(
    r"^(?:cllr|councillor|cabinet member|portfolio holder|leader|deputy leader|director|head of|chief|the executive"
    r"|full cabinet|cabinet|mayor|assistant director|service manager|manager)\b",
    re.IGNORECASE,
)
LONG_WORDS = 5


def words(text: str) -> list[str]:
    """The words of a cell, whatever its spacing."""
    return re.sub(r"\s+", " ", text or "").strip().split()


def is_ref(text: str) -> bool:
    """A short identifier ("1", "2.1", "a", "SC18", "CEH.140715.20b")."""
    return bool(_REF.fullmatch(text.strip().rstrip(".:)").lstrip("(")))


def is_date(text: str) -> bool:
    """A timetable cell: a date, a period or "On-going" / "-", and little else."""
    text = text.strip()
    if NO_DATE.fullmatch(text):
        return True
    return len(words(text)) <= 6 and bool(_DATE_WORD.search(text)) and not text.endswith((".", ";"))


def is_name(text: str) -> bool:
    """Who: a person, post or body ("John Foster", "Head of Select Committee Support", "Cllr Paine")."""
    ws = words(text)
    if not ws or len(ws) > 9 or is_date(text) or text.strip().endswith((".", ";", ":")):
        return False
    return all(w[:1].isupper() or w.lower() in _SMALL or not w[:1].isalpha() for w in ws)


def is_role(text: str) -> bool:
    """A name that starts with a post or title ("Cllr Paine", "Cabinet Member for ..."): surely an owner."""
    return is_name(text) and bool(_ROLE_START.match(text.strip()))


def is_prose(text: str) -> bool:
    """A sentence or more: a recommendation, a response or progress."""
    return len(words(text)) >= LONG_WORDS and not is_name(text) and not is_date(text)


def is_decision_word(text: str) -> bool:
    """A bare stated decision ("Yes", "Accepted.", "In part")."""
    return len(words(text)) <= 4 and decisions.from_response(text) is not None


FITS = {
    "ref": is_ref,
    "recommendation": is_prose,
    "owner": is_name,
    "decision": lambda t: is_prose(t) or is_decision_word(t),
    "progress": is_prose,
    "due": is_date,
    "other": lambda t: len(words(t)) <= 3 and not is_date(t),
}
