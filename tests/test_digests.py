"""Scheduled digests per channel: the grammar, when one falls due, what it says, and once per period."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot import jobs
from bot.notice_render import render
from bot.slack_app import Services
from handlers.parser import parse
from storage.store import Store
from tests.slack_requests import CHANNEL, all_text
from tracker.digests import Digest, last_moment, next_moment, period_key
from tracker.errors import UserError
from tracker.notices import OutboxItem
from usecases import digest_run

LONDON = ZoneInfo("Europe/London")
W = "wiltshire-2013-safeguarding"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


@pytest.mark.parametrize(
    "text, target, when, weekday, review, only",
    [
        ("digest", "show", "", None, None, None),
        ("digest off", "off", "", None, None, None),
        ("digest daily 8:30", "daily", "08:30", None, None, None),
        ("digest weekly Monday 09:00", "weekly", "09:00", 0, None, None),
        ("digest weekly fri 1730 wiltshire-2013-safeguarding red", "weekly", "17:30", 4, W, "red"),
        ("digest daily 08:30 changes", "daily", "08:30", None, None, "changes"),
    ],
)
def test_digest_grammar(text, target, when, weekday, review, only):
    cmd = parse(text)
    assert (cmd.verb, cmd.target, cmd.at, cmd.weekday, cmd.review, cmd.filter) == (
        "digest",
        target,
        when,
        weekday,
        review,
        only,
    )


@pytest.mark.parametrize(
    "text, says",
    [
        ("digest hourly 09:00", "`daily` or `weekly`"),
        ("digest weekly 09:00", "Which day of the week"),
        ("digest daily", "At what time"),
        ("digest daily 25:00", "not a time of day"),
        ("digest daily 09:00 sometimes", "I don't understand “sometimes”"),
    ],
)
def test_a_malformed_digest_says_what_is_accepted(text, says):
    with pytest.raises(UserError, match=says):
        parse(text)


def test_when_a_digest_falls_due():
    daily = Digest("C1", "daily", "08:30", created="2026-11-01T00:00:00Z")
    assert last_moment(daily, at("2026-11-24T09:00")) == at("2026-11-24T08:30")
    assert last_moment(daily, at("2026-11-24T08:00")) == at("2026-11-23T08:30")
    weekly = Digest("C1", "weekly", "09:00", weekday=0, created="2026-11-01T00:00:00Z")
    assert period_key(weekly, at("2026-11-26T12:00")) == "digest|C1|2026-11-23T09:00"  # that Monday
    assert period_key(weekly, at("2026-11-23T08:59")) == "digest|C1|2026-11-16T09:00"  # the Monday before
    # set after this week's moment: the first is next week's
    fresh = Digest("C1", "weekly", "09:00", weekday=0, created="2026-11-25T10:00:00Z")
    assert period_key(fresh, at("2026-11-26T12:00")) is None
    assert next_moment(fresh, at("2026-11-26T12:00")) == at("2026-11-30T09:00")


def test_setting_showing_and_stopping_a_digest_in_chat(w2013, slack):
    answer = all_text(slack.command_json(slack.command("digest weekly monday 09:00 wiltshire-2013-safeguarding")))
    assert "every Monday at 09:00 for wiltshire-2013-safeguarding" in answer and "The first: Monday" in answer
    assert "every Monday at 09:00" in all_text(slack.command_json(slack.command("digest")))
    assert "Digest: every Monday at 09:00" in all_text(slack.command_json(slack.command("subscriptions")))
    assert "There is no review" in all_text(slack.command_json(slack.command("digest daily 08:00 nope-2013-x")))
    assert "will get no more digests" in all_text(slack.command_json(slack.command("digest off")))
    assert "has no digest" in all_text(slack.command_json(slack.command("digest")))
    assert w2013.digests() == []


def services_for(config, store) -> Services:
    return Services(config=config, store=store)


def test_a_digest_says_what_changed_and_is_sent_once_per_period(w2013, slack, fake_slack, config):
    created = (datetime.now(LONDON) - timedelta(days=8)).astimezone(ZoneInfo("UTC"))
    w2013.set_digest(Digest(CHANNEL, "daily", "08:30", review=W, created=created.strftime("%Y-%m-%dT%H:%M:%SZ")))
    slack.command("update R16 completed MASH went live")
    slack.command("close R4 minute 45")
    fake_slack.calls.clear()
    services = services_for(config, w2013)
    client = _client(config)
    now = datetime.now(LONDON)
    queued = jobs.send_digests(services, now, client=client)[0]
    assert len(queued) == 1
    post = fake_slack.wait_for("chat.postMessage")[-1].args
    text = all_text(post)
    assert post["channel"] == CHANNEL and "Daily digest · wiltshire-2013-safeguarding" in text
    assert "*R16*" in text and "In progress → Completed" in text and "MASH went live" in text
    assert "*R4*" in text and "signed off by the committee" in text
    assert "Red" in text
    # the same period again: nothing more
    assert jobs.send_digests(services, now, client=client)[0] == []
    # the next period: only what changed since the last digest (nothing), red items still listed
    later = jobs.send_digests(services, now + timedelta(days=1), client=client)[0]
    assert len(later) == 1 and "What changed" not in all_text(render(later[0].notice))


def test_nothing_is_sent_when_there_is_nothing_to_say(w2013, config):
    created = (datetime.now(LONDON) - timedelta(days=2)).astimezone(ZoneInfo("UTC"))
    w2013.set_digest(Digest(CHANNEL, "daily", "08:30", only="changes", created=created.strftime("%Y-%m-%dT%H:%M:%SZ")))
    assert digest_run.run(services_for(config, w2013), datetime.now(LONDON)) == []
    assert w2013.outbox() == []


def test_many_workers_queue_one_digest_per_period(w2013, config):
    created = (datetime.now(LONDON) - timedelta(days=2)).astimezone(ZoneInfo("UTC"))
    w2013.set_digest(Digest(CHANNEL, "daily", "08:30", created=created.strftime("%Y-%m-%dT%H:%M:%SZ")))
    now = datetime.now(LONDON)
    results: list[list[OutboxItem]] = []
    workers = [
        threading.Thread(target=lambda: results.append(digest_run.run(services_for(config, Store(w2013.path)), now)))
        for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sum(len(r) for r in results) == 1
    assert len([i for i in w2013.outbox() if i.kind == "digest"]) == 1


def _client(config):
    from bot.slack_app import web_client

    return web_client(config)
