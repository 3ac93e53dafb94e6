"""Recommendation ids and review slugs: normalising what people type, ordering, nearest matches."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

# "R16", "r16", "R 16", "R16.", "16", "Rec 16", "No.16", "Recommendation 16", "Recommendation No.16"
_ID_RE = re.compile(r"^(?:r|rec|recommendation)?\s*(?:no\.?\s*)?(\d{1,6})[.:)]?$", re.IGNORECASE)
_SLUG_RE = re.compile(r"[^a-z0-9]+")


def normalise_id(text: str) -> str | None:
    """Return the canonical id ("R16") for what was typed, or None if it is not an id."""
    m = _ID_RE.match((text or "").strip())
    return f"R{int(m.group(1))}" if m else None


def id_number(rec_id: str) -> int:
    digits = "".join(ch for ch in rec_id if ch.isdigit())
    return int(digits) if digits else 0


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
