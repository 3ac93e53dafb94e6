"""The committee's progress paper: `recbot export --format docx|md [--since] [--template]`."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from app import main
from storage.store import Store
from tests.conftest import W2013, fill, import_file
from tracker.models import Owner, Update

TODAY = "2013-11-20"


def progress(store: Store) -> None:
    """The 2013 paper imported in June with two notes and a linked owner on R1."""
    import_file(store, W2013, at="2013-06-10T09:00:00Z")

    def record(rec_id: str, at: str, note: str) -> None:
        store.change(
            "wiltshire-2013-safeguarding", rec_id, lambda r: r.updates.append(Update(at=at, by="U1", note=note))
        )

    record("R1", "2013-07-01T10:00:00Z", "Indicator list drafted")
    record("R1", "2013-10-02T10:00:00Z", "Data reports revised for the WSCB")
    store.change("wiltshire-2013-safeguarding", "R1", lambda r: r.owners.append(Owner(slack_user="U0OWNER1")))


@pytest.fixture
def env(env, monkeypatch, fake_slack, store_template):
    """The CLI's environment with a bot token on the fake Web API and the 2013 paper with some progress."""
    monkeypatch.delenv("RECBOT_EDITORS", raising=False)
    monkeypatch.setenv("RECBOT_TODAY", TODAY)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test-token")
    monkeypatch.setenv("SLACK_API_URL", fake_slack.api_url)
    fill(Store(env / "db" / "recbot.json"), store_template, "committee", progress)
    return env


def paper(path: Path) -> docx.document.Document:
    return docx.Document(str(path))


def test_the_word_paper_has_headings_summary_chart_exceptions_and_a_row_per_recommendation(env, fake_slack):
    out = env / "paper.docx"
    assert main(["export", "--format", "docx", "--output", str(out)]) == 0
    doc = paper(out)
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == ("Title", "Scrutiny recommendations: progress report")
    assert (
        "Heading 1",
        "Executive Response to the Final Report of the Safeguarding Children and Young People Task Group",
    ) in headings
    assert [h for s, h in headings if s == "Heading 2"] == [
        "Summary",
        "Exceptions: red and amber",
        "All recommendations",
    ]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Position as at 20 November 2013." in text
    assert "Wiltshire Council · Children's Select Committee · 6 June 2013" in text
    assert "RAG rating: Red 7" in text and "Progress status: Completed 5; In progress 20" in text
    # the exceptions: R1 is red, with its late milestone and its owner by display name
    r1 = next(p.text for p in doc.paragraphs if p.text.startswith("R1 "))
    assert "(Red): 15 Jun 2013 (late): First stage" in r1 and "Owner: user-U0OWNER1." in r1
    # a chart image, a real PNG
    [shape] = doc.inline_shapes
    blob = doc.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
    assert blob.startswith(b"\x89PNG")
    # one row per recommendation under a header row that repeats on every page
    [table] = doc.tables
    assert [c.text for c in table.rows[0].cells] == [
        "No.",
        "Recommendation",
        "Executive response",
        "Progress",
        "RAG",
        "Target dates",
        "Owner",
        "Committee",
    ]
    assert len(table.rows) == 42 and [r.cells[0].text for r in table.rows[1:4]] == ["R1", "R2", "R3"]
    row = [c.text for c in table.rows[1].cells]
    assert row[1].startswith("Single 'master' set of safeguarding performance indicators\nA single 'master' set")
    assert "2013-10-02: Data reports revised for the WSCB" in row[3] and "Indicator list drafted" not in row[3]
    assert row[4] == "Red" and "31 Jul 2013 (late): Second stage" in row[5]
    assert row[6] == "user-U0OWNER1" and row[7] == ""
    r4 = [c.text for c in table.rows[4].cells]
    assert r4[0] == "R4" and r4[7] == "Proposed for closure"
    assert "U0OWNER1" not in "\n".join(p.text for p in doc.paragraphs).replace("user-U0OWNER1", "")
    assert doc.styles["Table Grid"] == table.style
    # the name was looked up once and kept: a second paper asks Slack nothing
    assert len(fake_slack.calls_to("users.info")) == 1
    assert main(["export", "--format", "docx", "--output", str(out)]) == 0
    assert len(fake_slack.calls_to("users.info")) == 1


