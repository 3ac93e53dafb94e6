"""The slip check: find slipped targets and due reminders, and queue each announcement exactly once."""

from __future__ import annotations

import gc
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta

from tracker import notice_payloads as payloads
from tracker.notices import Notice, OutboxItem
from tracker.response_clock import Clock, clock, overdue
from tracker.slips import CheckMark, DueRead, Reminder, Slip, due_reminders, find_slips, windows
from tracker.subscriptions import channels_for


@dataclass
class CheckResult:
    today: date
    checked: int
    slips: list[Slip]
    reminders: list[Reminder]
    new_slips: list[Slip] = field(default_factory=list)
    new_reminders: list[Reminder] = field(default_factory=list)
    overdue: list[Clock] = field(default_factory=list)
    new_overdue: list[Clock] = field(default_factory=list)
    queued: list[Notice] = field(default_factory=list)  # as queued (a dry run: as it would be)
    items: list[OutboxItem] = field(default_factory=list)  # in the outbox, for the caller to deliver

    def summary(self, dry_run: bool = False) -> str:
        verb = "would queue" if dry_run else "queued"
        # A review's overdue response goes to the channels that follow its slips: counted with them.
        slips = [n for n in self.queued if n.kind in (payloads.SLIPS, payloads.OVERDUE)]
        lines = [
            f"Slip check for {self.today.isoformat()}: {self.checked} recommendations, "
            f"{len(self.slips)} late milestones ({len(self.new_slips)} newly slipped), "
            f"{len(self.reminders)} due within the reminder window ({len(self.new_reminders)} not yet reminded), "
            f"{len(self.overdue)} executive response(s) overdue ({len(self.new_overdue)} newly).",
            f"{verb} {len(slips)} slip message(s) to {len({n.channel for n in slips})} channel(s) and "
            f"{sum(1 for n in self.queued if n.kind == payloads.REMINDER)} reminder(s).",
        ]
        return "\n".join(lines)


def _notices(store, slips: list[Slip], reminders: list[Reminder], clocks: list[Clock] = ()) -> list[Notice]:
    subs = store.subscriptions()
    per_channel: dict[str, list[Slip]] = defaultdict(list)
    subscriber: dict[str, tuple[str, str]] = {}
    for slip in slips:
        for channel, sub in channels_for(subs, slip.review, slip.rec_key, "slips").items():
            per_channel[channel].append(slip)
            subscriber.setdefault(channel, (sub.by, sub.describe()))
    notices = [
        Notice(
            kind=payloads.SLIPS,
            channel=channel,
            subscriber=subscriber[channel][0],
            about=subscriber[channel][1],
            payload=payload,
        )
        for channel, found in per_channel.items()
        for payload in payloads.slips_payloads(found)
    ]
    notices += [Notice(kind=payloads.REMINDER, channel=r.user, payload=payloads.reminder_payload(r)) for r in reminders]
    notices += [
        Notice(
            kind=payloads.OVERDUE,
            channel=channel,
            subscriber=sub.by,
            about=sub.describe(),
            payload=payloads.overdue_payload(clock),
        )
        for clock in clocks
        for channel, sub in channels_for(subs, clock.review.slug, "", "slips").items()
    ]
    return notices


@contextmanager
def _without_cycle_collection():
    """The check builds a few hundred thousand short-lived, acyclic objects; left on, the cyclic
    garbage collector rescans the whole in-memory store many times over (about half the time at
    10,000 recommendations). Reference counting still frees everything."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run(services, today: date, *, dry_run: bool = False, remind_days: int | None = None) -> CheckResult:
    """Check what fell due or changed since the last check (everything the first time, or in a dry
    run) on ``today``, and queue what is new; the caller delivers ``result.items``."""
    with _without_cycle_collection():
        return _check(services, today, dry_run, remind_days)


def _check(services, today: date, dry_run: bool, remind_days: int | None) -> CheckResult:
    store = services.store
    days = services.config.remind_days if remind_days is None else remind_days
    # A real run reads only what fell due or changed since the last one; a dry run reads everything.
    last = None if dry_run else store.last_check()
    read = store.due_since(windows(last, today, days), last.seen if last else None)
    recs = read.recs
    result = CheckResult(
        today, len(recs), find_slips(recs, today, services.config.rag_rules), due_reminders(recs, today, days)
    )
    result.overdue = _overdue(store, read, last, today, services.config.response_months)
    keys = [s.key for s in result.slips] + [r.key for r in result.reminders] + [c.key for c in result.overdue]

    def pick(fresh: set[str]) -> list[Notice]:
        result.new_slips = [s for s in result.slips if s.key in fresh]
        result.new_reminders = [r for r in result.reminders if r.key in fresh]
        result.new_overdue = [c for c in result.overdue if c.key in fresh]
        return _notices(store, result.new_slips, result.new_reminders, result.new_overdue)

    if dry_run:
        result.queued = pick(set(store.unseen(keys)))
        return result

    def build(fresh_keys: list[str]) -> list[Notice]:
        return pick(set(fresh_keys))

    _, result.items = store.queue_once(keys, build, time.time())
    result.queued = [item.notice for item in result.items]
    # Recorded once everything is queued: a check that fails before here is simply read again.
    store.record_check(CheckMark(today, today + timedelta(days=days), read.seen))
    return result


def _overdue(store, read: DueRead, last: CheckMark | None, today: date, months: int) -> list[Clock]:
    """Executive responses overdue: of every review after a full read, else of those whose clock ran
    out since the last check or that changed since (a report date set, a decision recorded)."""
    reviews = store.reviews()
    if read.everything or last is None:
        return overdue(reviews, read.recs, today, months)
    found = []
    for review in reviews:
        bare = clock(review, [], today, months)
        if bare is None or bare.due >= today or (bare.due < last.day and review.slug not in read.changed_reviews):
            continue
        full = clock(review, store.recommendations(review.slug), today, months)
        if full.overdue:
            found.append(full)
    return found
