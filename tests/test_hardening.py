"""Slack retries, bad input of every shape, and the request log."""

from __future__ import annotations

import json
import logging
from urllib.parse import urlencode

from hypothesis import given
from hypothesis import strategies as st

from handlers.parser import parse
from tests.conftest import r16, state
from tests.fuzz import FUZZ
from tests.slack_requests import CHANNEL, USER, all_text, form, meta, wire_json
from tracker.errors import ImportFailed, UserError
from tracker.importers import read_papers


def test_a_retried_command_is_applied_once(w2013, slack):
    body = slack.command_body("note R16 Partners met", user=USER, channel=CHANNEL)
    first = slack.post(body, "application/x-www-form-urlencoded")
    again = slack.post(
        body,
        "application/x-www-form-urlencoded",
        headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
    )
    assert first.status_code == again.status_code == 200
    assert "already saved" in all_text(again.json())
    assert [u.note for u in r16(w2013).updates] == ["Partners met"]


def test_a_retried_event_is_handled_once(w2013, slack, fake_slack):
    body = json.dumps(wire_json("app-home-opened.json"))
    slack.post(body, "application/json")
    slack.post(body, "application/json", headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    fake_slack.wait_for("views.publish")
    assert len(fake_slack.calls_to("views.publish")) == 1


def test_a_retried_form_submission_is_applied_once(w2013, slack):
    payload = wire_json("view-submission.json")
    payload["view"]["state"]["values"] = form(note="once")
    payload["view"]["private_metadata"] = meta()
    body = urlencode({"payload": json.dumps(payload)})
    assert slack.post(body, "application/x-www-form-urlencoded").status_code == 200
    assert slack.post(body, "application/x-www-form-urlencoded", headers={"X-Slack-Retry-Num": "1"}).text == ""
    assert [u.note for u in r16(w2013).updates] == ["once"]


# Property-based: any input gets a helpful answer, never a crash ------------------------------


@given(st.text(max_size=300))
@FUZZ
def test_the_parser_answers_any_text(text):
    try:
        parse(text)
    except UserError as exc:
        assert str(exc)


@given(st.binary(max_size=3000))
@FUZZ
def test_importers_refuse_any_bytes_cleanly(data):
    try:
        papers = read_papers(data, "fuzz.txt")
    except ImportFailed as exc:
        assert "fuzz.txt" in str(exc)
    else:
        assert papers and all(p.recommendations for p in papers)


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=400))
@FUZZ
def test_paper_like_text_is_imported_whole_or_refused(text):
    seeded = "Appendix 1\nNo.\tRecommendation\tAction being taken\tSummary current position\n" + text
    try:
        papers = read_papers(seeded.encode("utf-8"), "fuzz.txt")
    except ImportFailed as exc:
        assert "fuzz.txt" in str(exc)  # refused with a message that names the file
    else:
        assert papers
        for paper in papers:  # whole: every recommendation has its own id, in its review, and words
            ids = [rec.id for rec in paper.recommendations]
            assert ids and all(ids) and len(set(ids)) == len(ids)
            assert all(rec.review == paper.review.slug and (rec.text or rec.title) for rec in paper.recommendations)


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=20,
)
PAYLOAD = st.fixed_dictionaries(
    {"type": st.sampled_from(["block_actions", "view_submission", "shortcut", "weird"]) | st.text(max_size=8)},
    optional={
        "user": st.fixed_dictionaries({"id": st.text(max_size=12)}) | JSONISH,
        "actions": st.lists(
            st.dictionaries(
                st.sampled_from(["action_id", "value", "type"]), st.text(max_size=30) | JSONISH, max_size=3
            ),
            max_size=2,
        )
        | JSONISH,
        "view": st.dictionaries(
            st.sampled_from(["callback_id", "private_metadata", "state"]),
            st.sampled_from(["rec_update_modal"]) | JSONISH,
            max_size=3,
        )
        | JSONISH,
        "trigger_id": st.text(max_size=12),
        "response_url": st.just("http://127.0.0.1:9/nowhere"),
    },
)


@given(payload=PAYLOAD)
@FUZZ
def test_any_signed_payload_is_answered_without_a_500(w2013, slack, payload):
    before = state(w2013)
    response = slack.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")
    assert response.status_code in (200, 400, 404), response.text
    assert state(w2013) == before


@given(body=JSONISH)
@FUZZ
def test_any_signed_json_body_is_answered_without_a_500(w2013, slack, body):
    response = slack.post(json.dumps(body), "application/json")
    assert response.status_code in (200, 400, 404), response.text


@given(text=st.text(max_size=200))
@FUZZ
def test_any_command_text_gets_a_reply(w2013, slack, text):
    response = slack.command(text)
    assert response.status_code == 200
    assert response.text == "" or all_text(response.json())


def test_malformed_and_oversized_bodies_are_refused(w2013, slack):
    before = state(w2013)
    cases = [
        ("payload=%7Bnot+json", "application/x-www-form-urlencoded", 400, "payload is not JSON"),
        ("payload=%5B1%2C2%5D", "application/x-www-form-urlencoded", 400, "payload without a type"),
        ("{not json", "application/json", 400, "body is not JSON"),
        ("command=%2Frec", "application/x-www-form-urlencoded", 400, "slash command without user_id"),
        ("x" * (1024 * 1024 + 1), "application/x-www-form-urlencoded", 413, "too large"),
    ]
    for body, ctype, status, reason in cases:
        response = slack.post(body, ctype)
        assert response.status_code == status and reason in response.text
    assert state(w2013) == before


def test_one_log_line_per_request_without_secrets(w2013, slack, config, caplog):
    caplog.set_level(logging.INFO, logger="recbot.request")
    slack.command("R16")
    slack.command("update R16 sideways")
    slack.command("note R16 my secret plans")
    slack.command("R16", secret="wrong")
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "recbot.request"]
    assert [(line.get("verb"), line.get("outcome"), line["status"]) for line in lines] == [
        ("/rec lookup", "ok", 200),
        ("/rec update", "user_error", 200),
        ("/rec note", "ok", 200),
        (None, None, 401),
    ]
    assert all(line.get("user") == USER for line in lines[:3]) and all("ms" in line for line in lines)
    text = caplog.text
    assert config.signing_secret not in text and config.bot_token not in text and "secret plans" not in text


def test_slacks_url_checks_are_answered(slack):
    assert slack.post("ssl_check=1&token=abc", "application/x-www-form-urlencoded").status_code == 200
    challenge = slack.post(
        json.dumps({"type": "url_verification", "challenge": "c-123", "token": "t"}), "application/json"
    )
    assert challenge.status_code == 200 and challenge.json() == {"challenge": "c-123"}


def test_a_form_submission_without_a_view_type_is_refused_not_a_500(w2013, slack):
    payload = wire_json("view-submission.json")
    del payload["view"]["type"]
    response = slack.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")
    assert response.status_code == 400 and "view without a type" in response.text
