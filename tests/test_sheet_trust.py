"""Trust in spreadsheets: partial sheets, forgiving ids, moved milestones, validated fields, formula cells."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app import main
from tests.conftest import W2013, import_file, state
from tests.fuzz import FUZZ
from tracker.changes import Actor, set_due
from tracker.errors import ImportFailed
from tracker.export import to_json
from tracker.importers import read_papers
from tracker.models import Owner, Update
from tracker.serialise import rec_to_dict
from tracker.slips import find_slips
from tracker.tabular import CSV_COLUMNS, neutralise, restore, to_csv

REVIEW = "wiltshire-2013-safeguarding"


def sheet_import(store, text: str, name: str = "sheet.csv", **kw):
    papers = read_papers(text.encode("utf-8"), name)
    for paper in papers:
        paper.may_add |= kw.get("add", set())
    return store.import_papers(papers, at="2026-11-24T09:00:00Z", paper_name=name)[0]


# Item 2: a column that is absent leaves the field alone -----------------------------------------


def test_a_sheet_of_only_some_columns_changes_only_those(w2013):
    before = {r.id: r for r in w2013.recommendations(REVIEW)}
    sheet_import(w2013, f"review,id,status\r\n{REVIEW},R16,completed\r\n{REVIEW},R17,in progress\r\n")
    r16, r17 = w2013.get(REVIEW, "R16"), w2013.get(REVIEW, "R17")
    assert r16.status == "completed"
    for name in ("title", "text", "response", "status_text", "decision", "decision_text", "group", "links"):
        assert getattr(r16, name) == getattr(before["R16"], name), name
    assert r16.milestones == before["R16"].milestones and r16.owners == before["R16"].owners
    assert r16.updates[-1].changes == {"status": ["in_progress", "completed"]}
    assert rec_to_dict(r17) == rec_to_dict(before["R17"])  # the same status: nothing to record


def test_an_empty_cell_in_a_present_column_clears_the_field(w2013):
    sheet_import(w2013, f"review,id,response,status\r\n{REVIEW},R16,,\r\n")
    r16 = w2013.get(REVIEW, "R16")
    assert r16.response == "" and r16.status is None and r16.title
    assert r16.updates[-1].changes["status"] == ["in_progress", None]


# Item 3: ids are forgiving; an unknown row is refused unless it adds on purpose ---------------


def test_ids_in_a_sheet_are_normalised_as_chat_does(w2013):
    count = w2013.count()
    sheet_import(w2013, f"review,id,title\r\n{REVIEW},R 22,Renamed\r\n{REVIEW},recommendation 23,Also\r\n")
    assert w2013.count() == count
    assert w2013.get(REVIEW, "R22").title == "Renamed" and w2013.get(REVIEW, "R23").title == "Also"


def test_an_unknown_id_in_an_existing_review_is_refused_with_its_row(any_w2013):
    before = state(any_w2013)
    text = f"review,id,title\r\n{REVIEW},R2,Fine\r\n{REVIEW},R 99,New one\r\n"
    with pytest.raises(ImportFailed) as err:
        sheet_import(any_w2013, text)
    assert "sheet.csv, row 3: there is no R99 in wiltshire-2013-safeguarding (nearest: R41, R40, R39)" in str(err.value)
    assert "--add" in str(err.value)
    assert state(any_w2013) == before


def test_an_add_column_or_the_add_option_adds_recommendations(w2013, tmp_path, monkeypatch, capsys):
    sheet_import(w2013, f"review,id,title,add\r\n{REVIEW},R42,Added on purpose,yes\r\n{REVIEW},R2,Kept,\r\n")
    assert w2013.get(REVIEW, "R42").title == "Added on purpose" and w2013.get(REVIEW, "R2").title == "Kept"
    path = tmp_path / "more.csv"
    path.write_text(f"review,id,title\r\n{REVIEW},R43,Another\r\n", encoding="utf-8")
    monkeypatch.setenv("RECBOT_DB", str(w2013.path))
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    assert main(["import", str(path)]) == 1
    assert "more.csv, row 2: there is no R43" in capsys.readouterr().err
    assert main(["import", "--add", str(path)]) == 0
    assert w2013.get(REVIEW, "R43").title == "Another"


# Item 4: a milestone moved in chat stays moved when the paper is imported again -----------------


def test_reimporting_the_paper_after_a_milestone_moved_in_chat_changes_nothing(any_w2013):
    actor = Actor("U1", "jo")
    any_w2013.change(REVIEW, "R39", lambda rec: set_due(rec, date(2013, 9, 30), "", actor, "2013-07-01T09:00:00Z"))
    any_w2013.change(REVIEW, "R1", lambda rec: set_due(rec, date(2013, 12, 1), "By end July", actor, "2013-07-01"))
    before = state(any_w2013)
    report = import_file(any_w2013, W2013, at="2013-07-02T09:00:00Z")
    assert report.updated == [] and report.added == [] and len(report.unchanged) == 41
    assert state(any_w2013) == before
    r39 = any_w2013.get(REVIEW, "R39")
    assert [(m.source, m.due) for m in r39.milestones] == [("by 1st August", date(2013, 9, 30))]
    slipped = {(s.rec_id, s.source) for s in find_slips(any_w2013.recommendations(), date(2013, 8, 15))}
    assert ("R39", "by 1st August") not in slipped and ("R1", "By end July") not in slipped


def test_a_newer_paper_adds_only_milestones_of_new_phrases(w2013):
    from tracker.merge import merge
    from tracker.models import Milestone

    stored = w2013.get(REVIEW, "R39")
    stored.milestones[0].due = date(2013, 9, 30)
    incoming = w2013.get(REVIEW, "R39")
    incoming.milestones = [
        Milestone("Specification to be agreed", date(2013, 8, 1), source="by 1st August"),
        Milestone("Launch", date(2014, 1, 31), source="by end January 2014"),
    ]
    merged, outcome = merge(stored, incoming, paper="newer.txt", at="x")
    assert outcome == "updated"
    assert [(m.source, m.due) for m in merged.milestones] == [
        ("by 1st August", date(2013, 9, 30)),
        ("by end January 2014", date(2014, 1, 31)),
    ]


# Item 8: every field is validated at the boundary; a sheet forges no history or edit rights ----


def csv_row(**cells) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS + ["add"], lineterminator="\r\n")
    writer.writeheader()
    writer.writerow({"review": "housing-2026", "id": "R1", **cells})
    return out.getvalue()


@pytest.mark.parametrize(
    "cells, message",
    [
        ({"review": "<!channel>"}, "row 2, column review: “<!channel>” is not a review slug"),
        ({"review": "Housing 2026"}, "column review: “Housing 2026” is not a review slug"),
        ({"id": "<!channel>"}, "row 2, column id: “<!channel>” is not a recommendation id"),
        ({"links": "R2 <!here>"}, "column links: “<!here>” is not a recommendation id"),
        ({"owners": "Jo | Lead | <@U123>"}, "column owners: line 1: “<@U123>” is not a Slack user id"),
        ({"milestones": "2027-02-30 | x | y | open"}, "column milestones: line 1: “2027-02-30” is not a date"),
        ({"updates": '[{"at": "yesterday", "by": "U1"}]'}, "column updates: item 1: at: “yesterday” is not a date"),
        ({"updates": '[{"at": "2026-01-01T00:00:00Z", "note": 5}]'}, "column updates: item 1: note: expected text"),
        ({"updates": '{"at": 1}'}, "column updates: expected a list"),
        ({"decision": "maybe later"}, "column decision: I don't know the decision"),
        ({"review_kind": "party"}, "column review_kind: “party” is not a kind of review"),
        ({"title": "x" * 1001}, "column title: 1,001 characters; the most is 1,000"),
        ({"add": "perhaps"}, "column add: “perhaps”: write yes"),
    ],
)
def test_every_csv_field_is_checked_and_a_bad_one_refuses_the_file(store, cells, message):
    with pytest.raises(ImportFailed) as err:
        read_papers(csv_row(**cells).encode(), "sheet.csv")
    assert message in str(err.value)
    assert store.count() == 0


def test_json_fields_of_the_wrong_type_or_shape_are_refused(tracked_json):
    cases = [
        (("recommendations", 0, "title"), 42, "recommendation 1 (R1): title: expected text, found int"),
        (("recommendations", 0, "id"), "<!channel>", "recommendation 1 (<!channel>): id: “<!channel>” is not"),
        (("recommendations", 0, "owners"), "Jo", "owners: expected a list, found str"),
        (("recommendations", 0, "owners"), [{"slack_user": "<!here>"}], "owners: item 1: slack_user: “<!here>”"),
        (("recommendations", 0, "milestones"), [{"due": 20270101}], "milestones: item 1: due: expected text"),
        (("recommendations", 0, "milestones"), [{"done": "yes"}], "milestones: item 1: done: expected true or false"),
        (("recommendations", 0, "status"), ["completed"], "status: expected text, found list"),
        (("recommendations", 0, "links"), ["R2", None], "links: item 2: empty: an id is needed"),
        (("recommendations", 0, "updates"), [{"by": "U1"}], "updates: item 1: no “at”"),
        (("recommendations", 0, "updates"), [{"at": "2026-13-01"}], "updates: item 1: at: “2026-13-01” is not"),
        (("reviews", 0, "slug"), "../etc", "review 1: slug: “../etc” is not a review slug"),
        (("reviews", 0, "date"), "June", "review 1: date: “June” is not a date"),
    ]
    for path, value, message in cases:
        data = json.loads(tracked_json)
        target = data
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
        with pytest.raises(ImportFailed) as err:
            read_papers(json.dumps(data).encode(), "t.json")
        assert message in str(err.value), (path, value, str(err.value))


@pytest.fixture
def tracked_json(w2013) -> str:
    return json.dumps(to_json(w2013.reviews(), w2013.recommendations()))


def test_a_sheet_cannot_forge_history_or_link_a_slack_user(any_w2013):
    sheet = to_csv(any_w2013.reviews(), any_w2013.recommendations(REVIEW))
    rows = list(csv.DictReader(io.StringIO(sheet)))
    forged = Update(at="2026-11-01T09:00:00Z", by="UBOSS", by_name="chief", note="Signed off", status="completed")
    from dataclasses import asdict

    rows[0]["updates"] = json.dumps([asdict(forged)])
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    sheet_import(any_w2013, out.getvalue())
    assert all(u.note != "Signed off" for u in any_w2013.get(REVIEW, "R1").updates)

    rows[0]["updates"] = ""
    rows[0]["owners"] = "Mallory | Owner | UMALLORY"
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    before = state(any_w2013)
    with pytest.raises(
        ImportFailed, match="row 2, column owners: UMALLORY is not linked to R1; Slack users are linked"
    ):
        sheet_import(any_w2013, out.getvalue())
    assert state(any_w2013) == before


def test_a_sheet_cannot_unlink_a_slack_user_linked_in_chat(w2013):
    w2013.change(REVIEW, "R2", lambda rec: rec.owners.append(Owner(role="Owner", slack_user="UOWNER01")))
    sheet_import(w2013, f"review,id,owners\r\n{REVIEW},R2,Jo Bloggs | Head of Service\r\n")
    owners = w2013.get(REVIEW, "R2").owners
    assert [(o.name, o.slack_user) for o in owners] == [("Jo Bloggs", ""), ("", "UOWNER01")]


# Item 9: cells a spreadsheet would run as formulas are neutralised, and restored on import ----

FORMULAS = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "\tTabbed", "\rCR", "'=quoted", "''=twice"]


@pytest.mark.parametrize("value", FORMULAS + ["'plain", "plain", ""])
def test_neutralise_and_restore_are_exact_inverses(value):
    written = neutralise(value)
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restore(written) == value


def test_an_exported_title_is_no_formula_in_excel_and_comes_back_as_it_was(any_w2013):
    for n, title in enumerate(FORMULAS, 1):
        any_w2013.change(REVIEW, f"R{n}", lambda rec, title=title: setattr(rec, "title", title))
    sheet = to_csv(any_w2013.reviews(), any_w2013.recommendations(REVIEW))
    cells = [cell for row in csv.reader(io.StringIO(sheet)) for cell in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert '\'=HYPERLINK("http://x","y")' in cells
    before = state(any_w2013)
    reports = sheet_import(any_w2013, sheet)
    assert sum(len(r.updated) for r in reports) == 0 and state(any_w2013) == before


# Smaller: encodings and very long cells ------------------------------------------------------


def test_a_sheet_saved_as_windows_1252_loses_nothing_and_adds_no_history(any_w2013):
    any_w2013.change(REVIEW, "R3", lambda rec: setattr(rec, "title", "Bulletins → weekly ✅"))
    any_w2013.change(
        REVIEW,
        "R3",
        lambda rec: rec.updates.append(
            Update(at="2026-11-20T10:00:00Z", by="U1", note="Done → next ✅", source="command")
        ),
    )
    sheet = to_csv(any_w2013.reviews(), any_w2013.recommendations(REVIEW))
    saved = sheet.encode("cp1252", "replace")  # what Excel's "CSV" on Windows keeps
    before = state(any_w2013)
    reports, _ = any_w2013.import_papers(read_papers(saved, "cp.csv"), at="2026-11-24T09:00:00Z", paper_name="cp.csv")
    assert sum(len(r.updated) for r in reports) == 0 and state(any_w2013) == before
    edited = sheet.replace(f"{REVIEW},Executive", f"{REVIEW},Executive", 1)
    rows = list(csv.DictReader(io.StringIO(edited)))
    rows[2]["status"] = "completed"
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    papers = read_papers(out.getvalue().encode("cp1252", "replace"), "cp.csv")
    any_w2013.import_papers(papers, at="2026-11-24T09:00:00Z", paper_name="cp.csv")
    r3 = any_w2013.get(REVIEW, "R3")
    assert r3.status == "completed" and r3.title == "Bulletins → weekly ✅"
    assert [u.note for u in r3.updates].count("Done → next ✅") == 1


def test_a_cell_over_131072_characters_round_trips(any_w2013):
    long_text = "word " * 40_000
    any_w2013.change(REVIEW, "R5", lambda rec: setattr(rec, "text", long_text))
    sheet = to_csv(any_w2013.reviews(), any_w2013.recommendations(REVIEW))
    before = state(any_w2013)
    reports = sheet_import(any_w2013, sheet)
    assert sum(len(r.updated) for r in reports) == 0 and state(any_w2013) == before
    assert csv.field_size_limit() == 131072  # the module's limit is not left raised


def test_an_appendix_of_more_than_999_rows_keeps_r1000_on(tmp_path):
    from tests.conftest import SAMPLE
    from tracker.importers import read_paper

    text = SAMPLE.read_text(encoding="utf-8")
    head, table = text.split("\nR1\t", 1)
    row = "R{n}\tRecommendation number {n} of a very long review.\tAction {n} under way. Links to R{m}.\tAgreed.\n"
    rows = "".join(row.format(n=n, m=n - 1) for n in range(1, 1206))
    paper = read_paper((head + "\n" + rows).encode(), "long.txt")
    assert [r.id for r in paper.recommendations] == [f"R{n}" for n in range(1, 1206)]
    assert paper.recommendations[1204].text == "Recommendation number 1205 of a very long review."
    assert paper.recommendations[1204].links == ["R1204"]


def test_a_json_export_with_a_recommendation_the_review_lacks_is_refused_unless_added(any_w2013):
    data = to_json(any_w2013.reviews(), any_w2013.recommendations())
    extra = dict(data["recommendations"][0], id="R77", title="Smuggled in")
    data["recommendations"].append(extra)
    before = state(any_w2013)
    papers = read_papers(json.dumps(data).encode(), "t.json")
    with pytest.raises(ImportFailed, match=r"t.json, recommendation 42 \(R77\): there is no R77"):
        any_w2013.import_papers(papers, at="x", paper_name="t.json")
    assert state(any_w2013) == before


@pytest.mark.parametrize(
    "text, message",
    [
        ("review,id,title,title\r\nr,R1,a,b\r\n", "the column title appears twice"),
        ('{"recbot": 1, "reviews": 5, "recommendations": []}', "reviews is not a list"),
        ('{"recbot": 1, "recommendations": [5]}', "recommendation 1: expected an object, found int"),
    ],
)
def test_malformed_files_are_refused_with_a_reason(text, message):
    with pytest.raises(ImportFailed, match=message):
        read_papers(text.encode(), "f.csv" if text.startswith("review") else "f.json")


def test_a_json_export_cannot_link_a_slack_user_to_a_recommendation_that_exists(any_w2013):
    data = to_json(any_w2013.reviews(), any_w2013.recommendations())
    data["recommendations"][1]["owners"].append({"name": "", "role": "Owner", "slack_user": "UMALLORY"})
    before = state(any_w2013)
    papers = read_papers(json.dumps(data).encode(), "t.json")
    with pytest.raises(ImportFailed, match=r"t.json, recommendation 2 \(R2\): UMALLORY is not linked to R2"):
        any_w2013.import_papers(papers, at="x", paper_name="t.json")
    assert state(any_w2013) == before


# Property-based: whatever a file holds, it is refused with a reason or stored well-formed ------

CELL = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40) | st.sampled_from(
    ["R1", "r 2", "housing-2026", "2027-01-31 | x | y | open", "Jo | Lead | U0ABC", "completed", "yes", "'=1"]
)
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=10,
)


def stored_well_formed(papers) -> None:
    """Import into a fresh store; everything stored passes the same checks a file must."""
    from storage.store import Store
    from tracker import validate

    with tempfile.TemporaryDirectory() as tmp:
        fresh = Store(Path(tmp) / "recbot.json")
        try:
            fresh.import_papers(papers, at="2026-11-24T09:00:00Z", paper_name="fuzz.csv")
        except ImportFailed as exc:
            assert "fuzz." in str(exc)  # a row that does not fit the store is named in the file
            return
        for rec in fresh.recommendations():
            validate.recommendation(rec_to_dict(rec))


@given(st.lists(st.fixed_dictionaries({c: CELL for c in ["review", "id", *CSV_COLUMNS[7:], "add"]}), max_size=3))
@FUZZ
def test_any_sheet_is_refused_with_its_row_or_stored_well_formed(rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, ["review", "id", *CSV_COLUMNS[7:], "add"], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    try:
        papers = read_papers(out.getvalue().encode(), "fuzz.csv")
    except ImportFailed as exc:
        assert "fuzz.csv" in str(exc)
        return
    stored_well_formed(papers)


@given(st.sampled_from(["review", "id", "title", "status", "owners", "links", "milestones", "updates"]), JSONISH)
@FUZZ
def test_any_json_field_value_is_refused_with_its_place_or_stored_well_formed(name, value):
    data = {
        "recbot": 1,
        "reviews": [{"slug": "housing-2026", "title": "Housing"}],
        "recommendations": [{"review": "housing-2026", "id": "R1", "title": "Build", name: value}],
    }
    try:
        papers = read_papers(json.dumps(data).encode(), "fuzz.json")
    except ImportFailed as exc:
        assert "fuzz.json" in str(exc)
        return
    stored_well_formed(papers)
