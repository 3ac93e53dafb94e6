"""The general rules on papers of invented councils in layouts no rule was written from."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.errors import ImportFailed
from tracker.importers import read_import

PIPE_TABLE = """\
# Northmoor District Council

## Cabinet response to the Housing Repairs Task Group

Meeting date: 14 January 2026

| Rec no. | Recommendation | Cabinet response | Portfolio holder | Timescale |
|---|---|---|---|---|
| 1 | That the council publishes repair times for each estate every quarter. | Agreed | Cllr Amara Osei | Q2 |
| 2 | That tenants can report repairs by text message. | Agreed in part: emergencies only | Cllr Amara Osei | 6 months |
| 3 | That a tenants' panel reviews the repairs contract. | Not agreed | Cllr Dev Patel | - |
"""

PROSE_BLOCKS = """\
EASTWICK BOROUGH COUNCIL
Executive response to the Scrutiny Review of Parks and Open Spaces
Date of meeting: 3 March 2026

RECOMMENDATION 2.1: That the Executive adopts a tree planting target for every ward by the end of 2026.
Response: Accepted. A target will be set in the Parks Strategy, due by end of June.

RECOMMENDATION 2.2: That park toilets open until dusk all year round.
Response: Rejected. The cost of winter opening cannot be met from the current budget.

RECOMMENDATION 2.3: That friends-of-parks groups are consulted on every park improvement plan.
Response: Deferred until the new Parks Strategy is agreed.
"""

CODED_LIST = """\
Westbridge City Council - Scrutiny Commission

Review of Library Opening Hours: recommendations and outcomes, 12 February 2026

SC18 That the library service trials Sunday opening at the Central Library (Accepted)
SC19 That self-service kiosks are installed in every branch library (Rejected)
SC20 That volunteers are recruited to extend evening opening (Partially accepted)
"""

TAB_TRACKER = (
    "Harcombe County Council: Government response tracker, 1 April 2026\n\n"
    "Ref\tRecommendations and undertakings\tGovernment response\tLead Officer/EM\tDate for completion\n"
    "Adult social care\tAdult social care\tAdult social care\tAdult social care\tAdult social care\n"
    "AS (25/26) 01\tThe department should publish waiting times for care assessments.\tAccepted\tJo Marsh\t"
    "31/03/27\n"
    "Ref\tRecommendations and undertakings\tGovernment response\tLead Officer/EM\tDate for completion\n"
    "AS (25/26) 02\tCarers should be offered an assessment within 28 days.\tNoted\tJo Marsh\tend of March\n"
)

HEADED_BLOCKS = """\
# Fenwold Council: Executive response to the Road Safety Task Group

Date of meeting: 9 September 2026

## Recommendation 1

That 20 mph limits are introduced outside every primary school.

Response: Agreed in principle, subject to consultation with each parish.

Lead officer: Priya Shah, Head of Highways

Target date: Cabinet – 12 October 2026

## Recommendation 2

That speed data is published for every ward.

Executive response: Not accepted. The data is already published by the police.
"""

NUMBERED_CELLS = """\
| Recommendations | Accepted? | Responsible officer |
|---|---|---|
| 1. That the council adopts a litter strategy. | Yes | Tom Ellis |
| 2. That fixed penalties for fly-tipping are doubled. | No | Tom Ellis |
"""

COMMONS_STYLE = """\
# Transport Committee: Rural Buses: Government Response to the Committee's Second Report

Published 4 May 2026

## Conclusions and recommendations

1. We recommend that the Department publishes a rural bus strategy within a year.

### Government response

The Government accepts this recommendation. A strategy will be published by spring 2027.

2. The Department should fund demand-responsive transport pilots in three counties.

### Government response

