"""The executive's decision on a recommendation, apart from its progress: the vocabulary and reading it.

A paper says "Agreed", "Yes", "In part", "Accepted in principle", "Not supported", "Deferred"; recbot
keeps that wording as written (``decision_text``) and a normalised ``decision`` beside it. A
response that is only narrative states no decision: ``None``, shown as "No response recorded".
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from .errors import UserError

DECISIONS: dict[str, str] = {
    "accepted": "Accepted",
    "partially_accepted": "Partially accepted",
    "not_accepted": "Not accepted",
    "noted": "Noted",
    "deferred": "Deferred",
}
NO_DECISION = "No response recorded"

# Checked in this order; the earliest match in the text wins, a longer one on a tie, so that
# "not agreed" beats "agreed" and "agreed in part" beats "agreed".
_PHRASES: list[tuple[str, str]] = [
    (
        r"\b(?:not|n[o']t be|never been) (?:been )?(?:accepted|agreed|supported|endorsed|approved)\b"
        r"|\b(?:does|do|did|will|can) not (?:accept|agree|support|endorse)\b|\brejected\b|\breject\b|\bdeclined\b"
        r"|\bdisagree[sd]?\b|^\W*no\b(?!\s+(?:response|comment|decision))",
        "not_accepted",
    ),
    (
        r"\b(?:(?:accepted|agreed|supported|endorsed|approved)\s+)?(?:in part|in principle|in so far as|partially"
        r"|partly|with (?:amendments?|modifications?|reservations?))\b"
        r"|\bpart(?:ial(?:ly)?|ly) (?:accepted|agreed|supported)\b",
        "partially_accepted",
    ),
    (r"\bdeferred\b|\bdefer\b|\bpostponed\b|\bunder consideration\b|\bbeing considered\b|\bpending\b", "deferred"),
    (r"\bnoted\b", "noted"),
    (
        r"\baccept(?:ed|s)?\b|\bagree[sd]?\b|\bsupport(?:ed|s)?\b|\bendorse[sd]?\b|\bapproved?\b|^\s*yes\b",
        "accepted",
    ),
]
_RE = [(re.compile(p, re.IGNORECASE), d) for p, d in _PHRASES]

# In a longer narrative only an opening word ("Accepted. Clarification of ...") or an explicit
# sentence about the recommendation itself states a decision: "it was agreed that the number of
# actions did not need to be reduced" is narrative, not an acceptance.
_EXPLICIT_RE = re.compile(
    r"\b(?:(?:does|do|did|will|can|could) not |cannot )?"
    r"(?:agrees?|accepts?|supports?|endorses?|rejects?|declines?|(?:is|are|was|were|be|been) \w+)"
    r"\s+(?:with\s+)?(?:all\s+|each\s+of\s+)?(?:the|this|these)\s+recommendations?\b"
    r"|\b(?:the|this|these)\s+recommendations?\s+(?:is|are|was|were|has been|have been)\s+(?:not\s+)?\w+",
    re.IGNORECASE,
)
_SHORT_WORDS = 6

_TYPED: dict[str, str] = {
    "accepted": "accepted",
    "accept": "accepted",
    "agreed": "accepted",
    "yes": "accepted",
    "supported": "accepted",
    "partially accepted": "partially_accepted",
    "partly accepted": "partially_accepted",
    "partial": "partially_accepted",
    "in part": "partially_accepted",
    "not accepted": "not_accepted",
    "rejected": "not_accepted",
    "declined": "not_accepted",
    "no": "not_accepted",
    "not agreed": "not_accepted",
    "noted": "noted",
    "deferred": "deferred",
}


def label(decision: str | None) -> str:
    """Human wording of a normalised decision."""
    return DECISIONS.get(decision or "", NO_DECISION)


def phrase(decision: str | None, wording) -> str:
    """ "Partially accepted — “In part”": the normalised decision and the paper's wording, when it adds something."""
    text = " ".join(str(wording or "").split())
    name = label(decision)
    return f"{name} — “{text}”" if text and text.lower().rstrip(".") != name.lower() else name


def _match(text: str, opening_only: bool = False) -> tuple[str, str] | None:
    """The decision and the words that state it, earliest (then longest) match first."""
    best: tuple[int, int, str, str] | None = None
    lead = len(text) - len(text.lstrip(" \t\n\"'“‘*-•·"))
    for regex, decision in _RE:
        m = regex.search(text)
        if m and opening_only and m.start() > lead:
            continue
        if m and (best is None or (m.start(), -len(m.group())) < best[:2]):
            best = (m.start(), -len(m.group()), decision, m.group().strip())
    return (best[2], best[3]) if best else None


def read(text: str) -> tuple[str | None, str]:
    """The decision a response states and its wording as written ("Accepted", "In part"), or (None, "").

    A short cell is read whole; a longer narrative only by its opening words or an explicit
    sentence about the recommendation, so that a word used in passing is not taken for a decision.
    """
    text = re.sub(r"\s+", " ", text or "").strip()
    if not text:
        return None, ""
    if len(text.split()) <= _SHORT_WORDS:
        found = _match(text)
        return (found[0], re.split(r"(?<=[a-z])[.;]\s", text)[0].rstrip(".;, ")) if found else (None, "")
    found = _match(text, opening_only=True)
    if found:
        return found
    explicit = _EXPLICIT_RE.search(text)
    found = _match(explicit.group(0)) if explicit else None
    return (found[0], explicit.group(0)) if found and explicit else (None, "")


def from_response(text: str) -> str | None:
    """The decision a response states ("Agreed", "In part", "Accepted. The ...", "No"), or None."""
    return read(text)[0]


def parse(text: str) -> str | None:
    """Read a decision typed in chat or a spreadsheet ("accepted", "in part", "No"); "" is None.

    :raises UserError: naming the decisions that are understood.
    """
    words = re.sub(r"[\s_\-]+", " ", (text or "").strip().lower())
    if not words or words in ("none", "no response", "no response recorded", "not stated"):
        return None
    if words.replace(" ", "_") in DECISIONS:
        return words.replace(" ", "_")
    if words in _TYPED:
        return _TYPED[words]
    match = process.extractOne(words, _TYPED.keys(), scorer=fuzz.ratio, score_cutoff=85)
    if match:
        return _TYPED[match[0]]
    raise UserError(f"I don't know the decision “{text}”. Use one of: {', '.join(DECISIONS)} (or leave it empty).")
