"""Hostile values from an imported file reach no Slack surface live: every field is escaped where Block Kit is built."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from bot import jobs
from bot.delivery import deliver
from bot.slack_app import Services, web_client
from tests.slack_requests import USER
from tracker.models import Milestone, Owner, Paper, Recommendation, Review, Update
from tracker.subscriptions import Subscription
from usecases.notices import import_notices

PING = "<!channel>"
SLUG = "evil-<!here>-review"
REC = "R1<!channel>"
KEY = f"{SLUG}/{REC}"
# A well-formed mention or channel reference (built by recbot from a checked id) is the only "<" allowed.
LIVE = re.compile(r"<(?![@][UW][A-Z0-9]+>|#[CGD][A-Z0-9]+>)")


def hostile_paper() -> Paper:
    review = Review(slug=SLUG, title=f"Review {PING}", council="Council <!everyone>", date=date(2013, 6, 1))
    rec = Recommendation(
        review=SLUG,
        id=REC,
        title=f"Title {PING}" + " <!here>" * 40,
        text=f"Text <@U0BADBAD|x> {PING} <https://evil.example|click>",
        response=f"Response {PING}",
        decision="accepted",
        decision_text=f"Agreed {PING}",
        status="in_progress",
        status_text=f"Position {PING}",
        group=f"Group {PING}" * 400,
        owners=[Owner(name=f"Name {PING}", role=f"Role {PING}", slack_user=PING)],
        links=[f"R2{PING}"],
        milestones=[Milestone(label=f"Label {PING}", due=date(2013, 7, 1), source=f"by July {PING}")],
        updates=[
            Update(
                at=f"{PING}2013",
                by=PING,
                by_name=f"Name {PING}",
                note=f"Note {PING}" * 500,
                source=f"paper: {PING}",
                changes={f"title {PING}": [f"old {PING}", f"new {PING}"], "owner": [None, PING]},
            )
        ],
    )
    return Paper(review=review, recommendations=[rec])


def mrkdwn_texts(message: dict) -> list[str]:
    """The fallback text and every mrkdwn text of a message (plain_text cannot ping)."""
    out = [message.get("text", "")]

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn":
                out.append(node.get("text", ""))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(message.get("blocks", []))
    return out


def assert_within_limits(message: dict) -> None:
    """Block Kit's limits: 50 blocks (100 in a view), 3,000 a section, 150 a header, 2,000 a button value."""
    blocks = message.get("blocks", [])
    assert len(blocks) <= (100 if message.get("type") == "home" else 50)
    for block in blocks:
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150
        if block["type"] == "section":
            assert len(block.get("text", {}).get("text", "")) <= 3000
            assert all(len(f["text"]) <= 2000 for f in block.get("fields", []))
        for element in block.get("elements", []) + [block.get("accessory") or {}]:
            assert len(element.get("value", "")) <= 2000


def assert_inert(message: dict, *expected: str) -> None:
    assert_within_limits(message)
    texts = mrkdwn_texts(message)
    joined = "\n".join(texts)
    for text in texts:
        assert not LIVE.search(text), text
        # escaped once: the hostile values hold no "&", so "&amp;lt;" is an escape done twice
        assert not re.search(r"&amp;(amp|lt|gt);", text), text
    for word in expected:
        assert word in joined, word


@pytest.fixture
def hostile(store):
    store.subscribe(Subscription("CEVIL001", "all", "both", by=USER))
    store.import_papers(
        [hostile_paper()],
        at="2026-11-23T09:00:00Z",
        paper_name=f"paper {PING}.csv",
        notices=lambda subs, reps: import_notices(subs, reps, f"paper {PING}.csv"),
    )
    return store


def test_every_slack_surface_shows_hostile_fields_inert(hostile, slack, fake_slack, config):
    answers = {
        "list": slack.command_json(slack.command("list")),
        "list review": slack.command_json(slack.command(f"list {SLUG.replace('<!here>', 'x')}")),
        "list red": slack.command_json(slack.command("list red")),
        "search": slack.command_json(slack.command("search Title")),
        "report": slack.command_json(slack.command("report")),
    }
    for message in answers.values():
        assert_inert(message)
    assert "&lt;!channel&gt;" in "\n".join(mrkdwn_texts(answers["search"]))
    for count, action in enumerate(("rec_full", "rec_show", "rec_history"), start=1):
        slack.action(action, KEY)
        # each reply is posted after its ack by a lazy listener: wait so that they stay in order
        fake_slack.wait_for("respond/r1", count)
    replies = fake_slack.calls_to("respond/r1")
    for reply in replies:
        assert_inert(reply.args, "&lt;!channel&gt;")
    card, history = replies[0].args, replies[2].args
    assert_inert(card, "R2&lt;!channel&gt;", "Label &lt;!channel&gt;", "Position &lt;!channel&gt;")
    assert_inert(history, "&lt;!channel&gt;2013", "old &lt;!channel&gt;")
    slack.event({"type": "app_home_opened", "user": USER, "channel": "D1", "tab": "home", "event_ts": "1.2"})
    assert_inert(fake_slack.wait_for("views.publish")[0].args["view"], "Review &lt;!channel&gt;")


