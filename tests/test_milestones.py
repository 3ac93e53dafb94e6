"""Milestones found in the seed papers' response text, and due dates typed in chat."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from tests.conftest import ROOT, SEEDS
from tracker.errors import UserError
from tracker.milestones import extract, parse_due

W2013 = date(2013, 6, 6)  # Wiltshire executive response
W2017 = date(2017, 3, 14)  # Wiltshire executive response
WIRRAL = date(2017, 6, 20)  # Wirral progress update ("June 2017 - Update" column)
WIRRAL_2016 = date(2016, 6, 30)  # its "Previous Update from Jun 16" column
SHROPSHIRE = date(2012, 9, 27)


def found(text: str, paper_date: date) -> list[tuple[str, date]]:
    return [(m.source, m.due) for m in extract(text, paper_date)]


def cells(name: str, column: int) -> list[str]:
    """One column of a seed paper's tab-separated table rows."""
    rows = (line.split("\t") for line in (SEEDS / name).read_text(encoding="utf-8").splitlines())
    return [row[column] for row in rows if len(row) > column]


@pytest.mark.parametrize(
    "text, paper_date, expected",
    [
        # Wiltshire, 6 June 2013: Appendix 1 "Action being taken"
        ("This work will be completed by mid June.", W2013, [("by mid June", date(2013, 6, 15))]),
        ("alternative ways of presenting the information. By end July", W2013, [("By end July", date(2013, 7, 31))]),
        ("Revised data reports from 1st October", W2013, [("from 1st October", date(2013, 10, 1))]),
        ("New improved layout and design from 1st July.", W2013, [("from 1st July", date(2013, 7, 1))]),
        (
            "The chair of the WSCB plans to produce regular monthly newsletter from July 2013.",
            W2013,
            [("from July 2013", date(2013, 7, 1))],
        ),
        (
            "The May 2013 Improvement Board agreed that from July 2013 the actions will also include an impact RAG",
            W2013,
            [("from July 2013", date(2013, 7, 1))],
        ),
        (
            "The WSCB will be undertaking an assessment audit in July 2013.",
            W2013,
            [("in July 2013", date(2013, 7, 31))],
        ),
        ("Report back to Scrutiny Task Group September 2013.", W2013, [("September 2013", date(2013, 9, 30))]),
        ("A follow up session is planned for 6 <sup>th</sup> June.", W2013, [("for 6th June", date(2013, 6, 6))]),
        ("A follow up session is planned for 6 th June.", W2013, [("for 6th June", date(2013, 6, 6))]),
        ("To be produced by 1 <sup>st</sup> August 2013.", W2013, [("by 1st August 2013", date(2013, 8, 1))]),
        ("To be produced by 1st August 2013.", W2013, [("by 1st August 2013", date(2013, 8, 1))]),
        (
            "Agreed in principle with provisional date of first meeting March 2014.",
            W2013,
            [("March 2014", date(2014, 3, 31))],
        ),
        ("Specification to be agreed by 1 <sup>st</sup> August", W2013, [("by 1st August", date(2013, 8, 1))]),
        # Wirral, 20 June 2017: the June 2017 update
        (
            "There will be two launch days 22 and 28 June for all partners and Social Care Staff to launch the model.",
            WIRRAL,
            [("22 and 28 June", date(2017, 6, 22)), ("22 and 28 June", date(2017, 6, 28))],
        ),
        (
            "The Principles of the model have been launched with a 'Prompt Sheet' to partners in April 2017 and "
            "training is planned throughout the Summer, with the planned implementation of the new Conference "
            "Model in October 2017",
            WIRRAL,
            [("in October 2017", date(2017, 10, 31))],
        ),
        (
            "The SFEF model will be then launched across the whole of the service to be used from Early Help to "
            "Child Protection from January 2018.",
            WIRRAL,
            [("from January 2018", date(2018, 1, 1))],
        ),
        (
            "The intention is to hold the session in time to report back to the Children OSC meeting in September.",
            WIRRAL,
            [("in September", date(2017, 9, 30))],
        ),
        # A yearless month takes the year of a date written earlier in its sentence.
        (
            "A review of arrangements commenced in April 2016 and will be completed by September.",
            WIRRAL_2016,
            [("by September", date(2016, 9, 30))],
        ),
        (
            "A multi-agency development day is planned for September 2016.",
            WIRRAL_2016,
            [("for September 2016", date(2016, 9, 30))],
        ),
        ("This training will be offered again in 2016;", WIRRAL_2016, [("in 2016", date(2016, 12, 31))]),
        # Shropshire, 27 September 2012
        (
            "a review of the Independent Review Unit is currently underway to consider the effectiveness of the "
            "service as a whole and the outcome of the review is expected in October 2012.",
            SHROPSHIRE,
            [("in October 2012", date(2012, 10, 31))],
        ),
        (
            "That Council receive a further report in September 2013.",
            SHROPSHIRE,
            [("in September 2013", date(2013, 9, 30))],
        ),
        (
            "Sally will attend the Safer and Stronger Scrutiny Committee on 4<sup>th</sup> October 2012 to report",
            SHROPSHIRE,
            [("on 4th October 2012", date(2012, 10, 4))],
        ),
        # Numeric dates, should a paper use them
        (
            "Go-live by 31/3/2027 and review 2027-06-30.",
            W2013,
            [("by 31/3/2027", date(2027, 3, 31)), ("2027-06-30", date(2027, 6, 30))],
        ),
    ],
)
def test_dated_commitments(text, paper_date, expected):
    assert found(text, paper_date) == expected


