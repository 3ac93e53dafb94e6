"""Layout: a progress table with two dated updates per recommendation (Wirral 2017).

The table is ``Original Scrutiny Recommendation (Dec 15) / Previous Update from Jun 16 / June 2017
- Update``: tab-separated HTML cells, the first holding "N – title" and the original text in
italics. The header repeats on every page and a row that does not fit carries on after it, in a
row without a number: those cells belong to the recommendation above, often mid-sentence.
"""

from __future__ import annotations

import calendar
import html
import re
from datetime import date, datetime

from .. import status as statuses
from ..errors import ImportFailed, NoRecommendations
from ..models import Paper, Recommendation, Review, Update
from .paper_text import (
    council_from_email,
    find_date,
    html_to_text,
    make_review,
    stating_sentence,
    strip_markup,
)

NAME = "wirral-progress"
DESCRIPTION = (
    "progress table: Original Scrutiny Recommendation / Previous Update from <month> / "
    "<month year> - Update, two dated updates per recommendation (Wirral 2017)"
)

_HEADER_RE = re.compile(
    r"^Original Scrutiny Recommendation\b[^\t]*\tPrevious Update from ([A-Za-z]{3})\w* (\d{2})\s*\t([^\t]*)$",
    re.IGNORECASE | re.MULTILINE,
)
_NUMBER_RE = re.compile(r"^\s*(\d{1,3})\s*[–—:-]\s*")
_ITALIC_RE = re.compile(r"<i>(.*?)</i>", re.IGNORECASE | re.DOTALL)
_STATED_COUNT_RE = re.compile(r"\bimplementing (\d{1,3}) (?:key )?recommendations\b", re.IGNORECASE)


def sniff(text: str) -> bool:
    """Recognise the three-column header with its "Previous Update from" column."""
    return bool(_HEADER_RE.search(text))


def parse(text: str, source: str = "") -> Paper:
    """Read every row, merging page-break continuations; all recommendations or nothing."""
    header = _HEADER_RE.search(text)
    if not header:
        raise ImportFailed(f"{source}: no 'Original Scrutiny Recommendation' table found")
    review = _review(text[: header.start()], text, source)
    rows = _rows(text[header.start() :], source)
    if not rows:
        raise NoRecommendations(f"{source}: no recommendations found in the progress table")
    stated = _STATED_COUNT_RE.search(text)
    if stated and int(stated.group(1)) != len(rows):
        raise ImportFailed(
            f"{source}: the paper speaks of {stated.group(1)} recommendations, the table has {len(rows)}"
        )
    earlier, later = _update_dates(header, review.date, source)
    recs = [_recommendation(number, cells, review, earlier, later, source) for number, cells in rows]
    return Paper(review=review, recommendations=recs)


def _review(front: str, text: str, source: str) -> Review:
    lines = [strip_markup(line) for line in front.splitlines()]
    committee = next((line for line in lines if re.search(r"\bCommittee$", line) and len(line) < 100), "")
    title_m = re.search(r"^REPORT TITLE:\s*(.+)$", front, re.IGNORECASE | re.MULTILINE)
    # The paper never names its council; the report author's address does.
    council = council_from_email(text)
    when = find_date(front)
    if not title_m or not council or not when:
        raise ImportFailed(f"{source}: cannot find the report title, council and date at the top of the paper")
    title = strip_markup(title_m.group(1))
    return make_review(council, committee, when, title, source, NAME)


def _rows(table: str, source: str) -> list[tuple[int, list[str]]]:
    """(number, [first cell, earlier update, later update]) per recommendation, continuations merged."""
    rows: list[tuple[int, list[str]]] = []
    for line in table.splitlines():
        if not line.strip() or _HEADER_RE.match(line):
            continue
        if "\t" not in line:
            break  # the table is over: "4.0 FINANCIAL IMPLICATIONS"
        cells = (line.split("\t") + ["", ""])[:3]
        m = _NUMBER_RE.match(strip_markup(cells[0]))
        if m:
            number = int(m.group(1))
            if number != len(rows) + 1:
                raise ImportFailed(f"{source}: recommendation {number} follows {len(rows)} in the table")
            rows.append((number, cells))
        elif rows:
            rows[-1] = (rows[-1][0], [_join(a, b) for a, b in zip(rows[-1][1], cells, strict=True)])
        else:
            raise ImportFailed(f"{source}: a table row before the first numbered recommendation")
    return rows


