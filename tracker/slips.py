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
from .rag import late


@dataclass(frozen=True)
class Slip:
    review: str
    rec_id: str
    title: str
    label: str
    source: str
    due: date
    days_late: int
    owners: tuple[str, ...] = ()

    @property
    def rec_key(self) -> str:
        return f"{self.review}/{self.rec_id}"

    @cached_property
    def key(self) -> str:
        return f"slip|{self.rec_key}|{self.source.strip().lower() or self.label.strip().lower()}|{self.due.isoformat()}"


@dataclass(frozen=True)
class Reminder:
    user: str
    review: str
    rec_id: str
    title: str
    label: str
    source: str
    due: date
    days_left: int

    @property
    def rec_key(self) -> str:
        return f"{self.review}/{self.rec_id}"

    @cached_property
    def key(self) -> str:
        milestone = self.source.strip().lower() or self.label.strip().lower()
        return f"remind|{self.rec_key}|{milestone}|{self.due.isoformat()}|{self.user}"


def _owners(rec: Recommendation) -> tuple[str, ...]:
    return tuple(o.slack_user or o.name for o in rec.owners if o.slack_user or o.name)


def find_slips(recs: list[Recommendation], today: date) -> list[Slip]:
    """Every milestone past its due date and not met, oldest first."""
    slips = []
    for r in recs:
        if r.status == "completed":
            continue
        overdue = [m for m in r.milestones if late(m, today)]
        if overdue:
            owners = _owners(r)
            slips += [
                Slip(r.review, r.id, r.title, m.label, m.source, m.due, (today - m.due).days, owners) for m in overdue
            ]
    return sorted(slips, key=lambda s: (s.due, s.review, s.rec_id))


def due_reminders(recs: list[Recommendation], today: date, remind_days: int = 7) -> list[Reminder]:
    """For each owner linked to a Slack user: milestones due within ``remind_days`` (and not late)."""
    horizon = today + timedelta(days=remind_days)
    return [
        Reminder(o.slack_user, r.review, r.id, r.title, m.label, m.source, m.due, (m.due - today).days)
        for r in recs
        if r.status != "completed"
        for m in r.milestones
        if m.due and not m.done and today <= m.due <= horizon
        for o in r.owners
        if o.slack_user
    ]
