"""The progress paper's content, format-free: per review, the counts, the exceptions and every row.

The Markdown and Word papers render the same ``ReviewProgress``, so both say the same thing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from . import decisions, rag, response_clock, signoff
from . import status as statuses
from .models import Milestone, Owner, Recommendation, Review, Update
from .response_clock import Clock

RAG_WORD = {rag.BLUE: "Blue", rag.RED: "Red", rag.AMBER: "Amber", rag.GREEN: "Green", rag.NONE: "None"}


@dataclass
class Row:
    """One recommendation as the committee reads it."""

    rec: Recommendation
    rating: str | None
    progress: list[Update]
    focus: Milestone | None = None  # the late milestone, or the next one due

    @property
    def rag_word(self) -> str:
        return RAG_WORD[self.rating]


@dataclass
class ReviewProgress:
    """Everything the paper says about one review."""

    review: Review
    rows: list[Row]
    by_decision: Counter = field(default_factory=Counter)
    by_status: Counter = field(default_factory=Counter)
    by_rag: Counter = field(default_factory=Counter)
    clock: Clock | None = None
    rules: rag.Rules = rag.DEFAULT_RULES

    @property
    def exceptions(self) -> list[Row]:
        """Red first, then amber, each in number order."""
        flagged = [r for r in self.rows if r.rating in (rag.RED, rag.AMBER)]
        return sorted(flagged, key=lambda r: (rag.ORDER.index(r.rating), r.rec.number))

    def decision_counts(self) -> list[tuple[str, int]]:
        keys = [*decisions.DECISIONS, None]
        return [(decisions.label(k), self.by_decision[k]) for k in keys if self.by_decision[k]]

    def status_counts(self) -> list[tuple[str, int]]:
        keys = [*statuses.STATUSES, None]
        return [(statuses.label(k) or "Not set", self.by_status[k]) for k in keys if self.by_status[k]]

    def rag_counts(self) -> list[tuple[str, int]]:
        return [(RAG_WORD[k], self.by_rag[k]) for k in rag.ORDER if self.by_rag[k]]


def build(
    reviews: list[Review],
    recs: list[Recommendation],
    today: date,
    rules: rag.Rules = rag.DEFAULT_RULES,
    since: date | None = None,
    response_months: int = 2,
) -> list[ReviewProgress]:
    """The paper's content: progress is what was recorded on or after ``since`` (else the latest update)."""
    out = []
    for review in reviews:
        rows = []
        for rec in (r for r in recs if r.review == review.slug):
            rating = rag.rating(rec, today, rules)
            rows.append(Row(rec, rating, progress_since(rec, since), focus_milestone(rec, today, rules)))
        out.append(
            ReviewProgress(
                review,
                rows,
                by_decision=Counter(r.rec.decision for r in rows),
                by_status=Counter(r.rec.status for r in rows),
                by_rag=Counter(r.rating for r in rows),
                rules=rules,
                clock=response_clock.clock(review, [r.rec for r in rows], today, response_months),
            )
        )
    return out


def progress_since(rec: Recommendation, since: date | None) -> list[Update]:
    """Updates with a note recorded on or after ``since``; without one, the latest note only."""
    noted = [u for u in rec.updates if u.note]
    if since is None:
        return noted[-1:]
    return [u for u in noted if u.at[:10] >= since.isoformat()]


def focus_milestone(rec: Recommendation, today: date, rules: rag.Rules = rag.DEFAULT_RULES) -> Milestone | None:
    """The milestone the committee should look at: the oldest late one, else the next one due."""
    late = rag.late_milestones(rec, today, rules)
    if late:
        return late[0]
    pending = sorted((m for m in rec.milestones if m.due and not m.done), key=lambda m: m.due)
    return pending[0] if pending else None


def owner_names(owners: list[Owner], names: dict[str, str]) -> list[str]:
    """Owners as people read them: the paper's name, or a linked Slack user's display name (never an id)."""
    out = []
    for owner in owners:
        name = owner.name or names.get(owner.slack_user) or "a Slack user"
        out.append(f"{name} ({owner.role})" if owner.role and owner.role not in name else name)
    return out


def milestone_text(m: Milestone, today: date, rules: rag.Rules = rag.DEFAULT_RULES) -> str:
    """``31 Jul 2013 (late): Second stage``; undated commitments by their label or phrase."""
    what = m.label or m.source
    if not m.due:
        return what
    mark = " (met)" if m.done else (" (late)" if rag.late(m, today, rules) else "")
    revised = f" ({m.revision()})" if m.revised_from else ""
    return f"{m.due:%-d %b %Y}{mark}: {what}{revised}" if what else f"{m.due:%-d %b %Y}{mark}{revised}"


def sign_off_text(rec: Recommendation) -> str:
    """``Signed off 12 Dec 2026 (minute 45)``, ``Proposed for closure`` or ``""``."""
    if rec.signed_off:
        minute = f" ({rec.signed_off.minute})" if rec.signed_off.minute else ""
        return f"Signed off {rec.signed_off.at[:10]}{minute}"
    return "Proposed for closure" if signoff.state(rec) == signoff.PROPOSED else ""
