"""The store's dict of a recommendation: the same as ``dataclasses.asdict`` gives, dates in ISO form."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from tests.conftest import W2013
from tracker.importers import read_paper
from tracker.models import Milestone, Owner, Recommendation, SignOff, Update
from tracker.serialise import rec_from_dict, rec_to_dict


def by_asdict(rec: Recommendation) -> dict:
    data = asdict(rec)
    for m in data["milestones"]:
        m["due"] = m["due"].isoformat() if m["due"] else None
        m["revised_from"] = [d.isoformat() for d in m["revised_from"]]
    return data


def full_rec() -> Recommendation:
    return Recommendation(
        review="r",
        id="R1",
        title="T",
        owners=[Owner("Ann", "Director", "U1", "U2")],
        links=["https://example.org/a"],
        milestones=[Milestone("Stage 1", date(2026, 3, 31), source="March", revised_from=[date(2025, 1, 1)])],
        updates=[
            Update("2026-01-01T09:00:00Z", "U1", "note", "completed", "command", "Ann", {"owner": [None, ["U1", "U2"]]})
        ],
        signed_off=SignOff("U2", "2026-02-01T00:00:00Z", "minute 12"),
    )


def test_every_field_is_kept_as_asdict_keeps_it_and_reads_back():
    rec = full_rec()
    assert rec_to_dict(rec) == by_asdict(rec)
    assert rec_from_dict(rec_to_dict(rec)) == rec


def test_the_dict_shares_nothing_with_the_recommendation():
    rec = full_rec()
    data = rec_to_dict(rec)
    data["updates"][0]["changes"]["owner"][1].append("U3")
    data["links"].append("x")
    data["milestones"][0]["revised_from"].append("2020-01-01")
    assert rec == full_rec()


def test_a_paper_s_recommendations_serialise_as_asdict_would():
    paper = read_paper(W2013.read_bytes(), W2013.name)
    assert all(rec_to_dict(rec) == by_asdict(rec) for rec in paper.recommendations)
    assert len(paper.recommendations) == 41
