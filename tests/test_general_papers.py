"""The general reader against real papers of other councils (../shared/papers/), scored by their truth file."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import PAPERS
from tracker.errors import ImportFailed
from tracker.ids import from_ref
from tracker.importers import read_import

TRUTH = json.loads((PAPERS / "truth.json").read_text(encoding="utf-8"))
POSITIVE = [t for t in TRUTH if t["recommendations"]]
NEGATIVE = [t["file"] for t in TRUTH if not t["recommendations"]]
TARGET = 0.9


def paper_bytes(name: str) -> bytes:
    """The paper as retrieved: the three comment lines the collection adds are not part of it."""
    lines = (PAPERS / name).read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not re.match(r"# (?:source|note|layout):", line)).encode()


def _squash(text: str) -> str:
    return " ".join((text or "").replace("’", "'").split()).lower()


def misses(expected: dict, recs) -> list[str]:
    """What a truth entry wants that the imported recommendations do not have ([] when all is found)."""
    rec = next((r for r in recs if _squash(r.text).startswith(_squash(expected["starts_with"]))), None)
    if rec is None:
        return ["not found"]
    wrong = []
    if expected["ref"] and rec.id != from_ref(expected["ref"]):
        wrong.append(f"id {rec.id} for ref {expected['ref']}")
    if expected["response"] and _squash(expected["response"]) not in _squash(rec.decision_text):
        wrong.append(f"decision wording {rec.decision_text!r} for {expected['response']!r}")
    if expected["owner"] and _squash(expected["owner"]) not in [_squash(o.name) for o in rec.owners]:
        wrong.append(f"owners {[o.name for o in rec.owners]} for {expected['owner']!r}")
    return wrong


def test_at_least_ninety_percent_of_the_truth_is_found_with_ref_response_and_owner(capsys):
    total, right, report = 0, 0, []
    for paper in POSITIVE:
        recs = read_import(paper_bytes(paper["file"]), paper["file"]).papers[0].recommendations
        for expected in paper["recommendations"]:
            total += 1
            wrong = misses(expected, recs)
            right += not wrong
            if wrong:
                report.append(f"{paper['file']}: {expected['starts_with'][:40]}: {'; '.join(wrong)}")
    with capsys.disabled():
        print(f"\ntruth score: {right}/{total} = {right / total:.0%} (target {TARGET:.0%})")
    assert right / total >= TARGET, "\n".join(report)


@pytest.mark.parametrize("paper", POSITIVE, ids=lambda p: p["file"][:30])
def test_no_recommendation_is_invented(paper):
    """Findings, resolutions and response paragraphs are not taken for recommendations."""
    recs = read_import(paper_bytes(paper["file"]), paper["file"]).papers[0].recommendations
    wanted = [_squash(e["starts_with"]) for e in paper["recommendations"]]
    extra = [r.text[:60] for r in recs if not any(_squash(r.text).startswith(w) for w in wanted)]
    assert extra == []


@pytest.mark.parametrize("name", NEGATIVE)
def test_papers_that_only_refer_to_recommendations_import_nothing_and_say_so(name):
    with pytest.raises(ImportFailed) as err:
        read_import(paper_bytes(name), name)
    assert f"{name}: no recommendations found" in str(err.value)


@pytest.mark.parametrize("name", NEGATIVE)
def test_a_paper_of_references_by_number_is_told_apart(name):
    with pytest.raises(ImportFailed) as err:
        read_import(paper_bytes(name), name)
    assert "refers to recommendations only by number" in str(err.value)


def test_review_details_come_from_the_paper():
    jersey = read_import(paper_bytes("jersey-web-chief-minister-response-2009.txt"), "j.txt").papers[0].review
    assert (jersey.council, jersey.date.isoformat()) == ("States of Jersey", "2009-06-23")
    assert "Response Of The Chief Minister" in jersey.title
    rural = read_import(paper_bytes("maidstone-rural-economy-scraip-2011.txt"), "r.txt").papers[0].review
    assert rural.title == "Leisure & Prosperity – Rural Economy Review"
    assert rural.committee == "Leisure & Prosperity Overview and Scrutiny Committee"
    assert rural.date.isoformat() == "2011-06-09" and rural.layout == "general"


def test_timetable_cells_become_milestones_against_the_papers_date():
    recs = read_import(paper_bytes("maidstone-rural-economy-scraip-2011.txt"), "r.txt").papers[0].recommendations
    assert [(m.source, m.due.isoformat()) for m in recs[0].milestones] == [("October 2011 to March 2012", "2012-03-31")]
    assert [(m.source, m.due.isoformat()) for m in recs[1].milestones] == [("6 months", "2011-12-09")]


def test_a_decision_column_is_read_apart_from_the_comments():
    name = "isleofwight-select-committee-process-action-plan-2002.txt"
    recs = read_import(paper_bytes(name), name).papers[0].recommendations
    assert [(r.id, r.decision, r.decision_text) for r in recs] == [
        ("R1", "accepted", "Yes"),
        ("R2", "not_accepted", "No"),
        ("R3", "partially_accepted", "In part"),
        ("R4", "accepted", "Yes"),
        ("R5", "accepted", "Yes"),
    ]
    assert recs[1].response.startswith("Scrutiny should be Member led.")
    assert [m.source for m in recs[2].milestones] == []  # "On-going" names no date


def test_narrative_that_uses_agreed_in_passing_states_no_decision():
    name = "maidstone-corporate-improvement-plan-scraip-2011.txt"
    recs = read_import(paper_bytes(name), name).papers[0].recommendations
    assert recs[0].response.startswith("As the majority of actions have been completed")
    assert recs[0].decision is None
