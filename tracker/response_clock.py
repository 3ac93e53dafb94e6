"""The executive's response clock: a response is due a set number of months after the committee reports.

Section 9FE of the Local Government Act 2000 gives the executive two months; ``months`` is
``RECBOT_RESPONSE_MONTHS``. The executive's answer to a recommendation (its response imported from
a paper, or a decision recorded in chat) stops the clock for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from .models import Recommendation, Review

DEFAULT_MONTHS = 2


@dataclass(frozen=True)
class Clock:
    """Where a review's response stands on a given day."""

    review: Review
    due: date
    awaiting: list[Recommendation]
    today: date

    @property
    def overdue(self) -> bool:
        return bool(self.awaiting) and self.today > self.due

    @property
    def key(self) -> str:
        """Announced once per review and due date."""
        return f"response-overdue|{self.review.slug}|{self.due.isoformat()}"

    def describe(self) -> str:
        if not self.awaiting:
            return f"the executive's response (due {self.due:%-d %b %Y}) is recorded"
        state = "overdue since" if self.overdue else "due"
        return (
            f"the executive's response is {state} {self.due:%-d %b %Y}: {len(self.awaiting)} "
            f"recommendation{'s' if len(self.awaiting) != 1 else ''} without a decision"
        )


def clock(review: Review, recs: list[Recommendation], today: date, months: int = DEFAULT_MONTHS) -> Clock | None:
    """The clock of a review whose report date is recorded (None before that)."""
    if review.reported is None:
        return None
    mine = [r for r in recs if r.review == review.slug]
    return Clock(review, review.reported + relativedelta(months=months), [r for r in mine if not responded(r)], today)


def responded(rec: Recommendation) -> bool:
    """The executive has answered: a decision is recorded, or the paper gives its response."""
    return rec.decision is not None or bool(rec.decision_text.strip() or rec.response.strip())


def overdue(
    reviews: list[Review], recs: list[Recommendation], today: date, months: int = DEFAULT_MONTHS
) -> list[Clock]:
    """The reviews whose response is overdue on ``today``."""
    clocks = (clock(r, recs, today, months) for r in reviews)
    return [c for c in clocks if c is not None and c.overdue]
