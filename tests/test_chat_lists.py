"""The executive's decision on cards, lists and reports; `/rec list` filters by decision, review prefix,
owner named in the paper, "not set" and green."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.conftest import SEEDS, W2013, import_file
from tests.slack_requests import all_text
from tracker.models import Milestone
from tracker.report_md import to_markdown

REVIEW = "wiltshire-2013-safeguarding"
DECIDED = {
    "R1": ("accepted", "Agreed"),
    "R2": ("partially_accepted", "In part"),
    "R3": ("not_accepted", "No"),
    "R4": ("noted", "Noted"),
    "R5": ("deferred", "Deferred to the new year"),
}


def decide_five(w2013) -> None:
    """Exactly the five decisions above: the others the paper states are cleared, for known counts."""
    import_file(w2013, W2013)
    for rec in w2013.recommendations(REVIEW):
        decision, wording = DECIDED.get(rec.id, (None, ""))
        if (rec.decision, rec.decision_text) == (decision, wording):
            continue  # already so: a change would write nothing new

        def decide(rec, decision=decision, wording=wording):
            rec.decision, rec.decision_text = decision, wording

        w2013.change(REVIEW, rec.id, decide)


@pytest.fixture
def decided(prepare):
    """The 2013 paper with exactly the five decisions above."""
    return prepare("decided", decide_five)


def ids(message: dict) -> list[str]:
    return re.findall(r"\*(R\d+)\*", all_text(message))


def listed(slack, text: str) -> list[str]:
    return ids(slack.command_json(slack.command(text)))


def test_the_card_shows_the_decision_beside_the_status(decided, slack):
    card = all_text(slack.command_json(slack.command("R2")))
    assert "*Decision*\nPartially accepted — “In part”" in card
    assert "*Decision*\nAccepted" in all_text(slack.command_json(slack.command("R1")))
    assert "*Decision*" not in all_text(slack.command_json(slack.command("R9")))  # nothing recorded


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("list accepted", ["R1"]),
        ("list partially-accepted", ["R2"]),
        ("list not-accepted", ["R3"]),
        ("list noted", ["R4"]),
        ("list deferred", ["R5"]),
        (f"list {REVIEW} decision partially accepted", ["R2"]),
    ],
)
def test_list_filters_by_decision(decided, slack, typed, expected):
    assert listed(slack, typed) == expected


def test_no_response_and_status_noted_and_lines_show_the_decision(decided, slack):
    assert len(listed(slack, "list no-response")) == 36
    by_status = listed(slack, "list status noted")
    assert "R32" in by_status and "R4" not in by_status
    line = all_text(slack.command_json(slack.command("list partially-accepted")))
    assert "decision: partially accepted" in line


def test_report_and_markdown_show_decisions(decided, slack):
    report = all_text(slack.command_json(slack.command("report")))
    assert "Decisions: 1 accepted, 1 partially accepted, 1 not accepted, 1 noted, 1 deferred, 36 no response" in report
    md = to_markdown(decided.reviews(), decided.recommendations(), date(2026, 11, 23))
    assert "| Decision | Status |" in md and "| Partially accepted — “In part” |" in md
    assert "| Deferred | 1 |" in md and "| No response recorded | 36 |" in md


def test_list_by_review_prefix_owner_named_in_the_paper_not_set_and_green(w2013, slack, config):
    import_file(w2013, SEEDS / "wiltshire-2017-03-executive-response.txt")
    both = all_text(slack.command_json(slack.command("list wiltshire")))
    assert "wiltshire-2017-safeguarding" in both and "wiltshire-2013-safeguarding" in both
    assert len(ids(slack.command_json(slack.command("list wiltshire-2017")))) == 12
    unset = sorted(r.id for r in w2013.recommendations("wiltshire-2017-safeguarding") if r.status is None)
    assert unset and len(unset) < 12
    assert sorted(listed(slack, "list wiltshire-2017 not set")) == unset
    assert len(listed(slack, "list owner Terence Herbert")) == 12
    assert listed(slack, "list owner nobody at all") == []

    def future(rec):
        rec.milestones = [Milestone(label="Review", due=date(2099, 1, 1))]

    w2013.change(REVIEW, "R7", future)
    assert listed(slack, f"list {REVIEW} green") == ["R7"]
    assert "There is no review `nowhere`" in all_text(slack.command_json(slack.command("list nowhere red")))
    sideways = all_text(slack.command_json(slack.command("list sideways")))
    assert "There is no review `sideways`" in sideways and "one filter: a status, a decision" in sideways
