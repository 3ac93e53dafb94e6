"""Deliver the outbox to Slack: retry what failed with backoff, give up after a limit, never post twice.

Items are claimed in batches with a lease, posted about one a second per channel (Slack's limit
for ``chat.postMessage``), and completed in one write every ``FLUSH_ITEMS`` posts or second, so a
large slip run never holds the store's lock for long. A 429 never makes delivery wait inside the
lease: the item (and the rest of that channel's batch) goes back to the outbox until Slack's
Retry-After, and no post starts unless it can finish before the lease ends, so no other worker can
take an item while this one may still post it. A 5xx or a network error backs off as
``tracker.outbox_policy`` says; after its last attempt an item is given up and shown by ``recbot
outbox``. A channel the bot is not in is not retried: whoever subscribed it is told. Each notice is
rendered to Block Kit here, just before it is posted (``bot.notice_render``).
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from storage.port import StorePort
from tracker import notice_payloads as payloads
from tracker.notices import Notice, OutboxItem
from tracker.outbox_policy import GIVEN_UP, LEASE, TRANSIENT, UNREACHABLE, Outcome, after_failure, given_up, later

from .notice_render import Unrenderable, render

log = logging.getLogger("recbot.delivery")

BATCH = 50
FLUSH_ITEMS = 20
FLUSH_SECONDS = 1.0
PER_CHANNEL = 1.0  # seconds between two posts to one channel


@dataclass
class Delivery:
    posted: list[str] = field(default_factory=list)
    retrying: dict[str, str] = field(default_factory=dict)
    unreachable: dict[str, str] = field(default_factory=dict)
    given_up: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        return (
            f"sent {len(self.posted)}; retrying {len(self.retrying)}; unreachable {len(self.unreachable)}; "
            f"given up {len(self.given_up)}."
        )


def deliver(store: StorePort, client: WebClient, now: float | None = None, only: set[str] | None = None) -> Delivery:
    """Post every outbox item that is due (only the items ``only`` names, if given); each batch is
    claimed first so no other worker posts it."""
    clock: Callable[[], float] = (lambda: now) if now is not None else time.time
    run = _Run(store, _without_rate_limit_waits(client), clock)
    while True:
        items = store.claim(clock(), lease=LEASE, limit=BATCH, ids=only)
        if not items:
            break
        tried = run.tried
        noted = run.post(items)
        if run.tried == tried:
            break  # nothing could be posted inside the lease: try again on the next run
        if only is not None:
            if not noted:
                break
            only = noted  # a note to a subscriber about an unreachable channel goes out too
    return run.result


def _without_rate_limit_waits(client: WebClient) -> WebClient:
    """The client without its 429 handler: a wait of Slack's choosing could outlast the lease."""
    poster = copy.copy(client)
    poster.retry_handlers = [h for h in client.retry_handlers if not isinstance(h, RateLimitErrorRetryHandler)]
    return poster


