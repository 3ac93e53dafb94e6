"""The general reader: recommendations in any council's paper, from the vocabulary councils use.

Every paper that no layout module claims comes here, read into the neutral ``Document``. Tables
whose header names a recommendation column are read by ``general_tables``; numbered items in the
text by ``general_numbered``. Ids: the paper's own reference is kept ("1" becomes R1, "2.1" R2.1,
"a" Ra, "SC18" and "CEH.140715.20b" as printed); unnumbered recommendations are R1, R2 ... in
document order. What was left out, and why, is returned beside the paper for ``--dry-run``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import decisions
from .. import status as statuses
from ..document import Document, Heading, Paragraph, Table
from ..errors import ImportFailed
from ..ids import from_ref
from ..milestones import from_timetable
from ..models import Owner, Paper, Recommendation
from .found import Findings, Found
from .general_meta import review_of
from .general_numbered import from_blocks
from .general_tables import from_table
from .paper_text import short_title

NAME = "general"
DESCRIPTION = (
    "any other paper: tables with a Recommendation column, numbered recommendations "
    "(Recommendation 1, R1, 1., a), SC18 ...) with their responses"
)
LOOKED_FOR = (
    "a table with a column headed Recommendation (or Recommendations, Recommendation made ...), "
    "or numbered recommendations in the text (Recommendation 1, Rec 1, R1, 1., 1), a), (a), SC18, "
    "RECOMMENDATION 2.1:)"
)
_RESPONSE_PAPER = re.compile(r"\b(?:response|reply|responds?|action plan|scraip)\b", re.IGNORECASE)


@dataclass
class Reading:
    """A paper read by the general rules, and one line per table or block it left out."""

    paper: Paper
    skipped: list[str] = field(default_factory=list)


def read(doc: Document, source: str) -> Reading:
    """Find the recommendations of a document.

    :raises ImportFailed: saying what was looked for, and if the paper only refers to
        recommendations by number, saying so.
    """
    findings = Findings()
    tables = _pages_joined([(i, b) for i, b in enumerate(doc.blocks) if isinstance(b, Table)])
    for n, (position, table) in enumerate(tables, 1):
        findings.extend(from_table(table, n, position))
    head = " ".join(b.text for b in doc.blocks[:15] if isinstance(b, (Heading, Paragraph)))
    findings.extend(from_blocks(doc.blocks, bool(_RESPONSE_PAPER.search(head))))
    findings.found.sort(key=lambda f: f.position)  # document order: unnumbered ones are R1, R2 ... as they come
    if not findings.found:
        raise ImportFailed(_nothing_found(source, findings))
    review = review_of(doc, source)
    recs = _recommendations(findings.found, review.slug, review.date)
    mentions = [f"“{r}”: mentions a recommendation without its text" for r in findings.references_only]
    return Reading(Paper(review=review, recommendations=recs), findings.skipped + mentions)


def _pages_joined(tables: list[tuple[int, Table]]) -> list[tuple[int, Table]]:
    """Tables one after another with the same header row are one table continued over pages."""
    out: list[tuple[int, Table]] = []
    for position, table in tables:
        if out and table.rows and out[-1][1].rows and table.rows[0] == out[-1][1].rows[0]:
            out[-1] = (out[-1][0], Table(rows=out[-1][1].rows + table.rows, page=out[-1][1].page))
        else:
            out.append((position, table))
    return out


def _nothing_found(source: str, findings: Findings) -> str:
    if findings.references_only:
        example = "; ".join(f"“{r}”" for r in findings.references_only[:2])
        return (
            f"{source}: no recommendations found: the paper refers to recommendations only by number "
            f"({example}), without their text. Import the report or response that sets them out."
        )
    skipped = "".join(f"\n  skipped {s}" for s in findings.skipped[:5])
    return f"{source}: no recommendations found: looked for {LOOKED_FOR}.{skipped}"


def _recommendations(found: list[Found], slug: str, paper_date) -> list[Recommendation]:
    by_id: dict[str, Found] = {}
    unnumbered: list[Found] = []
    # A table's or a label's number is surer than a bare list's: they claim their ids first.
    for f in sorted(found, key=lambda f: f.where == "numbered list"):
        rec_id = from_ref(f.ref) if f.ref else None
        if rec_id is None:
            unnumbered.append(f)
        elif rec_id in by_id and _same(by_id[rec_id], f):
            _merge(by_id[rec_id], f)  # a summary and the detail of the same recommendation
        elif rec_id in by_id:
            unnumbered.append(f)  # the same number used for something else (a report's own list)
        else:
            by_id[rec_id] = f
    ids = {id(f): rec_id for rec_id, f in by_id.items()}
    taken = set(by_id)
    for f in unnumbered:
        ids[id(f)] = _next_free(taken, 1)
        taken.add(ids[id(f)])
    kept = [f for f in found if id(f) in ids]
    return [_recommendation(f, ids[id(f)], slug, paper_date) for f in kept]


def _same(first: Found, again: Found) -> bool:
    """Two findings of one recommendation: one text holds the other, or they open alike."""
    a, b = (" ".join(re.findall(r"\w+", f.text.lower())) for f in (first, again))
    return a in b or b in a or a.split()[:3] == b.split()[:3]


def _merge(first: Found, again: Found) -> None:
    """The fuller wording of the two, and whatever the second says that the first does not."""
    if len(again.text) > len(first.text):
        first.text = again.text
    first.response = first.response or again.response
    first.decision_text = first.decision_text or again.decision_text
    first.progress = first.progress or again.progress
    first.owners += [o for o in again.owners if o not in first.owners]
    first.due, first.due_label = (first.due, first.due_label) if first.due else (again.due, again.due_label)


def _next_free(taken: set[str], n: int) -> str:
    while f"R{n}" in taken:
        n += 1
    return f"R{n}"


def _recommendation(f: Found, rec_id: str, slug: str, paper_date) -> Recommendation:
    text = re.sub(r"[ \t]+", " ", f.text).strip()
    decision, wording = decisions.read(f.decision_text) if f.decision_text else decisions.read(f.response)
    return Recommendation(
        review=slug,
        id=rec_id,
        title=short_title(text),
        text=text,
        response=f.response or f.progress,
        decision=decision,
        decision_text=wording,
        status=statuses.from_response(f.progress) if f.progress else None,
        status_text=f.progress[:200] if f.progress else "",
        group=f.group,
        owners=[Owner(name=name, role=role) for name, role in f.owners],
        milestones=from_timetable(f.due, paper_date, f.due_label or "Target date"),
    )
