"""When the committee's report went to the executive, as a paper says it: the start of the response clock.

An executive response usually says when the committee endorsed or referred its report ("The report
was endorsed by the Select Committee on 28 March 2013", "On 31 January 2017, the Children's Select
Committee endorsed the Final Report"); a committee's own final report is itself that moment.
"""

from __future__ import annotations

import re
from datetime import date

from ..models import Paper
from .paper_text import find_date, strip_markup

_BODY = r"(?:committee|panel|task\s*group|scrutiny|board|commission)"
_ACT = r"(?:endorsed|agreed|approved|adopted|referred)"
_DAY = r"(\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4})"
# "The report was endorsed by the Select Committee on 28 March 2013";
# "On 31 January 2017, the Children's Select Committee endorsed the Final Report of the Task Group".
_SAID_RE = [
    re.compile(
        r"\b(?:report|recommendations)\b[^.]{0,60}?\b(?:was|were)\s+" + _ACT + r"\b[^.]{0,80}?\bon\s+" + _DAY,
        re.IGNORECASE,
    ),
    re.compile(
        r"\bOn\s+" + _DAY + r",?\s+the\s+[^.]{0,80}?" + _BODY + r"\s+" + _ACT + r"\s+the\s+[^.]{0,40}?\breport",
        re.IGNORECASE,
    ),
]
_OWN_REPORT_RE = re.compile(r"^\W*(?:final\s+)?report\s+of\s+the\b.*\b" + _BODY + r"\b", re.IGNORECASE)
_RESPONSE_RE = re.compile(r"\bresponse\b|\breply\b", re.IGNORECASE)


def reported_on(text: str, paper_date: date | None) -> date | None:
    """The date the paper gives for the committee's report going on (endorsed, referred ... on a date)."""
    plain = strip_markup(text)
    for pattern in _SAID_RE:
        for m in pattern.finditer(plain):
            when = find_date(m.group(1))
            if when and (paper_date is None or when < paper_date):  # the paper itself comes later
                return when
    return None


def with_reported(paper: Paper, text: str) -> Paper:
    """Fill the review's report date from the paper, where the paper says it and nothing set it yet."""
    review = paper.review
    if review.reported is None:
        own = _OWN_REPORT_RE.search(review.title or "") and not _RESPONSE_RE.search(review.title or "")
        review.reported = review.date if own else reported_on(text, review.date)
    return paper
