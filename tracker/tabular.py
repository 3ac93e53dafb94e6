"""recbot's spreadsheet (CSV) format: the columns, the cells' encoding, and writing it.

Columns (``CSV_COLUMNS``): review, review_title, council, committee, review_date, review_kind, id,
title, text, response, status, status_text, group, owners, links, milestones, updates, decision,
decision_text. Reading it back is ``tracker.tabular_read``.

List cells are meant to be edited in Excel:
- owners: one per line, ``Name | Role | Slack user id`` (the last two may be empty);
- links: ids separated by spaces, ``R14 R16 R17``;
- milestones: one per line, ``due | label | source | state [| earlier dates]`` where due is ``YYYY-MM-DD`` (or
  ``DD/MM/YYYY``) and state is ``open``, ``done`` or ``at risk``;
- updates: the history, as JSON (read back only to recognise what was exported).
A ``|``, backslash or line break inside a value is written as ``\\|``, ``\\\\`` or ``\\n``.

A cell that a spreadsheet would run as a formula (starting ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return, OWASP's list) is written with a leading ``'``; reading takes it off again.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict

from .models import Milestone, Owner, Recommendation, Review

CSV_COLUMNS = [
    "review",
    "review_title",
    "council",
    "committee",
    "review_date",
    "review_kind",
    "id",
    "title",
    "text",
    "response",
    "status",
    "status_text",
    "group",
    "owners",
    "links",
    "milestones",
    "updates",
    "decision",
    "decision_text",
]
# Columns a sheet may have beyond the export's: ``add`` marks a row that adds a recommendation.
EXTRA_COLUMNS = ["add"]
REQUIRED = ("review", "id")
STATES = {"open": (False, False), "done": (True, False), "at risk": (False, True)}
_SPLIT = re.compile(r"(?<!\\)\|")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _esc(value: str) -> str:
    return (value or "").replace("\\", "\\\\").replace("|", "\\|").replace("\n", "\\n")


def _unesc(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), value)


def fields(line: str, count: int) -> list[str]:
    """The ``|``-separated values of one line of a list cell, unescaped, padded to ``count``."""
    parts = [_unesc(p.strip()) for p in _SPLIT.split(line)]
    return (parts + [""] * count)[:count]


def _runs_as_formula(cell: str) -> bool:
    # A quote before a formula is itself quoted again, so that undoing is exact: "'=1" <-> "''=1".
    return cell.startswith(_FORMULA_START) or (cell.startswith("'") and _runs_as_formula(cell[1:]))


def neutralise(cell: str) -> str:
    """The cell as written to the sheet: a leading ``'`` keeps a formula-like value plain text."""
    return "'" + cell if _runs_as_formula(cell) else cell


def restore(cell: str) -> str:
    """Undo ``neutralise``: the value as it was before export."""
    return cell[1:] if cell.startswith("'") and _runs_as_formula(cell[1:]) else cell


def owner_line(owner: Owner) -> str:
    return " | ".join(_esc(x) for x in (owner.name, owner.role, owner.slack_user)).rstrip(" |")


def milestone_line(m: Milestone) -> str:
    state = "done" if m.done else ("at risk" if m.at_risk else "open")
    fields = [m.due.isoformat() if m.due else "", _esc(m.label), _esc(m.source), state]
    if m.revised_from:
        fields.append(" ".join(d.isoformat() for d in m.revised_from))
    return " | ".join(fields)


def to_csv(reviews: list[Review], recs: list[Recommendation]) -> str:
    """The recommendations as CSV text, one row each, with their review's details repeated."""
    by_slug = {r.slug: r for r in reviews}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for rec in recs:
        review = by_slug.get(rec.review) or Review(slug=rec.review, title=rec.review)
        row = [
            rec.review,
            review.title,
            review.council,
            review.committee,
            review.date.isoformat() if review.date else "",
            review.kind,
            rec.id,
            rec.title,
            rec.text,
            rec.response,
            rec.status or "",
            rec.status_text,
            rec.group,
            "\n".join(owner_line(o) for o in rec.owners),
            " ".join(rec.links),
            "\n".join(milestone_line(m) for m in rec.milestones),
            json.dumps([asdict(u) for u in rec.updates], ensure_ascii=False) if rec.updates else "",
            rec.decision or "",
            rec.decision_text,
        ]
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()
