"""RECBOT_DB picks the store: a postgresql:// URL opens PostgreSQL, anything else the TinyDB file."""

from __future__ import annotations

import pytest

from app import main
from settings.config import Config, ConfigError
from settings.stores import open_store
from storage.pg.migrate import migrations
from storage.postgres import PostgresStore
from storage.store import Store
from tests.conftest import SAMPLE


def test_a_postgresql_url_selects_postgres_and_anything_else_tinydb(tmp_path):
    url = Config.from_env({"RECBOT_DB": "postgresql://u@db.example/recbot"})
    assert (url.db_url, url.db_path.name) == ("postgresql://u@db.example/recbot", "recbot.json")
    assert Config.from_env({"RECBOT_DB": "postgres://u@h/r"}).db_url == "postgres://u@h/r"
    path = Config.from_env({"RECBOT_DB": str(tmp_path / "s.json")})
    assert (path.db_url, path.db_path) == ("", tmp_path / "s.json")
    assert isinstance(open_store(path), Store)


def test_open_store_opens_postgres_and_migrates_it_once(pg_url):
    first, second = open_store(Config(db_url=pg_url)), open_store(Config(db_url=pg_url))
    try:
        assert isinstance(first, PostgresStore) and first.exists()
        applied = first._rows("SELECT version, name FROM schema_version ORDER BY version")
        assert applied == [(version, name) for version, name, _ in migrations()]
        assert applied[:2] == [(1, "initial"), (2, "root_installations")]
    finally:
        first.close()
        second.close()


@pytest.mark.parametrize(
    "url",
    ["postgresql://postgres@/postgres?host=/nonexistent-recbot-socket-dir", "postgresql://u@h/db?sslmode=nonsense"],
)
def test_an_unusable_url_stops_recbot_with_one_line_naming_recbot_db(url):
    with pytest.raises(ConfigError) as failed:
        open_store(Config(db_url=url))
    assert str(failed.value).startswith("RECBOT_DB") and "\n" not in str(failed.value)


def test_a_malformed_url_is_named_too_and_its_password_never_shown():
    with pytest.raises(ConfigError, match="^RECBOT_DB is not a valid PostgreSQL URL") as failed:
        open_store(Config(db_url="postgresql://u:hunter2@h/db?nosuchoption=hunter2"))
    assert "hunter2" not in str(failed.value)


def test_the_cli_imports_and_answers_from_postgres(env, pg_url, monkeypatch, capsys):  # noqa: F811
    from tests.pg_server import empty

    empty(pg_url)
    monkeypatch.setenv("RECBOT_DB", pg_url)
    assert main(["import", str(SAMPLE)]) == 0
    assert "6 added" in capsys.readouterr().out
    assert main(["ask", "/rec R3"]) == 0
    assert capsys.readouterr().out.startswith("R3 · Personal housing plans written with the household\n")
    assert not (env / "data").exists()  # nothing was written to a TinyDB file
    store = PostgresStore(pg_url)
    try:
        assert store.count() == 6
    finally:
        store.close()
    monkeypatch.setenv("RECBOT_DB", "postgresql://postgres@/postgres?host=/nonexistent-recbot-socket-dir")
    assert main(["ask", "/rec R3"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("recbot: RECBOT_DB") and err.count("\n") == 1