def _join(before: str, after: str) -> str:
    """Join a cell with its continuation after a page break.

    A cell cut mid-sentence ("... in the form of a written report or") has its paragraph closed
    and the rest wrapped in a new ``<p>`` by the conversion: rejoin them so the sentence (or the
    bullet) reads on instead of breaking in two.
    """
    after = after.strip()
    if not after:
        return before
    before = before.rstrip()
    if "<" not in before + after:
        # read from Word or PDF, where two spaces are a paragraph break: a sentence cut in two reads on
        return f"{before} {after}" if after[:1].islower() else f"{before}  {after}"
    if not re.search(r"[.:;!?]$", strip_markup(before)):
        before = re.sub(r"</p>$", "", before, flags=re.IGNORECASE)
        after = re.sub(r"^<p>(.*?)</p>", r"\1", after, count=1, flags=re.IGNORECASE | re.DOTALL)
    return f"{before} {after}"


def _update_dates(header: re.Match, paper_date: date, source: str) -> tuple[str, str]:
    """ISO dates of the two updates: the earlier one at the end of its month, the later the paper's.

    "Jun 16" names only a month; its last day is the latest date the position can describe (it
    went to the committee in July 2016). "June 2017 - Update" is this paper, dated 20 June 2017.
    """
    try:
        month = datetime.strptime(header.group(1)[:3].title(), "%b").month
    except ValueError as err:
        raise ImportFailed(f"{source}: cannot read the month of '{header.group(0).split(chr(9))[1]}'") from err
    year = 2000 + int(header.group(2))
    earlier = date(year, month, calendar.monthrange(year, month)[1])
    if earlier >= paper_date:
        raise ImportFailed(f"{source}: the previous update ({earlier}) is not before the paper ({paper_date})")
    return earlier.isoformat(), paper_date.isoformat()


def _title_and_text(cell: str) -> tuple[str, str]:
    """The first cell is "<p>N – title</p> <p><i>original text</i></p>", possibly split in two."""
    if not _ITALIC_RE.search(cell) and "  " in cell.strip():
        # read from Word or PDF, where italics are formatting: the title is the short paragraphs before
        # the first sentence (a title cut by a page break comes in two)
        paragraphs = cell.strip().split("  ")
        n = 1
        while n < len(paragraphs) - 1 and len(paragraphs[n].split()) <= 8 and not paragraphs[n].endswith("."):
            n += 1
        title = " ".join(paragraphs[:n])
        return _NUMBER_RE.sub("", strip_markup(title), count=1).strip(), strip_markup(" ".join(paragraphs[n:]))
    text = " ".join(_ITALIC_RE.findall(cell))
    title = _NUMBER_RE.sub("", strip_markup(_ITALIC_RE.sub(" ", cell)), count=1)
    return title.strip(), html.unescape(re.sub(r"\s+", " ", strip_markup(text))).strip()


def _recommendation(
    number: int, cells: list[str], review: Review, earlier: str, later: str, source: str
) -> Recommendation:
    title, text = _title_and_text(cells[0])
    if not title or not text:
        raise ImportFailed(f"{source}: recommendation {number} has no title or no original text")
    notes = [html_to_text(cells[1]), html_to_text(cells[2])]
    status = statuses.from_response(notes[1])
    labels = [
        f"{datetime.fromisoformat(earlier):%B %Y} update",
        f"{datetime.fromisoformat(later):%B %Y} update",
    ]
    updates = [
        Update(at=at, by=review.council, note=note, source=f"paper: {source} ({label})")
        for at, note, label in zip([earlier, later], notes, labels, strict=True)
        if note
    ]
    return Recommendation(
        review=review.slug,
        id=f"R{number}",
        title=title,
        text=text,
        response=notes[1],
        # The updates list work done, not a position: "implemented" or "completed" in a bullet is
        # about one action, not the recommendation. Only a stated position counts (none in 2017).
        status=status,
        status_text=stating_sentence(notes[1], status),
        updates=updates,
    )
