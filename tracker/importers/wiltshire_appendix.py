"""Layout: an executive response with a status summary and an Appendix 1 table (Wiltshire 2013).

The appendix is a tab-separated table ``No. / Recommendation / Action being taken / Summary
current position``. Rows continue on lines whose first cell is empty, headers repeat on each
page, and a row can swallow the next recommendation across a page break (R31 holds R32); the
numbering gap tells us, and the row is split at each cell's first paragraph break. The summary
above the appendix groups recommendation ids by status and gives each a short title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import status as statuses
from ..errors import ImportFailed, NoRecommendations
from ..ids import id_number
from ..links import find_links
from ..models import Paper, Recommendation, Review
from .paper_text import find_date, first_sentence, make_review, strip_markup, strip_tags

NAME = "wiltshire-appendix"
DESCRIPTION = (
    "executive response with an 'Appendix 1' table: No. / Recommendation / "
    "Action being taken / Summary current position (Wiltshire 2013)"
)

_APPENDIX_RE = re.compile(r"^[#*\s]*Appendix\s+1\b.*$", re.IGNORECASE | re.MULTILINE)
_HEADER_RE = re.compile(r"^No\.?\t\s*Recommendation\t", re.IGNORECASE)
_ROW_RE = re.compile(r"^(R\s?\d{1,5})\.?\t(.*)$")
_SUMMARY_ITEM_RE = re.compile(r"^\s*(?:[-•*]\s*)?(R\d{1,5})\b\.?\s*(.*)$")
_SUMMARY_TRAILING_ID_RE = re.compile(r"^\s*[-•*]\s*(.*?)\s*\((R\d{1,5})\)\s*$")
_SUMMARY_GROUP_RE = re.compile(
    r"^\s*(?:[-•*]\s*)?(?:\d+\.\s+.*\b(?:recommendations?|following)\b.*|#*\s*It is also noted that:?.*)$",
    re.IGNORECASE,
)


def sniff(text: str) -> bool:
    """Recognise the layout by its appendix and the four-column table header."""
    after = _appendix(text)
    return after is not None and any(_HEADER_RE.match(line) for line in after.splitlines())


def parse(text: str, source: str = "") -> Paper:
    """Read the whole paper; every recommendation or nothing."""
    after = _appendix(text)
    if after is None:
        raise ImportFailed(f"{source}: no 'Appendix 1' table found")
    review = _review(text[: len(text) - len(after)], source)
    rows = _split_merged(_rows(after))
    if not rows:
        raise NoRecommendations(f"{source}: no recommendations found")
    summary_titles, summary_status = _summary(text[: len(text) - len(after)])
    known = {row.rec_id for row in rows}
    recs = [_recommendation(row, review.slug, summary_titles, summary_status, known) for row in rows]
    return Paper(review=review, recommendations=recs)


@dataclass
class _Row:
    rec_id: str
    cells: list[str] = field(default_factory=lambda: ["", "", ""])

    def extend(self, parts: list[str]) -> None:
        for i, part in enumerate(parts[:3]):
            if part.strip():
                self.cells[i] = f"{self.cells[i]} {part.strip()}".strip()


def _appendix(text: str) -> str | None:
    # The last heading is the appendix itself, not a mention of it in the summary.
    matches = list(_APPENDIX_RE.finditer(text))
    return text[matches[-1].end() :] if matches else None


def _rows(appendix: str) -> list[_Row]:
    rows: list[_Row] = []
    for line in appendix.splitlines():
        if not line.strip() or _HEADER_RE.match(line):
            continue
        m = _ROW_RE.match(line)
        if m:
            rows.append(_Row(f"R{id_number(m.group(1))}"))
            rows[-1].extend(m.group(2).split("\t"))
        elif rows and line.startswith("\t"):
            rows[-1].extend(line[1:].split("\t"))
        elif rows:
            # A stray line inside a cell: it belongs to the last cell that has text.
            last = max(i for i, c in enumerate(rows[-1].cells) if c) if any(rows[-1].cells) else 0
            rows[-1].cells[last] = f"{rows[-1].cells[last]} {line.strip()}".strip()
    return rows


def _split_merged(rows: list[_Row]) -> list[_Row]:
    """Split a row that holds the next recommendation too (a gap of one in the numbering)."""
    out: list[_Row] = []
    for i, row in enumerate(rows):
        out.append(row)
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        if nxt and id_number(nxt.rec_id) == id_number(row.rec_id) + 2:
            second = _Row(f"R{id_number(row.rec_id) + 1}")
            for c, cell in enumerate(row.cells):
                row.cells[c], second.cells[c] = _split_cell(cell, position=(c == 2))
            out.append(second)
    return out


def _split_cell(cell: str, position: bool) -> tuple[str, str]:
    if "  " in cell:
        head, tail = cell.split("  ", 1)
        return head.strip(), tail.strip()
    if position:
        # "Noted that ... visits. To teams and services Noted that the ..." : split at the
        # second stated position.
        starts = [m.start() for m in re.finditer(r"\b(?:Noted|Agreed|Completed|Being considered)\b", cell)]
        if len(starts) > 1:
            return cell[: starts[1]].strip(), cell[starts[1] :].strip()
    return cell.strip(), ""


def _review(front: str, source: str) -> Review:
    lines = [strip_markup(line) for line in front.splitlines()]
    lines = [line for line in lines if line]
    council = next((line for line in lines if re.fullmatch(r"[\w' ]+ Council", line)), "")
    committee = next((line for line in lines if re.search(r"\bCommittee\b", line) and len(line) < 80), "")
    when = find_date(front)
    title = next(
        (
            line
            for line in lines
            if re.match(r"(Executive )?Response|.*\bReport\b", line, re.IGNORECASE) and len(line) > 20
        ),
        "",
    )
    if not council or not title:
        raise ImportFailed(f"{source}: cannot find the council and title at the top of the paper")
    return make_review(council, committee, when, title, source, NAME)


def _summary(front: str) -> tuple[dict[str, str], dict[str, str]]:
    """Titles and stated status per id from the grouped summary above the appendix."""
    titles: dict[str, str] = {}
    grouped: dict[str, str] = {}
    group: str | None = None
    for raw in front.splitlines():
        line = strip_markup(raw.replace("**", ""))
        if _SUMMARY_GROUP_RE.match(line):
            group = statuses.from_paper(line)
            continue
        m = _SUMMARY_TRAILING_ID_RE.match(raw) or None
        if m:
            rec_id, words = m.group(2), strip_markup(m.group(1))
        else:
            m = _SUMMARY_ITEM_RE.match(raw)
            if not m:
                continue
            rec_id, words = m.group(1), strip_markup(m.group(2))
        titles.setdefault(rec_id, first_sentence(words))
        if group:
            grouped.setdefault(rec_id, group)
            for other in re.findall(r"\((R\d{1,5})\)", words):
                grouped.setdefault(other, group)
    return titles, grouped


def _title_and_response(action: str, summary_title: str) -> tuple[str, str]:
    """The action cell opens with a short title ("Development of a MASH  A MASH is ...").

    The summary's wording of the title is the best guide; the paragraph break after it the next.
    """
    words = action.split()
    wanted = [w.lower().strip(".,'\"") for w in summary_title.split()]
    common = 0
    for a, b in zip(words, wanted, strict=False):
        if a.lower().strip(".,'\"") != b:
            break
        common += 1
    cut = None
    if wanted and common == len(wanted):
        cut = common
    elif wanted:
        # Same title, slightly different wording: "Job specification for (the) Lead Member".
        window = [w.lower().strip(".,'\"") for w in words[: len(wanted) + 2]]
        if wanted[-1] in window[max(common, 1) :] and common >= 1:
            cut = window.index(wanted[-1], max(common, 1)) + 1
    if cut is None and "  " in action and len(action.split("  ", 1)[0].split()) <= 20:
        head, tail = action.split("  ", 1)
        return head.strip(), tail.strip()
    if cut is None and common >= 3:
        cut = common
    if cut is not None:
        # Cut by position, not by re-joining words, so the response keeps its paragraph breaks.
        end = [m.end() for m in re.finditer(r"\S+", action)][cut - 1]
        return action[:end].strip(), action[end:].strip()
    fallback = re.split(r"\s+(?:Also )?links? to\b", action, maxsplit=1, flags=re.IGNORECASE)[0]
    return summary_title or first_sentence(fallback, 12), action


def _recommendation(
    row: _Row, slug: str, titles: dict[str, str], grouped: dict[str, str], known: set[str]
) -> Recommendation:
    raw_text, raw_action, raw_position = row.cells
    title, response = _title_and_response(raw_action, titles.get(row.rec_id, ""))
    position = _tidy(raw_position).replace("\n", " ")
    status = statuses.from_paper(position) or grouped.get(row.rec_id)
    return Recommendation(
        review=slug,
        id=row.rec_id,
        title=_tidy(title).replace("\n", " ").rstrip("."),
        text=_tidy(raw_text),
        response=_tidy(response),
        status=status,
        status_text=position,
        links=find_links(" ".join(row.cells), row.rec_id, known),
    )


_BREAK_RE = re.compile(r"(?<=[.;:!?)\]])\s{2,}|\s{2,}(?=(?:[a-z0-9]{1,2}[.)]|•)\s)")


def _tidy(text: str) -> str:
    """Clean a cell. Runs of spaces after a sentence, or before a list item, were paragraph breaks."""
    text = re.sub(r"<sup>\s*(st|nd|rd|th)\s*</sup>", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"<li[^>]*>", "  • ", text, flags=re.IGNORECASE)
    text = strip_tags(text, " ")
    text = re.sub(r"(\d)\s+(st|nd|rd|th)\b", r"\1\2", text)
    paragraphs = (re.sub(r"\s+", " ", p).strip() for p in _BREAK_RE.split(text.replace("\t", "  ")))
    return "\n".join(p for p in paragraphs if p)