@pytest.mark.parametrize(
    "text, paper_date",
    [
        # Wiltshire 2013: names, counts, and dates before the paper (history, not targets)
        ("in the case management process outlined in Working Together and on how to read", W2013),
        ("Following the 2013 elections, all elected members should be required to sign", W2013),
        ("repeated for all members within the 2013 member induction process.", W2013),
        ("Each service section of the Councillors' Handbook 2013 (which will be a webbased resource)", W2013),
        ("DCS Test of Assurance undertaken in 2012Follow up is taking place on recommendations.", W2013),
        ("DCS Test of Assurance undertaken in 2012. Follow up is taking place on recommendations.", W2013),
        ("The work of the MAFs was evaluated in 2012.", W2013),
        ("The Safeguarding Improvement Board agreed In August 2012 that the actions should be RAG rated.", W2013),
        ("The revised milestones were agreed by the Improvement Board in April 2013.", W2013),
        ("This was agreed by Full Council on 26 February 2013.", W2013),
        ("On 28 March the Children's Select Committee endorsed the Final Report of the Task Group", W2013),
        ("The report was presented to the April Safeguarding and Adoption Improvement Board", W2013),
        ("continue its work for at least 18 months after the Board has been disbanded;", W2013),
        ("This model was implemented by Wiltshire in 2013 with only one transfer point", W2013),
        ("The WSCB annual report was published in June 2013.", W2013),
        ("# 6<sup>th</sup> June 2013", W2013),  # the paper's own dateline
        # Wirral 2017
        ("The Windows 7 equipment replacement project commenced in the autumn of 2014", WIRRAL),
        ("in line with Working Together to Safeguard Children 2015.", WIRRAL),
        ("the recently published Special Guardianship (amendment) Regulations 2016.", WIRRAL),
        ("critical to the delivery of the Children and Young People 20/20 pledges", WIRRAL),
        ("A review of the 'Threshold of Need' is included in the WSCB Business Plan for 2016.", WIRRAL),
        ("In December 2016 training on section 17 and section 47 was delivered to Elected members", WIRRAL),
        ("Families and professionals are now sent the outline child protection plan within 24 hours", WIRRAL),
        ("with only a small number of social workers with caseloads above 18.", WIRRAL),
        ("In January/February 2017 the reviewed threshold was presented to over 460 staff", WIRRAL),
        ("Eight workshops were held during March and April 2016 to ensure partners understood", WIRRAL),
        ("10 multi-agency CSE training sessions are being provided from April 16 to March 17.", WIRRAL),
        ("Original Scrutiny Recommendation (Dec 15)\tPrevious Update from Jun 16\tJune 2017 - Update", WIRRAL),
        ("Tuesday, 20 June 2017", WIRRAL),
        ("A Training Officer for the Safeguarding Board was appointed in May and will oversee", WIRRAL),
        ("A meeting of the MASH Board on the 2nd March confirmed the proposed arrangements.", WIRRAL),
        ("in respect of individual children about whom there may be concerns.", WIRRAL),
        ("A review of arrangements commenced in April 2016 and will be completed by September.", WIRRAL),
        # Wiltshire 2017
        ("We consider the Level Four Social Work role to be commensurate with the post.", W2017),
        ("This model was implemented by Wiltshire in 2013 with only one transfer point", W2017),
        ("Final Report of the Safeguarding Children and Young People Task Group (2016-17).", W2017),
        ("On 31 January 2017, the Children's Select Committee endorsed the Final Report.", W2017),
        # Shropshire 2012
        ("It reports on progress, activity and performance as at end quarter 1 2012/2013", SHROPSHIRE),
        ("The Peer Review took place from 14-18<sup>th</sup> May 2012.", SHROPSHIRE),
        ("During 2011 – 2012 the Shropshire Children's Trust has been reconfigured", SHROPSHIRE),
        ("At the Development Day at the end of 2011 our joint priorities for action were agreed", SHROPSHIRE),
        ("The Unannounced Ofsted Inspection of contact referral arrangements (October 2011)", SHROPSHIRE),
        ("Activity and Performance 2011/2012", SHROPSHIRE),
        ("", SHROPSHIRE),
    ],
)
def test_not_commitments(text, paper_date):
    assert found(text, paper_date) == []


