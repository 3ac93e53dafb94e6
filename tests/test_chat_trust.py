"""Trust in chat: every word of a note kept, the status/note split asked when not certain."""

from __future__ import annotations

import json

import pytest

from tests.conftest import state
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
    before = state(w2013)
    message = slack.command_json(slack.command("update R17 compelted MASH live"))
    text = all_text(message)
    assert "not sure" in text and "nothing is saved yet" in text and "Completed" in text and "MASH live" in text
    assert state(w2013) == before  # asking saves nothing
    button = next(b for b in message["blocks"] if b["type"] == "actions")["elements"][0]
    assert json.loads(button["value"])["note"] == "MASH live"
    assert slack.action(button["action_id"], button["value"]).status_code == 200
    fake_slack.wait_for("respond/r1")
    r17 = rec(w2013)
    assert r17.status == "completed" and r17.updates[-1].note == "MASH live"
    assert (r17.updates[-1].by, r17.updates[-1].source) == (USER, "button")
    confirmation = fake_slack.calls_to("respond/r1")[-1].args
    assert "Saved R17" in all_text(confirmation) and confirmation["replace_original"] is True
    slack.action(button["action_id"], button["value"])  # pressed again: saved once
    fake_slack.wait_for("respond/r1", 2)
    assert "already saved" in all_text(fake_slack.calls_to("respond/r1")[-1].args)
    assert len(rec(w2013).updates) == 1


def test_a_reading_button_is_refused_to_a_non_editor_and_a_forged_one_is_stale(w2013, slack, fake_slack, config):
    config.editors = frozenset({"UEDITOR1"})
    value = json.dumps({"rec": f"{REVIEW}/R17", "status": "completed", "note": "sneaky"})
    before = state(w2013)
    slack.action("rec_update_reading", value, user="UOTHER1")
    slack.action("rec_update_reading", json.dumps({"rec": f"{REVIEW}/R17", "status": "bogus", "note": ""}))
    replies = [all_text(c.args) for c in fake_slack.wait_for("respond/r1", 2)]
    assert any("You can't change R17" in r for r in replies) and any("out of date" in r for r in replies)
    assert state(w2013) == before


@pytest.mark.parametrize("where", ["text", "channel_name", "user_name"])
def test_the_word_payload_is_just_a_word(w2013, slack, where, caplog):
    from urllib.parse import parse_qsl, urlencode

    text = "update R17 in progress payload of the MASH contract" if where == "text" else "update R17 done"
    form = dict(parse_qsl(slack.command_body(text)))
    if where != "text":
        form[where] = "payload-team"
    response = slack.post(urlencode(form), "application/x-www-form-urlencoded")
    assert response.status_code == 200 and "Saved R17" in all_text(response.json())
    entry = rec(w2013).updates[-1]
    assert entry.note == ("payload of the MASH contract" if where == "text" else "")


@pytest.mark.parametrize(
    "timestamp, signature",
    [("yesterday", None), ("12e3", None), ("", None), (None, "v0=é" + "0" * 62), (None, "v0=zz"), (None, "")],
)
def test_malformed_signature_headers_are_401_not_500(w2013, slack, timestamp, signature):
    import time

    before = state(w2013)
    headers = {"x-slack-request-timestamp": str(int(time.time())) if timestamp is None else timestamp}
    headers["x-slack-signature"] = "v0=" + "0" * 64 if signature is None else signature
    body = slack.command_body("update R17 done")
    response = slack.session.post(
        slack.url,
        data=body.encode(),
        headers={"content-type": "application/x-www-form-urlencoded", **{k: v.encode() for k, v in headers.items()}},
        timeout=10,
    )
    assert response.status_code == 401
    assert state(w2013) == before


def test_another_workspace_or_app_is_refused(w2013, slack, config, fake_slack):
    from urllib.parse import parse_qsl, urlencode

    config.team_id, config.app_id = "T0001", "A123456"  # as in shared/slack-wire
    assert slack.command("R17").status_code == 200
    home = {"type": "app_home_opened", "user": USER, "tab": "home"}
    assert slack.event(home).status_code == 200
    before = [r.updates for r in w2013.recommendations()]
    for field, value in (("team_id", "TEVIL"), ("api_app_id", "AEVIL")):
        form = dict(parse_qsl(slack.command_body("update R17 done")))
        form[field] = value
        assert slack.post(urlencode(form), "application/x-www-form-urlencoded").status_code == 403
    from tests.slack_requests import wire_json

    envelope = {**wire_json("app-home-opened.json"), "team_id": "TEVIL", "event": home}
    assert slack.post(json.dumps(envelope), "application/json").status_code == 403
    payload_team = slack.post(_with_team(slack, "TEVIL"), "application/x-www-form-urlencoded")
    assert payload_team.status_code == 403
    assert [r.updates for r in w2013.recommendations()] == before  # nothing changed


def _with_team(slack, team: str) -> str:
    import copy
    from urllib.parse import urlencode

    from tests.slack_requests import wire_json

    payload = copy.deepcopy(wire_json("block-actions.json"))
    payload["team"]["id"] = team
    payload["actions"][0].update(action_id="rec_history", value=f"{REVIEW}/R17")
    return urlencode({"payload": json.dumps(payload)})
