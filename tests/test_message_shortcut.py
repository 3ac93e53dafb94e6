"""Any message to an update: the "Record as update" shortcut, its type-ahead picker and its form."""

from __future__ import annotations

import copy
import json
from urllib.parse import urlencode

import pytest

from tests.slack_requests import CHANNEL, USER, new_trigger_id, wire_json

MESSAGE_TS = "1700000123.000200"
EDITOR = "U0EDITOR1"


def send(slack, payload: dict):
    return slack.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")


def shortcut_payload(text: str) -> dict:
    return {
        "type": "message_action",
        "callback_id": "record_update",
        "trigger_id": new_trigger_id(),
        "response_url": "http://127.0.0.1:9/nowhere",
        "team": {"id": "T0001", "domain": "example"},
        "channel": {"id": CHANNEL, "name": "safeguarding"},
        "user": {"id": USER, "name": "officer"},
        "message": {"type": "message", "user": "U0WRITER1", "ts": MESSAGE_TS, "text": text},
        "message_ts": MESSAGE_TS,
        "action_ts": "1700000200.000300",
        "api_app_id": "A123456",
        "token": "x",
    }


def options(slack, typed: str) -> list[dict]:
    payload = {
        "type": "block_suggestion",
        "action_id": "rec_pick",
        "block_id": "rec",
        "value": typed,
        "user": {"id": USER},
        "team": {"id": "T0001"},
        "view": {"id": "V1", "type": "modal", "callback_id": "rec_from_message"},
        "api_app_id": "A123456",
        "token": "x",
    }
    response = send(slack, payload)
    assert response.status_code == 200, response.text
    return response.json()["options"]


def submission(meta: dict, key: str | None, note: str, status: str = "no_change", user: str = USER) -> dict:
    payload = copy.deepcopy(wire_json("view-submission.json"))
    payload["user"]["id"] = user
    payload["trigger_id"] = new_trigger_id()
    payload["view"]["callback_id"] = "rec_from_message"
    payload["view"]["private_metadata"] = json.dumps(meta)
    selected = {"selected_option": {"text": {"type": "plain_text", "text": key}, "value": key}} if key else {}
    payload["view"]["state"]["values"] = {
        "rec": {"rec_pick": {"type": "external_select", **selected}},
        "status": {"status_select": {"type": "static_select", "selected_option": {"value": status}}},
        "note": {"note_input": {"type": "plain_text_input", "value": note}},
    }
    return payload


def open_form(slack, fake_slack, text: str) -> dict:
    response = send(slack, shortcut_payload(text))
    assert response.status_code == 200, response.text
    view = fake_slack.wait_for("views.open")[-1].args["view"]
    return json.loads(view) if isinstance(view, str) else view


def test_a_message_becomes_an_update_with_a_link_answered_in_its_thread(w2013, slack, fake_slack):
    view = open_form(slack, fake_slack, "MASH went live on Monday with police and health colleagues")
    assert view["callback_id"] == "rec_from_message"
    note = next(b for b in view["blocks"] if b.get("block_id") == "note")["element"]
    assert note["initial_value"] == "MASH went live on Monday with police and health colleagues"
    meta = json.loads(view["private_metadata"])
    assert meta["link"] == f"https://example.slack.com/archives/{CHANNEL}/p1700000123000200"

    picked = options(slack, "MASH")
    assert picked and picked[0]["value"] == "wiltshire-2013-safeguarding/R16"
    assert picked[0]["text"]["text"].startswith("R16 · ")

    response = send(slack, submission(meta, "wiltshire-2013-safeguarding/R16", note["initial_value"], "completed"))
    assert response.status_code == 200 and response.text == ""
    rec = w2013.get("wiltshire-2013-safeguarding", "R16")
    entry = rec.updates[-1]
    assert (entry.note, entry.status, entry.source) == (note["initial_value"], "completed", "shortcut")
    assert entry.link == meta["link"] and rec.status == "completed"
    thread = fake_slack.wait_for("chat.postMessage")[-1].args
    assert thread["channel"] == CHANNEL and thread["thread_ts"] == MESSAGE_TS


@pytest.mark.parametrize(
    "typed, first",
    [
        ("R16", "wiltshire-2013-safeguarding/R16"),
        ("16", "wiltshire-2013-safeguarding/R16"),
        ("hot deskng", "wiltshire-2013-safeguarding/R15"),
        ("wilt", "wiltshire-2013-safeguarding/R1"),
    ],
)
def test_the_picker_offers_ids_reviews_and_words_as_people_type(w2013, slack, typed, first):
    found = options(slack, typed)
    assert found[0]["value"] == first
    assert len(found) <= 20 and all(len(o["text"]["text"]) <= 75 for o in found)


@pytest.mark.parametrize(
    "key, note, block, says",
    [
        (None, "something happened", "rec", "Pick the recommendation"),
        ("wiltshire-2013-safeguarding/R99", "something happened", "rec", "There is no R99"),
        ("wiltshire-2013-safeguarding/R16", "   ", "note", "The note is empty"),
        ("wiltshire-2013-safeguarding/R16", "x" * 3001, "note", "under 3000 characters"),
    ],
)
def test_a_wrong_form_shows_the_error_beside_the_field_and_saves_nothing(w2013, slack, key, note, block, says):
    before = w2013.get("wiltshire-2013-safeguarding", "R16").updates
    response = send(slack, submission({"channel": CHANNEL, "ts": MESSAGE_TS, "link": ""}, key, note))
    answer = response.json()
    assert answer["response_action"] == "errors" and says in answer["errors"][block]
    assert w2013.get("wiltshire-2013-safeguarding", "R16").updates == before


def test_only_editors_and_owners_may_record(w2013, slack, config):
    config.editors = frozenset({EDITOR})
    meta = {"channel": CHANNEL, "ts": MESSAGE_TS, "link": ""}
    answer = send(slack, submission(meta, "wiltshire-2013-safeguarding/R16", "progress")).json()
    assert "only recbot's editors and its linked owners" in answer["errors"]["rec"]
    response = send(slack, submission(meta, "wiltshire-2013-safeguarding/R16", "progress", user=EDITOR))
    assert response.status_code == 200 and response.text == ""
    assert w2013.get("wiltshire-2013-safeguarding", "R16").updates[-1].note == "progress"


def test_where_recbot_is_not_in_the_channel_the_person_is_told_directly(w2013, slack, fake_slack):
    fake_slack.unreachable.add(CHANNEL)
    meta = {"channel": CHANNEL, "ts": MESSAGE_TS, "link": ""}
    send(slack, submission(meta, "wiltshire-2013-safeguarding/R16", "progress"))
    posts = fake_slack.wait_for("chat.postMessage", 2)
    assert posts[-1].args["channel"] == USER
