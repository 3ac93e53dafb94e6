"""Reading recbot's spreadsheet (CSV) back: every cell checked, errors named by row and column as Excel shows them."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from . import validate
from .errors import ImportFailed
from .models import Milestone, Owner, Paper, Recommendation, Review
from .tabular import CSV_COLUMNS, EXTRA_COLUMNS, REQUIRED, STATES, fields, restore

# Columns that carry a recommendation's own fields; the rest describe its review or the row.
REC_COLUMNS = frozenset(CSV_COLUMNS[7:])
_YES = {"yes", "y", "true", "1", "x", "add"}
_NO = {"", "no", "n", "false", "0"}
# The history cell holds JSON of every entry; it may be far longer than any one text field.
_MAX_CELL = 64 * 1024 * 1024


@contextmanager
def _long_cells() -> Iterator[None]:
    """Let the csv module read cells longer than its default 131,072 characters, for this read only."""
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, _MAX_CELL))
    try:
        yield
    finally:
        csv.field_size_limit(old)


class _Row:
    """One row's cells, with its place in the sheet for messages."""

    def __init__(self, cells: dict[str, str], where: str) -> None:
        self.cells, self.where = cells, where

    def get(self, column: str, check: Callable[[Any], Any] = validate.text) -> Any:
        try:
            return check(self.cells.get(column) or "")
        except validate.Invalid as exc:
            raise self.fail(column, str(exc)) from None

    def fail(self, column: str, message: str) -> ImportFailed:
        return ImportFailed(f"{self.where}, column {column}: {message}")


def _date(value: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise validate.Invalid(f"“{value}” is not a date (use YYYY-MM-DD or DD/MM/YYYY)")


def _milestones(cell: str) -> list[Milestone]:
    out = []
    for n, line in enumerate((x for x in cell.splitlines() if x.strip()), 1):
        due, label, source, state, earlier = fields(line, 5)
        state = state.lower() or "open"
        if state not in STATES:
            raise validate.Invalid(f"line {n}: milestone state “{state}” (use open, done or at risk)")
        done, at_risk = STATES[state]
        try:
            revised = [_date(d) for d in earlier.split()]
            checked = Milestone(validate.text(label), _date(due), done, validate.text(source), at_risk, revised)
        except validate.Invalid as exc:
            raise validate.Invalid(f"line {n}: {exc}") from None
        out.append(checked)
    return out


def _owners(cell: str) -> list[Owner]:
    out = []
    for n, line in enumerate((x for x in cell.splitlines() if x.strip()), 1):
        name, role, slack_user = fields(line, 3)
        try:
            out.append(Owner(validate.text(name), validate.text(role), validate.slack_user(slack_user)))
        except validate.Invalid as exc:
            raise validate.Invalid(f"line {n}: {exc}") from None
    return out


def _links(cell: str) -> list[str]:
    return [validate.rec_id(x) for x in re.split(r"[\s,;]+", cell) if x]


def _updates(cell: str) -> list:
    if not cell.strip():
        return []
    try:
        raw = json.loads(cell)
    except ValueError as exc:
        raise validate.Invalid(f"not recbot's history JSON ({exc})") from None
    return validate.list_of(validate.update)(raw)


def _add(cell: str) -> bool:
    value = cell.strip().lower()
    if value not in _YES | _NO:
        raise validate.Invalid(f"“{cell[:20]}”: write yes to add the recommendation, or leave it empty")
    return value in _YES


def _parse(row: _Row) -> tuple[Review, Recommendation, bool]:
    slug = row.get("review", validate.slug)
    review = Review(
        slug=slug,
        title=row.get("review_title").strip() or slug,
        council=row.get("council").strip(),
        committee=row.get("committee").strip(),
        date=row.get("review_date", _date),
        kind=row.get("review_kind", validate.kind),
        layout="recbot-csv",
    )
    rec = Recommendation(
        review=slug,
        id=row.get("id", validate.rec_id),
        title=row.get("title"),
        text=row.get("text", validate.long_text),
        response=row.get("response", validate.long_text),
        decision=row.get("decision", validate.decision),
        decision_text=row.get("decision_text", validate.long_text),
        status=row.get("status", validate.status),
        status_text=row.get("status_text", validate.long_text),
        group=row.get("group", validate.long_text),
        owners=row.get("owners", _owners),
        links=row.get("links", _links),
        milestones=row.get("milestones", _milestones),
        updates=row.get("updates", _updates),
    )
    return review, rec, row.get("add", _add)


def from_csv(text: str, source: str) -> list[Paper]:
    """Parse a CSV of recbot's columns (at least review and id) into one Paper per review.

    Rows are numbered as a spreadsheet numbers them (the header is row 1), whatever line breaks
    their cells hold. Any bad cell refuses the whole file.
    """
    with _long_cells():
        try:
            rows = list(csv.reader(io.StringIO(text)))
        except csv.Error as exc:
            raise ImportFailed(f"{source}: not a well-formed CSV file ({exc})") from None
    header = [h.strip() for h in rows[0]] if rows else []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportFailed(f"{source}: no {', '.join(missing)} column")
    twice = sorted({h for h in header if h and header.count(h) > 1})
    if twice:
        raise ImportFailed(f"{source}: the column {', '.join(twice)} appears twice in the header")
    unknown = [h for h in header if h and h not in CSV_COLUMNS + EXTRA_COLUMNS]
    if unknown:
        raise ImportFailed(f"{source}: unknown column {', '.join(unknown)} (columns: {', '.join(CSV_COLUMNS)}, add)")
    papers: dict[str, Paper] = {}
    present = frozenset(REC_COLUMNS & set(header))
    for number, cells in enumerate(rows[1:], 2):
        if not any(c.strip() for c in cells):
            continue  # a blank row, as spreadsheets leave at the end
        where = f"{source}, row {number}"
        if len(cells) > len(header):
            raise ImportFailed(f"{where}: more cells than the header has columns")
        row = _Row({name: restore(cell) for name, cell in zip(header, cells, strict=False) if name}, where)
        review, rec, add = _parse(row)
        paper = papers.setdefault(review.slug, Paper(review, [], from_tracker=True, fields=present))
        if rec.id in paper.rows:
            raise row.fail("id", f"{rec.id} appears twice in {rec.review} (also {paper.rows[rec.id].split(', ')[-1]})")
        paper.rows[rec.id] = where
        if add:
            paper.may_add.add(rec.id)
        paper.recommendations.append(rec)
    if not papers:
        raise ImportFailed(f"{source}: the sheet has a header but no rows")
    return list(papers.values())