def test_r1_has_three_stages_with_readable_labels():
    action = next(
        row[2]
        for row in map(
            lambda c: c.split("\t"),
            (SEEDS / "wiltshire-2013-06-executive-response.txt").read_text(encoding="utf-8").splitlines(),
        )
        if row[0] == "R1"
    )
    milestones = extract(action, W2013)
    assert [(m.source, m.due) for m in milestones] == [
        ("by mid June", date(2013, 6, 15)),
        ("By end July", date(2013, 7, 31)),
        ("from 1st October", date(2013, 10, 1)),
    ]
    assert [m.label for m in milestones] == [
        "First stage: master-plan list of indicators",
        "Second stage: review this information",
        "Revised data reports",
    ]
    assert not any(m.done or m.at_risk for m in milestones)


def test_r1_as_the_importer_joins_its_lines():
    text = (
        "First stage is to produce a master-plan list of indicators with columns. This work will be completed "
        "by mid June.\nSecond stage will be to review this information to ensure right information is available."
        " This will also include looking at alternative ways of presenting the information. By end July Third "
        "stage will be to produce revised performance reports. Revised data reports from 1st October"
    )
    assert [(m.label, m.due) for m in extract(text, W2013)] == [
        ("First stage: master-plan list of indicators", date(2013, 6, 15)),
        ("Second stage: review this information", date(2013, 7, 31)),
        ("Revised data reports", date(2013, 10, 1)),
    ]


def test_every_dated_action_in_the_wiltshire_2013_appendix():
    rows = [c.split("\t") for c in (SEEDS / "wiltshire-2013-06-executive-response.txt").read_text("utf-8").splitlines()]
    dated = {
        row[0].rstrip("."): found(row[2], W2013)
        for row in rows
        if len(row) > 2 and row[0].startswith("R") and found(row[2], W2013)
    }
    assert dated == {
        "R1": [
            ("by mid June", date(2013, 6, 15)),
            ("By end July", date(2013, 7, 31)),
            ("from 1st October", date(2013, 10, 1)),
        ],
        "R2": [("from 1st July", date(2013, 7, 1))],
        "R3": [("from July 2013", date(2013, 7, 1))],
        "R6": [("from July 2013", date(2013, 7, 1))],
        "R11": [("in July 2013", date(2013, 7, 31)), ("September 2013", date(2013, 9, 30))],
        "R23": [("for 6th June", date(2013, 6, 6))],
        "R25": [("by 1st August 2013", date(2013, 8, 1))],
        "R35": [("March 2014", date(2014, 3, 31))],
        "R39": [("by 1st August", date(2013, 8, 1))],
    }


def test_every_dated_commitment_in_the_wirral_updates():
    latest = "\n".join(cells("wirral-2017-06-progress-update.txt", 2))
    assert found(latest, WIRRAL) == [
        ("22 and 28 June", date(2017, 6, 22)),
        ("22 and 28 June", date(2017, 6, 28)),
        ("in October 2017", date(2017, 10, 31)),
        ("from January 2018", date(2018, 1, 1)),
        ("in September", date(2017, 9, 30)),
    ]
    # The June 2016 column, read as of its own date: its targets, none of its history.
    previous = "\n".join(cells("wirral-2017-06-progress-update.txt", 1))
    assert found(previous, WIRRAL_2016) == [
        ("for September 2016", date(2016, 9, 30)),
        ("in September 2016", date(2016, 9, 30)),
        ("in July 2016", date(2016, 7, 31)),
        ("in 2016", date(2016, 12, 31)),
        ("by September", date(2016, 9, 30)),
        ("in June", date(2016, 6, 30)),
    ]


