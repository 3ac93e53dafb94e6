"""The committee cycle in chat: sign-off and reopening, evidence, decisions, and the executive's response clock."""

from __future__ import annotations

import json

import pytest

from bot.notice_render import render
from bot.slack_app import Services
from tests.conftest import W2013, import_file
from tests.slack_requests import CHANNEL, USER, all_text
from tracker.export import to_json
from tracker.importers import read_papers
from usecases import slipcheck

W = "wiltshire-2013-safeguarding"
EDITOR = "U0EDITOR1"


def say(slack, text: str, user: str = USER) -> str:
    return all_text(slack.command_json(slack.command(text, user=user)))


def reply(slack, text: str, user: str = USER) -> dict:
    return slack.command_json(slack.command(text, user=user))


def test_closing_a_completed_recommendation_records_the_committees_sign_off(w2013, slack):
    assert "Proposed for closure" in say(slack, "R4")
    assert "signed off" in say(slack, "close R4 minute 45/2026").lower()
    rec = w2013.get(W, "R4")
    assert rec.signed_off.minute == "minute 45/2026" and rec.signed_off.by == USER
    card = say(slack, "R4")
    assert "Signed off by the committee" in card and "minute 45/2026" in card
    assert "R4" in say(slack, "list closed") and "R4" not in say(slack, "list proposed")
    assert "R5" in say(slack, "list proposed")
    # a signed-off recommendation's status cannot move until it is reopened
    assert "reopen it first" in say(slack, "update R4 in progress more to do")
    assert w2013.get(W, "R4").status == "completed"
    assert "Say why" in say(slack, "reopen R4")
    say(slack, "reopen R4 evidence not yet seen by the committee")
    assert w2013.get(W, "R4").signed_off is None
    history = say(slack, "history R4")
    assert "signed off by the committee" in history and "sign-off undone" in history


def test_closing_what_is_not_completed_offers_to_complete_it_first(w2013, slack, fake_slack):
    message = reply(slack, "close R16 minute 12")
    assert "R16 is not completed" in all_text(message)
    button = message["blocks"][1]["elements"][0]
    assert w2013.get(W, "R16").signed_off is None and w2013.get(W, "R16").status == "in_progress"
    slack.action(button["action_id"], button["value"])
    answer = fake_slack.wait_for("respond/r1")[-1].args
    assert "signed off" in all_text(answer).lower()
    rec = w2013.get(W, "R16")
    assert rec.status == "completed" and rec.signed_off.minute == "minute 12"


def test_only_editors_sign_off(w2013, slack, config):
    config.editors = frozenset({EDITOR})
    assert "can't" in say(slack, "close R4").lower() or "only recbot's editors" in say(slack, "close R4").lower()
    assert w2013.get(W, "R4").signed_off is None
    say(slack, "close R4", user=EDITOR)
    assert w2013.get(W, "R4").signed_off.by == EDITOR


def test_a_completion_keeps_its_evidence_link(w2013, slack):
    say(slack, "update R16 completed MASH live, see <https://council.example.org/mash-report.pdf>")
    entry = w2013.get(W, "R16").updates[-1]
    assert entry.link == "https://council.example.org/mash-report.pdf"
    assert "<https://council.example.org/mash-report.pdf|link>" in json.dumps(reply(slack, "R16"))


def test_a_decision_recorded_in_chat_stays_through_a_reimport(w2013, slack):
    say(slack, "decision R16 partially accepted “Agreed in part”")
    rec = w2013.get(W, "R16")
    assert (rec.decision, rec.decision_text) == ("partially_accepted", "Agreed in part")
    assert "Partially accepted" in say(slack, "R16")
    import_file(w2013, W2013)
    assert w2013.get(W, "R16").decision == "partially_accepted"
    assert "Give the decision" in say(slack, "decision R16 maybe")


def test_the_response_clock_is_set_shown_reported_and_announced_once(store, slack, fake_slack, config):
    # The committee's report without the executive's answers yet: R3 and R4 have none.
    paper = W2013.read_text(encoding="utf-8")
    [imported] = read_papers(paper.encode(), W2013.name)
    imported.review.reported = None
    for rec in imported.recommendations:
        if rec.id in ("R3", "R4"):
            rec.response, rec.decision, rec.decision_text = "", None, ""
    store.import_papers([imported], at="2013-06-10T09:00:00Z", paper_name=W2013.name)
    w2013 = store
    assert "not recorded" in say(slack, f"review {W}")
    answer = say(slack, f"review {W} reported 28 March 2013")
    assert "reported to the executive on 28 March 2013" in answer and "overdue since 28 May 2013" in answer
    assert "2 recommendations without a decision" in answer and "R3, R4" in answer
    assert w2013.review(W).reported.isoformat() == "2013-03-28"
    assert "overdue since 28 May 2013" in say(slack, "report")
    slack.event({"type": "app_home_opened", "user": USER, "channel": "D1", "tab": "home", "event_ts": "1.2"})
    home = json.dumps(fake_slack.wait_for("views.publish")[-1].args)
    assert "Executive responses overdue" in home and "overdue since 28 May 2013" in home

    slack.command(f"subscribe {W} slips")
    services = Services(config=config, store=w2013)
    first = slipcheck.run(services, config.today())
    overdue = [n for n in first.queued if "response" in render(n)["text"].lower()]
    assert len(overdue) == 1 and overdue[0].channel == CHANNEL and overdue[0].kind == "overdue"
    assert "2 recommendations have no decision recorded" in all_text(render(overdue[0]))
    second = slipcheck.run(services, config.today())
    assert not [n for n in second.queued if "response" in render(n)["text"].lower()]

    # recording the executive's decisions stops the clock
    say(slack, "decision R3 accepted")
    assert "1 recommendation without a decision" in say(slack, f"review {W}")
    say(slack, "decision R4 not accepted")
    assert "is recorded" in say(slack, f"review {W}")


