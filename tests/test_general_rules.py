"""The general rules piece by piece: header vocabulary, numbering schemes, responses, ids, timetables."""

from __future__ import annotations

from datetime import date

import pytest

from tracker import decisions
from tracker.dates import resolve_timetable
from tracker.document import Heading, Paragraph
from tracker.ids import from_ref, normalise_id
from tracker.importers.columns import is_header_row, role_of
from tracker.importers.general_numbered import from_blocks
from tracker.milestones import from_timetable


@pytest.mark.parametrize(
    "header, role",
    [
        *[(h, "ref") for h in ("No.", "Ref", "Reference", "Rec no.", "Meeting, Date & Minute")],
        *[(h, "recommendation") for h in ("Recommendation", "Recommendation made", "Recommendations and undertakings")],
        *[(h, "recommendation") for h in ("Recommendation[i]", "Recommendations *", "Scrutiny recommendation")],
        *[
            (h, "decision")
            for h in ("Response", "Decision", "Agreed?", "Accepted?", "Executive response", "Government response")
        ],
        *[(h, "decision") for h in ("Outcome", "Cabinet response", "Response[iii]")],
        *[(h, "progress") for h in ("Action taken", "Progress", "Update", "Comments", "Current position", "Status")],
        *[
            (h, "owner")
            for h in (
                "Lead officer",
                "Responsible officer",
                "Responsibility",
                "Cabinet member",
                "Portfolio holder",
                "Recommendation made to",
                "Decision maker",
                "Executive Decision Maker",
                "Lead Officer/EM",
                "Chief Officer/Cabinet Member",
                "Lead Officer[v]",
            )
        ],
        *[
            (h, "due")
            for h in ("Timetable", "Timescale", "Target date", "Deadline", "Implementation date", "Date for completion")
        ],
        *[(h, "due") for h in ("Date", "Timetable[iv]")],
        *[(h, "owner") for h in ("Lead Cabinet Member", "Responsible Director")],
        *[(h, "decision") for h in ("Cabinet Member response", "Portfolio Holder's decision", "Accept / Reject")],
        *[(h, "due") for h in ("Target completion date", "Expected completion")],
        *[(h, "progress") for h in ("RAG status", "Progress update June 2026")],
        ("Priority", None),
        ("That the Council consider a further training programme", None),
    ],
)
def test_header_vocabulary(header, role):
    assert role_of(header) == role


def test_a_header_row_names_a_recommendation_column():
    assert is_header_row(["No.", "Recommendation", "Priority", "Agreed"])
    assert not is_header_row(["1", "That the council acts", "3", "Yes"])
    assert not is_header_row(["Ward", "Homes flooded"])


def _paras(*texts: str) -> list[Paragraph | Heading]:
    return [Heading(t[2:]) if t.startswith("# ") else Paragraph(t) for t in texts]


@pytest.mark.parametrize(
    "line, ref, text",
    [
        ("R1 Publish the data", "1", "Publish the data"),
        ("Rec 2: Publish the data", "2", "Publish the data"),
        ("Recommendation 3 - Publish the data", "3", "Publish the data"),
        ("Recommendation No.4 Publish the data", "4", "Publish the data"),
        ("RECOMMENDATION 2.1: Publish the data", "2.1", "Publish the data"),
        ("1. Recommendation 5. Publish the data (Paragraph 9)", "5", "Publish the data"),
        ("Recommendation 1200: Publish the data", "1200", "Publish the data"),
        ("R1201 Publish the data", "1201", "Publish the data"),
    ],
)
def test_labelled_numbering_schemes(line, ref, text):
    found = from_blocks(_paras(line), response_paper=False).found
    assert [(f.ref, f.text) for f in found] == [(ref, text)]


