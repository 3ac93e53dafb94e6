"""Which channels hear about what: outbox items for changes and imports, one per channel."""

from __future__ import annotations

from bot import messages
from tracker.subscriptions import Subscription, channels_for


def change_notices(change, subs: list[Subscription]) -> list[dict]:
    """One item per channel subscribed to this recommendation's updates, threaded per recommendation.

    Later messages about a recommendation go in the thread of the first one in that channel; a
    status change is also shown in the channel (``reply_broadcast``).
    """
    message = messages.change_message(change)
    return [
        {
            "channel": channel,
            "message": message,
            "thread_key": change.rec.key,
            "broadcast": change.status_changed,
            "subscriber": sub.by,
            "about": sub.describe(),
            "kind": "update",
        }
        for channel, sub in channels_for(subs, change.review.slug, change.rec.key, "updates").items()
    ]


def import_notices(subs: list[Subscription], reports, paper_name: str) -> list[dict]:
    """After an import, one summary per subscribed channel, not one message per recommendation."""
    per_channel: dict[str, tuple[Subscription, list]] = {}
    for report in reports:
        for rec_id in report.added + report.updated:
            for channel, sub in channels_for(subs, report.review, f"{report.review}/{rec_id}", "updates").items():
                _, reports_here = per_channel.setdefault(channel, (sub, []))
                if report not in reports_here:
                    reports_here.append(report)
    return [
        {
            "channel": channel,
            "message": messages.import_message(reps, paper_name),
            "subscriber": sub.by,
            "about": sub.describe(),
            "kind": "import",
        }
        for channel, (sub, reps) in per_channel.items()
    ]
