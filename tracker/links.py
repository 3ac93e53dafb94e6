"""Cross-references between recommendations of one review ("Links to R14,16 and 17", "See R28")."""

from __future__ import annotations

import re

from .ids import id_number

_NUM = r"(?:R\s?)?\d{1,5}\b"
_LIST = rf"{_NUM}(?:\s*(?:,|&|and)\s*{_NUM})*"
_PATTERNS = [
    re.compile(rf"\blink(?:s|ed)?\s+(?:to|with)\s+({_LIST})", re.IGNORECASE),
    re.compile(rf"\bsee\s+(R\s?\d{{1,5}}\b(?:\s*(?:,|&|and)\s*{_NUM})*)", re.IGNORECASE),
    re.compile(r"\b(?:under|in|with)\s+Recommendation\s+(\d{1,5})\b", re.IGNORECASE),
]


def find_links(text: str, own_id: str, known_ids: set[str] | None = None) -> list[str]:
    """Ids referred to in ``text``, in order of number, without ``own_id`` or unknown ids."""
    found: set[str] = set()
    for pattern in _PATTERNS:
        for m in pattern.finditer(text or ""):
            for num in re.findall(r"\d{1,5}", m.group(1)):
                rec_id = f"R{int(num)}"
                if rec_id != own_id and (known_ids is None or rec_id in known_ids):
                    found.add(rec_id)
    return sorted(found, key=id_number)
