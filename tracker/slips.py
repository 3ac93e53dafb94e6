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
