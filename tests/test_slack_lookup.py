"""``/rec`` lookups driven over HTTP exactly as Slack sends them."""

from __future__ import annotations

import json
import time

import pytest

from tests.conftest import SAMPLE, W2013, import_file, state
from tests.slack_requests import all_text
from tracker.importers import read_paper


def test_lookup_r16_answers_with_a_card(w2013, slack):
    started = time.perf_counter()
    response = slack.command("R16")
    elapsed = time.perf_counter() - started
    message = slack.command_json(response)
    assert elapsed < 3, "Slack gives up after 3 seconds"
    assert message["response_type"] == "ephemeral"
    header = message["blocks"][0]
    assert header["type"] == "header" and header["text"]["text"] == "R16 · Development of a MASH"
    text = all_text(message)
    assert "wiltshire-2013-safeguarding" in text
    assert "maintained as a countywide service" in text
    assert "In progress" in text and "Agreed and action being taken. Target dates set." in text
    assert "Project Manager from the Corporate Transformation Team" in text


@pytest.mark.parametrize("typed", ["r16", "R 16", "16", "R16.", "wiltshire-2013-safeguarding R16"])
def test_forgiving_ids(w2013, slack, typed):
    message = slack.command_json(slack.command(typed))
    assert message["blocks"][0]["text"]["text"].startswith("R16 ·")


def test_links_are_listed(w2013, slack):
    text = all_text(slack.command_json(slack.command("R18")))
    assert "Links to R14, R16, R17" in text


def test_unknown_id_names_the_review_and_nearest(w2013, slack):
    before = state(w2013)
    text = all_text(slack.command_json(slack.command("R99")))
    assert "There is no R99 in `wiltshire-2013-safeguarding`" in text
    assert "Nearest: R41, R40, R39" in text
    assert state(w2013) == before


def test_unknown_review(w2013, slack):
    text = all_text(slack.command_json(slack.command("wiltshire-2031-safeguarding R1")))
    assert "There is no review `wiltshire-2031-safeguarding`" in text
    assert "Did you mean `wiltshire-2013-safeguarding`" in text


def test_id_in_several_reviews_asks_which(w2013, slack):
    import_file(w2013, SAMPLE)
    message = slack.command_json(slack.command("R3"))
    assert "R3 is in 2 reviews" in all_text(message)
    values = [b["accessory"]["value"] for b in message["blocks"] if b.get("accessory")]
    assert values == ["northfield-2026-homelessness/R3", "wiltshire-2013-safeguarding/R3"]
    # naming the review picks directly
    picked = slack.command_json(slack.command("northfield-2026-homelessness R3"))
    assert picked["blocks"][0]["text"]["text"] == "R3 · Personal housing plans written with the household"


def test_show_button_from_the_choice(w2013, slack, fake_slack):
    import_file(w2013, SAMPLE)
    assert slack.action("rec_show", "wiltshire-2013-safeguarding/R3").status_code == 200
    posted = fake_slack.wait_for("respond/r1")[0].args
    assert posted["blocks"][0]["text"]["text"] == "R3 · WSCB monthly newsletter"
    assert posted["replace_original"] is False


def test_long_text_is_shortened_with_a_way_to_all_of_it(w2013, slack, fake_slack):
    message = slack.command_json(slack.command("R1"))
    text = all_text(message)
    assert "/rec wiltshire-2013-safeguarding R1 full" in text
    assert "Revised data reports from 1st October" not in text
    buttons = {e["action_id"]: e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]}
    assert set(buttons) == {"rec_update", "rec_subscribe", "rec_history", "rec_full"}

    slack.action("rec_full", buttons["rec_full"]["value"])
    full = fake_slack.wait_for("respond/r1")[0].args
    assert "Revised data reports from 1st October" in all_text(full)
    typed = slack.command_json(slack.command("R1 full"))
    assert "Revised data reports from 1st October" in all_text(typed)


def test_every_card_respects_block_kit_limits(w2013, slack):
    for n in range(1, 42):
        for suffix in ("", " full"):
            message = slack.command_json(slack.command(f"R{n}{suffix}"))
            assert len(message["blocks"]) <= 50
            for block in message["blocks"]:
                if block["type"] == "section" and "text" in block:
                    assert len(block["text"]["text"]) <= 3000
                if block["type"] == "header":
                    assert len(block["text"]["text"]) <= 150


def test_stale_button_value_gets_a_clear_message(w2013, slack, fake_slack):
    slack.action("rec_full", "not-a-key")
    assert "out of date" in all_text(fake_slack.wait_for("respond/r1")[0].args)
    slack.action("rec_full", "wiltshire-2013-safeguarding/R77")
    assert "There is no R77" in all_text(fake_slack.wait_for("respond/r1", 2)[1].args)


