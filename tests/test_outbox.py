"""The outbox at scale: batched, spread over small files, paced per channel, never posting one item twice.

Delivery through the port runs on every store (``any_store``); the segment files are TinyDB's own.
"""

from __future__ import annotations

import json
import threading
import time

from bot import delivery
from bot.delivery import deliver
from bot.slack_app import web_client
from storage import shards
from storage.outbox import SEGMENT_ITEMS
from storage.store import Store
from tests.conftest import another, until
from tracker import notice_payloads as payloads
from tracker.notices import Notice


def note(channel: str, words: str) -> Notice:
    """A notice rendered at delivery: an import summary naming ``words`` as its paper."""
    return Notice(kind=payloads.IMPORT, channel=channel, payload=payloads.import_payload([], words))


def items(count: int, channels: int) -> list[Notice]:
    return [note(f"C{n % channels:08d}", f"note {n}") for n in range(count)]


def rate_limit(fake_slack, seconds: str) -> None:
    """The next chat.postMessage gets a 429 with this Retry-After."""
    body = {"ok": False, "error": "ratelimited"}
    fake_slack.fail("chat.postMessage", status=429, body=body, headers={"Retry-After": seconds})


def outbox_files(store: Store) -> list[str]:
    return [n for n in json.loads(store.path.read_text())["shards"] if n.startswith("outbox")]


def generation(store: Store) -> int:
    return json.loads(store.path.read_text())["generation"]


def test_a_big_outbox_is_spread_over_small_files_and_delivered_in_batches(store, config, fake_slack, monkeypatch):
    monkeypatch.setattr(delivery, "PER_CHANNEL", 0.0)
    store.queue(items(1000, 10), time.time())
    files = outbox_files(store)
    assert len(files) == 1000 // SEGMENT_ITEMS
    before = generation(store)
    result = deliver(store, web_client(config))
    assert len(result.posted) == 1000 and len(fake_slack.calls_to("chat.postMessage")) == 1000
    assert generation(store) - before < 150  # claims and completions in batches, not a write per item
    assert store.outbox() == [] and outbox_files(store) == []  # delivered items left the store


def test_lookups_never_parse_the_outbox(store, monkeypatch):
    other = Store(store.path)
    store.queue(items(50, 2), time.time())
    other.count()
    loaded = []
    real = shards.ShardSet._load
    monkeypatch.setattr(shards.ShardSet, "_load", lambda self, file: loaded.append(file) or real(self, file))
    store.queue(items(50, 2), time.time())
    assert other.count() == 0 and other.get("any", "R1") is None
    assert not [f for f in loaded if f.startswith("outbox")]


def test_a_retry_after_never_lets_a_second_worker_post_the_same_item(any_store, config, fake_slack):
    """The first worker gets a 429; the second runs after the first's lease would have ended."""
    fake_slack.fail(
        "chat.postMessage", status=429, body={"ok": False, "error": "ratelimited"}, headers={"Retry-After": "2"}
    )
    any_store.queue(items(1, 1), time.time())
    first = threading.Thread(target=deliver, args=(any_store, web_client(config)))
    started = time.monotonic()
    first.start()
    until(lambda: [i.last_error for i in any_store.outbox()] == ["rate_limited"], what="the first worker's 429")
    later = time.time() + delivery.LEASE + 1  # the second worker's clock: the first's lease is over
    with another(any_store) as other:  # a second worker's own connection to the same store
        second = deliver(other, web_client(config), now=later)
    first.join()
    assert time.monotonic() - started < 2.0  # the first worker did not sit out Retry-After in the client
    assert len(second.posted) == 1
    assert deliver(any_store, web_client(config), now=later + 10).posted == []
    assert len(fake_slack.posts_to("C00000000")) == 2  # the 429 and one post: never two posts


def test_a_long_retry_after_keeps_the_item_until_it_ends(any_store, config, fake_slack):
    fake_slack.fail(
        "chat.postMessage", status=429, body={"ok": False, "error": "ratelimited"}, headers={"Retry-After": "600"}
    )
    any_store.queue(items(1, 1), time.time())
    now = time.time()
    assert deliver(any_store, web_client(config), now=now).retrying == {"C00000000": "rate_limited"}
    assert deliver(any_store, web_client(config), now=now + delivery.LEASE + 1).posted == []
    assert deliver(any_store, web_client(config), now=now + 601).posted == ["C00000000"]
    assert any_store.outbox() == []


def test_posts_to_one_channel_are_paced_and_other_channels_go_between(any_store, config, fake_slack, monkeypatch):
    monkeypatch.setattr(delivery, "PER_CHANNEL", 0.3)
    any_store.queue(items(3, 1) + [note("COTHER01", "other")], time.time())
    deliver(any_store, web_client(config))
    calls = fake_slack.calls_to("chat.postMessage")
    assert [c.args["channel"] for c in calls][:2] == ["C00000000", "COTHER01"]
    same = [c.at for c in calls if c.args["channel"] == "C00000000"]
    assert len(same) == 3
    assert all(b - a >= 0.25 for a, b in zip(same, same[1:], strict=False))


def test_a_post_that_could_outlast_the_lease_is_not_started(any_store, config, fake_slack, monkeypatch):
    monkeypatch.setattr(delivery, "LEASE", 5.0)  # shorter than the longest a post may take
    any_store.queue(items(2, 2), time.time())
    result = deliver(any_store, web_client(config), now=time.time())
    assert result.posted == [] and fake_slack.calls_to("chat.postMessage") == []
    assert {i.status for i in any_store.outbox()} == {"pending"}
