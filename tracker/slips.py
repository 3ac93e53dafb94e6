"""Slips (milestones that turned red) and reminders (a milestone due soon), found from a given ``today``.

Each carries a key that names the event: the recommendation, the milestone and its due date. A
slip is announced once per key, so running the check again changes nothing, while a milestone
moved to a new date that slips again is a new slip.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from .models import Recommendation
from .rag import DEFAULT_RULES, Rules, judged_due, late


@dataclass(frozen=True)
class _MilestoneEvent:
    review: str
    rec_id: str
    title: str
    label: str
    source: str
    due: date

    @property
    def rec_key(self) -> str:
        return f"{self.review}/{self.rec_id}"

    @property
    def milestone_key(self) -> str:
        """Recommendation, milestone (its phrase, else its label) and due date."""
        return f"{self.rec_key}|{self.source.strip().lower() or self.label.strip().lower()}|{self.due.isoformat()}"


@dataclass(frozen=True)
class Slip(_MilestoneEvent):
    days_late: int = 0
    owners: tuple[str, ...] = ()

    @cached_property
    def key(self) -> str:
        return f"slip|{self.milestone_key}"


@dataclass(frozen=True)
class Reminder(_MilestoneEvent):
    user: str = ""
    days_left: int = 0

    @cached_property
    def key(self) -> str:
        return f"remind|{self.milestone_key}|{self.user}"


def _owners(rec: Recommendation) -> tuple[str, ...]:
    return tuple(o.slack_user or o.name for o in rec.owners if o.slack_user or o.name)


def find_slips(recs: list[Recommendation], today: date, rules: Rules = DEFAULT_RULES) -> list[Slip]:
    """Every milestone past its due date (as ``rules`` judge it) and not met, oldest first."""
    slips = []
    for r in recs:
        if r.status == "completed" or r.signed_off:
            continue
        overdue = [(m, judged_due(m, rules)) for m in r.milestones if late(m, today, rules)]
        if overdue:
            owners = _owners(r)
            slips += [
                Slip(r.review, r.id, r.title, m.label, m.phrase, due, (today - due).days, owners) for m, due in overdue
            ]
    return sorted(slips, key=lambda s: (s.due, s.review, s.rec_id))


def due_reminders(recs: list[Recommendation], today: date, remind_days: int = 7) -> list[Reminder]:
    """For each owner linked to a Slack user: milestones due within ``remind_days`` (and not late)."""
    horizon = today + timedelta(days=remind_days)
    return [
        Reminder(r.review, r.id, r.title, m.label, m.phrase, m.due, user=o.slack_user, days_left=(m.due - today).days)
        for r in recs
        if r.status != "completed" and not r.signed_off
        for m in r.milestones
        if m.due and not m.done and today <= m.due <= horizon
        for o in r.owners
        if o.slack_user
    ]


@dataclass(frozen=True)
class CheckMark:
    """What the last slip check covered, as its store recorded it.

    ``day`` is the day it ran for, ``horizon`` the last day its reminders reached, and ``seen`` the
    store's marker of changes it had read (a later check re-reads whatever changed at or after it).
    """

    day: date
    horizon: date
    seen: int


def watched_dates(rec: Recommendation) -> set[date]:
    """The dates on which a recommendation's milestones can turn late or come up for a reminder:
    each milestone's due date and its first agreed date (``RECBOT_LATE_FROM=original`` judges by it)."""
    dates = {m.due for m in rec.milestones if m.due}
    return dates | {m.revised_from[0] for m in rec.milestones if m.revised_from and m.revised_from[0]}


def windows(last: CheckMark | None, today: date, remind_days: int) -> list[tuple[date, date]] | None:
    """The date ranges (inclusive) in which a milestone can have turned late, or come within
    ``remind_days``, since the ``last`` check; None when everything must be read (no last check,
    or one recorded for a later day than ``today``).

    A milestone is late the day after it falls due, so a slip since ``last.day`` fell due on or
    after it; a reminder is new past the last check's horizon.
    """
    if last is None or last.day > today:
        return None
    return [(last.day, today), (last.horizon, today + timedelta(days=remind_days))]


@dataclass
class DueRead:
    """What a store found for a slip check: the recommendations to judge, the reviews changed since
    the last check (every one when it read everything), and the marker the next check starts from."""

    recs: list[Recommendation]
    changed_reviews: set[str]
    seen: int
    everything: bool = False
