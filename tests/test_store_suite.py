"""One suite for every implementation of the store port: TinyDB and PostgreSQL (``any_store``)."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest

from tests.conftest import W2013, import_file
from tests.store_workers import one_rec_paper
from tracker.digests import Digest
from tracker.errors import AlreadyApplied, Busy, NotFound
from tracker.models import Update
from tracker.notices import Notice, OutboxItem
from tracker.outbox_policy import Outcome, later
from tracker.subscriptions import Subscription

SLUG = "wiltshire-2013-safeguarding"


def note(text: str):
    def mutate(rec):
        rec.updates.append(Update(at="2026-11-23T10:00:00Z", by="U1", note=text))
        return len(rec.updates)

    return mutate


def test_reviews_and_recommendations_round_trip(any_store):
    report = import_file(any_store, W2013)
    assert (len(report.added), report.review_is_new) == (41, True)
    assert [r.slug for r in any_store.reviews()] == [SLUG]
    assert any_store.review(SLUG).title == any_store.reviews()[0].title
    assert any_store.get(SLUG, "R16").title == "Development of a MASH"
    recs = any_store.recommendations(SLUG)
    assert [r.id for r in recs][:3] == ["R1", "R2", "R3"] and len(recs) == 41
    assert any_store.recommendations() == recs
    assert sorted(any_store.ids(SLUG)) == sorted(r.id for r in recs)
    assert any_store.count() == 41
    assert [r.key for r in any_store.find("R16")] == [f"{SLUG}/R16"]
    assert any_store.get(SLUG, "R999") is None and any_store.review("nope") is None


def test_reimporting_a_paper_changes_nothing(any_store):
    import_file(any_store, W2013)
    before = any_store.recommendations()
    again = import_file(any_store, W2013)
    assert (len(again.added), len(again.updated), len(again.unchanged)) == (0, 0, 41)
    assert any_store.recommendations() == before


def test_import_papers_is_all_or_nothing_and_queues_its_notices(any_store):
    any_store.subscribe(Subscription("C1", "all"))
    reports, queued = any_store.import_papers(
        [one_rec_paper("a"), one_rec_paper("b")],
        at="t",
        paper_name="p",
        notices=lambda subs, reports: [said(s.channel, str(len(reports))) for s in subs],
        now=4.0,
    )
    assert [r.review for r in reports] == ["a", "b"]
    assert [(i.channel, text(i), i.status, i.next_at) for i in queued] == [("C1", "2", "pending", 4.0)]
    assert any_store.outbox() == queued

    def fail(done):
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        any_store.import_papers([one_rec_paper("c")], at="t", paper_name="p", progress=fail)
    assert any_store.review("c") is None and any_store.count() == 2
    dry, none = any_store.import_papers([one_rec_paper("d")], at="t", paper_name="p", dry_run=True)
    assert dry[0].added == ["R1"] and none == [] and any_store.review("d") is None


def test_change_writes_queues_notices_and_applies_a_request_once(any_store):
    import_file(any_store, W2013)
    any_store.subscribe(Subscription("C1", f"review:{SLUG}"))

    def notices(rec, result, subs):
        return [said(s.channel, f"{rec.id} {result}") for s in subs]

    rec, result, queued = any_store.change(SLUG, "R16", note("first"), notices, now=5.0, request_id="req-1")
    assert (result, [text(q) for q in queued]) == (1, ["R16 1"])
    assert any_store.get(SLUG, "R16").updates[-1].note == "first"
    assert any_store.outbox() == queued
    with pytest.raises(AlreadyApplied):
        any_store.change(SLUG, "R16", note("again"), notices, now=6.0, request_id="req-1")
    assert len(any_store.get(SLUG, "R16").updates) == 1 and len(any_store.outbox()) == 1
    with pytest.raises(NotFound):
        any_store.change(SLUG, "R999", note("x"))


def test_a_change_that_fails_or_misses_its_deadline_writes_nothing(any_store):
    import_file(any_store, W2013)

    def boom(rec):
        rec.title = "changed"
        raise ValueError("refused")

    with pytest.raises(ValueError):
        any_store.change(SLUG, "R16", boom, request_id="req-2")
    assert any_store.get(SLUG, "R16").title == "Development of a MASH"
    assert any_store.first_time("req-2", 0.0)  # the failed change did not record its request id

    def slow(rec):
        time.sleep(0.7)
        rec.title = "late"

    with pytest.raises(Busy):
        any_store.change(SLUG, "R16", slow, deadline=time.monotonic() + 1.0, request_id="req-3")
    assert any_store.get(SLUG, "R16").title == "Development of a MASH"
    assert any_store.first_time("req-3", 0.0)


def test_concurrent_changes_to_one_recommendation_lose_nothing(any_store):
    import_file(any_store, W2013)
    threads = [threading.Thread(target=any_store.change, args=(SLUG, "R16", note(f"n{n}"))) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(u.note for u in any_store.get(SLUG, "R16").updates) == sorted(f"n{n}" for n in range(8))


def test_first_time(any_store):
    assert any_store.first_time("r1", 1.0) is True
    assert any_store.first_time("r1", 2.0) is False
    assert any_store.first_time("r2", 2.0) is True


def test_subscriptions(any_store):
    assert any_store.subscribe(Subscription("C1", "all", "both", "U1", "t1")) is True
    assert any_store.subscribe(Subscription("C1", "all", "both", "U2", "t2")) is False
    assert any_store.subscribe(Subscription("C1", "all", "slips", "U2", "t3")) is True
    assert any_store.subscribe(Subscription("C2", "review:x")) is True
    assert any_store.subscriptions("C1") == [Subscription("C1", "all", "slips", "U2", "t3")]
    assert [s.channel for s in any_store.subscriptions()] == ["C1", "C2"]
    assert any_store.unsubscribe("C1", "all") is True
    assert any_store.unsubscribe("C1", "all") is False
    assert [s.target for s in any_store.subscriptions()] == ["review:x"]


def test_threads(any_store):
    assert any_store.thread("C1", "a/R1") is None
    any_store.remember_thread("C1", "a/R1", "111.1")
    any_store.remember_thread("C1", "a/R1", "222.2")  # the first message stays the thread
    any_store.complete({}, [("C2", "a/R1", "333.3")])
    assert (any_store.thread("C1", "a/R1"), any_store.thread("C2", "a/R1")) == ("111.1", "333.3")


def said(channel: str, words: str) -> Notice:
    """A notice whose payload is a few words (the store neither reads nor renders payloads)."""
    return Notice(kind="update", channel=channel, thread_key="a/R1", subscriber="U1", payload={"words": words})


def text(item: OutboxItem) -> str:
    return item.notice.payload["words"]


def build(keys):
    return [said("C1", k) for k in keys]


def test_queue_once_announces_each_key_once(any_store):
    assert any_store.unseen(["k1", "k2"]) == ["k1", "k2"]
    fresh, queued = any_store.queue_once(["k1", "k2"], build, 1.0)
    assert fresh == ["k1", "k2"] and [text(q) for q in queued] == ["k1", "k2"]
    assert all(isinstance(q, OutboxItem) for q in queued) and queued[0].notice == said("C1", "k1")
    assert any_store.queue_once(["k1", "k2"], build, 2.0) == ([], [])
    fresh, _ = any_store.queue_once(["k2", "k3"], build, 3.0)
    assert fresh == ["k3"] and any_store.unseen(["k1", "k3", "k4"]) == ["k4"]
    assert len(any_store.outbox()) == 3


def test_queue_once_from_several_threads_queues_each_key_once(any_store):
    keys = [f"slip-{n}" for n in range(20)]
    won: list[str] = []
    barrier = threading.Barrier(6)

    def worker():
        barrier.wait()
        won.extend(any_store.queue_once(keys, build, time.time())[0])

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(won) == sorted(keys)
    assert sorted(text(i) for i in any_store.outbox()) == sorted(keys)


def test_outbox_claim_complete_retry_and_give_up(any_store):
    queued = any_store.queue(build(["a", "b", "c", "d"]), 100.0)
    a, b, c, d = (q.id for q in queued)
    assert [i.status for i in any_store.outbox()] == ["pending"] * 4
    assert any_store.claim(99.0) == []  # not due yet
    claimed = any_store.claim(100.0, lease=60.0, limit=3)
    assert [i.id for i in claimed] == [a, b, c] and [text(i) for i in claimed] == ["a", "b", "c"]
    assert all(i.status == "sending" and i.next_at == 160.0 for i in claimed)
    assert claimed[0].notice == said("C1", "a")  # the notice comes back as queued
    assert [i.id for i in any_store.claim(100.0)] == [d]  # the leased ones are not taken again
    assert any_store.claim(150.0) == []
    any_store.delivered(a)
    any_store.retry_later(b, "boom", 1, 500.0)
    any_store.give_up(c, "channel_not_found", 8)
    assert any_store.queued({a, b, c, d}) == {b, c, d}
    left = {i.id: i for i in any_store.outbox()}
    assert (left[b].status, left[b].attempts, left[b].last_error) == ("pending", 1, "boom")
    assert (left[c].status, left[c].attempts) == ("given_up", 8)
    assert [i.id for i in any_store.outbox(("given_up",))] == [c]
    assert [i.id for i in any_store.claim(230.0)] == [d]  # its lease ran out at 220; b waits for 500
    assert [i.id for i in any_store.claim(600.0, ids={b})] == [b]
    any_store.complete({b: None, d: later(700.0, "rate_limited")})
    assert [(i.id, i.status, i.next_at, i.last_error, i.attempts) for i in any_store.outbox()] == [
        (c, "given_up", 160.0, "channel_not_found", 8),
        (d, "pending", 700.0, "rate_limited", 0),
    ]
    any_store.complete({d: Outcome("pending", next_at=800.0)})  # fields not named stay as they were
    assert any_store.outbox(("pending",))[0].last_error == "rate_limited"


def test_digests(any_store):
    daily = Digest(channel="C1", every="daily", at="09:00", by="U1", created="t0", last_at="ignored")
    any_store.set_digest(daily)
    any_store.set_digest(Digest(channel="C2", every="weekly", at="08:00", weekday=0))
    (stored,) = any_store.digests("C1")
    assert stored.last_at is None and stored.at == "09:00"
    assert len(any_store.digests()) == 2
    assert [text(q) for q in any_store.queue_digest(stored, "d:C1:1", build(["x"]), 1.0, "t1")] == ["x"]
    assert any_store.queue_digest(stored, "d:C1:1", build(["x"]), 2.0, "t2") == []  # read before the last one
    (after,) = any_store.digests("C1")
    assert after.last_at == "t1"
    assert any_store.queue_digest(after, "d:C1:1", build(["x"]), 2.0, "t2") == []  # the period was done
    assert len(any_store.queue_digest(after, "d:C1:2", build(["y"]), 3.0, "t3")) == 1
    assert any_store.remove_digest("C1") is True and any_store.remove_digest("C1") is False
    assert [d.channel for d in any_store.digests()] == ["C2"]


def test_uploads(any_store):
    any_store.expect_upload("C1", "U1", until=100.0)
    assert any_store.take_upload("C1", "U2", 50.0) is False
    assert any_store.take_upload("C1", "U1", 50.0) is True
    assert any_store.take_upload("C1", "U1", 50.0) is False  # once
    any_store.expect_upload("C1", "U1", until=100.0)
    assert any_store.take_upload("C1", "U1", 150.0) is False  # too late


def test_people(any_store):
    assert any_store.people() == {}
    any_store.remember_people({"U1": "Ann", "U2": "Bo"})
    any_store.remember_people({"U1": "Ann Smith"})
    assert any_store.people() == {"U1": "Ann Smith", "U2": "Bo"}


def test_set_reported(any_store):
    import_file(any_store, W2013)
    assert any_store.set_reported(SLUG, date(2013, 7, 1)).reported == date(2013, 7, 1)
    assert any_store.review(SLUG).reported == date(2013, 7, 1)
    import_file(any_store, W2013)  # a paper that does not say keeps the recorded date
    assert any_store.review(SLUG).reported == date(2013, 7, 1)
    with pytest.raises(NotFound):
        any_store.set_reported("nope", None)


def test_remove_review(any_store):
    import_file(any_store, W2013)
    any_store.import_paper(one_rec_paper("other"), at="t", paper_name="p")
    any_store.subscribe(Subscription("C1", f"review:{SLUG}"))
    any_store.subscribe(Subscription("C1", f"rec:{SLUG}/R16"))
    any_store.subscribe(Subscription("C1", "rec:other/R1"))
    any_store.remember_thread("C1", f"{SLUG}/R16", "1.1")
    assert any_store.remove_review(SLUG) == 41
    assert [r.slug for r in any_store.reviews()] == ["other"] and any_store.count() == 1
    assert [s.target for s in any_store.subscriptions()] == ["rec:other/R1"]
    assert any_store.thread("C1", f"{SLUG}/R16") is None
    with pytest.raises(NotFound):
        any_store.remove_review(SLUG)
