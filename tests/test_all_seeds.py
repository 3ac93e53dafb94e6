"""All five seed papers in one store: counts, milestones, `/rec list`, and what has slipped by now."""

from __future__ import annotations

from datetime import date

import pytest

from app import main
from bot import jobs
from bot.slack_app import Services, web_client
from tests.conftest import SEEDS, import_file
from tests.slack_requests import all_text
from tracker.importers import read_papers
from tracker.subscriptions import Subscription
from usecases import slipcheck

PAPERS = {
    "wiltshire-2013-06-executive-response.txt": ("wiltshire-2013-safeguarding", 41, 12),
    "wiltshire-2017-03-executive-response.txt": ("wiltshire-2017-safeguarding", 12, 0),
    "wirral-2017-06-progress-update.txt": ("wirral-2017-safeguarding", 20, 5),
    "shropshire-2012-09-leader-report.txt": ("shropshire-2012-safeguarding", 9, 0),
}


@pytest.mark.parametrize("name", sorted(PAPERS))
def test_each_paper_counts(name):
    (paper,) = read_papers((SEEDS / name).read_bytes(), name)
    slug, recs, milestones = PAPERS[name]
    assert paper.review.slug == slug
    assert len(paper.recommendations) == recs
    assert sum(len(r.milestones) for r in paper.recommendations) == milestones


@pytest.mark.parametrize(
    "name, rec_id, expected",
    [
        (
            "wiltshire-2013-06-executive-response.txt",
            "R1",
            [("2013-06-15", "by mid June"), ("2013-07-31", "By end July"), ("2013-10-01", "from 1st October")],
        ),
        ("wiltshire-2013-06-executive-response.txt", "R25", [("2013-08-01", "by 1st August 2013")]),
        ("wiltshire-2013-06-executive-response.txt", "R35", [("2014-03-31", "March 2014")]),
        (
            "wiltshire-2013-06-executive-response.txt",
            "R11",
            [("2013-07-31", "in July 2013"), ("2013-09-30", "September 2013")],
        ),
        (
            "wirral-2017-06-progress-update.txt",
            "R4",
            [
                ("2017-06-22", "22 and 28 June"),
                ("2017-06-28", "22 and 28 June"),
                ("2017-10-31", "in October 2017"),
                ("2018-01-01", "from January 2018"),
            ],
        ),
    ],
)
def test_milestones_with_their_dates(name, rec_id, expected):
    (paper,) = read_papers((SEEDS / name).read_bytes(), name)
    rec = next(r for r in paper.recommendations if r.id == rec_id)
    assert [(m.due.isoformat(), m.source) for m in rec.milestones] == expected


def test_one_command_imports_all_five_and_list_shows_each(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RECBOT_DB", str(tmp_path / "recbot.json"))
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    assert main(["import", *sorted(str(p) for p in SEEDS.glob("*.txt"))]) == 0
    out = capsys.readouterr().out
    assert "wiltshire-2012-07-interim-report.txt: no recommendations found" in out
    assert out.count("(new review)") == 4
    assert main(["ask", "/rec list"]) == 0
    listing = capsys.readouterr().out
    for slug, count, _ in PAPERS.values():
        assert slug in listing and f"{count} recommendations" in listing


def test_what_has_slipped_by_now_over_the_seeds(store, config, fake_slack):
    for name in PAPERS:
        import_file(store, SEEDS / name)
    store.subscribe(Subscription("CSLIPS01", "all", "slips", by="U1"))
    result = jobs.check_slips(Services(config=config, store=store), date(2026, 11, 23), client=web_client(config))[0]
    late = sorted((s.review, s.rec_id, s.source) for s in result.slips)
    # Every dated 2013 and 2017-18 target is long past; R23's is excluded (it is completed).
    assert len(late) == 16
    assert ("wiltshire-2013-safeguarding", "R23", "for 6th June") not in late
    assert ("wirral-2017-safeguarding", "R4", "from January 2018") in late
    assert len(fake_slack.posts_to("CSLIPS01")) == 1
    assert "16 target dates slipped" in all_text(fake_slack.posts_to("CSLIPS01")[0])
    assert slipcheck.run(Services(config=config, store=store), date(2026, 11, 24)).new_slips == []
