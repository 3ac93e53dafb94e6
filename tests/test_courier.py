"""The delivery worker, and answers that never wait on Slack (``process_before_response`` and lazy listeners)."""

from __future__ import annotations

import time

import pytest

from bot.courier import Courier
from bot.slack_app import web_client
from tests.slack_requests import CHANNEL, KEY, USER, all_text
from tracker import notice_payloads as payloads
from tracker.notices import Notice


def note(channel: str) -> Notice:
    return Notice(payloads.UNREACHABLE, channel, payload=payloads.unreachable_payload("C9", "R16", "not_in_channel"))


@pytest.fixture
def courier(store, config):
    worker = Courier(store, lambda: web_client(config), sweep=3600.0).start()
    yield worker
    worker.stop()


def test_what_is_handed_over_is_delivered(store, courier, fake_slack):
    queued = store.queue([note("C1"), note("C2")], time.time())
    courier.hand(queued)
    assert courier.drain()
    assert sorted(c.args["channel"] for c in fake_slack.calls_to("chat.postMessage")) == ["C1", "C2"]
    assert store.outbox() == []


def test_the_sweep_delivers_what_nobody_handed_over(store, config, fake_slack):
    store.queue([note("CLEFT001")], time.time())  # e.g. queued by a process that stopped before delivering
    worker = Courier(store, lambda: web_client(config), sweep=0.05).start()
    try:
        assert fake_slack.wait_for("chat.postMessage")[0].args["channel"] == "CLEFT001"
    finally:
        worker.stop()
    assert not worker._thread.is_alive()


def test_a_failed_run_leaves_the_items_queued_and_the_worker_running(store, config, fake_slack):
    class Flaky:
        """The store, whose first claim fails (a database restarting, say)."""

        def __init__(self) -> None:
            self.failed = False

        def __getattr__(self, name):
            return getattr(store, name)

        def claim(self, *args, **kwargs):
            if not self.failed:
                self.failed = True
                raise OSError("connection reset")
            return store.claim(*args, **kwargs)

    worker = Courier(Flaky(), lambda: web_client(config), sweep=3600.0).start()
    try:
        first = store.queue([note("C1")], time.time())
        worker.hand(first)
        assert worker.drain()
        assert fake_slack.calls_to("chat.postMessage") == [] and [i.id for i in store.outbox()] == [first[0].id]
        worker.hand(first + store.queue([note("C2")], time.time()))
        assert worker.drain()
        assert sorted(c.args["channel"] for c in fake_slack.calls_to("chat.postMessage")) == ["C1", "C2"]
    finally:
        worker.stop()


def test_a_stopped_courier_leaves_what_is_queued_in_the_outbox(store, config, fake_slack):
    worker = Courier(store, lambda: web_client(config), sweep=3600.0).start()
    worker.stop()
    assert not worker._thread.is_alive()
    worker.hand(store.queue([note("C1")], time.time()))
    assert len(store.outbox()) == 1 and fake_slack.calls_to("chat.postMessage") == []


def test_a_change_is_answered_before_its_announcement_is_posted(w2013, slack, fake_slack):
    slack.command("subscribe R16", channel="CREC0001")
    gate = fake_slack.hold("chat.postMessage")
    try:
        message = slack.command_json(slack.command("update R16 completed MASH live", channel="CELSEWHR"))
        # Answered while the post to the subscribed channel has not been answered by Slack.
        assert "Saved R16" in all_text(message)
        assert fake_slack.calls_to("chat.postMessage") == []
    finally:
        gate.set()
    assert fake_slack.wait_for("chat.postMessage")[0].args["channel"] == "CREC0001"


def test_in_a_channel_a_notice_was_queued_for_the_answer_is_empty_and_stays_so(w2013, slack, fake_slack):
    fake_slack.unreachable.add(CHANNEL)  # the post there will fail: the rule does not wait to see
    slack.command("subscribe R16", user="USUBBER1")
    gate = fake_slack.hold("chat.postMessage")
    try:
        response = slack.command("note R16 Partners met")
        assert response.status_code == 200 and response.text == ""
        assert fake_slack.calls_to("chat.postMessage") == []
    finally:
        gate.set()
    dm = fake_slack.wait_for("chat.postMessage", 2)[1].args
    assert dm["channel"] == "USUBBER1" and f"<#{CHANNEL}>" in all_text(dm)  # the subscriber hears why
    assert fake_slack.calls_to("respond/r1") == [] and fake_slack.calls_to("chat.postEphemeral") == []


def test_the_update_button_is_answered_before_the_form_opens(w2013, slack, fake_slack):
    gate = fake_slack.hold("views.open")
    try:
        assert slack.action("rec_update", KEY, user=USER).status_code == 200
        assert fake_slack.calls_to("views.open") == []  # the form is still being opened
    finally:
        gate.set()
    assert fake_slack.wait_for("views.open")[0].args["trigger_id"]


def test_a_button_change_is_written_before_it_is_answered_and_confirmed_after(w2013, slack, fake_slack):
    import json

    value = json.dumps({"rec": KEY, "status": "completed", "note": "done", "asked": "q1"})
    gate = fake_slack.hold("respond/r1")
    try:
        assert slack.action("rec_update_reading", value).status_code == 200
        assert w2013.get(*KEY.split("/")).status == "completed"  # saved before Slack had its answer
        assert fake_slack.calls_to("respond/r1") == []
    finally:
        gate.set()
    assert "Saved R16" in all_text(fake_slack.wait_for("respond/r1")[0].args)
