"""Which channels hear about what: notices for changes and imports, one per channel."""

from __future__ import annotations

from tracker import notice_payloads as payloads
from tracker.merge import MergeReport
from tracker.notices import Notice
from tracker.subscriptions import Subscription, channels_for


def change_notices(change, subs: list[Subscription]) -> list[Notice]:
    """One notice per channel subscribed to this recommendation's updates, threaded per recommendation.

    Later messages about a recommendation go in the thread of the first one in that channel; a
    status change is also shown in the channel (``broadcast``).
    """
    payload = payloads.change_payload(change.rec, change.actor, change.entries)
    return [
        Notice(
            kind=payloads.UPDATE,
            channel=channel,
            thread_key=change.rec.key,
            broadcast=change.status_changed,
            subscriber=sub.by,
            about=sub.describe(),
            payload=payload,
        )
        for channel, sub in channels_for(subs, change.review.slug, change.rec.key, "updates").items()
    ]


def import_notices(subs: list[Subscription], reports: list[MergeReport], paper_name: str) -> list[Notice]:
    """After an import, one summary per subscribed channel, not one message per recommendation."""
    per_channel: dict[str, tuple[Subscription, list]] = {}
    for report in reports:
        for rec_id in report.added + report.updated:
            for channel, sub in channels_for(subs, report.review, f"{report.review}/{rec_id}", "updates").items():
                _, reports_here = per_channel.setdefault(channel, (sub, []))
                if report not in reports_here:
                    reports_here.append(report)
    return [
        Notice(
            kind=payloads.IMPORT,
            channel=channel,
            subscriber=sub.by,
            about=sub.describe(),
            payload=payloads.import_payload(reps, paper_name),
        )
        for channel, (sub, reps) in per_channel.items()
    ]
