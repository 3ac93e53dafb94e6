"""What only the PostgreSQL store has: row locks with deadlines, SKIP LOCKED claims, migrations."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest

from storage.pg.migrate import migrate, migrations
from storage.postgres import PostgresStore
from tests.conftest import until
from tests.store_workers import one_rec_paper
from tracker.errors import Busy
from tracker.notices import Notice


@pytest.fixture
def pg(pg_url):
    from tests.pg_server import empty

    empty(pg_url)
    store = PostgresStore(pg_url)
    yield store
    store.close()


def test_a_change_waiting_on_a_locked_row_gives_up_by_its_deadline_and_writes_nothing(pg, pg_url):
    pg.import_paper(one_rec_paper("a"), at="t", paper_name="p")

    def retitle(rec):
        rec.title = "changed"

    with psycopg.connect(pg_url) as other:  # another worker mid-change holds the row
        other.execute("SELECT 1 FROM recommendations WHERE review = 'a' FOR UPDATE")
        release = threading.Timer(3.0, other.rollback)  # so a change that waited for it would not hang
        release.start()
        started = time.monotonic()
        try:
            with pytest.raises(Busy):
                pg.change("a", "R1", retitle, request_id="req-1", deadline=started + 1.5)
            assert time.monotonic() - started < 1.3  # it stopped waiting before the deadline
        finally:
            release.cancel()
            release.join()
    assert pg.get("a", "R1").title == "a"
    assert pg.first_time("req-1", 0.0)  # the request id went with the rolled-back change


def test_a_claim_skips_items_another_worker_is_claiming(pg, pg_url):
    queued = pg.queue([Notice("update", "C1", payload={"n": n}) for n in range(3)], 1.0)
    with psycopg.connect(pg_url) as other:
        other.execute("SELECT 1 FROM outbox WHERE id = %s FOR UPDATE", (queued[0].id,))
        started = time.monotonic()
        taken = pg.claim(2.0)
        assert time.monotonic() - started < 1.0  # not waited for
    assert [i.id for i in taken] == [q.id for q in queued[1:]]


def test_migrations_are_numbered_and_applied_once(pg_url):
    assert [(v, name) for v, name, _ in migrations()][:1] == [(1, "initial")]
    with psycopg.connect(pg_url, autocommit=True) as conn:
        assert migrate(conn) == []  # the store's open applied them already
        assert conn.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(migrations())


def test_workers_on_different_machines_elect_one_leader_through_postgres(pg_url, tmp_path):
    from bot.schedule import Leader
    from bot.slack_app import Services
    from settings.config import Config

    # No shared folder: each worker's file lock would be its own, so only the database can decide.
    first, second = (
        Leader(Services(config=Config(db_url=pg_url, db_path=tmp_path / name / "recbot.json"), store=None))
        for name in ("a", "b")
    )
    try:
        assert first._try() is True
        assert second._try() is False
    finally:
        first.stop()
    try:
        # the server ends the first session (and frees its lock) just after the client hangs up
        until(second._try, timeout=5, what="the second worker to take over")
    finally:
        second.stop()


def test_after_a_database_restart_the_pool_reconnects_and_nothing_acknowledged_is_lost(pg, pg_url):
    from tests.pg_server import restart

    pg.import_paper(one_rec_paper("a"), at="t", paper_name="p")
    pg.change("a", "R1", lambda rec: setattr(rec, "title", "acknowledged"))
    restart(pg_url)
    assert pg.get("a", "R1").title == "acknowledged"  # a broken pooled connection was replaced
    pg.change("a", "R1", lambda rec: setattr(rec, "title", "after"))
    assert pg.get("a", "R1").title == "after"