class _Run:
    """One delivery run: posts claimed items and records what happened in batched writes."""

    def __init__(self, store: StorePort, client: WebClient, clock: Callable[[], float]) -> None:
        self.store, self.client, self.clock = store, client, clock
        self.result = Delivery()
        self.outcomes: dict[str, Outcome | None] = {}
        self.threads: dict[tuple[str, str], str] = {}
        self.new_threads: list[tuple[str, str, str]] = []
        self.next_post: dict[str, float] = {}  # channel -> time.monotonic() it may be posted to again
        self.paused: dict[str, float] = {}  # channel -> outbox time its 429 ends
        self.tried = 0  # posts attempted
        self.flushed = time.monotonic()
        # A post that starts must end before the lease does: the HTTP timeout, once retried on a reset.
        self.longest_post = float(client.timeout or 30) * 2 + 5

    def post(self, items: list[OutboxItem]) -> set[str]:
        """Post a claimed batch; returns the ids of notes queued for subscribers on the way."""
        leased_until = time.monotonic() + LEASE
        noted: set[str] = set()
        ordered = _round_robin(items)
        for n, item in enumerate(ordered):
            channel = item.channel
            if channel in self.paused:
                self.outcomes[item.id] = later(self.paused[channel])
                continue
            wait = max(self.next_post.get(channel, 0.0) - time.monotonic(), 0.0)
            if time.monotonic() + wait + self.longest_post > leased_until:
                # Too little of the lease left to be sure a post ends inside it: back to the outbox.
                for rest in ordered[n:]:
                    self.outcomes[rest.id] = later(self.clock())
                break
            if wait:
                self._flush()
                time.sleep(wait)
            noted |= self._one(item)
            self.next_post[channel] = time.monotonic() + PER_CHANNEL
            if len(self.outcomes) >= FLUSH_ITEMS or time.monotonic() - self.flushed >= FLUSH_SECONDS:
                self._flush()
        self._flush()
        return noted

    def _flush(self) -> None:
        self.store.complete(self.outcomes, self.new_threads)
        self.outcomes, self.new_threads = {}, []
        self.flushed = time.monotonic()

    def _one(self, item: OutboxItem) -> set[str]:
        notice, attempts = item.notice, item.attempts + 1
        channel = notice.channel
        try:
            message = render(notice)
        except Unrenderable as exc:
            # Rendering it again will not help: kept, given up, for `recbot outbox` to show.
            log.error("giving up on outbox item %s to %s: %s", item.id, channel, exc)
            self.outcomes[item.id] = given_up(attempts, "unrenderable")
            self.result.given_up[channel] = "unrenderable"
            return set()
        kwargs = {"channel": channel, **message, "unfurl_links": False}
        thread_key = notice.thread_key
        existing = None
        if thread_key:
            existing = self.threads.get((channel, thread_key)) or self.store.thread(channel, thread_key)
        if existing:
            kwargs.update(thread_ts=existing, reply_broadcast=notice.broadcast)
        self.tried += 1
        try:
            response = self.client.chat_postMessage(**kwargs)
        except SlackApiError as exc:
            return self._failed(item, attempts, exc)
        except OSError as exc:  # network trouble: URLError, timeouts, refused connections
            self._retry(item, attempts, f"network: {exc}")
            return set()
        self.outcomes[item.id] = None  # delivered: it leaves the outbox
        self.result.posted.append(channel)
        if thread_key and not existing and response.get("ts"):
            self.threads[(channel, thread_key)] = response["ts"]
            self.new_threads.append((channel, thread_key, response["ts"]))
        return set()

    def _failed(self, item: OutboxItem, attempts: int, exc: SlackApiError) -> set[str]:
        response = exc.response
        status = getattr(response, "status_code", 0)
        error = (
            response.get("error") if response is not None and isinstance(response.data, dict) else None
        ) or f"http_{status}"
        if status == 429:
            headers = response.headers or {}
            wait = float(headers.get("Retry-After", headers.get("retry-after", 30)) or 30)
            # Not a failure of the item: it waits in the outbox, with its channel's other items.
            until = self.clock() + wait
            self.outcomes[item.id] = later(until, "rate_limited")
            self.paused[item.channel] = until
            self.result.retrying[item.channel] = "rate_limited"
        elif status >= 500 or error in TRANSIENT:
            self._retry(item, attempts, error)
        elif error in UNREACHABLE:
            self.outcomes[item.id] = given_up(attempts, error)
            self.result.unreachable[item.channel] = error
            if item.notice.subscriber:
                note = Notice(
                    kind=payloads.UNREACHABLE,
                    channel=item.notice.subscriber,
                    payload=payloads.unreachable_payload(item.channel, item.notice.about, error),
                )
                return {q.id for q in self.store.queue([note], self.clock())}
        else:
            # Anything else (invalid_blocks, not_authed, ...) will not get better by retrying.
            log.error("giving up on outbox item %s to %s: %s", item.id, item.channel, error)
            self.outcomes[item.id] = given_up(attempts, error)
            self.result.given_up[item.channel] = error
        return set()

    def _retry(self, item: OutboxItem, attempts: int, error: str) -> None:
        outcome = after_failure(attempts, error, self.clock())
        self.outcomes[item.id] = outcome
        if outcome.status == GIVEN_UP:
            log.error("giving up on outbox item %s to %s after %d attempts: %s", item.id, item.channel, attempts, error)
            self.result.given_up[item.channel] = error
        else:
            self.result.retrying[item.channel] = error


def _round_robin(items: list[OutboxItem]) -> list[OutboxItem]:
    """One item per channel in turn, oldest first within a channel, so no channel waits on another."""
    by_channel: dict[str, list[OutboxItem]] = {}
    for item in items:
        by_channel.setdefault(item.channel, []).append(item)
    queues = list(by_channel.values())
    ordered = []
    while queues:
        ordered += [q.pop(0) for q in queues]
        queues = [q for q in queues if q]
    return ordered
