"""Tell subscribed channels about changes: one message per channel, threaded per recommendation."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tracker.subscriptions import Subscription, channels_for

from . import messages
from .edits import Change

log = logging.getLogger("recbot.notify")

# Errors that mean "the bot can't post in that channel", which a person can fix by inviting it.
UNREACHABLE = {"not_in_channel", "channel_not_found", "is_archived", "restricted_action"}


@dataclass
class Delivery:
    posted: list[str] = field(default_factory=list)
    unreachable: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)


def subscribed_channels(store, change: Change, kind: str = "updates") -> dict[str, Subscription]:
    return channels_for(store.subscriptions(), change.review.slug, change.rec.key, kind)


def announce(store, client: WebClient, change: Change) -> Delivery:
    """Post the change to every subscribed channel once; report channels the bot cannot reach.

    Later messages about a recommendation go in the thread of the first one in that channel;
    a status change is also shown in the channel (``reply_broadcast``).
    """
    delivery = Delivery()
    message = messages.change_message(change)
    for channel, sub in subscribed_channels(store, change).items():
        thread_ts = store.thread(channel, change.rec.key)
        try:
            response = client.chat_postMessage(
                channel=channel,
                **message,
                thread_ts=thread_ts,
                reply_broadcast=bool(thread_ts and change.status_changed),
                unfurl_links=False,
            )
        except SlackApiError as exc:
            error = exc.response.get("error", "unknown_error") if exc.response else "unknown_error"
            if error in UNREACHABLE:
                delivery.unreachable[channel] = error
                tell_subscriber(client, sub, error)
            else:
                delivery.failed[channel] = error
                log.warning("could not post to %s: %s", channel, error)
            continue
        delivery.posted.append(channel)
        if not thread_ts:
            store.remember_thread(channel, change.rec.key, response["ts"])
    return delivery


def tell_subscriber(client: WebClient, sub: Subscription, error: str) -> None:
    """Let whoever subscribed a channel know the bot cannot post there, and how to fix it."""
    if not sub.by:
        return
    try:
        client.chat_postMessage(channel=sub.by, **messages.unreachable_message(sub, error))
    except SlackApiError as exc:
        log.warning("could not tell %s about %s: %s", sub.by, sub.channel, exc.response.get("error"))


def announce_import(store, client: WebClient, reports, paper_name: str) -> Delivery:
    """After an import, one summary per subscribed channel, not one message per recommendation."""
    delivery = Delivery()
    subs = store.subscriptions()
    per_channel: dict[str, tuple[Subscription, list]] = {}
    for report in reports:
        changed = report.added + report.updated
        for rec_id in changed:
            for channel, sub in channels_for(subs, report.review, f"{report.review}/{rec_id}", "updates").items():
                entry = per_channel.setdefault(channel, (sub, []))
                if report not in entry[1]:
                    entry[1].append(report)
    for channel, (sub, channel_reports) in per_channel.items():
        try:
            client.chat_postMessage(channel=channel, **messages.import_message(channel_reports, paper_name))
        except SlackApiError as exc:
            error = exc.response.get("error", "unknown_error") if exc.response else "unknown_error"
            if error in UNREACHABLE:
                delivery.unreachable[channel] = error
                tell_subscriber(client, sub, error)
            else:
                delivery.failed[channel] = error
            continue
        delivery.posted.append(channel)
    return delivery
