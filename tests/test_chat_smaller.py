"""The smaller things met in chat: late on completed work, search naming the review, hints that fit
the verb, what a paper changed, past and relative target dates, a moved milestone's phrase."""

from __future__ import annotations

import dataclasses
from datetime import date

from bot import jobs
from bot.slack_app import Services, web_client
from tests.conftest import SEEDS, W2013, import_file, state
from tests.slack_requests import all_text
from tracker.importers import read_paper
from tracker.subscriptions import Subscription

REVIEW = "wiltshire-2013-safeguarding"
TODAY = date(2026, 11, 23)


def said(slack, text: str) -> str:
    return all_text(slack.command_json(slack.command(text)))


def test_a_completed_recommendation_shows_nothing_late(w2013, slack, config):
    config.fixed_today = TODAY
    assert "*late*" in said(slack, "R1")
    said(slack, "update R1 done all three stages delivered")
    card = said(slack, "R1")
    assert "*late*" not in card and "Blue" in card


def test_search_results_name_their_review(w2013, slack):
    assert f"`{REVIEW}` *R15*" in said(slack, "search hot desking")


def test_hints_fit_the_verb_when_an_id_is_in_several_reviews(w2013, slack):
    import_file(w2013, SEEDS / "wiltshire-2017-03-executive-response.txt")
    history = said(slack, "history R1")
    assert "e.g. `/rec history wiltshire-2017-safeguarding R1`" in history and "/rec update" not in history
    subscribe = said(slack, "subscribe R1")
    assert "e.g. `/rec subscribe wiltshire-2017-safeguarding R1`" in subscribe and "/rec update" not in subscribe
    assert "e.g. `/rec note wiltshire-2017-safeguarding R1 ...`" in said(slack, "note R1 hello")


def test_history_shows_what_a_newer_paper_changed_old_to_new(w2013, slack):
    paper = read_paper(W2013.read_bytes(), W2013.name)
    r16 = next(r for r in paper.recommendations if r.id == "R16")
    old_title = r16.title
    paper.recommendations = [dataclasses.replace(r16, title="MASH in place")]
    w2013.import_paper(paper, at="2026-11-24T09:00:00Z", paper_name="newer.txt")
    assert f"title “{old_title}” → “MASH in place”" in said(slack, "history R16")


def test_due_refuses_a_past_date_and_reads_yesterday(w2013, slack, config):
    config.fixed_today = TODAY
    before = state(w2013)
    for typed, when in (("due R16 2020-01-01", "1 January 2020"), ("due R16 yesterday", "22 November 2026")):
        text = said(slack, typed)
        assert f"is {when}, in the past" in text and "today (23 November 2026) or later" in text, typed
    assert state(w2013) == before
    assert "Saved R16" in said(slack, "due R16 tomorrow")
    assert w2013.get(REVIEW, "R16").milestones[-1].due == date(2026, 11, 24)


def test_a_moved_milestone_shows_the_phrase_that_moved_it(w2013, slack, config, fake_slack):
    config.fixed_today = TODAY
    said(slack, "due R39 30 November 2026")
    card = said(slack, "R39")
    assert "set in chat: 30 November 2026" in card and "the paper said “by 1st August”" in card
    w2013.subscribe(Subscription("CSLIPS01", f"rec:{REVIEW}/R39", "slips", by="USUB0001"))
    jobs.check_slips(Services(config=config, store=w2013), date(2026, 12, 5), client=web_client(config))
    digest = all_text(fake_slack.posts_to("CSLIPS01")[0])
    assert "“set in chat: 30 November 2026”: due 30 Nov 2026" in digest and "1st August" not in digest