@pytest.mark.parametrize("marks", [("1.", "2."), ("1)", "2)"), ("a)", "b)"), ("(a)", "(b)"), ("(i)", "(ii)")])
def test_bare_lists_of_that_clauses(marks):
    found = from_blocks(
        _paras(f"{marks[0]} That the council acts.", f"{marks[1]} That the cabinet reports back."), False
    ).found
    assert [f.text for f in found] == ["That the council acts.", "That the cabinet reports back."]


def test_bare_lists_need_a_start_a_reason_and_no_resolution():
    assert from_blocks(_paras("(ii) That the comments be recorded", "(iii) That it be noted"), False).found == []
    assert from_blocks(_paras("1. Open the meeting", "2. Apologies"), False).found == []
    resolved = from_blocks(_paras("Resolved that", "(1) That the plan be approved", "(2) That it be published"), False)
    assert resolved.found == [] and "resolutions of the meeting" in resolved.skipped[0]
    led = from_blocks(_paras("# Recommendations", "1. Publish the data", "2. Train the staff"), False)
    assert [f.ref for f in led.found] == ["1", "2"]


def test_a_prefixed_scheme_needs_two_items_to_be_a_scheme():
    assert from_blocks(_paras("NI 186 Carbon reduction was the basis of the plan"), False).found == []
    found = from_blocks(_paras("SR (25/26) 01 Publish the data", "SR (25/26) 02 Train the staff"), False).found
    assert [f.ref for f in found] == ["SR (25/26) 01", "SR (25/26) 02"]


def test_mentions_and_executive_comments_are_not_recommendations():
    found = from_blocks(
        _paras(
            "Recommendation 2",
            "Recommendations 3a)-3h)",
            "Recommendation 5a) - the Executive recognises the importance of the plan.",
            "Recommendation 4 be supported in so far as budgets allow.",
        ),
        False,
    )
    assert found.found == [] and len(found.references_only) == 3


def test_responses_from_a_label_a_second_lettered_list_and_a_blanket_sentence():
    labelled = from_blocks(_paras("Recommendation 1: Publish the data", "Response: Agreed, from April."), False)
    assert labelled.found[0].response == "Agreed, from April."
    paired = from_blocks(
        _paras(
            "a) That the council acts.",
            "b) That the cabinet reports.",
            "Cllr Jo Marsh",
            "a) Accepted.",
            "b) Not agreed.",
        ),
        False,
    ).found
    assert [(f.response, f.owners) for f in paired] == [
        ("Accepted.", [("Cllr Jo Marsh", "Cabinet member")]),
        ("Not agreed.", [("Cllr Jo Marsh", "Cabinet member")]),
    ]
    blanket = from_blocks(
        _paras("The Minister accepts all of the Panel's recommendations.", "Recommendation 1:", "Publish the data"),
        True,
    ).found
    assert blanket[0].text == "Publish the data" and "accepts all" in blanket[0].decision_text


@pytest.mark.parametrize(
    "wording, decision, words",
    [
        ("Yes", "accepted", "Yes"),
        ("No", "not_accepted", "No"),
        ("In part", "partially_accepted", "In part"),
        ("Accepted. Clarification is set out in the report to Committee on 9 June.", "accepted", "Accepted"),
        ("Agreed", "accepted", "Agreed"),
        ("Not agreed", "not_accepted", "Not agreed"),
        ("Rejected", "not_accepted", "Rejected"),
        ("Endorsed", "accepted", "Endorsed"),
        (
            "Supported in so far as it can be achieved within existing budgets",
            "partially_accepted",
            "Supported in so far as",
        ),
        ("Deferred", "deferred", "Deferred"),
        ("Noted", "noted", "Noted"),
        ("The council will pursue this with Network Rail and other partners.", None, ""),
    ],
)
def test_decision_and_its_wording(wording, decision, words):
    assert decisions.read(wording) == (decision, words)


