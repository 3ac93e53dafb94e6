"""Deliver the outbox to Slack: retry what failed with backoff, give up after a limit, never post twice.

A 429 waits for Slack's Retry-After; a 5xx or a network error backs off 1, 2, 4 ... minutes (at
most an hour); after ``MAX_ATTEMPTS`` failed attempts an item is given up and shown by
``recbot outbox``. A channel the bot is not in is not retried: whoever subscribed it is told.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from storage.outbox import SENT

from . import messages

log = logging.getLogger("recbot.delivery")

MAX_ATTEMPTS = 8
BACKOFF_BASE = 60.0
BACKOFF_MAX = 3600.0
# Errors that mean "the bot can't post in that channel", which a person can fix by inviting it.
UNREACHABLE = {"not_in_channel", "channel_not_found", "is_archived", "restricted_action"}


@dataclass
class Delivery:
    posted: list[str] = field(default_factory=list)
    retrying: dict[str, str] = field(default_factory=dict)
    unreachable: dict[str, str] = field(default_factory=dict)
    given_up: dict[str, str] = field(default_factory=dict)


def backoff(attempts: int) -> float:
    """Seconds to wait after the ``attempts``-th failure."""
    return min(BACKOFF_BASE * 2 ** (attempts - 1), BACKOFF_MAX)


def deliver(store, client: WebClient, now: float | None = None) -> Delivery:
    """Post every outbox item that is due; each one is claimed first so no other worker posts it."""
    now = time.time() if now is None else now
    result = Delivery()
    for _ in range(3):  # a failure can queue a note to a subscriber: deliver that too
        items = store.claim(now)
        if not items:
            break
        for item in items:
            _deliver_one(store, client, item, now, result)
    return result


def _deliver_one(store, client: WebClient, item: dict, now: float, result: Delivery) -> None:
    channel, attempts = item["channel"], item["attempts"] + 1
    kwargs = {"channel": channel, **item["message"], "unfurl_links": False}
    thread_key = item.get("thread_key")
    existing_thread = store.thread(channel, thread_key) if thread_key else None
    if existing_thread:
        kwargs.update(thread_ts=existing_thread, reply_broadcast=bool(item.get("broadcast")))
    try:
        response = client.chat_postMessage(**kwargs)
    except SlackApiError as exc:
        _failed(store, client, item, attempts, now, exc, result)
        return
    except OSError as exc:  # network trouble: URLError, timeouts, refused connections
        _retry(store, item, attempts, now, f"network: {exc}", backoff(attempts), result)
        return
    store.delivered(item["id"], response.get("ts"))
    result.posted.append(channel)
    if thread_key and not existing_thread and response.get("ts"):
        store.remember_thread(channel, thread_key, response["ts"])


def _failed(store, client, item: dict, attempts: int, now: float, exc: SlackApiError, result: Delivery) -> None:
    response = exc.response
    status = getattr(response, "status_code", 0)
    error = (
        response.get("error") if response is not None and isinstance(response.data, dict) else None
    ) or f"http_{status}"
    if status == 429:
        wait = float(response.headers.get("Retry-After", response.headers.get("retry-after", 30)) or 30)
        _retry(store, item, attempts, now, "rate_limited", wait, result)
    elif status >= 500 or error in ("internal_error", "fatal_error", "service_unavailable", "request_timeout"):
        _retry(store, item, attempts, now, error, backoff(attempts), result)
    elif error in UNREACHABLE:
        store.give_up(item["id"], error, attempts)
        result.unreachable[item["channel"]] = error
        if item.get("subscriber"):
            store.queue(
                [
                    {
                        "channel": item["subscriber"],
                        "message": messages.unreachable_message(item["channel"], item.get("about", ""), error),
                    }
                ],
                now,
            )
    else:
        # Anything else (invalid_blocks, not_authed, ...) will not get better by retrying.
        log.error("giving up on outbox item %s to %s: %s", item["id"], item["channel"], error)
        store.give_up(item["id"], error, attempts)
        result.given_up[item["channel"]] = error


def _retry(store, item: dict, attempts: int, now: float, error: str, wait: float, result: Delivery) -> None:
    if attempts >= MAX_ATTEMPTS:
        log.error(
            "giving up on outbox item %s to %s after %d attempts: %s", item["id"], item["channel"], attempts, error
        )
        store.give_up(item["id"], error, attempts)
        result.given_up[item["channel"]] = error
        return
    store.retry_later(item["id"], error, attempts, now + wait)
    result.retrying[item["channel"]] = error


def sent(store, items: list[dict]) -> set[str]:
    """Channels among ``items`` whose message has gone out."""
    ids = {i["id"] for i in items}
    return {d["channel"] for d in store.outbox(statuses=(SENT,)) if d["id"] in ids}
