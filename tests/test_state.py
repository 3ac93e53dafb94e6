"""The ``state`` helper the "changes nothing" tests rely on: it sees every kind of change, on every store."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import state
from tracker.digests import Digest
from tracker.models import Update
from tracker.notices import Notice
from tracker.subscriptions import Subscription

SLUG = "wiltshire-2013-safeguarding"


def note(store) -> None:
    store.change(SLUG, "R16", lambda rec: rec.updates.append(Update(at="2026-11-24T09:00:00Z", by="U1", note="n")))


def queue(store) -> None:
    store.queue([Notice(kind="update", channel="C1", payload={"words": "hi"})], 0.0)


CHANGES = {
    "history": note,
    "reported": lambda store: store.set_reported(SLUG, date(2026, 11, 1)),
    "subscription": lambda store: store.subscribe(Subscription("C1", "all")),
    "digest": lambda store: store.set_digest(Digest(channel="C1", every="daily", at="09:00")),
    "people": lambda store: store.remember_people({"U1": "Jo"}),
    "outbox": queue,
    "removed": lambda store: store.remove_review(SLUG),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_state_sees_each_kind_of_change(any_w2013, change):
    before = state(any_w2013)
    assert state(any_w2013) == before  # reading changes nothing
    CHANGES[change](any_w2013)
    assert state(any_w2013) != before


def test_state_sees_an_outbox_item_claimed_and_given_up(any_store):
    queue(any_store)
    before = state(any_store)
    (item,) = any_store.claim(1.0)
    claimed = state(any_store)
    assert claimed != before
    any_store.give_up(item.id, "fatal_error", 1)
    assert state(any_store) != claimed


def test_state_leaves_out_only_the_outbox_clock(any_store):
    queue(any_store)
    (item,) = state(any_store)["outbox"]
    assert item["notice"]["channel"] == "C1" and item["notice"]["payload"] == {"words": "hi"}
    assert item["status"] == "pending"
    assert "created" not in item and "next_at" not in item
