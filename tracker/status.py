"""The normalised status vocabulary, and reading it from paper wording or chat input."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .errors import UserError

# Order is the order of a committee report: finished first, refused last.
STATUSES: dict[str, str] = {
    "completed": "Completed",
    "in_progress": "In progress",
    "planned": "Planned",
    "under_consideration": "Under consideration",
    "noted": "Noted",
    "not_accepted": "Not accepted",
}

# Phrases a committee paper uses for its position. The earliest match in the text wins,
# so "Completed and follow up taking place" is completed, and "not agreed" beats "agreed".
_PAPER_PHRASES: list[tuple[str, str]] = [
    (r"\bnot (?:been )?(?:accepted|agreed|supported)\b|\brejected\b|\bdeclined\b", "not_accepted"),
    (r"\bcompleted?\b|\bimplemented\b|\bachieved\b", "completed"),
    (r"\bagreed\b|\baction (?:is )?being taken\b|\bin progress\b|\bunderway\b", "in_progress"),
    (r"\bwill (?:continue to )?happen in the future\b|\bplanned\b", "planned"),
    (r"\bbeing considered\b|\bunder consideration\b|\bto be considered\b", "under_consideration"),
    (r"\bnoted\b", "noted"),
]
_PAPER_RE = [(re.compile(p, re.IGNORECASE), s) for p, s in _PAPER_PHRASES]

# What people type in chat, mapped to a status. Fuzzy matching absorbs typos.
_CHAT_WORDS: dict[str, str] = {
    "completed": "completed",
    "complete": "completed",
    "done": "completed",
    "finished": "completed",
    "closed": "completed",
    "in progress": "in_progress",
    "inprogress": "in_progress",
    "progress": "in_progress",
    "ongoing": "in_progress",
    "started": "in_progress",
    "underway": "in_progress",
    "agreed": "in_progress",
    "planned": "planned",
    "future": "planned",
    "scheduled": "planned",
    "under consideration": "under_consideration",
    "being considered": "under_consideration",
    "considering": "under_consideration",
    "consideration": "under_consideration",
    "noted": "noted",
    "not accepted": "not_accepted",
    "rejected": "not_accepted",
    "declined": "not_accepted",
}


def label(status: str | None) -> str:
    """Human wording of a normalised status ("" for none)."""
    return STATUSES.get(status or "", "")


def from_paper(text: str) -> str | None:
    """Normalise a paper's stated position ("Agreed and action being taken.") or return None."""
    best: tuple[int, int, str] | None = None
    for regex, status in _PAPER_RE:
        m = regex.search(text or "")
        if m and (best is None or (m.start(), -len(m.group())) < best[:2]):
            best = (m.start(), -len(m.group()), status)
    return best[2] if best else None


