"""Recommendation ids and review slugs: normalising what people type, ordering, nearest matches."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

# "R16", "r16", "R 16", "R16.", "16", "Rec 16", "No.16", "Recommendation 16", "Recommendation No.16",
# and a paper's own sub-numbering: "2.1" -> "R2.1", "3a" -> "R3a".
_ID_RE = re.compile(
    r"^(?:r|rec|recommendation)?\s*(?:no\.?\s*)?(\d{1,6})((?:\.\d{1,3})*)([a-z])?[.:)]?$", re.IGNORECASE
)
# A lettered recommendation: "a", "(a)", "a)", "Ra" -> "Ra" (a lone "r" is not an id).
_LETTER_RE = re.compile(r"^(?:\(([a-z])\)|([a-qs-z])\)?|r([a-z]))$", re.IGNORECASE)
# A paper's prefixed scheme: "SC18", "SR (25/26) 01", "CEH.140715.20b": letters upper-cased, kept whole.
_CODE_RE = re.compile(r"^([a-z]{2,6})(\.?\(\d{2}/\d{2}\)|\.?)(\d{1,8}(?:\.\d{1,8})*[a-z]?)$", re.IGNORECASE)
_SLUG_RE = re.compile(r"[^a-z0-9]+")


def normalise_id(text: str) -> str | None:
    """Return the canonical id ("R16", "R2.1", "Ra", "SC18") for what was typed, or None if it is not an id."""
    typed = (text or "").strip()
    if m := _ID_RE.match(typed):
        parts = [str(int(p)) for p in m.group(2).split(".")[1:]]
        return "R" + ".".join([str(int(m.group(1))), *parts]) + (m.group(3) or "").lower()
    if m := _LETTER_RE.match(typed):
        return "R" + next(g for g in m.groups() if g).lower()
    compact = re.sub(r"\s+", "", typed)
    if (m := _CODE_RE.match(compact)) and m.group(1).lower() not in ("r", "rec", "no"):
        return m.group(1).upper() + m.group(2) + m.group(3)
    return None


def from_ref(ref: str) -> str | None:
    """The recbot id of a paper's own reference ("1" -> "R1", "a" -> "Ra", "SC18" kept), or None."""
    return normalise_id(re.sub(r"^\(|[.:)]$", "", (ref or "").strip()))


def id_number(rec_id: str) -> int:
    """The first number in an id, for ordering ("R2.1" is 2)."""
    m = re.search(r"\d+", rec_id)
    return int(m.group()) if m else 0


def slugify(*parts: str) -> str:
    """Lower-case, hyphen-separated slug of the given words."""
    return _SLUG_RE.sub("-", " ".join(p for p in parts if p).lower()).strip("-")


def nearest_ids(wanted: str, ids: list[str], limit: int = 3) -> list[str]:
    """The ids closest to ``wanted``: by number when it has one, else by spelling."""
    if not ids:
        return []
    number = normalise_id(wanted)
    if number:
        target = id_number(number)
        return sorted(ids, key=lambda i: (abs(id_number(i) - target), id_number(i)))[:limit]
    return [m[0] for m in process.extract(wanted, ids, scorer=fuzz.WRatio, limit=limit)]


def nearest_words(wanted: str, choices: list[str], limit: int = 3, cutoff: int = 60) -> list[str]:
    """Choices that look like ``wanted`` (typos in slugs or verbs)."""
    found = process.extract(wanted, choices, scorer=fuzz.WRatio, limit=limit, score_cutoff=cutoff)
    return [m[0] for m in found]