def test_an_executive_response_says_when_the_committee_reported(w2013, slack):
    assert w2013.review(W).reported.isoformat() == "2013-03-28"  # "endorsed by ... Committee on 28 March 2013"
    assert "the executive's response (due 28 May 2013) is recorded" in say(slack, f"review {W}")


@pytest.mark.parametrize(
    "text, says",
    [
        (f"review {W} reported 1 January 2099", "in the future"),
        ("review nowhere-2013-x reported 1 March 2013", "There is no review"),
        (f"review {W} reported sometime", "can't read"),
        ("review", "Which review?"),
    ],
)
def test_bad_review_commands_say_why_and_change_nothing(w2013, slack, text, says):
    before = w2013.review(W).reported
    assert says in say(slack, text)
    assert w2013.review(W).reported == before


def test_only_editors_start_the_clock(w2013, slack, config):
    config.editors = frozenset({EDITOR})
    assert "Only recbot's editors" in say(slack, f"review {W} reported 1 April 2013")
    assert w2013.review(W).reported.isoformat() == "2013-03-28"


def test_sign_off_and_the_report_date_survive_the_json_round_trip(w2013, slack, tmp_path):
    say(slack, "close R4 minute 7")
    say(slack, f"review {W} reported 28 March 2013")
    data = json.dumps(to_json(w2013.reviews(), w2013.recommendations())).encode()
    [paper] = read_papers(data, "export.json")
    assert paper.review.reported.isoformat() == "2013-03-28"
    r4 = next(r for r in paper.recommendations if r.id == "R4")
    assert r4.signed_off.minute == "minute 7"


def test_a_moved_target_keeps_every_date_agreed_before(w2013, slack, config):
    say(slack, "due R39 30 September 2027")
    say(slack, "due R39 31 December 2027")
    [moved] = [m for m in w2013.get(W, "R39").milestones if m.revised_from]
    assert moved.due.isoformat() == "2027-12-31" and len(moved.revised_from) == 2
    first = moved.revised_from[0]
    card = say(slack, "R39")
    assert f"revised twice, first agreed {first:%-d %b %Y}" in card
    assert "R39" in say(slack, "list revised") and "R16" not in say(slack, "list revised")
    # the CSV and JSON keep the earlier dates
    from tracker.tabular import to_csv

    sheet = to_csv(w2013.reviews(), w2013.recommendations(W))
    [paper] = read_papers(sheet.encode(), "sheet.csv")
    back = next(r for r in paper.recommendations if r.id == "R39")
    assert [m.revised_from for m in back.milestones if m.revised_from] == [moved.revised_from]
    import_file(w2013, W2013)  # the paper again: the moved date and its history stay
    assert [m.revised_from for m in w2013.get(W, "R39").milestones if m.revised_from] == [moved.revised_from]


def test_lateness_counts_from_the_latest_agreed_date_unless_told_original(w2013, slack, config):
    say(slack, "due R39 31 December 2099")  # moved far ahead: no longer late by its latest date
    moved = w2013.get(W, "R39")
    services = Services(config=config, store=w2013)
    assert "R39" not in say(slack, f"list {W} red")
    assert not [s for s in slipcheck.run(services, config.today(), dry_run=True).slips if s.rec_id == "R39"]
    config.late_from = "original"
    assert "R39" in say(slack, f"list {W} red")
    first = [m for m in moved.milestones if m.revised_from][0].revised_from[0]
    late = [s for s in slipcheck.run(services, config.today(), dry_run=True).slips if s.rec_id == "R39"]
    assert late and late[0].due == first


def test_a_late_from_setting_that_is_not_known_stops_recbot_with_one_line():
    from settings.config import Config, ConfigError

    with pytest.raises(ConfigError, match="RECBOT_LATE_FROM='sometimes' is not one of: latest, original"):
        Config.from_env({"RECBOT_LATE_FROM": "sometimes"})
    assert Config.from_env({"RECBOT_LATE_FROM": "Original"}).late_from == "original"