def _words(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", (text or "").strip().lower())


def _exact(words: str) -> str | None:
    if words.replace(" ", "_") in STATUSES:
        return words.replace(" ", "_")
    return _CHAT_WORDS.get(words)


def _fuzzy(words: str, same_length: bool = False) -> str | None:
    """The status a typo stands for; ``same_length`` keeps a phrase from absorbing the words after it."""
    keys = [k for k in _CHAT_WORDS if not same_length or len(k.split()) == len(words.split())]
    match = process.extractOne(words, keys, scorer=fuzz.ratio, score_cutoff=80) if words and keys else None
    return _CHAT_WORDS[match[0]] if match else None


def parse(text: str) -> str:
    """Read a status typed in chat ("in progress", "done", "Under-consideration", "compelted").

    :raises UserError: naming the statuses that are understood.
    """
    words = _words(text)
    found = _exact(words) or _fuzzy(words)
    if found:
        return found
    raise UserError(f"I don't know the status “{text}”. Use one of: {', '.join(STATUSES)}.")


@dataclass(frozen=True)
class Reading:
    """One way to read "STATUS note" typed in chat; ``certain`` when the status was typed exactly."""

    status: str
    note: str
    certain: bool


def readings(text: str) -> list[Reading]:
    """Every way ``text`` splits into a leading status and a note, the note keeping every word typed.

    "in progress MASH live" has one certain reading; "compelted MASH live" an uncertain one (a typo
    could have swallowed a word of the note). Fuzzy matching only compares a phrase with statuses of
    as many words, so "Under-consideration MASH business case" never loses "MASH".
    """
    tokens = (text or "").split()
    found: dict[tuple[str, str], Reading] = {}
    exact = False
    for n in (1, 2, 3):
        if len(tokens) < n:
            break
        words = _words(" ".join(tokens[:n]))
        status = _exact(words)
        if status:
            exact = True
        reading = Reading(status, " ".join(tokens[n:]), True) if status else None
        if reading is None and (status := _fuzzy(words, same_length=True)):
            reading = Reading(status, " ".join(tokens[n:]), False)
        if reading and (reading.status, reading.note) not in found:
            found[(reading.status, reading.note)] = reading
    if exact:  # a status typed exactly beats a typo read into the words around it
        return [r for r in found.values() if r.certain]
    return list(found.values())


def split_leading(text: str) -> tuple[str, str]:
    """Split chat input into (status, note) when there is exactly one certain reading.

    :raises UserError: when no status leads the text.
    :raises Ambiguous: when the split is not certain; it carries the readings to offer.
    """
    found = readings(text)
    if not found:
        raise UserError(f"Start with a status: {', '.join(STATUSES)} (or “done”, “in progress”, ...).")
    if len(found) == 1 and (found[0].certain or not found[0].note):
        return found[0].status, found[0].note
    raise Ambiguous(found)


class Ambiguous(UserError):
    """Chat input that splits into status and note in more than one way, or only through a typo."""

    def __init__(self, options: list[Reading]) -> None:
        shown = "; ".join(f"{label(r.status)} with the note “{r.note}”" for r in options)
        super().__init__(f"I'm not sure how to read that: {shown}?")
        self.options = options


# Phrases of a free-text executive response or progress update that state a position about the
# recommendation itself. Stricter than ``_PAPER_PHRASES``: a response that merely mentions
# something "implemented across the sector" or "agreed" at a board is no position at all.
_RESPONSE_PHRASES: list[tuple[str, str]] = [
    (r"\bnot viewed\b[^.]*\bto be an improvement\b|\bwill not be (?:taken forward|pursued)\b", "not_accepted"),
    (r"\b(?:this|the) (?:model|recommendation) (?:was|has been) (?:implemented|completed|met)\b", "completed"),
    (r"\b(?:is|are) being (?:addressed|progressed|implemented|taken forward)\b", "in_progress"),
    (r"\bwish(?:es)? to launch\b|\bplans? to (?:launch|introduce|pilot)\b", "planned"),
    (r"\bwill be (?:considered|referred to)\b|\b(?:is|are) exploring\b", "under_consideration"),
    (r"\bdiscussions\b[^.]*\bare ongoing\b", "under_consideration"),
]
_RESPONSE_RE = [(re.compile(p, re.IGNORECASE), s) for p, s in _RESPONSE_PHRASES]


_POSITION_WORDS = 4  # "Not accepted at present" is a position; a sentence of reasons is not


def stated_position(text: str) -> str | None:
    """The status of a response that is only a position of a few words ("Noted", "Agreed."), read like
    a position column; None for a response that says more, which only a person should interpret."""
    text = re.sub(r"\s+", " ", text or "").strip()
    return from_paper(text) if len(text.split()) <= _POSITION_WORDS else None


def from_response(text: str) -> str | None:
    """The position a free-text response states ("Noted", "... is not viewed ... to be an
    improvement"), or None when it only describes work: better no status than a guessed one.

    A response of a few words is a bare stated position and is read like a status column.
    """
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text.split()) <= _POSITION_WORDS:
        return stated_position(text)
    best: tuple[int, str] | None = None
    for regex, status in _RESPONSE_RE:
        m = regex.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), status)
    return best[1] if best else None
