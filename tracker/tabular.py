"""recbot's spreadsheet (CSV) format: one row per recommendation, written and read back losslessly.

Columns (``CSV_COLUMNS``): review, review_title, council, committee, review_date, review_kind, id,
title, text, response, status, status_text, group, owners, links, milestones, updates, decision,
decision_text.

List cells are meant to be edited in Excel:
- owners: one per line, ``Name | Role | Slack user id`` (the last two may be empty);
- links: ids separated by spaces, ``R14 R16 R17``;
- milestones: one per line, ``due | label | source | state`` where due is ``YYYY-MM-DD`` (or
  ``DD/MM/YYYY``) and state is ``open``, ``done`` or ``at risk``;
- updates: the history, as JSON (append-only: edit it in chat, not in the sheet).
A ``|``, backslash or line break inside a value is written as ``\\|``, ``\\\\`` or ``\\n``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict
from datetime import date, datetime

from . import decisions
from . import status as statuses
from .errors import ImportFailed, UserError
from .models import Milestone, Owner, Paper, Recommendation, Review, Update

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
REQUIRED = ("review", "id")
_STATES = {"open": (False, False), "done": (True, False), "at risk": (False, True)}
_SPLIT = re.compile(r"(?<!\\)\|")


def _esc(value: str) -> str:
    return (value or "").replace("\\", "\\\\").replace("|", "\\|").replace("\n", "\\n")


def _unesc(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), value)


def _fields(line: str, count: int) -> list[str]:
    parts = [_unesc(p.strip()) for p in _SPLIT.split(line)]
    return (parts + [""] * count)[:count]


def to_csv(reviews: list[Review], recs: list[Recommendation]) -> str:
    """The recommendations as CSV text, one row each, with their review's details repeated."""
    by_slug = {r.slug: r for r in reviews}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for rec in recs:
        review = by_slug.get(rec.review) or Review(slug=rec.review, title=rec.review)
        writer.writerow(
            [
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
                "\n".join(" | ".join(_esc(x) for x in (o.name, o.role, o.slack_user)).rstrip(" |") for o in rec.owners),
                " ".join(rec.links),
                "\n".join(
                    " | ".join(
                        [
                            m.due.isoformat() if m.due else "",
                            _esc(m.label),
                            _esc(m.source),
                            "done" if m.done else ("at risk" if m.at_risk else "open"),
                        ]
                    )
                    for m in rec.milestones
                ),
                json.dumps([asdict(u) for u in rec.updates], ensure_ascii=False) if rec.updates else "",
                rec.decision or "",
                rec.decision_text,
            ]
        )
    return out.getvalue()


def _date(text: str, where: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ImportFailed(f"{where}: “{text}” is not a date (use YYYY-MM-DD or DD/MM/YYYY)")


def _row(row: dict[str, str], where: str) -> tuple[Review, Recommendation]:
    slug, rec_id = (row.get("review") or "").strip(), (row.get("id") or "").strip()
    if not slug or not rec_id:
        raise ImportFailed(f"{where}: every row needs a review and an id")
    try:
        status = statuses.parse(row["status"]) if (row.get("status") or "").strip() else None
        decision = decisions.parse(row.get("decision") or "")
    except UserError as exc:
        raise ImportFailed(f"{where}: {exc}") from None
    milestones = []
    for line in (row.get("milestones") or "").splitlines():
        if not line.strip():
            continue
        due, label, source, state = _fields(line, 4)
        state = state.lower() or "open"
        if state not in _STATES:
            raise ImportFailed(f"{where}: milestone state “{state}” (use open, done or at risk)")
        done, at_risk = _STATES[state]
        milestones.append(Milestone(label=label, due=_date(due, where), done=done, source=source, at_risk=at_risk))
    owners = [Owner(*_fields(line, 3)) for line in (row.get("owners") or "").splitlines() if line.strip()]
    try:
        raw_updates = json.loads(row["updates"]) if (row.get("updates") or "").strip() else []
        updates = [Update(**u) for u in raw_updates]
    except (ValueError, TypeError) as exc:
        raise ImportFailed(f"{where}: the updates cell is not recbot's history JSON ({exc})") from None
    review = Review(
        slug=slug,
        title=(row.get("review_title") or "").strip() or slug,
        council=(row.get("council") or "").strip(),
        committee=(row.get("committee") or "").strip(),
        date=_date(row.get("review_date") or "", where),
        kind=(row.get("review_kind") or "").strip() or "task-group",
        layout="recbot-csv",
    )
    rec = Recommendation(
        review=slug,
        id=rec_id,
        title=row.get("title") or "",
        text=row.get("text") or "",
        response=row.get("response") or "",
        decision=decision,
        decision_text=row.get("decision_text") or "",
        status=status,
        status_text=row.get("status_text") or "",
        group=row.get("group") or "",
        owners=owners,
        links=(row.get("links") or "").split(),
        milestones=milestones,
        updates=updates,
    )
    return review, rec


def from_csv(text: str, source: str) -> list[Paper]:
    """Parse a CSV of recbot's columns (at least review and id) into one Paper per review."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise ImportFailed(f"{source}: no {', '.join(missing)} column")
    papers: dict[str, Paper] = {}
    seen: set[tuple[str, str]] = set()
    for row in reader:
        where = f"{source}, line {reader.line_num}"
        if None in row:
            raise ImportFailed(f"{where}: more cells than the header has columns")
        review, rec = _row(row, where)
        if (rec.review, rec.id) in seen:
            raise ImportFailed(f"{where}: {rec.id} appears twice in {rec.review}")
        seen.add((rec.review, rec.id))
        paper = papers.setdefault(review.slug, Paper(review, [], from_tracker=True))
        paper.recommendations.append(rec)
    if not papers:
        raise ImportFailed(f"{source}: the sheet has a header but no rows")
    return list(papers.values())