@pytest.mark.parametrize(
    "typed, canonical",
    [("a", "Ra"), ("(b)", "Ra".replace("a", "b")), ("2.1", "R2.1"), ("R3a", "R3a"), ("sc18", "SC18")]
    + [("CEH.140715.20b", "CEH.140715.20b"), ("SR (25/26) 01", "SR(25/26)01"), ("r", None), ("due", None)],
)
def test_ids_of_a_papers_own_numbering(typed, canonical):
    assert normalise_id(typed) == canonical


def test_a_papers_reference_becomes_an_id():
    assert [from_ref(r) for r in ("1", "a", "5a)", "(c)", "SC18", "SR (25/26) 01")] == [
        "R1",
        "Ra",
        "R5a",
        "Rc",
        "SC18",
        "SR(25/26)01",
    ]


@pytest.mark.parametrize(
    "phrase, due",
    [
        ("01/03/26", date(2026, 3, 1)),
        ("Cabinet – 12 October 2011", date(2011, 10, 12)),
        ("6 months", date(2011, 12, 9)),
        ("Q2", date(2011, 9, 30)),
        ("Q1", date(2011, 6, 30)),
        ("Q4", date(2012, 3, 31)),
        ("end of March", date(2012, 3, 31)),
        ("October 2011 to March 2012", date(2012, 3, 31)),
        ("September 2011", date(2011, 9, 30)),
        ("End of May", date(2012, 5, 31)),
        ("March\n2003", date(2003, 3, 31)),
        ("On-going", None),
        ("-", None),
    ],
)
def test_timetable_phrases_resolved_against_the_papers_date(phrase, due):
    assert resolve_timetable(phrase, date(2011, 6, 9)) == due


def test_timetable_milestones_keep_their_phrase():
    assert [(m.label, m.due, m.source) for m in from_timetable("6 months", date(2011, 6, 9), "Timetable")] == [
        ("Timetable", date(2011, 12, 9), "6 months")
    ]
    assert from_timetable("On-going", date(2011, 6, 9)) == []
    assert [(m.due, m.source) for m in from_timetable("When funding allows", date(2011, 6, 9))] == [
        (None, "When funding allows")
    ]
    assert [(m.due, m.source) for m in from_timetable("March 2003", None)] == [(None, "March 2003")]


def test_table_rows_split_across_pages_or_merged_down_join_the_row_above():
    from tracker.document import Table
    from tracker.importers.general_tables import from_table

    table = Table(
        rows=[
            ["No.", "Recommendation", "Progress", "Lead officer"],
            ["1", "That the council acts.", "Started in May.", "Jo Marsh"],
            ["", "", "Finished in June.", ""],
            ["2", "That the cabinet reports.", "Report drafted.", "Sam Reid"],
            ["2", "That the cabinet reports.", "Report sent.", "Ali Khan"],
            ["No.", "Recommendation", "Progress", "Lead officer"],
            ["Housing", "Housing", "Housing", "Housing"],
            ["3", "That rents are frozen.", "", ""],
        ]
    )
    found = from_table(table, 1).found
    assert [(f.ref, f.progress, [o[0] for o in f.owners], f.group) for f in found] == [
        ("1", "Started in May.\nFinished in June.", ["Jo Marsh"], ""),
        ("2", "Report drafted.\nReport sent.", ["Sam Reid", "Ali Khan"], ""),
        ("3", "", [], "Housing"),
    ]


def test_a_reports_recommendations_section_numbered_like_its_paragraphs():
    found = from_blocks(
        _paras(
            "# 1. Purpose",
            "1.1 This report sets out the findings of the review.",
            "1.2 The council should note the findings.",
            "# 2. Recommendations",
            "2.1 That Cabinet adopts the play area strategy.",
            "2.2 That the strategy is reviewed in 2028.",
        ),
        False,
    )
    assert [(f.ref, f.text) for f in found.found] == [
        ("2.1", "That Cabinet adopts the play area strategy."),
        ("2.2", "That the strategy is reviewed in 2028."),
    ]
