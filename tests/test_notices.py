"""Notices are data: each kind's payload survives JSON and renders the message its domain objects would."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bot import digest_blocks, messages, reports
from bot.delivery import deliver
from bot.notice_render import RENDERERS, Unrenderable, render
from bot.slack_app import web_client
from tracker import digests, rag
from tracker import notice_payloads as payloads
from tracker.changes import Actor
from tracker.merge import MergeReport
from tracker.models import Milestone, Recommendation, Review, Update
from tracker.notices import MESSAGE, Notice, OutboxItem
from tracker.outbox_policy import BACKOFF_MAX, MAX_ATTEMPTS, after_failure, backoff, due
from tracker.response_clock import Clock
from tracker.slips import Reminder, Slip
from usecases.edits import Change

SLUG = "wiltshire-2013-safeguarding"
HOSTILE = "<!channel> & <@U123>"


def stored(notice: Notice) -> Notice:
    """The notice as a store gives it back: through JSON."""
    return Notice.from_json(json.loads(json.dumps(notice.to_json())))


def slip(n: int) -> Slip:
    return Slip(SLUG, f"R{n}", f"Title {n} {HOSTILE}", "label", f"by June {n}", date(2013, 6, 1), 4900, ("UJO", "Jo"))


def test_every_kind_has_a_renderer():
    kinds = {payloads.UPDATE, payloads.IMPORT, payloads.SLIPS, payloads.OVERDUE, payloads.REMINDER}
    kinds |= {payloads.DIGEST, payloads.UNREACHABLE, MESSAGE}
    assert kinds == set(RENDERERS)


def test_an_update_renders_as_the_change_would_after_a_round_trip():
    rec = Recommendation(review=SLUG, id="R16", title=f"MASH {HOSTILE}", text="long text " * 500)
    entries = [Update(at="2026-11-23T10:00:00Z", by="U1", note=f"went live {HOSTILE}", changes={"status": ["a", "b"]})]
    actor = Actor("U1", "ann", "command")
    notice = Notice(payloads.UPDATE, "C1", rec.key, True, "U2", "R16", payloads.change_payload(rec, actor, entries))
    assert render(stored(notice)) == messages.change_message(Change(rec, Review(SLUG, "t"), actor, entries))
    assert "long text" not in json.dumps(notice.to_json())  # a titled recommendation is named by its title
    assert stored(notice) == notice


def test_an_import_summary_slips_reminders_and_overdue_responses_render_as_before():
    reps = [MergeReport(SLUG, added=["R1"], updated=[f"R{n}" for n in range(2, 30)])]
    notice = Notice(payloads.IMPORT, "C1", payload=payloads.import_payload(reps, f"paper {HOSTILE}.docx"))
    assert render(stored(notice)) == messages.import_message(reps, f"paper {HOSTILE}.docx")

    slips = [slip(n) for n in range(1, 46)]
    parts = payloads.slips_payloads(slips)
    assert [len(p["slips"]) for p in parts] == [payloads.SLIPS_PER_NOTICE, 5]
    rendered = [render(stored(Notice(payloads.SLIPS, "C1", payload=p))) for p in parts]
    assert rendered == [reports.slip_message(slips[:40], 1, 45), reports.slip_message(slips[40:], 41, 45)]
    assert rendered[1]["blocks"][0]["text"]["text"] == "45 target dates slipped (41–45 of 45)"

    reminder = Reminder(SLUG, "R3", f"T {HOSTILE}", "l", "by May", date(2026, 11, 28), user="UJO", days_left=5)
    notice = Notice(payloads.REMINDER, "UJO", payload=payloads.reminder_payload(reminder))
    assert render(stored(notice)) == reports.reminder_message(reminder)

    review = Review(SLUG, f"Safeguarding {HOSTILE}", reported=date(2013, 3, 28))
    clock = Clock(review, date(2013, 5, 28), [Recommendation(SLUG, "R1"), Recommendation(SLUG, "R2")], date(2026, 1, 1))
    notice = Notice(payloads.OVERDUE, "C1", payload=payloads.overdue_payload(clock))
    assert render(stored(notice)) == reports.response_overdue_message(clock)

    notice = Notice(payloads.UNREACHABLE, "U1", payload=payloads.unreachable_payload("C9", HOSTILE, "not_in_channel"))
    assert render(stored(notice)) == messages.unreachable_message("C9", HOSTILE, "not_in_channel")


def test_a_digest_renders_as_before(w2013):
    def late(rec):
        rec.milestones.append(Milestone("stage", date(2026, 11, 1), source="stage one"))
        rec.updates.append(Update(at="2026-11-20T10:00:00Z", by="U1", note=HOSTILE, status="in_progress"))

    w2013.change(SLUG, "R16", late)
    digest = digests.Digest("C1", "daily", "08:30", created="2026-11-01T00:00:00Z")
    found = digests.content(digest, w2013.recommendations(), date(2026, 11, 23), rag.DEFAULT_RULES)
    assert found.changes and found.new_slips and found.red
    notice = Notice(payloads.DIGEST, "C1", payload=payloads.digest_payload(digest, found))
    assert render(stored(notice)) == digest_blocks.digest_message(digest, found)


def test_an_item_of_the_old_shape_is_read_as_the_message_it_carries():
    old = {
        "id": "000001.abc",
        "status": "given_up",
        "attempts": 3,
        "next_at": 5.0,
        "created": 1.0,
        "last_error": "boom",
        "channel": "C1",
        "message": {"text": "hello"},
        "thread_key": f"{SLUG}/R1",
        "broadcast": True,
        "subscriber": "U1",
        "about": "R1",
        "kind": "update",
    }
    item = OutboxItem.from_json(old)
    assert (item.id, item.status, item.attempts, item.next_at, item.last_error) == (
        "000001.abc",
        "given_up",
        3,
        5.0,
        "boom",
    )
    assert item.notice == Notice(
        MESSAGE, "C1", f"{SLUG}/R1", True, "U1", "R1", {"message": {"text": "hello"}, "was": "update"}
    )
    assert render(item.notice) == {"text": "hello"}
    assert OutboxItem.from_json(item.to_json()) == item


def test_a_notice_no_renderer_can_read_is_refused():
    with pytest.raises(Unrenderable, match="no renderer"):
        render(Notice("telepathy", "C1"))
    with pytest.raises(Unrenderable, match="update notice"):
        render(Notice(payloads.UPDATE, "C1", payload={"rec": {}}))


def test_the_policy_backs_off_and_gives_up():
    assert [backoff(n) for n in (1, 2, 3)] == [60.0, 120.0, 240.0] and backoff(20) == BACKOFF_MAX
    retry = after_failure(2, "internal_error", 1000.0)
    assert (retry.status, retry.next_at, retry.attempts) == ("pending", 1120.0, 2)
    assert after_failure(MAX_ATTEMPTS, "internal_error", 1000.0).fields() == {
        "status": "given_up",
        "attempts": MAX_ATTEMPTS,
        "last_error": "internal_error",
    }
    assert due("pending", 5.0, 5.0) and due("sending", 5.0, 6.0)
    assert not due("pending", 6.0, 5.0) and not due("given_up", 0.0, 5.0)


def put_old_item(store) -> None:
    """An item as queued before notices were data, written the way each store wrote it then."""
    doc = {"id": "000001.0ld", "status": "pending", "attempts": 0, "next_at": 1.0, "created": 1.0}
    doc |= {"last_error": "", "channel": "COLD0001", "message": {"text": "queued long ago"}, "kind": "update"}
    if hasattr(store, "_tx"):
        from psycopg.types.json import Jsonb

        with store._tx() as cur:
            cur.execute(
                "INSERT INTO outbox (id, status, next_at, item) VALUES (%s, %s, %s, %s)",
                (doc["id"], doc["status"], doc["next_at"], Jsonb(doc)),
            )
        return
    with store._writing():
        store._table("outbox", "outbox-000001").insert(doc)


def test_both_stores_deliver_items_queued_in_the_old_shape(any_store, config, fake_slack):
    put_old_item(any_store)
    (item,) = any_store.outbox()
    assert item.notice.kind == MESSAGE and item.channel == "COLD0001"
    assert deliver(any_store, web_client(config)).posted == ["COLD0001"]
    assert fake_slack.posts_to("COLD0001")[0]["text"] == "queued long ago"
    assert any_store.outbox() == []


def test_a_notice_that_cannot_be_rendered_is_given_up_and_kept(any_store, config, fake_slack):
    any_store.queue([Notice("telepathy", "C1")], 1.0)
    result = deliver(any_store, web_client(config))
    assert result.given_up == {"C1": "unrenderable"} and fake_slack.calls_to("chat.postMessage") == []
    (item,) = any_store.outbox()
    assert (item.status, item.last_error, item.attempts) == ("given_up", "unrenderable", 1)


def test_a_change_queues_data_and_delivery_renders_it(w2013, config, fake_slack):
    from tracker.subscriptions import Subscription
    from usecases.notices import change_notices

    w2013.subscribe(Subscription("CREC0001", f"rec:{SLUG}/R16", by="U9"))
    actor = Actor("U1", "ann")

    def note(rec):
        entry = Update(at="2026-11-23T10:00:00Z", by="U1", note="partners met")
        rec.updates.append(entry)
        return [entry]

    def notices(rec, entries, subs):
        return change_notices(Change(rec, w2013.review(SLUG), actor, entries), subs)

    _, _, queued = w2013.change(SLUG, "R16", note, notices, now=1.0)
    (item,) = queued
    assert (item.kind, item.channel, item.notice.thread_key, item.notice.subscriber) == (
        payloads.UPDATE,
        "CREC0001",
        f"{SLUG}/R16",
        "U9",
    )
    assert "blocks" not in json.dumps(item.to_json())  # no Block Kit is stored
    deliver(w2013, web_client(config))
    assert "partners met" in json.dumps(fake_slack.posts_to("CREC0001")[0])
