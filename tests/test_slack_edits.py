"""Recording progress and following it from chat, driven over HTTP as Slack sends it."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.conftest import r16, state
from tests.slack_requests import CHANNEL, KEY, USER, all_text, form, meta

EDITOR = "UEDITOR1"


def test_update_changes_status_and_records_who_what_and_how(w2013, slack, fake_slack):
    message = slack.command_json(slack.command("update R16 completed MASH live since April"))
    assert message["response_type"] == "ephemeral"
    assert "Saved R16" in all_text(message) and "In progress → Completed" in all_text(message)
    rec = r16(w2013)
    assert rec.status == "completed"
    entry = rec.updates[-1]
    assert (entry.by, entry.by_name, entry.source) == (USER, "officer", "command")
    assert entry.changes == {"status": ["in_progress", "completed"]}
    assert entry.note == "MASH live since April" and entry.at.endswith("Z")
    assert fake_slack.calls_to("chat.postMessage") == []  # nobody subscribed


@pytest.mark.parametrize(
    "typed, status",
    [
        ("in progress", "in_progress"),
        ("done", "completed"),
        ("Under-Consideration", "under_consideration"),
        ("compelted", "completed"),
    ],
)
def test_forgiving_statuses(w2013, slack, typed, status):
    slack.command(f"update r16 {typed}")
    assert r16(w2013).status == status


def test_note_keeps_the_status_and_history_is_append_only(w2013, slack):
    slack.command("update R16 in progress first")
    slack.command("note R16 Partners met on Tuesday")
    slack.command("note R16 Second meeting")
    rec = r16(w2013)
    assert rec.status == "in_progress"
    assert [u.note for u in rec.updates] == ["first", "Partners met on Tuesday", "Second meeting"]
    history = all_text(slack.command_json(slack.command("history R16")))
    assert history.index("Second meeting") < history.index("Partners met") < history.index("first")


def test_malformed_edits_say_what_is_accepted_and_change_nothing(w2013, slack):
    before = state(w2013)
    cases = {
        "update R16": "Give the new status",
        "update R16 sideways": "Start with a status",
        "note R16": "Add the note's text",
        "update R99 done": "There is no R99",
        "owner R16 jo": "Name the owner with Slack's @ menu",
        "done R16": "Which milestone of R16",
        "history": "Which recommendation?",
    }
    for typed, expected in cases.items():
        assert expected in all_text(slack.command_json(slack.command(typed))), typed
    assert state(w2013) == before


def test_refused_edit_is_told_only_to_the_person_and_changes_nothing(w2013, slack, config, fake_slack):
    config.editors = frozenset({EDITOR})
    slack.command("subscribe R16")
    before = state(w2013)
    message = slack.command_json(slack.command("update R16 completed sneaky", user="UOTHER1"))
    assert message["response_type"] == "ephemeral"
    assert "You can't change R16: only recbot's editors and its linked owners can" in all_text(message)
    assert state(w2013) == before
    assert fake_slack.calls_to("chat.postMessage") == []


def test_a_linked_owner_may_update_their_recommendation(w2013, slack, config):
    config.editors = frozenset({EDITOR})
    slack.command("owner R16 <@UOWNER1|jo>", user=EDITOR)
    assert [o.slack_user for o in r16(w2013).owners] == ["UOWNER1"]
    slack.command("update R16 completed", user="UOWNER1")
    assert r16(w2013).status == "completed"
    slack.command("update R17 completed", user="UOWNER1")
    assert w2013.get("wiltshire-2013-safeguarding", "R17").status == "in_progress"
    mine = all_text(slack.command_json(slack.command("list mine", user="UOWNER1")))
    assert "R16" in mine and "R17" not in mine
    owned = all_text(slack.command_json(slack.command("list owner <@UOWNER1|jo>")))
    assert "*R16*" in owned


def test_each_subscribed_channel_hears_once(w2013, slack, fake_slack):
    slack.command("subscribe R16", channel="CREC0001")
    slack.command("subscribe wiltshire-2013-safeguarding", channel="CREVIEW1")
    slack.command("subscribe R16", channel="CREVIEW1")  # matches twice, still one message
    slack.command("subscribe all slips", channel="CSLIPS01")
    slack.command("subscribe R17", channel="COTHER01")
    slack.command("update R16 completed MASH live", channel="CELSEWHR")
    fake_slack.wait_for("chat.postMessage", 2)
    assert len(fake_slack.posts_to("CREC0001")) == 1
    assert len(fake_slack.posts_to("CREVIEW1")) == 1
    assert fake_slack.posts_to("CSLIPS01") == [] and fake_slack.posts_to("COTHER01") == []
    posted = fake_slack.posts_to("CREC0001")[0]
    text = all_text(posted)
    assert f"<@{USER}> updated" in text and "In progress → Completed" in text and "MASH live" in text
    buttons = [e["action_id"] for b in posted["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["rec_update", "rec_subscribe", "rec_history"]


def test_in_a_subscribed_channel_the_announcement_is_the_confirmation(w2013, slack, fake_slack):
    slack.command("subscribe R16")
    response = slack.command("note R16 Partners met")
    assert response.status_code == 200 and response.text == ""
    fake_slack.wait_for("chat.postMessage")
    assert len(fake_slack.posts_to(CHANNEL)) == 1
    assert fake_slack.calls_to("respond/r1") == []


def test_later_messages_go_in_the_thread_and_status_changes_are_broadcast(w2013, slack, fake_slack):
    slack.command("subscribe R16", channel="CTHREAD1")
    slack.command("note R16 Partners met", channel="CELSEWHR")
    first = fake_slack.wait_for("chat.postMessage", 1)[0]
    slack.command("note R16 two", channel="CELSEWHR")
    fake_slack.wait_for("chat.postMessage", 2)  # each announcement goes out before the next change, as people type
    slack.command("update R16 completed three", channel="CELSEWHR")
    posts = fake_slack.wait_for("chat.postMessage", 3)
    assert [p.args["channel"] for p in posts] == ["CTHREAD1"] * 3  # announced where subscribed, not where typed
    assert "Partners met" in all_text(first.args) and first.args.get("thread_ts") is None
    threads = [p.args.get("thread_ts") for p in posts[1:]]
    assert threads == [first.reply["ts"], first.reply["ts"]]  # the thread is the first post's
    assert [p.args.get("reply_broadcast") for p in posts[1:]] == [False, True]


def test_a_channel_the_bot_is_not_in_is_reported_to_the_subscriber(w2013, slack, fake_slack):
    fake_slack.unreachable.add("CLOCKED1")
    slack.command("subscribe R16", channel="CLOCKED1", user="USUBBER1")
    message = slack.command_json(slack.command("update R16 completed", channel="CELSEWHR"))
    assert "Saved R16" in all_text(message)
    assert r16(w2013).status == "completed"  # the failure does not block the change
    dm = fake_slack.wait_for("chat.postMessage", 2)[1].args
    assert dm["channel"] == "USUBBER1"
    assert "<#CLOCKED1>" in all_text(dm) and "/invite @recbot" in all_text(dm)


def test_a_note_cannot_ping_anyone(w2013, slack, fake_slack):
    slack.command("subscribe R16")
    slack.command("note R16 <!channel> <!here> <@U123> please look & act")
    posted = all_text(fake_slack.wait_for("chat.postMessage")[0].args)
    assert "<!channel>" not in posted and "<!here>" not in posted and "<@U123>" not in posted
    assert "&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; please look &amp; act" in posted
    history = all_text(slack.command_json(slack.command("history R16")))
    assert "<!channel>" not in history and "&lt;!channel&gt;" in history


def test_subscriptions_list_and_unsubscribe(w2013, slack):
    slack.command("subscribe R16 updates")
    slack.command("subscribe wiltshire-2013-safeguarding")
    listed = all_text(slack.command_json(slack.command("subscriptions")))
    assert "wiltshire-2013-safeguarding/R16 (updates only)" in listed
    assert "• wiltshire-2013-safeguarding\n" in listed + "\n"
    again = all_text(slack.command_json(slack.command("subscribe R16 updates")))
    assert "already gets updates" in again
    gone = all_text(slack.command_json(slack.command("unsubscribe R16")))
    assert "no longer gets messages about wiltshire-2013-safeguarding/R16" in gone
    assert "was not subscribed" in all_text(slack.command_json(slack.command("unsubscribe R16")))
    assert "no review `nope-review`" in all_text(slack.command_json(slack.command("subscribe nope-review")))


def test_list_by_status_and_search(w2013, slack):
    listed = all_text(slack.command_json(slack.command("list wiltshire-2013-safeguarding being considered")))
    assert "under consideration: 4" in listed
    for rec_id in ("R8", "R9", "R20", "R41"):
        assert f"*{rec_id}*" in listed
    found = slack.command_json(slack.command("search hot deskng"))
    assert "*R15*" in all_text(found).split("\n")[2]
    assert "nothing matches" in all_text(slack.command_json(slack.command("search qqqq zzzz")))


# Buttons and the Update form -------------------------------------------------------------


def test_update_button_opens_the_form(w2013, slack, fake_slack):
    assert slack.action("rec_update", KEY).status_code == 200
    opened = fake_slack.wait_for("views.open")[0].args
    assert opened["trigger_id"].startswith("12321423423")
    view = opened["view"]
    assert view["callback_id"] == "rec_update_modal"
    assert json.loads(view["private_metadata"]) == {"rec": KEY, "channel": CHANNEL}
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    assert blocks["status"]["element"]["initial_option"]["value"] == "in_progress"
    assert blocks["due"]["element"]["type"] == "datepicker"
    assert len(view["blocks"]) <= 100


def test_update_button_refused_for_non_editors(w2013, slack, fake_slack, config):
    config.editors = frozenset({EDITOR})
    slack.action("rec_update", KEY, user="UOTHER1")
    assert "You can't change R16" in all_text(fake_slack.wait_for("respond/r1")[0].args)
    assert fake_slack.calls_to("views.open") == []


def test_form_submission_saves_and_announces(w2013, slack, fake_slack, config):
    slack.command("subscribe R16", channel="CWATCH01")
    response = slack.view_submission(form(due="2027-03-31"), meta())
    assert response.status_code == 200 and response.text == ""
    rec = r16(w2013)
    assert rec.status == "completed"
    assert [u.source for u in rec.updates] == ["modal", "modal"]
    assert rec.milestones[-1].due.isoformat() == "2027-03-31"
    posted = all_text(fake_slack.wait_for("chat.postMessage")[0].args)
    assert "In progress → Completed" in posted and "2027-03-31" in posted and "MASH live since April" in posted
    # the form was submitted from CHANNEL, which is not subscribed: a private confirmation there
    assert fake_slack.wait_for("chat.postEphemeral")[0].args["user"] == USER


@pytest.mark.parametrize(
    "values, private_metadata, field, message",
    [
        (form(due="2001-01-01"), meta(), "due", "or later for the next target"),
        (form(status=None), meta(), "status", "Pick one of"),
        (form(status="sideways"), meta(), "status", "Pick one of"),
        (form(note="x" * 3001), meta(), "note", "under 3000 characters"),
        (form(status="in_progress", note=""), meta(), "note", "Nothing to save"),
        (form(), meta(key="wiltshire-2013-safeguarding/R99"), "note", "out of date"),
        (form(), "not json", "note", "out of date"),
    ],
)
def test_form_errors_are_shown_inline_and_change_nothing(w2013, slack, values, private_metadata, field, message):
    before = state(w2013)
    body = slack.view_submission(values, private_metadata).json()
    assert body["response_action"] == "errors"
    assert message in body["errors"][field]
    assert state(w2013) == before


def test_form_refused_for_non_editors(w2013, slack, config):
    config.editors = frozenset({EDITOR})
    body = slack.view_submission(form(), meta(), user="UOTHER1").json()
    assert "You can't change R16" in body["errors"]["status"]
    assert r16(w2013).status == "in_progress"


def test_subscribe_and_history_buttons(w2013, slack, fake_slack):
    slack.action("rec_subscribe", KEY, channel="CBUTTON1")
    assert "<#CBUTTON1> will get updates and slipping targets for wiltshire-2013-safeguarding/R16" in all_text(
        fake_slack.wait_for("respond/r1")[0].args
    )
    slack.command("note R16 hello", channel="CELSEWHR")
    assert len(fake_slack.wait_for("chat.postMessage")) == 1
    slack.action("rec_history", KEY)
    assert "hello" in all_text(fake_slack.wait_for("respond/r1", 2)[1].args)
    slack.action("rec_subscribe", "garbage")
    assert "out of date" in all_text(fake_slack.wait_for("respond/r1", 3)[2].args)


def test_app_home_shows_mine_and_counts(w2013, slack, fake_slack):
    slack.command("owner R16 <@U2147483697|officer>")
    slack.event({"type": "app_home_opened", "user": USER, "channel": "D1", "tab": "home", "event_ts": "1.2"})
    view = fake_slack.wait_for("views.publish")[0].args["view"]
    text = all_text(view)
    assert "Your recommendations" in text and "*R16* Development of a MASH" in text
    assert "41: 5 completed, 20 in progress" in text
    assert len(view["blocks"]) <= 100


@pytest.mark.parametrize(
    "typed, due, label",
    [
        ("due R16 31 March 2027 MASH live", "2027-03-31", "MASH live"),
        ("due R16 end of March", "2027-03-31", "Target date"),
        ("due R16 next Friday", "2026-11-27", "Target date"),
        ("due R16 2027-01-15", "2027-01-15", "Target date"),
    ],
)
def test_due_adds_a_milestone_from_natural_dates(w2013, slack, config, typed, due, label):
    config.fixed_today = date(2026, 11, 23)  # a Monday
    message = slack.command_json(slack.command(typed))
    assert "Saved R16" in all_text(message)
    milestone = r16(w2013).milestones[-1]
    assert (milestone.due.isoformat(), milestone.label) == (due, label)


def test_due_moves_a_named_milestone_and_done_marks_it_met(w2013, slack, config):
    config.fixed_today = date(2026, 11, 23)
    slack.command("due R1 31 January 2027 by mid June")  # R1's first imported milestone, by its phrase
    r1 = w2013.get("wiltshire-2013-safeguarding", "R1")
    moved = next(m for m in r1.milestones if m.source == "by mid June")
    assert moved.due == date(2027, 1, 31)
    assert "target First stage: master-plan list of indicators 2013-06-15 → First stage" in all_text(
        slack.command_json(slack.command("history R1"))
    )
    red = all_text(slack.command_json(slack.command("list wiltshire-2013-safeguarding red")))
    assert "*R1*" in red  # "By end July" 2013 is still late
    slack.command("done R1 By end July")
    slack.command("done R1 from 1st October")
    r1 = w2013.get("wiltshire-2013-safeguarding", "R1")
    assert [m.done for m in r1.milestones] == [False, True, True]
    assert "*R1*" not in all_text(slack.command_json(slack.command("list wiltshire-2013-safeguarding red")))
    assert "already marked met" in all_text(slack.command_json(slack.command("done R1 By end July")))
    assert "Which milestone of R1" in all_text(slack.command_json(slack.command("done R1 by christmas")))


def test_a_date_that_is_not_a_date_is_explained(w2013, slack):
    before = state(w2013)
    text = all_text(slack.command_json(slack.command("due R16 whenever")))
    assert "31 March 2027" in text  # the message shows the accepted forms
    assert state(w2013) == before
