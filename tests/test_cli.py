"""The recbot command: import, export, ask (the same handlers Slack reaches), and clear config errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from app import main
from tests.conftest import ROOT, SAMPLE, W2013


def test_import_then_ask(env, capsys):
    assert main(["import", str(SAMPLE)]) == 0
    assert capsys.readouterr().out.strip() == (
        "example-executive-response.txt: northfield-2026-homelessness (new review), "
        "6 recommendations: 6 added, 0 updated, 0 unchanged"
    )
    assert main(["import", str(SAMPLE)]) == 0
    assert "0 added, 0 updated, 6 unchanged" in capsys.readouterr().out
    assert main(["ask", "/rec R3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("R3 · Personal housing plans written with the household\n")
    assert "Status: In progress" in out and "Links to R1, R5" in out
    assert main(["ask", "--json", "/rec R99"]) == 0
    assert "There is no R99 in `northfield-2026-homelessness`" in json.loads(capsys.readouterr().out)["text"]


def test_dry_run_writes_nothing(env, capsys):
    assert main(["import", "--dry-run", str(W2013)]) == 0
    out = capsys.readouterr().out
    assert "41 recommendations into wiltshire-2013-safeguarding (layout wiltshire-appendix; dry run)" in out
    assert "R16" in out and "In progress" in out
    assert not (env / "db" / "recbot.json").exists()


def test_review_slug_can_be_chosen(env, capsys):
    assert main(["import", "--review", "northfield-homelessness", str(SAMPLE)]) == 0
    assert main(["ask", "/rec northfield-homelessness R1"]) == 0
    assert "Early warning data sharing" in capsys.readouterr().out


def test_a_bad_file_in_a_batch_is_reported_and_the_rest_goes_on(env, capsys):
    junk = env / "minutes.txt"
    junk.write_text("Minutes of the meeting\nApologies were received.")
    binary = env / "logo.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert main(["import", str(junk), str(binary), str(SAMPLE)]) == 1
    captured = capsys.readouterr()
    assert "minutes.txt: no recommendations found" in captured.err
    assert "logo.png: not a document recbot can read" in captured.err
    assert "Nothing imported from minutes.txt." in captured.err
    assert "northfield-2026-homelessness (new review)" in captured.out


def test_export_json(env, capsys):
    main(["import", str(W2013)])
    capsys.readouterr()
    assert main(["export", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["slug"] for r in data["reviews"]] == ["wiltshire-2013-safeguarding"]
    assert len(data["recommendations"]) == 41
    r16 = next(r for r in data["recommendations"] if r["id"] == "R16")
    for key in (
        "review",
        "id",
        "title",
        "text",
        "response",
        "status",
        "status_text",
        "links",
        "milestones",
        "updates",
    ):
        assert key in r16
    assert r16["review"] == "wiltshire-2013-safeguarding" and r16["status"] == "in_progress"
    assert main(["export", "--review", "nope"]) == 1


def test_serve_without_slack_settings_says_which_one(env):
    result = subprocess.run(
        [sys.executable, "-m", "app", "serve"],
        cwd=env,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "RECBOT_DB": str(env / "x.json")},
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "recbot: SLACK_SIGNING_SECRET is not set: copy .env.example to .env and fill it in "
        "(README, 'Running it in Slack')"
    ]


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("RECBOT_TZ", "Mars/Olympus", "is not a time zone"),
        ("RECBOT_TODAY", "23/11/2026", "YYYY-MM-DD"),
        ("RECBOT_MAX_IMPORT_MB", "lots", "whole number of megabytes"),
        ("RECBOT_MAX_IMPORT_MB", "0", "whole number of megabytes"),
    ],
)
def test_malformed_settings(env, capsys, monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    assert main(["export"]) == 2
    assert message in capsys.readouterr().err


def test_an_import_sends_each_subscribed_channel_one_summary(env, capsys, monkeypatch, fake_slack):
    from storage.store import Store
    from tracker.subscriptions import Subscription

    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_API_URL", fake_slack.api_url)
    assert main(["import", str(SAMPLE)]) == 0
    store = Store(env / "db" / "recbot.json")
    store.subscribe(Subscription("CALL0001", "all", by="U1"))
    store.subscribe(Subscription("CREVIEW1", "review:northfield-2026-homelessness", by="U1"))
    store.subscribe(Subscription("CREVIEW1", "rec:northfield-2026-homelessness/R2", by="U1"))
    store.subscribe(Subscription("CSLIPS01", "all", filter="slips", by="U1"))
    newer = env / "newer.txt"
    newer.write_text(
        SAMPLE.read_text()
        .replace("is listed on the Council website", "is on the website")
        .replace("Training for all Housing Options officers", "Training for every Housing Options officer")
    )
    assert main(["import", str(newer)]) == 0
    assert "told 2 subscribed channel(s)" in capsys.readouterr().out
    posts = fake_slack.calls_to("chat.postMessage")
    assert sorted(p.args["channel"] for p in posts) == ["CALL0001", "CREVIEW1"]
    assert "2 updated (R2, R3)" in posts[0].args["text"]
    assert main(["import", str(newer)]) == 0  # nothing changed: nobody is told
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


def test_dry_run_shows_what_the_general_reader_understood_and_skipped(env, capsys):
    paper = env / "ashdown-response.md"
    paper.write_text(
        "# Ashdown Borough Council: response to the Flooding Review\n\n"
        "Meeting date: 2 February 2026\n\n"
        "| Ward | Homes flooded |\n|---|---|\n| Marsh | 12 |\n\n"
        "| No. | Recommendation | Decision | Lead officer | Target date |\n|---|---|---|---|---|\n"
        "| 1 | That gullies on the High Street are cleared every month. | Agreed | Sam Reid | end of April |\n\n"
        "Recommendation 4 is covered by the drainage strategy.\n",
        encoding="utf-8",
    )
    assert main(["import", "--dry-run", str(paper)]) == 0
    out = capsys.readouterr().out
    assert "would import 1 recommendations into ashdown-2026-flooding (layout general; dry run)" in out
    assert "R1     That gullies on the High Street are cleared …" in out
    assert "decision: Accepted (“Agreed”)" in out and "owner: Sam Reid" in out
    assert "dates: 2026-04-30 “end of April”" in out
    assert "skipped table 1 (“Ward | Homes flooded”): no column headed Recommendation" in out
    assert "“Recommendation 4 is covered by the drainage strategy.”: mentions a recommendation without its text" in out
    assert not (env / "db").exists()


def test_layout_general_forces_the_general_rules(env, capsys):
    assert main(["import", "--dry-run", "--layout", "general", str(W2013)]) == 0
    assert "(layout general; dry run)" in capsys.readouterr().out