def test_help_lists_the_grammar(slack):
    text = all_text(slack.command_json(slack.command("help")))
    for form in ("/rec R16", "/rec REVIEW R16", "/rec list", "/rec R16 full", "in_progress"):
        assert form in text


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("frobnicate", "I don't understand “frobnicate”"),
        ("lsit", "Did you mean `/rec list`?"),
        ("R16 R17", "I don't understand “R17”"),
        ("list R16", "`/rec list` takes an optional review"),
        ("wiltshire-2013-safeguarding", "Which recommendation?"),
    ],
)
def test_malformed_commands_get_help_and_change_nothing(w2013, slack, typed, expected):
    before = state(w2013)
    assert expected in all_text(slack.command_json(slack.command(typed)))
    assert state(w2013) == before


def test_list_reviews_and_recommendations(w2013, slack):
    text = all_text(slack.command_json(slack.command("list")))
    assert "wiltshire-2013-safeguarding" in text and "41 recommendations" in text
    assert "5 completed" in text and "20 in progress" in text
    listing = slack.command_json(slack.command("list wiltshire-2013-safeguarding"))
    assert all_text(listing).count("*R") == 41


def test_paper_text_cannot_ping_the_channel(store, slack, tmp_path):
    paper = SAMPLE.read_text().replace("Single named point of contact", "Single <!channel> point <@U123> of contact")
    paper = paper.replace("should have a single named point", "should have a <!here> single named point")
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(paper)
    import_file(store, hostile)
    text = all_text(slack.command_json(slack.command("R2")))
    assert "<!here>" not in text and "&lt;!here&gt;" in text


def test_empty_store_says_how_to_import(slack):
    assert "nothing has been imported yet" in all_text(slack.command_json(slack.command("R16")))


@pytest.mark.parametrize(
    "tamper",
    [
        {"signed": False},
        {"secret": "not-the-secret"},
        {"timestamp": int(time.time()) - 6 * 60},
    ],
    ids=["unsigned", "forged", "stale"],
)
def test_bad_signatures_are_refused_and_change_nothing(w2013, slack, fake_slack, tamper):
    before = state(w2013)
    response = slack.command("R16", **tamper)
    assert response.status_code == 401
    forged_action = slack.action("rec_full", "wiltshire-2013-safeguarding/R1", **tamper)
    assert forged_action.status_code == 401
    assert state(w2013) == before
    assert [c.method for c in fake_slack.calls if c.method != "auth.test"] == []


def test_healthz(w2013, live):
    import requests

    response = requests.get(f"{live}/healthz", timeout=5)
    assert response.status_code == 200
    assert json.loads(response.text) == {"ok": True, "recommendations": 41}


def test_the_store_holds_each_recommendation_of_the_seed_as_the_paper_reads(w2013):
    paper = read_paper(W2013.read_bytes(), W2013.name)

    def fields(recs):
        return {r.id: (r.review, r.title, r.text, r.decision, r.status, r.status_text) for r in recs}

    assert w2013.count() == len(paper.recommendations) == 41
    assert fields(w2013.recommendations(paper.review.slug)) == fields(paper.recommendations)


def test_app_home_shows_the_reviews(w2013, slack, fake_slack):
    from tests.slack_requests import wire_json

    event = wire_json("app-home-opened.json")
    assert slack.post(json.dumps(event), "application/json").status_code == 200
    published = fake_slack.wait_for("views.publish")[0].args
    assert published["user_id"] == "U2147483697"
    assert published["view"]["type"] == "home"
    assert "wiltshire-2013-safeguarding" in all_text(published["view"])
    assert len(published["view"]["blocks"]) <= 100


@pytest.mark.parametrize(
    "typed, header",
    [
        ("a", "Ra · "),
        ("(b)", "Rb · "),
        ("SC18", "SC18 · "),
        ("sc19", "SC19 · "),
        ("CEH.140715.20b", "CEH.140715.20b · "),
    ],
)
def test_a_papers_own_references_are_looked_up(store, slack, tmp_path, typed, header):
    paper = tmp_path / "westbridge.txt"
    paper.write_text(
        "Westbridge City Council scrutiny recommendations, 12 February 2026\n\n"
        "SC18 That the library service trials Sunday opening (Accepted)\n"
        "SC19 That kiosks are installed in every branch (Rejected)\n\n"
        "# Recommendations to the Cabinet\n\n"
        "a) That the Cabinet funds a mobile library.\n"
        "b) That opening hours are published online.\n\n"
        "Ref\tRecommendation\tLead officer\n"
        "CEH.140715.20b\tThat the council reports on library use every year.\tAnna Berg\n",
        encoding="utf-8",
    )
    import_file(store, paper)
    message = slack.command_json(slack.command(typed))
    assert message["blocks"][0]["text"]["text"].startswith(header)