@pytest.mark.parametrize(
    "name, paper_date, expected",
    [
        (
            "shropshire-2012-09-leader-report.txt",
            SHROPSHIRE,
            [
                ("in September 2013", date(2013, 9, 30)),
                # The interim Head of Paid Service: a replacement is due before then.
                ("until April 2013", date(2013, 4, 30)),
                ("in October 2012", date(2012, 10, 31)),
                ("on 4th October 2012", date(2012, 10, 4)),
            ],
        ),
        # Its twelve executive responses promise nothing dated; the only date left is the meeting itself.
        ("wiltshire-2017-03-executive-response.txt", W2017, [("on 14 March 2017", W2017)]),
    ],
)
def test_whole_papers(name, paper_date, expected):
    assert found((SEEDS / name).read_text(encoding="utf-8"), paper_date) == expected


def test_labels_are_short_and_milestones_deduplicated():
    text = (SEEDS / "wiltshire-2013-06-executive-response.txt").read_text(encoding="utf-8")
    milestones = extract(text + "\n" + text, W2013)
    assert milestones == extract(text, W2013)
    assert all(m.label and len(m.label) <= 80 for m in milestones)


TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.mark.parametrize(
    "text, expected",
    [
        ("31 March 2027", date(2027, 3, 31)),
        ("31st March 2027", date(2027, 3, 31)),
        ("the 31st of March 2027", date(2027, 3, 31)),
        ("March 31, 2027", date(2027, 3, 31)),
        ("2027-03-31", date(2027, 3, 31)),
        ("31/3/2027", date(2027, 3, 31)),  # UK: day first
        ("1/3/2027", date(2027, 3, 1)),
        ("31/03/27", date(2027, 3, 31)),
        ("end of March", date(2027, 3, 31)),
        ("End of March.", date(2027, 3, 31)),
        ("by end July", date(2027, 7, 31)),
        ("mid June", date(2027, 6, 15)),
        ("mid-June 2027", date(2027, 6, 15)),
        ("early July", date(2027, 7, 10)),
        ("from 1st July", date(2027, 7, 1)),
        ("March", date(2027, 3, 31)),  # next occurrence
        ("November", date(2026, 11, 30)),  # this month counts
        ("December", date(2026, 12, 31)),
        ("Sept 2027", date(2027, 9, 30)),
        ("31 Mar", date(2027, 3, 31)),
        ("1 <sup>st</sup> August 2027", date(2027, 8, 1)),
        ("next Friday", date(2026, 11, 27)),
        ("Friday", date(2026, 11, 27)),
        ("next Wednesday", date(2026, 12, 2)),  # never today
        ("this Wednesday", TODAY),
        ("by next Monday", date(2026, 11, 30)),
        ("today", TODAY),
        ("tomorrow", date(2026, 11, 26)),
        ("in 2 weeks", date(2026, 12, 9)),
        ("in 3 months", date(2027, 2, 25)),
        ("end of month", date(2026, 11, 30)),
        ("end of next month", date(2026, 12, 31)),
        ("end of the year", date(2026, 12, 31)),
        ("end of 2027", date(2027, 12, 31)),
    ],
)
def test_parse_due(text, expected):
    assert parse_due(text, TODAY) == expected


@pytest.mark.parametrize(
    "text, message",
    [
        ("soon", "can't read “soon” as a date"),
        ("", "31 March 2027, 2027-03-31, 31/3/2027"),
        ("2027", "end of March, mid June"),
        ("next week", "next Friday"),
        ("31 March 2027 MASH live", "can't read"),  # a label is not part of the date: /rec due splits it off
        ("31 February 2027", "no such date"),
        ("3/31/2027", "no such date"),  # month-first is not read as the UK form
        ("22 and 28 June", "one target date"),
    ],
)
def test_parse_due_says_what_it_accepts(text, message):
    with pytest.raises(UserError, match=message):
        parse_due(text, TODAY)


def test_the_domain_modules_stay_pure():
    """No clock, no Slack/TinyDB/Flask, and dateparser's slow import is never paid."""
    code = (
        "import sys, tracker.milestones, tracker.dates; "
        "print(sorted(m for m in ('dateparser', 'slack_bolt', 'slack_sdk', 'tinydb', 'flask') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert out.stdout.strip() == "[]"
    tracker = ROOT / "tracker"
    source = "".join((tracker / f).read_text() for f in ("dates.py", "milestones.py"))
    assert "today()" not in source and "now()" not in source
