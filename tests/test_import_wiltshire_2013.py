"""The Wiltshire 2013 executive response (appendix layout), read from the real seed file."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from tests.conftest import SAMPLE, W2013
from tracker.errors import ImportFailed
from tracker.importers import read_paper, wiltshire_appendix


@pytest.fixture(scope="module")
def paper():
    return read_paper(W2013.read_bytes(), W2013.name)


@pytest.fixture(scope="module")
def recs(paper):
    return {r.id: r for r in paper.recommendations}


def test_review_metadata(paper):
    review = paper.review
    assert review.slug == "wiltshire-2013-safeguarding"
    assert review.council == "Wiltshire Council"
    assert review.committee == "Children's Select Committee"
    assert review.date == date(2013, 6, 6)
    assert review.title == (
        "Executive Response to the Final Report of the Safeguarding Children and Young People Task Group"
    )
    assert review.layout == "wiltshire-appendix"


def test_all_41_in_order(paper):
    assert [r.id for r in paper.recommendations] == [f"R{n}" for n in range(1, 42)]


def test_r32_is_split_out_of_r31(recs):
    assert recs["R31"].text.endswith("attendance at officer safeguarding training.")
    assert recs["R32"].text.startswith("The Children's Select Committee to re-establish the Safeguarding Children")
    assert "5. To work in collaboration" in recs["R32"].text
    assert (
        recs["R32"].response
        == "Re-establish the Safeguarding Children and Young People Task Group Agreed by Select Committee"
    )
    assert recs["R31"].status_text == "Noted that Scrutiny plan further visits. To teams and services"
    assert recs["R32"].status == "noted"


def test_statuses_follow_the_stated_position(recs):
    counts = Counter(r.status for r in recs.values())
    assert counts == {"in_progress": 20, "noted": 9, "completed": 5, "under_consideration": 4, "planned": 3}
    assert {k for k, r in recs.items() if r.status == "completed"} == {"R4", "R5", "R22", "R23", "R37"}
    assert {k for k, r in recs.items() if r.status == "planned"} == {"R6", "R7", "R28"}
    assert {k for k, r in recs.items() if r.status == "under_consideration"} == {"R8", "R9", "R20", "R41"}
    # R36's position cell says only "Links to 35"; the summary lists it with the agreed actions.
    assert recs["R36"].status_text == "Links to 35" and recs["R36"].status == "in_progress"


@pytest.mark.parametrize(
    "rec_id, links",
    [
        ("R18", ["R14", "R16", "R17"]),
        ("R9", ["R8"]),
        ("R13", ["R1", "R12"]),
        ("R27", ["R35"]),
        ("R29", ["R28"]),
        ("R36", ["R35"]),
        ("R16", []),
    ],
)
def test_links(recs, rec_id, links):
    assert recs[rec_id].links == links


@pytest.mark.parametrize(
    "rec_id, title",
    [
        ("R1", "Single 'master' set of safeguarding performance indicators"),
        ("R16", "Development of a MASH"),
        ("R39", "Job specification for the Lead Member"),
        ("R14", "Co-location and integration of teams"),
        ("R31", "Scrutiny members visiting teams and services"),
    ],
)
def test_titles(recs, rec_id, title):
    assert recs[rec_id].title == title


def test_text_and_response_are_clean(recs):
    assert recs["R25"].response.endswith("To be produced by 1st August 2013.")
    assert "<" not in "".join(r.text + r.response for r in recs.values())
    assert "• membership to include both members and officers" in recs["R35"].text
    assert "• involving parents, children and young people" in recs["R35"].text
    assert recs["R1"].text.split("\n")[1].startswith("a. Be designed")


def test_sniff_knows_its_own_layout():
    assert wiltshire_appendix.sniff(W2013.read_text())
    assert wiltshire_appendix.sniff(SAMPLE.read_text())
    assert not wiltshire_appendix.sniff("Just some minutes of a meeting.\nAppendix 1\nNothing here")


@pytest.mark.parametrize(
    "data, message",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        (b"Minutes of the meeting held on 3 May\n\nPresent: ...", "no recommendations found"),
    ],
)
def test_files_that_are_not_papers_are_refused_with_the_layouts(data, message):
    with pytest.raises(ImportFailed) as err:
        read_paper(data, "upload.bin")
    assert message in str(err.value) and "wiltshire-appendix" in str(err.value)


def test_sample_paper_reads(paper):
    sample = read_paper(SAMPLE.read_bytes(), SAMPLE.name)
    assert sample.review.slug == "northfield-2026-homelessness"
    assert len(sample.recommendations) == 6
    r6 = sample.recommendations[5]
    assert r6.text.endswith("visits by members to bed and breakfast and hostel placements.")
    assert r6.status == "noted"
