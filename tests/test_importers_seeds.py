"""Every layout against the real seed papers: which layout claims which paper, and what each reads."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import SEEDS
from tracker import status
from tracker.errors import ImportFailed, NoRecommendations
from tracker.importers import (
    LAYOUTS,
    interim,
    peer_review,
    read_paper,
    wiltshire_appendix,
    wiltshire_cabinet,
    wirral_progress,
)
from tracker.importers.paper_text import html_to_text, short_title

W2012 = "wiltshire-2012-07-interim-report.txt"
W2013 = "wiltshire-2013-06-executive-response.txt"
W2017 = "wiltshire-2017-03-executive-response.txt"
WIRRAL = "wirral-2017-06-progress-update.txt"
SHROPSHIRE = "shropshire-2012-09-leader-report.txt"

OWN_LAYOUT = {
    W2012: interim,
    W2013: wiltshire_appendix,
    W2017: wiltshire_cabinet,
    WIRRAL: wirral_progress,
    SHROPSHIRE: peer_review,
}


def read(name: str):
    return read_paper((SEEDS / name).read_bytes(), name)


@pytest.fixture(scope="module")
def w2017():
    return {r.id: r for r in read(W2017).recommendations}


@pytest.fixture(scope="module")
def wirral():
    return {r.id: r for r in read(WIRRAL).recommendations}


@pytest.fixture(scope="module")
def shropshire():
    return read(SHROPSHIRE)


# --- which layout claims which paper --------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda m: m.NAME)
@pytest.mark.parametrize("seed", sorted(OWN_LAYOUT))
def test_each_layout_sniffs_only_its_own_seed(seed, layout):
    assert layout.sniff((SEEDS / seed).read_text(encoding="utf-8")) is (layout is OWN_LAYOUT[seed])


def test_every_layout_is_registered_once():
    paper_layouts = [m.NAME for m in LAYOUTS if not m.NAME.startswith("recbot-")]
    assert sorted(paper_layouts) == sorted(m.NAME for m in OWN_LAYOUT.values())
    assert len({m.NAME for m in LAYOUTS}) == len(LAYOUTS)


@pytest.mark.parametrize(
    "data, message",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a document recbot can read"),
        (b"Minutes of the meeting held on 3 May\n\nPresent: ...", "no recommendations found"),
    ],
)
def test_other_files_are_refused_with_every_layout_listed(data, message):
    with pytest.raises(ImportFailed) as err:
        read_paper(data, "upload.bin")
    assert message in str(err.value)
    if message == "no recommendations found":
        for layout in LAYOUTS:
            assert f"{layout.NAME}: {layout.DESCRIPTION}" in str(err.value)
    else:  # not a document at all: what is read is the formats, not the layouts
        assert "Word .docx, PDF, web page, Excel .xlsx, CSV or text" in str(err.value)


# --- counts and review metadata -------------------------------------------------------------


@pytest.mark.parametrize(
    "seed, count, slug, council, committee, when, kind",
    [
        (W2013, 41, "wiltshire-2013-safeguarding", "Wiltshire Council", "Children's Select Committee",
         date(2013, 6, 6), "task-group"),
        (W2017, 12, "wiltshire-2017-safeguarding", "Wiltshire Council", "Children's Select Committee",
         date(2017, 3, 14), "task-group"),
        (WIRRAL, 20, "wirral-2017-safeguarding", "Wirral Council",
         "Children and Families Overview and Scrutiny Committee", date(2017, 6, 20), "task-group"),
        (SHROPSHIRE, 9, "shropshire-2012-safeguarding", "Shropshire Council", "Council",
         date(2012, 9, 27), "peer-review"),
    ],
)  # fmt: skip
def test_counts_and_review(seed, count, slug, council, committee, when, kind):
    paper = read(seed)
    assert [r.id for r in paper.recommendations] == [f"R{n}" for n in range(1, count + 1)]
    review = paper.review
    assert (review.slug, review.council, review.committee, review.date, review.kind) == (
        slug, council, committee, when, kind,
    )  # fmt: skip
    assert review.layout == OWN_LAYOUT[seed].NAME and review.source == seed
    assert all(r.review == slug for r in paper.recommendations)
    assert "<" not in "".join(r.title + r.text + r.response for r in paper.recommendations)


@pytest.mark.parametrize(
    "seed, title",
    [
        (W2017, "Executive Response to the Final Report of the Safeguarding Children and Young People "
         "Task Group (2016-17)"),
        (WIRRAL, "Scrutiny Safeguarding Review – December 2015: Update of progress"),
        (SHROPSHIRE, "Report from the Council Leader and Head of Paid Service in respect of Safeguarding"),
    ],
)  # fmt: skip
def test_review_titles(seed, title):
    assert read(seed).review.title == title


def test_the_interim_report_has_no_recommendations():
    with pytest.raises(NoRecommendations) as err:
        read(W2012)
    assert str(err.value).startswith(f"{W2012}: no recommendations found (an interim report")


def test_an_interim_report_that_recommends_is_not_taken_for_one():
    text = "**Interim report of the Roads Task Group**\n\nThe Task Group recommends that ..."
    assert not interim.sniff(text)
    with pytest.raises(ImportFailed) as err:
        interim.parse(text, "roads.txt")
    assert not isinstance(err.value, NoRecommendations)


# --- Wiltshire 2017: one block per recommendation -------------------------------------------


def test_w2017_owners_are_read_from_the_row(w2017):
    assert [(o.name, o.role) for o in w2017["R3"].owners] == [
        ("Cllr Laura Mayes", "Cabinet member"),
        ("Terence Herbert", "Lead Officer"),
    ]


@pytest.mark.parametrize(
    "rec_id, group",
    [
        ("R1", "That the Children's Select Committee:"),
        ("R2", "That the Children's Select Committee:"),
        ("R3", "That the Cabinet Member for Children's Services considers:"),
        ("R12", "That the Cabinet Member for Children's Services considers:"),
    ],
)
def test_w2017_groups_under_both_heading_forms(w2017, rec_id, group):
    assert w2017[rec_id].group == group


@pytest.mark.parametrize(
    "rec_id, title",
    [
        ("R2", "Considers working arrangements with the Wiltshire Safeguarding Children's Board (WSCB) further"),
        ("R4", "Amending social care structures and processes"),
        ("R8", "Defines a “case” as a family"),
        ("R10", "Reserving an allocation of properties on the housing list for care leavers…"),
        ("R11", "Supporting the CAF/CASS+ pilot"),
    ],
)
def test_w2017_titles(w2017, rec_id, title):
    assert w2017[rec_id].title == title


def test_w2017_text_and_response(w2017):
    assert w2017["R3"].text == (
        'Adding dedicated "practice weeks" to the council\'s social care learning and improvement framework'
    )
    assert w2017["R1"].response == "Noted"
    # R2's response sits after a blank line under its label.
    assert w2017["R2"].response.startswith("The Children's Trust Exec continues to work")
    assert w2017["R2"].response.endswith("DfE guidance will be considered on publication.")
    assert w2017["R12"].response.endswith("via the MOMO App.")


# A status is set only where the response is a stated position (R1: "Noted"); the narrative
# responses (R3's "not viewed ... to be an improvement", R4's "was implemented", R10's "wish to
# launch a pilot") are left to a person, as the README says, rather than guessed.
W2017_STATUSES = {f"R{n}": None for n in range(1, 13)} | {"R1": "noted"}


def test_w2017_statuses_only_from_a_stated_position(w2017):
    assert {k: r.status for k, r in w2017.items()} == W2017_STATUSES
    assert w2017["R1"].status_text == "Noted"
    assert all(r.status_text == "" for r in w2017.values() if r.status is None)


# --- Wirral 2017: progress table with two dated updates -------------------------------------


def test_wirral_titles_and_text(wirral):
    assert wirral["R1"].title == "Development of the Multi Agency Safeguarding Hub (MASH)"
    assert wirral["R7"].title == "‘Closing the loop’"
    assert wirral["R11"].title == "GPs and Safeguarding"  # the title itself spans a page break
    assert wirral["R1"].text.startswith("The Director of Children Services (DCS) is requested to continue")


@pytest.mark.parametrize(
    "rec_id, fragment",
    [
        ("R2", "consider alternative operating models for the front door to Specialist and Targeted"),
        ("R3", "The DCS is requested to establish an effective mechanism"),
        ("R9", "the processes in place to find Special Guardians"),
        ("R17", "reducing the caseload to, at most, the national average."),
        ("R18", "the options for increasing the availability of laptops"),
        ("R20", "a protocol of understanding with the Local Safeguarding Children Board (LSCB)"),
    ],
)
def test_wirral_text_is_merged_across_page_headers(wirral, rec_id, fragment):
    assert fragment in wirral[rec_id].text


@pytest.mark.parametrize(
    "rec_id, update, fragment",
    [
        ("R2", 0, "• Staff from the Early Help & Prevention (Gateway) and Children's Social Care (CADT)"),
        ("R3", 1, "• An effective performance data reporting function has been developed to provide"),
        ("R4", 0, "Child Protection Standards have been developed and implemented this year"),
        ("R6", 0, "The conference chair does invite feedback from the parents about their experience"),
        ("R9", 1, "dealt with by local authorities in reports they prepare for the court"),
        ("R11", 0, "in the form of a written report or attendance at the conference in person."),
        ("R15", 0, "It gets to the heart and complexity of the problem"),
        ("R18", 0, "• The Windows 7 project provided all Social Workers with new upgraded laptops."),
    ],
)
def test_wirral_updates_are_merged_across_page_headers(wirral, rec_id, update, fragment):
    assert fragment in wirral[rec_id].updates[update].note


def test_wirral_two_dated_updates(wirral):
    for rec in wirral.values():
        assert [u.at for u in rec.updates] == ["2016-06-30", "2017-06-20"]
        assert [u.by for u in rec.updates] == ["Wirral Council", "Wirral Council"]
        assert rec.response == rec.updates[-1].note
    earlier, later = wirral["R1"].updates
    assert earlier.source == f"paper: {WIRRAL} (June 2016 update)"
    assert later.source == f"paper: {WIRRAL} (June 2017 update)"
    assert earlier.note.split("\n")[1].startswith("1. Partners co-located in the MASH")
    assert "\n4. The role and function of the MASH" in earlier.note
    assert later.note.startswith("• The Integrated Front Door model builds on the MASH concept")
    assert "\n• Planned strategic alignment with Safer Wirral Hub" in later.note
    assert "\n• A caseload weighting system was implemented" in wirral["R17"].updates[0].note  # "□" bullet


def test_wirral_states_no_position(wirral):
    # The updates list actions ("... was completed", "implemented in June 2015"), none a position
    # on the recommendation itself; reading "completed" out of them would be a guess.
    assert {r.status for r in wirral.values()} == {None}


def test_wirral_refuses_a_table_with_a_gap():
    text = (SEEDS / WIRRAL).read_text(encoding="utf-8").replace("<p>7 – ‘Closing", "<p>8 – ‘Closing")
    with pytest.raises(ImportFailed, match="recommendation 8 follows 6"):
        wirral_progress.parse(text, WIRRAL)


# --- Shropshire 2012: a peer review's main issues -------------------------------------------


def test_shropshire_issues(shropshire):
    recs = shropshire.recommendations
    assert recs[0].text.startswith("Although the threshold for intervention was appropriate")
    assert recs[8].text.endswith("to ensure that there is no duplication.")
    assert recs[3].title == "Better deployment of health visitors and school nurses"
    assert recs[8].title == "Embed the performance management role of the LSCB"
    for rec in recs:
        assert rec.response == (
            "All recommendations are being addressed through the Peer Review action plan (attached at Appendix 2)"
        )
        assert rec.status == "in_progress" and rec.status_text == rec.response


# --- the shared helpers the layouts added ---------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Noted", "noted"),
        ("Consideration has been given to it but it is not viewed at this juncture to be an improvement.",
         "not_accepted"),
        ("There are a number of social work models currently implemented across the sector.", None),
        ("All recommendations are being addressed through the action plan", "in_progress"),
        ("", None),
    ],
)  # fmt: skip
def test_from_response(text, expected):
    assert status.from_response(text) == expected


@pytest.mark.parametrize(
    "fragment, expected",
    [
        ("<ul> • one • two</ul>", "• one\n• two"),
        ("<p>Intro:</p> <ol> 1. in 2015. 2. next 3. 8 items</ol>", "Intro:\n1. in 2015.\n2. next\n3. 8 items"),
        ("<ul><li>a</li><li>b</li></ul>", "• a\n• b"),
    ],
)  # fmt: skip
def test_html_to_text_lists(fragment, expected):
    assert html_to_text(fragment) == expected


def test_short_title_keeps_short_text_whole():
    assert short_title("Supporting the pilot;") == "Supporting the pilot"


def test_seed_layouts_fill_the_decision_their_paper_states_and_keep_their_statuses():
    w2013 = {r.id: r for r in read(W2013).recommendations}
    assert (w2013["R1"].decision, w2013["R1"].decision_text, w2013["R1"].status) == (
        "accepted",
        "Agreed",
        "in_progress",
    )
    assert (w2013["R35"].decision, w2013["R35"].decision_text) == ("partially_accepted", "Agreed in principle")
    assert (w2013["R4"].decision, w2013["R4"].status) == (None, "completed")  # "Completed." states progress only
    w2017 = {r.id: r for r in read(W2017).recommendations}
    assert (w2017["R1"].decision, w2017["R1"].decision_text) == ("noted", "Noted")
    assert all(r.decision is None for r in read(WIRRAL).recommendations)  # progress updates, no decision
