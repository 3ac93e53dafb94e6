"""The slip check: find slipped targets and due reminders, queue each announcement exactly once, deliver."""

from __future__ import annotations

import gc
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from slack_sdk import WebClient

from bot import reports
from bot.delivery import Delivery, deliver
from tracker.response_clock import Clock, overdue
from tracker.slips import Reminder, Slip, due_reminders, find_slips
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
    queued: list[dict] = field(default_factory=list)
    delivery: Delivery | None = None

    def summary(self, dry_run: bool = False) -> str:
        verb = "would queue" if dry_run else "queued"
        channels = {i["channel"] for i in self.queued if i.get("kind") == "slips"}
        lines = [
            f"Slip check for {self.today.isoformat()}: {self.checked} recommendations, "
            f"{len(self.slips)} late milestones ({len(self.new_slips)} newly slipped), "
            f"{len(self.reminders)} due within the reminder window ({len(self.new_reminders)} not yet reminded), "
            f"{len(self.overdue)} executive response(s) overdue ({len(self.new_overdue)} newly).",
            f"{verb} {sum(1 for i in self.queued if i.get('kind') == 'slips')} slip message(s) to "
            f"{len(channels)} channel(s) and {sum(1 for i in self.queued if i.get('kind') == 'reminder')} reminder(s).",
        ]
        if self.delivery:
            d = self.delivery
            lines.append(
                f"sent {len(d.posted)}; retrying {len(d.retrying)}; unreachable {len(d.unreachable)}; "
                f"given up {len(d.given_up)}."
            )
        return "\n".join(lines)


def _items(store, slips: list[Slip], reminders: list[Reminder], clocks: list[Clock] = ()) -> list[dict]:
    subs = store.subscriptions()
    per_channel: dict[str, list[Slip]] = defaultdict(list)
    subscriber: dict[str, tuple[str, str]] = {}
    for slip in slips:
        for channel, sub in channels_for(subs, slip.review, slip.rec_key, "slips").items():
            per_channel[channel].append(slip)
            subscriber.setdefault(channel, (sub.by, sub.describe()))
    items = [
        {
            "channel": channel,
            "message": message,
            "kind": "slips",
            "subscriber": subscriber[channel][0],
            "about": subscriber[channel][1],
        }
        for channel, found in per_channel.items()
        for message in reports.slip_digest(found)
    ]
    items += [{"channel": r.user, "message": reports.reminder_message(r), "kind": "reminder"} for r in reminders]
    items += [
        {
            "channel": channel,
            "message": reports.response_overdue_message(clock),
            "kind": "slips",
            "subscriber": sub.by,
            "about": sub.describe(),
        }
        for clock in clocks
        for channel, sub in channels_for(subs, clock.review.slug, "", "slips").items()
    ]
    return items


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


def run(
    services, today: date, *, client: WebClient | None = None, dry_run: bool = False, remind_days: int | None = None
) -> CheckResult:
    """Check every recommendation on ``today``; with a client, deliver what was queued."""
    with _without_cycle_collection():
        result = _check(services, today, dry_run, remind_days)
    if client is not None and not dry_run:
        result.delivery = deliver(services.store, client)
    return result


def _check(services, today: date, dry_run: bool, remind_days: int | None) -> CheckResult:
    store = services.store
    recs = store.recommendations()
    days = services.config.remind_days if remind_days is None else remind_days
    result = CheckResult(
        today, len(recs), find_slips(recs, today, services.config.rag_rules), due_reminders(recs, today, days)
    )
    result.overdue = overdue(store.reviews(), recs, today, services.config.response_months)
    keys = [s.key for s in result.slips] + [r.key for r in result.reminders] + [c.key for c in result.overdue]

    def pick(fresh: set[str]) -> list[dict]:
        result.new_slips = [s for s in result.slips if s.key in fresh]
        result.new_reminders = [r for r in result.reminders if r.key in fresh]
        result.new_overdue = [c for c in result.overdue if c.key in fresh]
        return _items(store, result.new_slips, result.new_reminders, result.new_overdue)

    if dry_run:
        result.queued = pick(set(store.unseen(keys)))
        return result

    def build(fresh_keys: list[str]) -> list[dict]:
        return pick(set(fresh_keys))

    _, result.queued = store.queue_once(keys, build, time.time())
    return result
