"""The slip check reads only what fell due or changed since its last run, and announces what a full read would."""

from __future__ import annotations

from datetime import date

from bot.slack_app import Services
from tests.conftest import W2013, import_file
from tests.store_workers import one_rec_paper
from tracker.models import Milestone, Owner
from tracker.response_clock import overdue
from tracker.slips import due_reminders, find_slips, windows
from usecases import slipcheck

REVIEW = "wiltshire-2013-safeguarding"


def _milestone(store, rec_id, due, source, review=REVIEW, done=False):
    store.change(review, rec_id, lambda r: r.milestones.append(Milestone(source, due, done=done, source=source)))


def _owner(store, rec_id):
    store.change(REVIEW, rec_id, lambda r: r.owners.append(Owner(name="Jo", slack_user="UJO00001")))


def _full_keys(store, config, today) -> set[str]:
    """Every event a check reading everything finds on ``today`` (what the check did before)."""
    recs = store.recommendations()
    found = [s.key for s in find_slips(recs, today, config.rag_rules)]
    found += [r.key for r in due_reminders(recs, today, config.remind_days)]
    found += [c.key for c in overdue(store.reviews(), recs, today, config.response_months)]
    return set(found)


# Each day: what happens before that day's check.
PLAN = [
    (date(2026, 11, 20), []),
    (date(2026, 11, 21), [lambda s: _milestone(s, "R2", date(2026, 11, 22), "by 22 November")]),
    (date(2026, 11, 22), [lambda s: _owner(s, "R3"), lambda s: _milestone(s, "R3", date(2026, 11, 28), "by 28 Nov")]),
    (date(2026, 11, 23), [lambda s: _milestone(s, "R5", date(2026, 10, 1), "by 1 October")]),  # late on arrival
    (date(2026, 11, 24), [lambda s: s.set_reported("late-answer", date(2026, 9, 1))]),  # clock ran out 1 Nov
    (date(2026, 11, 25), [lambda s: _milestone(s, "R1", date(2026, 12, 10), "by 10 December", review="late-answer")]),
    (date(2026, 12, 11), [lambda s: _milestone(s, "R6", date(2026, 12, 1), "by 1 December", done=True)]),
    (date(2026, 12, 12), []),
]


def test_day_by_day_the_check_announces_what_a_full_read_would_and_reads_less(any_store, config):
    store = any_store
    import_file(store, W2013)
    store.import_paper(one_rec_paper("late-answer"), at="2026-11-01T00:00:00Z", paper_name="p")
    services = Services(config=config, store=store)
    announced: set[str] = set()
    read = []
    for today, steps in PLAN:
        for step in steps:
            step(store)
        expected = _full_keys(store, config, today) - announced
        result = slipcheck.run(services, today)
        got = {s.key for s in result.new_slips} | {r.key for r in result.new_reminders}
        got |= {c.key for c in result.new_overdue}
        assert got == expected, today
        announced |= expected
        read.append(result.checked)
    assert read[0] == store.count() == 42  # the first check reads everything
    assert max(read[1:]) < 10  # later ones only what fell due or changed
    assert any("remind|" in k for k in announced) and any("response-overdue|" in k for k in announced)
    assert any(k.startswith("slip|late-answer/R1|") for k in announced)


def test_a_dry_run_reads_everything_and_records_no_check(any_store, config):
    import_file(any_store, W2013)
    services = Services(config=config, store=any_store)
    assert slipcheck.run(services, date(2026, 11, 20), dry_run=True).checked == 41
    assert any_store.last_check() is None
    slipcheck.run(services, date(2026, 11, 20))
    mark = any_store.last_check()
    assert (mark.day, mark.horizon) == (date(2026, 11, 20), date(2026, 11, 20 + config.remind_days))
    assert slipcheck.run(services, date(2026, 11, 21)).checked < 41


def test_the_windows_reach_from_the_last_check_and_its_reminder_horizon():
    from tracker.slips import CheckMark

    last = CheckMark(date(2026, 11, 20), date(2026, 11, 27), 7)
    assert windows(last, date(2026, 11, 23), 7) == [
        (date(2026, 11, 20), date(2026, 11, 23)),
        (date(2026, 11, 27), date(2026, 11, 30)),
    ]
    assert windows(None, date(2026, 11, 23), 7) is None
    assert windows(last, date(2026, 11, 19), 7) is None  # a check for an earlier day reads everything
