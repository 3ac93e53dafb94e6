"""The spreadsheet round trip: export CSV/JSON, edit in Excel, import back; and the Markdown report."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from app import main
from storage.store import Store
from tests.conftest import SEEDS, import_file, state
from tracker.errors import ImportFailed
from tracker.export import to_json
from tracker.importers import read_papers
from tracker.models import Milestone, Owner, Update
from tracker.report_md import to_markdown
from tracker.serialise import rec_to_dict
from tracker.tabular import CSV_COLUMNS, to_csv

HOSTILE = 'Say "hello", | pipes |, a \\ backslash,\nnew lines, <!channel> & commas'


def track(store) -> None:
    """All four seed papers with recommendations, plus what chat adds: owners, milestones, history."""
    for name in (
        "wiltshire-2013-06-executive-response.txt",
        "wiltshire-2017-03-executive-response.txt",
        "wirral-2017-06-progress-update.txt",
        "shropshire-2012-09-leader-report.txt",
    ):
        import_file(store, SEEDS / name)

    def chat(rec):
        rec.owners.append(Owner(name="", role="Owner", slack_user="UOWNER01"))
        rec.milestones.append(Milestone(label=HOSTILE, due=date(2027, 3, 31), source="set in chat", at_risk=True))
        rec.milestones[0].done = True
        rec.updates.append(
            Update(
                at="2026-11-20T10:00:00Z",
                by="U1",
                by_name="jo",
                note=HOSTILE,
                status="completed",
                source="command",
                changes={"status": ["in_progress", "completed"]},
            )
        )
        rec.status = "completed"

    store.change("wiltshire-2013-safeguarding", "R1", chat)


@pytest.fixture
def tracked(prepare):
    """The four seed papers with what chat adds to one recommendation."""
    return prepare("tracked", track)


def everything(store):
    return store.reviews(), store.recommendations()


def test_a_json_export_restores_everything_into_a_fresh_store(tracked, tmp_path):
    reviews, recs = everything(tracked)
    papers = read_papers(json.dumps(to_json(reviews, recs)).encode("utf-8"), "tracker.json")
    assert all(p.from_tracker for p in papers)
    fresh = Store(tmp_path / "fresh" / "recbot.json")
    fresh.import_papers(papers, at="x", paper_name="tracker.json")
    assert [rec_to_dict(r) for r in fresh.recommendations()] == [rec_to_dict(r) for r in recs]
    assert {(r.slug, r.title, r.council, r.date, r.kind) for r in fresh.reviews()} == {
        (r.slug, r.title, r.council, r.date, r.kind) for r in reviews
    }


def test_a_sheet_in_a_fresh_store_brings_everything_but_history_and_slack_links(tracked, tmp_path):
    reviews, recs = everything(tracked)
    fresh = Store(tmp_path / "fresh" / "recbot.json")
    sheet = to_csv(reviews, recs)
    with pytest.raises(ImportFailed, match=r"row 11, column owners: UOWNER01 is not linked to R1; Slack users are"):
        fresh.import_papers(read_papers(sheet.encode(), "t.csv"), at="x", paper_name="t.csv")
    assert fresh.count() == 0
    without_links = sheet.replace(" |  | UOWNER01", "").replace(" | Owner | UOWNER01", "")
    fresh.import_papers(read_papers(without_links.encode(), "t.csv"), at="x", paper_name="t.csv")

    def sheet_part(rec):
        data = rec_to_dict(rec)
        data["owners"] = [o for o in data["owners"] if not o["slack_user"]]
        return {**data, "updates": []}

    assert [rec_to_dict(r) for r in fresh.recommendations()] == [sheet_part(r) for r in recs]


def test_reimporting_the_export_changes_nothing(any_prepare):
    tracked = any_prepare("tracked", track)
    reviews, recs = everything(tracked)
    before = state(tracked)
    reports, _ = tracked.import_papers(read_papers(to_csv(reviews, recs).encode(), "t.csv"), at="x", paper_name="t.csv")
    assert sum(len(r.updated) + len(r.added) for r in reports) == 0
    assert state(tracked) == before


def edit_sheet(sheet: str, review: str, rec_id: str, **changes) -> str:
    """Change cells of one row, as someone would in Excel."""
    rows = list(csv.DictReader(io.StringIO(sheet)))
    for row in rows:
        if (row["review"], row["id"]) == (review, rec_id):
            row.update(changes)
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def test_edits_made_in_the_sheet_come_back_as_history(tracked):
    reviews, recs = everything(tracked)
    sheet = to_csv(reviews, recs)
    edited = edit_sheet(
        sheet,
        "wiltshire-2013-safeguarding",
        "R2",
        status="Done",
        milestones="31/01/2027 | New improved layout and design | from 1st July | open",
    )
    tracked.import_papers(
        read_papers(edited.encode(), "edited.csv"), at="2026-11-23T12:00:00Z", paper_name="edited.csv"
    )
    now = tracked.get("wiltshire-2013-safeguarding", "R2")
    assert now.status == "completed" and now.milestones[0].due == date(2027, 1, 31)
    entry = now.updates[-1]
    assert entry.source == "import: edited.csv" and entry.changes["status"] == ["in_progress", "completed"]
    assert entry.changes["milestones"][1] == ["New improved layout and design 2027-01-31"]
    others = [r for r in tracked.recommendations() if r.key != now.key]
    assert [rec_to_dict(r) for r in others] == [rec_to_dict(r) for r in recs if r.key != now.key]


def header(*extra):
    return ",".join(CSV_COLUMNS[:7] + list(extra))


@pytest.mark.parametrize(
    "rows, message",
    [
        ("r,R,,,,,R1,t,x,y,sideways", "row 3, column status: I don't know the status “sideways”"),
        ("r,R,,,not-a-date,,R1", "row 3, column review_date: “not-a-date” is not a date"),
        ("r,R,,,,,,title", "row 3, column id: empty: an id is needed"),
        (",R,,,,,R1", "row 3, column review: empty: every row needs its review's slug"),
        ("r,R,,,,,R1\r\nr,R,,,,,R2\r\nr,R,,,,,R1", "row 5, column id: R1 appears twice in r (also row 3)"),
        ('r,R,,,,,R1,"two\nlines"\r\nr,R,,,,,R2,,,,sideways', "row 4, column status"),
        ("r,R,,,,,R1,,,,,,,,,2027-01-01 | x | y | maybe", "row 3, column milestones: line 1: milestone state “maybe”"),
        ("r,R,,,,,R1,,,,,,,,,,{not json", "row 3, column updates: not recbot's history JSON"),
        ("r,R,,,,,R1,,,,,,,,,,,,,,surplus", "row 3: more cells than the header has columns"),
    ],
)
def test_malformed_rows_are_refused_with_the_row_as_excel_numbers_it_and_the_column(store, rows, message):
    text = ",".join(CSV_COLUMNS) + "\r\nok-review,OK,,,,,R9\r\n" + rows
    with pytest.raises(ImportFailed) as err:
        read_papers(text.encode(), "sheet.csv")
    assert message in str(err.value) and "sheet.csv" in str(err.value)
    assert store.count() == 0


def test_a_sheet_with_only_review_id_and_title_imports(store):
    papers = read_papers(
        b"review,id,title\r\nhousing-2026,R1,Build more homes\r\nhousing-2026,R2,Fix damp\r\n", "minimal.csv"
    )
    store.import_papers(papers, at="x", paper_name="minimal.csv")
    assert [r.title for r in store.recommendations("housing-2026")] == ["Build more homes", "Fix damp"]
    assert store.review("housing-2026").title == "housing-2026"


def test_exports_and_papers_are_told_apart(tracked):
    reviews, recs = everything(tracked)
    for name in sorted(p.name for p in SEEDS.glob("*.txt")):
        text = (SEEDS / name).read_text()
        from tracker.importers import recbot_csv, recbot_json

        assert not recbot_csv.sniff(text) and not recbot_json.sniff(text), name
    from tracker.importers import LAYOUTS

    for data in (to_csv(reviews, recs), json.dumps(to_json(reviews, recs))):
        claims = [m.NAME for m in LAYOUTS if m.sniff(data)]
        assert len(claims) == 1 and claims[0].startswith("recbot-")


def test_ten_thousand_rows_parse(tmp_path):
    rows = "\r\n".join(f"big-review,R{n},Recommendation {n},text {n},,in progress" for n in range(1, 10001))
    papers = read_papers(f"review,id,title,text,response,status\r\n{rows}\r\n".encode(), "big.csv")
    assert len(papers) == 1 and len(papers[0].recommendations) == 10000


def test_markdown_report_puts_exceptions_first_and_escapes_pipes(tracked):
    reviews, recs = everything(tracked)
    md = to_markdown(reviews, recs, date(2026, 11, 23))
    w2013 = md[
        md.index(
            "## Executive Response to the Final Report of the Safeguarding Children and Young People Task Group\n"
        ) :
    ]
    exceptions = w2013[: w2013.index("### Counts")]
    assert (
        "| R2 | Weekly Children's Services bulletins | Red | 1 Jul 2013: New improved layout and design | – |"
        in exceptions
    )
    assert "| R1 |" not in exceptions  # completed: blue
    assert "| Completed | 6 |" in w2013 and "| In progress | 19 |" in w2013
    assert 'Say "hello", \\| pipes \\|' in md and "<br>new lines" in md


def test_export_formats_from_the_cli(tracked, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RECBOT_DB", str(tracked.path))
    monkeypatch.setenv("RECBOT_TODAY", "2026-11-23")
    assert main(["export", "--format", "csv", "--output", str(tmp_path / "t.csv")]) == 0
    assert (tmp_path / "t.csv").read_bytes().startswith("\ufeff".encode())  # Excel reads it as UTF-8
    assert main(["import", "--dry-run", str(tmp_path / "t.csv")]) == 0
    assert "would import 41 recommendations into wiltshire-2013-safeguarding" in capsys.readouterr().out
    assert main(["export", "--review", "wiltshire-2013-safeguarding", "--format", "md"]) == 0
    assert "### Exceptions: red and amber" in capsys.readouterr().out
