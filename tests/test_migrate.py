"""``recbot migrate``: a TinyDB store into PostgreSQL and back, losing nothing."""

from __future__ import annotations

from datetime import date

from app import main
from storage import transfer
from storage.postgres import PostgresStore
from storage.store import Store
from tests.conftest import W2013, import_file
from tracker.digests import Digest
from tracker.models import Update
from tracker.notices import Notice
from tracker.subscriptions import Subscription

SLUG = "wiltshire-2013-safeguarding"


def busy_store(path, installed: bool = True) -> Store:
    """A store with something in every table (a workspace's store keeps no installations)."""
    store = Store(path)
    import_file(store, W2013)
    store.set_reported(SLUG, date(2013, 7, 1))
    store.subscribe(Subscription("C1", f"review:{SLUG}", "updates", "U1", "t"))

    def note(rec):
        rec.updates.append(Update(at="2026-11-23T10:00:00Z", by="U1", note="moved"))

    store.change(SLUG, "R16", note, lambda rec, r, subs: [Notice("update", "C1", payload={"n": 16})], 5.0, "req-1")
    store.queue_once(["slip:R3"], lambda keys: [Notice("slips", "C1", payload={"k": k}) for k in keys], 6.0)
    store.give_up(store.queue([Notice("update", "C9", payload={})], 7.0)[0].id, "channel_not_found", 8)
    with store._writing():  # an item queued before notices were data: its message built in advance
        store._table("outbox", "outbox-000001").insert(
            {
                "id": "000001.old",
                "status": "pending",
                "attempts": 0,
                "next_at": 7.5,
                "created": 7.5,
                "last_error": "",
                "channel": "C1",
                "message": {"text": "queued long ago"},
                "kind": "update",
            }
        )
    store.set_digest(Digest("C1", "daily", "08:30", created="t0"))
    store.queue_digest(store.digests("C1")[0], "digest:C1:1", [], 8.0, "2026-11-23T08:30:00Z")
    store.remember_people({"U1": "Ann"})
    store.remember_thread("C1", f"{SLUG}/R16", "111.1")
    store.expect_upload("C1", "U1", 99.0)
    if installed:
        store.save_installation(None, "T0AAA", {"team_id": "T0AAA", "bot_token": "xoxb-a", "installed_at": 1.5})
    return store


def test_a_store_goes_to_postgres_and_back_losing_nothing(env, pg_url, monkeypatch, capsys):  # noqa: F811
    from tests.pg_server import empty

    empty(pg_url)
    source = busy_store(env / "db" / "recbot.json")
    before = transfer.dump(source)
    assert all(before.values())  # every kind of thing is there to be copied
    assert main(["migrate", "--to", pg_url]) == 0
    assert capsys.readouterr().out == (
        "copied and compared: 1 reviews, 41 recommendations, 4 outbox, 1 installations, 1 subscriptions,"
        " 1 threads, 1 uploads, 1 people, 1 digests, 2 once, 1 requests\n"
    )
    pg = PostgresStore(pg_url)
    try:
        assert transfer.differences(before, transfer.dump(pg)) == []
        assert pg.get(SLUG, "R16").updates[-1].note == "moved" and pg.unseen(["slip:R3", "x"]) == ["x"]
        assert not pg.first_time("req-1", 9.0)
        old = [i.notice for i in pg.outbox() if i.notice.kind == "message"]
        assert [(n.channel, n.payload["message"]) for n in old] == [("C1", {"text": "queued long ago"})]
    finally:
        pg.close()
    assert main(["migrate", "--to", pg_url]) == 1  # the target now holds data: nothing is copied twice
    assert "not empty" in capsys.readouterr().err

    monkeypatch.setenv("RECBOT_DB", str(env / "back" / "recbot.json"))
    assert main(["migrate", "--from", pg_url]) == 0
    back = Store(env / "back" / "recbot.json")
    assert transfer.differences(before, transfer.dump(back)) == []
    assert back.recommendations() == source.recommendations() and back.reviews() == source.reviews()


def test_migrate_takes_only_postgresql_urls(env, capsys):  # noqa: F811
    assert main(["migrate", "--to", "mysql://x"]) == 2
    assert "postgresql:// URL" in capsys.readouterr().err


def test_recbot_workspace_moves_one_workspaces_store_into_its_schema_and_back(env, pg_url, monkeypatch, capsys):
    from settings.config import Config
    from settings.stores import open_workspace_store
    from tests.pg_server import empty

    empty(pg_url)
    root = Store(env / "db" / "recbot.json")
    source = busy_store(env / "db" / "workspaces" / "T0AAA" / "recbot.json", installed=False)
    monkeypatch.setenv("RECBOT_WORKSPACE", "T0AAA")
    assert main(["migrate", "--to", pg_url]) == 0
    assert "41 recommendations" in capsys.readouterr().out
    pg = PostgresStore(pg_url)
    try:
        moved = open_workspace_store(Config(db_url=pg_url), pg, "T0AAA")
        assert transfer.differences(transfer.dump(source), transfer.dump(moved)) == []
        assert moved.count() == 41 and pg.count() == 0, "into the workspace's schema, not the database's own"
    finally:
        pg.close()
    assert not root.exists()
    monkeypatch.setenv("RECBOT_DB", str(env / "back" / "recbot.json"))
    assert main(["migrate", "--from", pg_url]) == 0
    back = Store(env / "back" / "workspaces" / "T0AAA" / "recbot.json")
    assert transfer.differences(transfer.dump(source), transfer.dump(back)) == []