The Government does not accept this recommendation.
"""


def _one(text: str):
    imported = read_import(text.encode(), "paper.txt")
    assert imported.layout == "general"
    return imported.papers[0]


def test_a_markdown_table_with_a_cabinet_response_and_portfolio_holder():
    paper = _one(PIPE_TABLE)
    assert paper.review.council == "Northmoor District Council"
    assert paper.review.date == date(2026, 1, 14)
    rows = [(r.id, r.decision, r.decision_text, [o.name for o in r.owners]) for r in paper.recommendations]
    assert rows == [
        ("R1", "accepted", "Agreed", ["Cllr Amara Osei"]),
        ("R2", "partially_accepted", "Agreed in part: emergencies only", ["Cllr Amara Osei"]),
        ("R3", "not_accepted", "Not agreed", ["Cllr Dev Patel"]),
    ]
    assert paper.recommendations[0].owners[0].role == "Portfolio holder"
    milestones = [[(m.source, m.due) for m in r.milestones] for r in paper.recommendations]
    assert milestones == [[("Q2", date(2026, 9, 30))], [("6 months", date(2026, 7, 14))], []]


def test_numbered_blocks_with_response_paragraphs():
    paper = _one(PROSE_BLOCKS)
    assert paper.review.council == "Eastwick Borough Council"
    assert paper.review.date == date(2026, 3, 3)
    assert [(r.id, r.decision) for r in paper.recommendations] == [
        ("R2.1", "accepted"),
        ("R2.2", "not_accepted"),
        ("R2.3", "deferred"),
    ]
    first = paper.recommendations[0]
    assert first.text.startswith("That the Executive adopts a tree planting target")
    assert first.response.startswith("Accepted. A target will be set")
    assert [m.source for m in first.milestones] == ["by end of June"]


def test_a_prefixed_scheme_with_trailing_decisions():
    paper = _one(CODED_LIST)
    assert [(r.id, r.decision, r.decision_text) for r in paper.recommendations] == [
        ("SC18", "accepted", "Accepted"),
        ("SC19", "not_accepted", "Rejected"),
        ("SC20", "partially_accepted", "Partially accepted"),
    ]
    assert paper.recommendations[0].text == "That the library service trials Sunday opening at the Central Library"


def test_a_tab_separated_tracker_with_groups_and_repeated_headers():
    paper = _one(TAB_TRACKER)
    recs = paper.recommendations
    assert [(r.id, r.group, r.decision) for r in recs] == [
        ("AS(25/26)01", "Adult social care", "accepted"),
        ("AS(25/26)02", "Adult social care", "noted"),
    ]
    assert [(m.source, m.due) for r in recs for m in r.milestones] == [
        ("31/03/27", date(2027, 3, 31)),
        ("end of March", date(2027, 3, 31)),
    ]
    assert recs[0].owners[0].role == "Lead Officer/EM"


def test_forcing_the_general_reader_and_a_clear_refusal():
    with pytest.raises(ImportFailed) as err:
        read_import(b"Minutes of the meeting\n\nApologies were received from Cllr Smith.", "minutes.txt")
    message = str(err.value)
    assert "minutes.txt: no recommendations found: looked for a table with a column headed Recommendation" in message
    assert "--layout" in message
    assert read_import(PIPE_TABLE.encode(), "p.txt", layout="general").layout == "general"


def test_a_file_over_the_size_limit_is_refused(monkeypatch):
    import tracker.importers as importers

    monkeypatch.setattr(importers, "MAX_BYTES", 100)
    with pytest.raises(ImportFailed, match="over the import limit .* Nothing was read"):
        read_import(PIPE_TABLE.encode(), "big.txt")


def test_headed_blocks_with_labelled_response_owner_and_target_date():
    paper = _one(HEADED_BLOCKS)
    first, second = paper.recommendations
    assert (paper.review.council, paper.review.title) == (
        "Fenwold Council",
        "Executive response to the Road Safety Task Group",
    )
    assert (first.id, first.text, first.decision, first.decision_text) == (
        "R1",
        "That 20 mph limits are introduced outside every primary school.",
        "partially_accepted",
        "Agreed in principle",
    )
    assert [(o.name, o.role) for o in first.owners] == [("Priya Shah, Head of Highways", "Lead officer")]
    assert [(m.label, m.due, m.source) for m in first.milestones] == [
        ("Target date", date(2026, 10, 12), "Cabinet – 12 October 2026")
    ]
    assert (second.id, second.decision) == ("R2", "not_accepted")


def test_numbers_inside_the_recommendation_cell_become_ids():
    recs = _one(NUMBERED_CELLS).recommendations
    assert [(r.id, r.text, r.decision) for r in recs] == [
        ("R1", "That the council adopts a litter strategy.", "accepted"),
        ("R2", "That fixed penalties for fly-tipping are doubled.", "not_accepted"),
    ]


def test_a_government_response_under_its_own_heading():
    paper = _one(COMMONS_STYLE)
    assert paper.review.date == date(2026, 5, 4)
    assert [(r.id, r.text[:30], r.decision) for r in paper.recommendations] == [
        ("R1", "We recommend that the Departme", "accepted"),
        ("R2", "The Department should fund dem", "not_accepted"),
    ]
    assert paper.recommendations[0].response.startswith("The Government accepts this recommendation.")


def test_a_recommendation_listed_in_a_summary_and_again_in_a_table_is_one():
    paper = _one(
        "Summary of recommendations\n\nRecommendation 1: Publish repair times.\n\n"
        "Recommendation 2: Open a text line.\n\n"
        "| No. | Recommendation | Lead officer |\n|---|---|---|\n"
        "| 1 | Publish repair times for each estate every quarter. | Jo Marsh |\n"
    )
    assert [(r.id, r.text, [o.name for o in r.owners]) for r in paper.recommendations] == [
        ("R1", "Publish repair times for each estate every quarter.", ["Jo Marsh"]),
        ("R2", "Open a text line.", []),
    ]


def test_unnumbered_rows_and_numbered_items_are_numbered_in_document_order():
    paper = _one(
        "# Recommendations\n\nThat the council acts first. (Accepted)\n\n"
        "| Recommendation | Response |\n|---|---|\n| Plant more trees in every ward. | Agreed |\n\n"
        "R7 That the cabinet reports back on tree planting.\n"
    )
    assert [(r.id, r.text[:20]) for r in paper.recommendations] == [
        ("R1", "Plant more trees in "),
        ("R7", "That the cabinet rep"),
    ]


PAGED_PROGRESS = (
    "Report of the Director, 20 June 2026\n\n"
    "The committee is asked to:\n\n"
    "1. note the progress made against the recommendations;\n\n"
    "2. agree that the review is closed.\n\n"
    "Original Scrutiny Recommendation (Dec 25)\tPrevious update from Jan 26\tJune 2026 - Update\n"
    "<p>1 – Bus shelters</p> <p><i>The Director is requested to repair</i></p>\t<p>Survey done.</p>\t"
    "<p>Repairs complete.</p>\n\n"
    "Original Scrutiny Recommendation (Dec 25)\tPrevious update from Jan 26\tJune 2026 - Update\n"
    "<p><i>Every shelter in the borough.</i></p>\t<p>Contract let.</p>\t\n"
    "<p>2 – Timetables</p> <p><i>The Director is requested to publish timetables online.</i></p>\t"
    "<p>Started.</p>\t<p>Done.</p>\n"
)


def test_a_progress_table_continued_over_pages_keeps_its_numbers():
    """A seed-like layout recognises this paper but cannot read it: the general rules do."""
    recs = _one(PAGED_PROGRESS).recommendations
    assert [r.id for r in recs] == ["R1", "R2"]  # the report's own "1. note ..." asks are not taken
    assert recs[0].text == "Bus shelters The Director is requested to repair Every shelter in the borough."
    assert recs[0].response.splitlines() == ["Survey done.", "Repairs complete.", "Contract let."]
    assert recs[1].text.startswith("Timetables The Director is requested to publish")
