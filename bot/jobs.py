"""The scheduled jobs at the edge: run a use-case that queues notices, then deliver what is due."""

from __future__ import annotations

from datetime import date, datetime

from slack_sdk import WebClient

from tracker.notices import OutboxItem
from usecases import digest_run, slipcheck

from .delivery import Delivery, deliver


def check_slips(
    services, today: date, client: WebClient | None = None, *, dry_run: bool = False, remind_days: int | None = None
) -> tuple[slipcheck.CheckResult, Delivery | None]:
    """The slip check on ``today``; with a client, deliver what is due (what it queued among it)."""
    result = slipcheck.run(services, today, dry_run=dry_run, remind_days=remind_days)
    if client is None or dry_run:
        return result, None
    return result, deliver(services.store, client)


def send_digests(services, now: datetime, client: WebClient | None = None) -> tuple[list[OutboxItem], Delivery | None]:
    """Queue the digests due at ``now``; with a client, deliver what is due."""
    queued = digest_run.run(services, now)
    if not queued or client is None:
        return queued, None
    return queued, deliver(services.store, client)
