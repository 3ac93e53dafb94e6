"""``recbot check-slips`` and ``recbot outbox``: the daily check and the delivery queue, by hand."""

from __future__ import annotations

import sys

from settings.config import Config
from tracker.outbox_policy import GIVEN_UP

from .common import open_existing


def check_slips(config: Config, args) -> int:
    """Find slipped targets and due reminders; announce each once (or say what would be)."""
    from bot.jobs import check_slips as check
    from bot.slack_app import Services, web_client

    today = args.today or config.today()
    client = web_client(config) if config.bot_token and not args.dry_run else None
    services = Services(config=config, store=open_existing(config))
    result, delivery = check(services, today, client, dry_run=args.dry_run)
    print(result.summary(dry_run=args.dry_run))
    if delivery:
        print(delivery.summary())
    for slip in result.new_slips:
        print(
            f"  slipped: {slip.review} {slip.rec_id} “{slip.source or slip.label}” due {slip.due}, "
            f"{slip.days_late} days late"
        )
    if result.queued and client is None and not args.dry_run:
        print("  (queued in the outbox: SLACK_BOT_TOKEN is not set here, `recbot serve` delivers them)")
    return 0


def outbox(config: Config, args) -> int:
    """List what waits to be delivered or was given up; ``--deliver`` tries what is due first."""
    import datetime as dt

    store = open_existing(config)
    if args.deliver:
        if not config.bot_token:
            print("recbot: SLACK_BOT_TOKEN is not set: nothing can be delivered", file=sys.stderr)
            return 2
        from bot.delivery import deliver
        from bot.slack_app import web_client

        result = deliver(store, web_client(config))
        print(
            f"sent {len(result.posted)}, retrying {len(result.retrying)}, unreachable {len(result.unreachable)}, "
            f"given up {len(result.given_up)}"
        )
    items = sorted(store.outbox(), key=lambda i: i.created)
    if not items:
        print("The outbox is empty: everything has been delivered.")
        return 0
    for item in items:
        when = dt.datetime.fromtimestamp(item.next_at, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        state = "given up" if item.status == GIVEN_UP else f"pending, next try {when}"
        print(
            f"{item.id[:8]}  {item.channel:<12} {item.kind:<9} {state}; "
            f"{item.attempts} attempt(s){'; last error ' + item.last_error if item.last_error else ''}"
        )
    return 0
