"""Scheduled digests per channel: when one falls due, and what it says.

A digest is sent at most once per period (a day, or a week), at or after its time; a period's
key names the scheduled moment, so however many workers look, one digest is queued for it. A
digest says what changed since the last one (updates, decisions, closures, new slips), the red and
amber recommendations, and the counts; when there is nothing to say, nothing is sent.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from . import rag
from .errors import UserError
from .models import Milestone, Recommendation, Update

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
EVERY = ("daily", "weekly")
ONLY = ("red", "amber", "changes")


@dataclass(frozen=True)
class Digest:
    """A channel's digest setting."""

    channel: str
    every: str  # daily | weekly
    at: str  # HH:MM in the configured time zone
    weekday: int | None = None  # 0 = Monday, for weekly digests
    review: str | None = None
    only: str | None = None  # red | amber | changes; None: everything
    by: str = ""
    created: str = ""  # UTC ISO time it was set: the first digest covers what happened since
    last_at: str | None = None  # UTC ISO time of the last digest sent (or found to have nothing to say)

    def describe(self) -> str:
        when = f"every {WEEKDAYS[self.weekday].title()}" if self.every == "weekly" else "every day"
        scope = f" for {self.review}" if self.review else " for every review"
        only = {"red": ", red items only", "amber": ", red and amber items only", "changes": ", changes only"}
        return f"{when} at {self.at}{scope}{only.get(self.only or '', '')}"


def parse_time(text: str) -> str:
    """``9:00``, ``09:00``, ``0900`` -> ``09:00``."""
    digits = text.replace(":", "").replace(".", "")
    if digits.isdigit() and len(digits) in (3, 4):
        hour, minute = int(digits[:-2]), int(digits[-2:])
        if hour < 24 and minute < 60:
            return f"{hour:02d}:{minute:02d}"
    raise UserError(f"“{text}” is not a time of day: use 24-hour HH:MM, e.g. 09:00 or 17:30.")


def last_moment(digest: Digest, now: datetime) -> datetime | None:
    """The latest scheduled moment at or before ``now`` (aware, in the digest's time zone), or None
    when that moment came before the digest was set (its first one is still ahead)."""
    hour, minute = (int(x) for x in digest.at.split(":"))
    moment = datetime.combine(now.date(), time(hour, minute), tzinfo=now.tzinfo)
    if digest.every == "daily":
        if moment > now:
            moment -= timedelta(days=1)
    else:
        moment -= timedelta(days=(now.weekday() - digest.weekday) % 7)
        if moment > now:
            moment -= timedelta(days=7)
    if digest.created and moment < datetime.fromisoformat(digest.created.replace("Z", "+00:00")):
        return None
    return moment


def next_moment(digest: Digest, now: datetime) -> datetime:
    """When the digest is next sent, after ``now``."""
    moment = last_moment(replace(digest, created=""), now)
    return moment + timedelta(days=1 if digest.every == "daily" else 7)


def period_key(digest: Digest, now: datetime) -> str | None:
    """The key of the period whose digest is due at ``now``, e.g. ``digest|C123|2026-11-23T09:00``."""
    moment = last_moment(digest, now)
    return f"digest|{digest.channel}|{moment:%Y-%m-%dT%H:%M}" if moment else None


@dataclass
class Change:
    rec: Recommendation
    entry: Update


@dataclass
class DigestContent:
    """What one digest says."""

    since: str | None
    changes: list[Change] = field(default_factory=list)
    new_slips: list[tuple[Recommendation, Milestone]] = field(default_factory=list)
    red: list[Recommendation] = field(default_factory=list)
    amber: list[Recommendation] = field(default_factory=list)
    by_rag: Counter = field(default_factory=Counter)
    by_status: Counter = field(default_factory=Counter)

    @property
    def empty(self) -> bool:
        return not (self.changes or self.new_slips or self.red or self.amber)


def content(
    digest: Digest, recs: list[Recommendation], today: date, rules: rag.Rules = rag.DEFAULT_RULES
) -> DigestContent | None:
    """The digest for ``recs`` since the last one (the first: since it was set), or None when it has
    nothing to say."""
    since = digest.last_at or digest.created or None
    recs = [r for r in recs if digest.review is None or r.review == digest.review]
    ratings = {r.key: rag.rating(r, today, rules) for r in recs}
    out = DigestContent(since=since, by_rag=Counter(ratings.values()), by_status=Counter(r.status for r in recs))
    if digest.only in (None, "changes"):
        out.changes = [Change(r, u) for r in recs for u in r.updates if since is None or u.at > since]
        out.changes.sort(key=lambda c: c.entry.at)
        since_day = date.fromisoformat(since[:10]) if since else None
        out.new_slips = [
            (r, m)
            for r in recs
            for m in rag.late_milestones(r, today, rules)
            if since_day is None or m.due >= since_day
        ]
    if digest.only in (None, "red", "amber"):
        out.red = [r for r in recs if ratings[r.key] == rag.RED]
    if digest.only in (None, "amber"):
        out.amber = [r for r in recs if ratings[r.key] == rag.AMBER]
    return None if out.empty else out
