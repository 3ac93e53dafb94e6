"""Layout: an interim report on a task group's work so far (Wiltshire 2012), which has no recommendations.

It is recognised only to say so clearly: importing it is refused with ``NoRecommendations``
instead of "layout not recognised", so that whoever uploaded it knows to wait for the final
report or the executive response.
"""

from __future__ import annotations

import re
from typing import NoReturn

from ..errors import ImportFailed, NoRecommendations
from .paper_text import strip_markup

NAME = "interim"
DESCRIPTION = "interim report / update on the work of a task group: holds no recommendations (Wiltshire 2012)"

_HEADING_RE = re.compile(r"^[#*\s]*Interim report of\b", re.IGNORECASE | re.MULTILINE)
_NOTE_UPDATE_RE = re.compile(r"\bnote the update on the work of the\b[^.\n]*\bTask Group\b", re.IGNORECASE)
# A paper that recommends something is not an interim update, whatever its heading says.
_RECOMMENDS_RE = re.compile(r"\brecommend(?:s|ed|ations?)?\b", re.IGNORECASE)


def sniff(text: str) -> bool:
    """An "Interim report of ..." heading, or a proposal to note an update on a task group's work."""
    return bool(_HEADING_RE.search(text) or _NOTE_UPDATE_RE.search(text)) and not _RECOMMENDS_RE.search(text)


def parse(text: str, source: str = "") -> NoReturn:
    """Always refuses: there is nothing to import from an interim report."""
    if _RECOMMENDS_RE.search(text):
        raise ImportFailed(f"{source}: an interim report that mentions recommendations is not a layout I know")
    heading = _HEADING_RE.search(text)
    what = f"“{strip_markup(text[heading.start() :].split(chr(10) * 2, 1)[0])}”" if heading else "it"
    raise NoRecommendations(
        f"{source}: no recommendations found (an interim report: {what} updates the committee on "
        "work in progress; import the final report or the executive response instead)"
    )
