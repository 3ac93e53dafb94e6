"""What ``recbot import --dry-run`` prints: per recommendation what was understood, and what was not."""

from __future__ import annotations

from tracker import decisions
from tracker import status as statuses
from tracker.importers import Imported

FIRST_WORDS = 8


def lines(name: str, imported: Imported) -> list[str]:
    """One line per recommendation (id, first words, decision, owners, dates) and per part left out."""
    out: list[str] = []
    for paper in imported.papers:
        count = len(paper.recommendations)
        out.append(
            f"{name}: would import {count} recommendations into {paper.review.slug} (layout {imported.layout}; dry run)"
        )
        for rec in paper.recommendations:
            words = rec.text.split()
            first = " ".join(words[:FIRST_WORDS]) + (" …" if len(words) > FIRST_WORDS else "")
            decision = decisions.label(rec.decision) + (f" (“{rec.decision_text}”)" if rec.decision_text else "")
            owners = ", ".join(o.name for o in rec.owners) or "no owner"
            dates = ", ".join(f"{m.due.isoformat() if m.due else 'no date'} “{m.source}”" for m in rec.milestones)
            out.append(f"  {rec.id:<6} {first}")
            status = statuses.label(rec.status) or "status not set"
            out.append(f"         decision: {decision} · {status} · owner: {owners} · dates: {dates or 'none'}")
    out.extend(f"  skipped {reason}" for reason in imported.skipped)
    return out