def test_since_shows_the_progress_recorded_since_the_last_meeting(env):
    out = env / "paper.docx"
    assert main(["export", "--format", "docx", "--since", "2013-06-15", "--output", str(out)]) == 0
    doc = paper(out)
    assert "progress since 15 June 2013" in "\n".join(p.text for p in doc.paragraphs)
    r1 = [c.text for c in doc.tables[0].rows[1].cells]
    assert "2013-07-01: Indicator list drafted" in r1[3] and "2013-10-02: Data reports revised" in r1[3]
    r2 = [c.text for c in doc.tables[0].rows[2].cells]
    assert "No update recorded." in r2[3]


def test_since_works_for_markdown_and_csv_and_the_chart_goes_beside_the_markdown(env, capsys):
    md = env / "report.md"
    assert main(["export", "--format", "md", "--since", "2013-07-01", "--output", str(md)]) == 0
    text = md.read_text()
    assert "Progress since 1 July 2013." in text
    assert "2013-07-01: Indicator list drafted<br>2013-10-02: Data reports revised for the WSCB" in text
    chart = env / "report-wiltshire-2013-safeguarding.png"
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert f"]({chart.name})" in text
    assert main(["export", "--format", "csv", "--since", "2013-07-01"]) == 0
    rows = capsys.readouterr().out.strip().splitlines()
    assert rows[0].startswith("review,") and sum(1 for r in rows if r.startswith("wiltshire-2013-safeguarding,")) == 1


def test_a_councils_template_restyles_the_paper(env):
    template = docx.Document()
    template.styles["Heading 1"].font.name = "Arial Black"
    template.add_paragraph("Northfield Borough Council: agenda item 7")
    path = env / "council.docx"
    template.save(str(path))
    out = env / "paper.docx"
    assert main(["export", "--format", "docx", "--template", str(path), "--output", str(out)]) == 0
    doc = paper(out)
    assert doc.paragraphs[0].text == "Northfield Borough Council: agenda item 7"
    assert doc.styles["Heading 1"].font.name == "Arial Black"
    assert len(doc.tables[0].rows) == 42


@pytest.mark.parametrize(
    "args, says",
    [
        (["--format", "docx"], "a Word paper needs a file to go to"),
        (["--format", "docx", "--since", "2014-01-01", "--output", "p.docx"], "is in the future"),
        (["--format", "docx", "--template", "notes.txt", "--output", "p.docx"], "--template takes a Word .docx"),
        (["--format", "docx", "--template", "missing.docx", "--output", "p.docx"], "no such file"),
        (["--format", "docx", "--template", "fake.docx", "--output", "p.docx"], "not a Word (.docx) template"),
        (["--format", "docx", "--review", "nope", "--output", "p.docx"], "there is no review 'nope'"),
    ],
)
def test_bad_options_say_what_is_wrong_and_write_nothing(env, capsys, args, says):
    (env / "notes.txt").write_text("not a template")
    (env / "fake.docx").write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["export", *args]) == 1
    assert says in capsys.readouterr().err
    assert not (env / "p.docx").exists()


def test_without_a_bot_token_linked_owners_are_never_shown_as_ids(env, monkeypatch):
    monkeypatch.delenv("SLACK_BOT_TOKEN")
    out = env / "paper.docx"
    assert main(["export", "--format", "docx", "--output", str(out)]) == 0
    doc = paper(out)
    assert doc.tables[0].rows[1].cells[6].text == "a Slack user"
    with zipfile.ZipFile(out) as word:
        assert "U0OWNER1" not in word.read("word/document.xml").decode("utf-8")
