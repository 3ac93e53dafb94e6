"""Trust in chat: every word of a note kept, the status/note split asked when not certain."""

from __future__ import annotations

import json

import pytest

from tests.slack_requests import USER, all_text

REVIEW = "wiltshire-2013-safeguarding"


def rec(store, rec_id="R17"):
    return store.get(REVIEW, rec_id)


@pytest.mark.parametrize(
    "typed, status, note",
    [
        ("in progress MASH live", "in_progress", "MASH live"),
        ("in progress WSCB agreed", "in_progress", "WSCB agreed"),
        ("in progress a b c", "in_progress", "a b c"),
        ("Under-consideration MASH business case", "under_consideration", "MASH business case"),
        ("under consideration MASH business case", "under_consideration", "MASH business case"),
        ("done MASH live since April", "completed", "MASH live since April"),
        ("not accepted by cabinet", "not_accepted", "by cabinet"),
    ],
)
def test_a_note_keeps_every_word_typed(w2013, slack, typed, status, note):
    slack.command_json(slack.command(f"update R17 {typed}"))
    entry = rec(w2013).updates[-1]
    assert (rec(w2013).status, entry.note) == (status, note)


def test_an_uncertain_split_is_asked_and_the_button_applies_it(w2013, slack, fake_slack):
    before = w2013.path.read_bytes()
    message = slack.command_json(slack.command("update R17 compelted MASH live"))
    text = all_text(message)
    assert "not sure" in text and "nothing is saved yet" in text and "Completed" in text and "MASH live" in text
    assert w2013.path.read_bytes() == before  # asking saves nothing
    button = next(b for b in message["blocks"] if b["type"] == "actions")["elements"][0]
    assert json.loads(button["value"])["note"] == "MASH live"
    assert slack.action(button["action_id"], button["value"]).status_code == 200
    fake_slack.wait_for("respond/r1")
    r17 = rec(w2013)
    assert r17.status == "completed" and r17.updates[-1].note == "MASH live"
    assert (r17.updates[-1].by, r17.updates[-1].source) == (USER, "button")
    assert "Saved R17" in all_text(fake_slack.calls_to("respond/r1")[-1].args)


def test_a_reading_button_is_refused_to_a_non_editor_and_a_forged_one_is_stale(w2013, slack, fake_slack, config):
    config.editors = frozenset({"UEDITOR1"})
    value = json.dumps({"rec": f"{REVIEW}/R17", "status": "completed", "note": "sneaky"})
    before = w2013.path.read_bytes()
    slack.action("rec_update_reading", value, user="UOTHER1")
    slack.action("rec_update_reading", json.dumps({"rec": f"{REVIEW}/R17", "status": "bogus", "note": ""}))
    replies = [all_text(c.args) for c in fake_slack.wait_for("respond/r1", 2)]
    assert any("You can't change R17" in r for r in replies) and any("out of date" in r for r in replies)
    assert w2013.path.read_bytes() == before