def test_import_summary_and_slip_digest_are_inert(hostile, config, fake_slack):
    client = web_client(config)
    deliver(hostile, client)
    summary = fake_slack.posts_to("CEVIL001")
    assert len(summary) == 1
    assert_inert(summary[0], "paper &lt;!channel&gt;.csv")
    result = jobs.check_slips(Services(config=config, store=hostile), date(2026, 11, 23), client=client)[0]
    assert len(result.new_slips) == 1
    digest = fake_slack.posts_to("CEVIL001")[-1]
    assert_inert(digest, "by July &lt;!channel&gt;", "R1&lt;!channel&gt;")


def test_import_from_slack_messages_are_inert():
    from bot.import_blocks import imported_message, refused_message
    from tracker.merge import MergeReport

    report = MergeReport(review=SLUG, review_is_new=True)
    assert_inert(imported_message(f"paper {PING}.pdf", [report], PING), "paper &lt;!channel&gt;.pdf")
    assert_inert(imported_message("paper.pdf", [report], "U2147483697"), "<@U2147483697> imported")
    assert_inert(refused_message(f"paper {PING}.pdf", f"no text {PING}"), "no text &lt;!channel&gt;")


def test_a_change_notice_is_escaped_once_with_its_mentions_live(w2013, slack, fake_slack):
    slack.command("subscribe R16", channel="CEVIL001")
    slack.command("owner R16 <@UOWNER1|jo>")
    slack.command(f"note R16 Met {PING} & <@U0BADBAD|x>")
    owner, note = (call.args for call in fake_slack.wait_for("chat.postMessage", 2)[:2])
    assert_inert(owner, "owner added: <@UOWNER1>")
    assert "owner added: <@UOWNER1>" in owner["text"]  # the notification names the owner, not "&lt;@UOWNER1&gt;"
    assert_inert(note, "\n> Met &lt;!channel&gt; &amp; &lt;@U0BADBAD|x&gt;", f"<@{USER}> updated")


def test_every_builder_shows_hostile_fields_inert_and_escaped_once():
    """The builders the live tests above do not reach, fed the same hostile paper."""
    from datetime import datetime

    from bot import blocks, digest_blocks, import_blocks, messages, reports, views
    from tracker.digests import Change, Digest, DigestContent
    from tracker.merge import MergeReport
    from tracker.response_clock import Clock
    from tracker.slips import Reminder, Slip
    from tracker.status import Reading
    from usecases.importing import Preview
    from usecases.queries import Choice, Found

    paper = hostile_paper()
    review, rec = paper.review, paper.recommendations[0]
    review = replace(review, reported=date(2013, 3, 28))
    clock = Clock(review=review, due=date(2013, 5, 28), awaiting=[rec], today=date(2026, 11, 23))
    digest = Digest(channel="CEVIL001", every="weekly", at="09:00", weekday=0, review=SLUG, only="red")
    milestone = rec.milestones[0]
    event = dict(review=SLUG, rec_id=REC, title=rec.title, label=milestone.label, source=milestone.source)
    event["due"] = milestone.due
    content = DigestContent(
        since="2026-11-16T09:00:00Z",
        changes=[Change(rec, rec.updates[0])],
        new_slips=[(rec, milestone)],
        red=[rec],
        amber=[rec],
    )
    built = {
        "choice": blocks.choice_message(Choice(REC, [Found(rec, review), Found(rec, review)])),
        "readings": messages.readings_message(rec, [Reading("completed", f"done {PING}", False)], "req"),
        "complete first": messages.complete_first_message(rec, f"Not completed: {REC}", f"minute {PING}"),
        "review clock": messages.review_clock_message(review, clock),
        "no clock": messages.review_clock_message(review, None),
        "subscriptions": messages.subscriptions_message("CEVIL001", [Subscription("CEVIL001", f"rec:{KEY}")], [digest]),
        "digest set": messages.digest_set_message(digest, datetime(2026, 11, 30, 9)),
        "subscribed": messages.subscribed_message(Subscription("CEVIL001", f"rec:{KEY}"), True),
        "unreachable": messages.unreachable_message("C1><!here", f"about {PING}", f"error {PING}"),
        "digest": digest_blocks.digest_message(digest, content),
        "slips": reports.slip_message([Slip(**event, days_late=3, owners=(PING, "U0123ABC"))]),
        "reminder": reports.reminder_message(Reminder(**event, user="U0123ABC", days_left=2)),
        "overdue": reports.response_overdue_message(clock),
        "preview": import_blocks.preview_message(
            Preview(f"paper {PING}.docx", [paper], [MergeReport(review=SLUG)], [f"table {PING}"]), "F1", may_import=True
        ),
        "update form": {"blocks": views.update_modal(rec, "CEVIL001")["blocks"]},
    }
    for name, message in built.items():
        assert "&lt;!" in "\n".join(mrkdwn_texts(message)), name  # the hostile text is there, inert
        assert_inert(message)
