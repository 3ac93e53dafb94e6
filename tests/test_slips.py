"""RAG ratings, slip checks announced exactly once, reminders, reliable delivery, the exception report."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest

from app import main
from bot import delivery, jobs
from bot.delivery import deliver
from bot.schedule import Leader
from bot.slack_app import Services, web_client
from tests.conftest import W2013, import_file, state
from tests.slack_requests import all_text
from tracker import rag
from tracker.models import Milestone, Owner, Recommendation
from tracker.outbox_policy import MAX_ATTEMPTS
from tracker.slips import due_reminders, find_slips
from tracker.subscriptions import Subscription
from usecases import slipcheck

REVIEW = "wiltshire-2013-safeguarding"
TODAY = date(2026, 11, 23)


def rec(status="in_progress", *milestones, owners=()):
    return Recommendation(
        review="r", id="R1", title="T", status=status, milestones=list(milestones), owners=list(owners)
    )


@pytest.mark.parametrize(
    "r, expected",
    [
        (rec("completed", Milestone("m", date(2020, 1, 1))), rag.BLUE),
        (rec("in_progress", Milestone("m", date(2026, 11, 22))), rag.RED),
        (rec("in_progress", Milestone("m", date(2026, 11, 22), done=True)), rag.NONE),
        (rec("in_progress", Milestone("m", date(2026, 12, 7))), rag.AMBER),  # 14 days: amber
        (rec("in_progress", Milestone("m", date(2026, 12, 8))), rag.GREEN),  # 15 days: green
        (rec("in_progress", Milestone("m", date(2027, 6, 1), at_risk=True)), rag.AMBER),
        (rec("in_progress", Milestone("m", date(2027, 6, 1)), Milestone("n", date(2026, 1, 1))), rag.RED),
        (rec("noted"), rag.NONE),
        (rec("in_progress", Milestone("m", None)), rag.NONE),
    ],
)
def test_rag_rules(r, expected):
    assert rag.rating(r, TODAY, rag.Rules(amber_days=14)) == expected


def test_slips_and_reminders_from_a_given_today():
    owner = Owner(name="Jo", slack_user="UJO00001")
    r = rec(
        "in_progress",
        Milestone("late", date(2026, 11, 1), source="by 1 Nov"),
        Milestone("soon", date(2026, 11, 27), source="by 27 Nov"),
        Milestone("later", date(2027, 1, 1), source="by new year"),
        owners=[owner],
    )
    slips = find_slips([r], TODAY)
    assert [(s.source, s.days_late) for s in slips] == [("by 1 Nov", 22)]
    assert slips[0].key == "slip|r/R1|by 1 nov|2026-11-01"
    reminders = due_reminders([r], TODAY, remind_days=7)
    assert [(x.user, x.source, x.days_left) for x in reminders] == [("UJO00001", "by 27 Nov", 4)]
    assert find_slips([rec("completed", Milestone("late", date(2026, 11, 1)))], TODAY) == []


def add_milestone(store, rec_id, due, source, done=False, review=REVIEW):
    store.change(review, rec_id, lambda r: r.milestones.append(Milestone(source, due, done=done, source=source)))


def set_slipping(w2013) -> None:
    """The 2013 paper with only the milestones these tests set (the imported ones cleared)."""
    import_file(w2013, W2013)
    for rec in w2013.recommendations(REVIEW):
        if rec.milestones:  # a change to the others would write nothing new
            w2013.change(REVIEW, rec.id, lambda r: r.milestones.clear())
    add_milestone(w2013, "R1", date(2013, 6, 15), "This work will be completed by mid June")
    add_milestone(w2013, "R1", date(2013, 7, 31), "By end July")
    add_milestone(w2013, "R16", date(2027, 3, 31), "MASH live")
    add_milestone(w2013, "R25", date(2013, 8, 1), "To be produced by 1st August 2013")
    add_milestone(w2013, "R39", date(2013, 8, 1), "Specification to be agreed by 1st August", done=True)
    w2013.subscribe(Subscription("CSLIPS01", "all", "slips", by="USUB0001"))
    w2013.subscribe(Subscription("CREVIEW1", f"review:{REVIEW}", "both", by="USUB0001"))
    w2013.subscribe(Subscription("CUPDATE1", f"review:{REVIEW}", "updates", by="USUB0001"))
    w2013.subscribe(Subscription("CR25XXX1", f"rec:{REVIEW}/R25", "both", by="USUB0001"))


@pytest.fixture
def slipping(prepare):
    """The 2013 paper with only the milestones these tests set, and four subscribed channels."""
    return prepare("slipping", set_slipping)


def services(config, store):
    return Services(config=config, store=store)


def test_each_slip_is_announced_once_per_subscribed_channel(slipping, config, fake_slack):
    client = web_client(config)
    first, delivered = jobs.check_slips(services(config, slipping), TODAY, client=client)
    assert len(first.slips) == 3 and len(first.new_slips) == 3
    assert sorted(delivered.posted) == ["CR25XXX1", "CREVIEW1", "CSLIPS01"]
    digest = fake_slack.posts_to("CSLIPS01")[0]
    text = all_text(digest)
    assert "3 target dates slipped" in text
    assert "“This work will be completed by mid June”: due 15 Jun 2013, *4,909 days late*" in text
    assert "*R25 ·" in text and "R39" not in text and "R16" not in text
    assert digest["blocks"][1]["accessory"]["action_id"] == "rec_update"
    assert "1 target date slipped" in all_text(fake_slack.posts_to("CR25XXX1")[0])
    assert fake_slack.posts_to("CUPDATE1") == []

    again = jobs.check_slips(services(config, slipping), TODAY, client=client)[0]
    later = jobs.check_slips(services(config, slipping), date(2026, 12, 1), client=client)[0]
    assert again.new_slips == [] and later.new_slips == []
    assert len(fake_slack.calls_to("chat.postMessage")) == 3


def test_two_concurrent_checks_announce_once(slipping, config, fake_slack):
    results = []

    def check():
        results.append(jobs.check_slips(services(config, slipping), TODAY, client=web_client(config))[0])

    threads = [threading.Thread(target=check) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(len(r.new_slips) for r in results) == [0, 3]
    assert len(fake_slack.calls_to("chat.postMessage")) == 3


def test_a_moved_milestone_that_slips_again_is_a_new_slip(slipping, config, fake_slack):
    jobs.check_slips(services(config, slipping), TODAY, client=web_client(config))

    def move(r):
        r.milestones[0].due = date(2026, 11, 30)

    slipping.change(REVIEW, "R25", move)
    assert slipcheck.run(services(config, slipping), TODAY).new_slips == []
    moved = jobs.check_slips(services(config, slipping), date(2026, 12, 2), client=web_client(config))[0]
    assert [(s.rec_id, s.due) for s in moved.new_slips] == [("R25", date(2026, 11, 30))]


def test_many_slips_become_digests_within_block_kit_limits(w2013, config, fake_slack, monkeypatch):
    monkeypatch.setattr(delivery, "PER_CHANNEL", 0.0)  # pacing has its own test (test_outbox)
    stages = [Milestone(f"stage {k}", date(2013, 9, 1 + k), source=f"stage {k}") for k in range(3)]
    for n in range(1, 42):
        w2013.change(REVIEW, f"R{n}", lambda r: r.milestones.extend(stages))  # as add_milestone, one write a rec
    w2013.subscribe(Subscription("CSLIPS01", "all", "slips", by="U1"))
    result = jobs.check_slips(services(config, w2013), TODAY, client=web_client(config))[0]
    late = len(result.slips)
    assert late > 40  # more than one digest holds, or the split into digests is not tested
    posts = fake_slack.posts_to("CSLIPS01")
    assert len(posts) == -(-late // 40)
    assert all(len(p["blocks"]) <= 50 for p in posts)
    assert sum(all_text(p).count(":red_circle:") for p in posts) == late


def test_owner_reminder_is_sent_once(w2013, config, fake_slack):
    w2013.change(REVIEW, "R16", lambda r: r.owners.append(Owner(name="Jo", role="Owner", slack_user="UJO00001")))
    add_milestone(w2013, "R16", date(2026, 11, 28), "MASH go-live")
    first = jobs.check_slips(services(config, w2013), TODAY, client=web_client(config))[0]
    assert [r.rec_id for r in first.new_reminders] == ["R16"]
    dm = fake_slack.posts_to("UJO00001")
    assert len(dm) == 1 and "due in 5 days" in all_text(dm[0]) and "MASH go-live" in all_text(dm[0])
    jobs.check_slips(services(config, w2013), date(2026, 11, 24), client=web_client(config))
    assert len(fake_slack.posts_to("UJO00001")) == 1


def test_delivery_survives_429_and_500(slipping, config, fake_slack):
    fake_slack.fail(
        "chat.postMessage", status=429, body={"ok": False, "error": "ratelimited"}, headers={"Retry-After": "1"}
    )
    fake_slack.fail("chat.postMessage", status=500, body={"ok": False, "error": "internal_error"}, times=2)
    _, delivered = jobs.check_slips(services(config, slipping), TODAY, client=web_client(config))
    delivered_now = set(delivered.posted)
    pending = slipping.outbox()
    assert {p.channel for p in pending} | delivered_now == {"CR25XXX1", "CREVIEW1", "CSLIPS01"}
    # A 429 is not a failed attempt: the item waits out Retry-After in the outbox, not in the client.
    assert sorted((p.last_error, p.attempts) for p in pending) == [
        ("internal_error", 1),
        ("internal_error", 1),
        ("rate_limited", 0),
    ]
    later = deliver(slipping, web_client(config), now=time.time() + 61)
    assert set(later.posted) | delivered_now == {"CR25XXX1", "CREVIEW1", "CSLIPS01"}
    assert slipping.outbox() == []
    successes = [c for c in fake_slack.calls_to("chat.postMessage")]
    assert len(successes) == 3 + 3  # one 429, two 500s, then each channel exactly once
    assert len({c.args["channel"] for c in successes[-3:]}) == 3


def test_delivery_gives_up_after_the_limit_and_the_outbox_says_so(slipping, config, fake_slack, capsys, monkeypatch):
    fake_slack.fail("chat.postMessage", status=503, times=100)
    jobs.check_slips(services(config, slipping), TODAY, client=web_client(config))
    now = time.time()
    for attempt in range(MAX_ATTEMPTS):
        deliver(slipping, web_client(config), now=now + 7200 * (attempt + 1))
    items = slipping.outbox()
    assert {i.status for i in items} == {"given_up"} and {i.attempts for i in items} == {MAX_ATTEMPTS}
    monkeypatch.chdir(config.db_path.parent)
    monkeypatch.setenv("RECBOT_DB", str(config.db_path))
    assert main(["outbox"]) == 0
    assert capsys.readouterr().out.count("given up; 8 attempt(s); last error fatal_error") == 3


def test_check_slips_cli_dry_run_writes_nothing(slipping, config, capsys, monkeypatch):
    monkeypatch.chdir(config.db_path.parent)
    monkeypatch.setenv("RECBOT_DB", str(config.db_path))
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    before = state(slipping)
    assert main(["check-slips", "--today", "2026-11-23", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "3 late milestones (3 newly slipped)" in out and "would queue 3 slip message(s) to 3 channel(s)" in out
    assert state(slipping) == before
    assert main(["check-slips", "--today", "2026-11-23"]) == 0
    assert "queued in the outbox" in capsys.readouterr().out
    assert main(["check-slips", "--today", "2026-11-23"]) == 0
    assert "(0 newly slipped)" in capsys.readouterr().out


def test_check_slips_cli_with_a_token_delivers_what_it_queued(slipping, config, capsys, monkeypatch, fake_slack):
    monkeypatch.chdir(config.db_path.parent)
    monkeypatch.setenv("RECBOT_DB", str(config.db_path))
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test-token")
    monkeypatch.setenv("SLACK_API_URL", fake_slack.api_url)
    monkeypatch.setattr(delivery, "PER_CHANNEL", 0.0)
    assert main(["check-slips", "--today", "2026-11-23"]) == 0
    out = capsys.readouterr().out
    assert "queued 3 slip message(s) to 3 channel(s)" in out
    assert "sent 3; retrying 0; unreachable 0; given up 0." in out
    assert sorted(c.args["channel"] for c in fake_slack.calls_to("chat.postMessage")) == [
        "CR25XXX1",
        "CREVIEW1",
        "CSLIPS01",
    ]
    assert slipping.outbox() == []


def test_report_command_puts_red_first(slipping, slack):
    text = all_text(slack.command_json(slack.command(f"report {REVIEW}")))
    assert "RAG exception report: wiltshire-2013-safeguarding" in text
    assert text.index("*R1*") < text.index("*R25*")
    assert "*late* 15 Jun 2013: This work will be completed by mid June" in text
    assert "41 recommendations: 5 completed, 20 in progress" in text
    assert ":red_circle: 2 red" in text


def test_only_one_process_runs_the_scheduler(config):
    first, second = Leader(services(config, None)), Leader(services(config, None))
    try:
        assert first._try() is True
        assert second._try() is False
        assert first.next_check() is not None
    finally:
        first.stop()
        second.stop()
    assert second._try() is True
    second.stop()
