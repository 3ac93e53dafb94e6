"""Import merge rules: what a paper may change, and what chat has recorded since."""

from __future__ import annotations

from tracker.merge import merge
from tracker.models import Milestone, Owner, Recommendation, Update


def rec(**kw) -> Recommendation:
    base = dict(
        review="r",
        id="R1",
        title="T",
        text="Text",
        response="Resp",
        status="in_progress",
        status_text="Agreed",
    )
    return Recommendation(**{**base, **kw})


def test_new_recommendation_is_added():
    merged, outcome = merge(None, rec(), paper="p.txt", at="2026-01-01")
    assert outcome == "added" and merged.text == "Text"


def test_same_paper_again_is_unchanged():
    merged, outcome = merge(rec(), rec(), paper="p.txt", at="2026-01-01")
    assert outcome == "unchanged" and merged.updates == []


def test_changed_wording_is_a_dated_update_with_the_paper_as_source():
    merged, outcome = merge(
        rec(),
        rec(response="New response", status="completed", status_text="Completed"),
        paper="p2.txt",
        at="2026-02-01T00:00:00Z",
    )
    assert outcome == "updated"
    assert merged.response == "New response" and merged.status == "completed"
    entry = merged.updates[-1]
    assert entry.source == "paper: p2.txt" and entry.at == "2026-02-01T00:00:00Z" and entry.status == "completed"
    assert entry.changes["response"] == ["Resp", "New response"]


def test_status_set_in_chat_is_kept():
    chat = Update(at="2026-01-05", by="U1", status="completed", note="done", source="command")
    existing = rec(status="completed", updates=[chat])
    merged, _ = merge(existing, rec(status="in_progress", status_text="Agreed again"), paper="p", at="x")
    assert merged.status == "completed"
    assert merged.updates[0] == chat


def test_linked_owners_and_met_milestones_survive():
    existing = rec(
        owners=[Owner(name="A", role="Lead Officer", slack_user="U1")],
        milestones=[Milestone(label="m", due=None, done=True, source="by end July")],
    )
    incoming = rec(
        owners=[Owner(name="A", role="Lead Officer")],
        milestones=[Milestone(label="m", due=None, source="by end July")],
    )
    merged, outcome = merge(existing, incoming, paper="p", at="x")
    assert outcome == "unchanged"
    assert merged.owners[0].slack_user == "U1" and merged.milestones[0].done


def test_spreadsheet_edits_apply_when_nothing_happened_in_chat_since():
    exported = rec(milestones=[Milestone(label="m", due=None, source="by end July")])
    edited = rec(status="completed", milestones=[Milestone(label="m", due=None, done=True, source="by end July")])
    merged, outcome = merge(exported, edited, paper="tracker.csv", at="x", from_tracker=True)
    assert outcome == "updated" and merged.status == "completed" and merged.milestones[0].done
    assert merged.updates[-1].source == "import: tracker.csv"


def test_a_stale_spreadsheet_row_does_not_undo_chat():
    chat = Update(at="2026-01-05", by="U1", status="completed", note="done", source="command")
    stored = rec(status="completed", updates=[chat])
    stale = rec(status="in_progress")  # exported before the chat update
    merged, _ = merge(stored, stale, paper="tracker.csv", at="x", from_tracker=True)
    assert merged.status == "completed"
