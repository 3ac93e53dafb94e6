"""Layout: a report whose recommendations are a peer review's bulleted "main issues" (Shropshire 2012).

The issues follow "The main issues identified were as follows:" as Markdown bullets (a blank line
may split the list); the sentence after the list says what is being done about all of them.
The report's own recommendations to Council (note it, report again next year) are not tracked.
"""

from __future__ import annotations

import re

from .. import status as statuses
from ..errors import ImportFailed, NoRecommendations
from ..models import Paper, Recommendation, Review
from .paper_text import council_from_email, find_date, make_review, short_title, stating_sentence, strip_markup

NAME = "peer-review"
DESCRIPTION = "report listing a peer review's 'main issues identified' as bullets (Shropshire 2012)"

_LEAD_RE = re.compile(r"^.*\bmain issues identified were as follows:?\s*$", re.IGNORECASE | re.MULTILINE)
_BULLET_RE = re.compile(r"^\s*[-*•]\s+(.*)$")
_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"}


def sniff(text: str) -> bool:
    """Recognise the lead-in to the list of issues, in a paper about a peer review."""
    return bool(_LEAD_RE.search(text)) and bool(re.search(r"\bpeer review\b", text, re.IGNORECASE))


def parse(text: str, source: str = "") -> Paper:
    """Each bullet of the list is a recommendation; the sentence after the list is the response."""
    lead = _LEAD_RE.search(text)
    if not lead:
        raise ImportFailed(f"{source}: no 'main issues identified' list found")
    review = _review(text[: lead.start()], text, source)
    issues, after = _bullets(text[lead.end() :])
    if not issues:
        raise NoRecommendations(f"{source}: no recommendations found after “{strip_markup(lead.group(0))}”")
    response = strip_markup(after)
    status = statuses.from_response(response)
    recs = [
        Recommendation(
            review=review.slug,
            id=f"R{n}",
            title=short_title(issue),
            text=issue,
            response=response,
            status=status,
            status_text=stating_sentence(response, status),
        )
        for n, issue in enumerate(issues, 1)
    ]
    return Paper(review=review, recommendations=recs)


def _bullets(rest: str) -> tuple[list[str], str]:
    """The bullets of the list, and the first line after it (which answers for all of them)."""
    issues: list[str] = []
    for line in rest.splitlines():
        m = _BULLET_RE.match(line)
        if m:
            issues.append(strip_markup(m.group(1)))
        elif line.strip() and issues:
            return issues, line
        elif line.strip():
            break  # text before any bullet: this is not the list
    return issues, ""


def _review(front: str, text: str, source: str) -> Review:
    lines = [strip_markup(line) for line in front.splitlines()]
    lines = [line for line in lines if line]
    # "Committee and Date" is a form label; the committee is the line under it.
    label = next((i for i, line in enumerate(lines) if re.fullmatch(r"Committee and Date", line, re.I)), None)
    committee = lines[label + 1] if label is not None and label + 1 < len(lines) else ""
    heading = next((line for line in lines if line.isupper() and re.search(r"\bREPORT\b", line)), "")
    council = council_from_email(text)
    when = find_date(front)
    if not heading or not council or not when:
        raise ImportFailed(f"{source}: cannot find the report title, council and date at the top of the paper")
    title = _readable(heading)
    return make_review(council, committee, when, title, source, NAME, kind="peer-review")


def _readable(shouted: str) -> str:
    """Title case for an all-capitals heading, small words (and "in respect of") kept lower."""
    words = shouted.lower().split()
    out = [w if (i and w in _SMALL_WORDS) else w.capitalize() for i, w in enumerate(words)]
    return re.sub(r"\bin Respect of\b", "in respect of", " ".join(out))
