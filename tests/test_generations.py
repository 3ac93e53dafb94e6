"""The store keeps its last generations: a lost manifest deletes nothing, doctor finds damage, restore mends it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import main
from storage.generations import StoreMissing
from storage.store import Store
from tests.conftest import W2013, import_file
from tests.store_workers import one_rec_paper
from tracker import changes
from tracker.changes import Actor

SLUG = "wiltshire-2013-safeguarding"


@pytest.fixture
def env(env):
    """The CLI's environment; yields the store's path."""
    return env / "db" / "recbot.json"


def files_of(db: Path) -> dict[str, bytes]:
    folder = db.with_name(db.name + ".d")
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def shard_path(db: Path, shard: str) -> Path:
    return db.with_name(db.name + ".d") / json.loads(db.read_text())["shards"][shard]


def note(store: Store, text: str) -> None:
    actor = Actor(user="U1", name="clerk", via="command")
    store.change(SLUG, "R16", lambda rec: changes.add_note(rec, text, actor, "2026-11-24T00:00:00Z"))


def test_a_missing_manifest_is_a_loud_error_and_deletes_nothing(env, capsys):
    store = Store(env)
    import_file(store, W2013)
    env.unlink()
    before = files_of(env)
    assert main(["export"]) == 1
    err = capsys.readouterr().err
    assert "manifest" in err and "is missing" in err and "recbot restore" in err
    assert "recs-" in err and "main." in err  # names the files it found
    with pytest.raises(StoreMissing):
        Store(env).first_time("a-write", 0.0)  # a write neither creates a new store nor cleans
    assert main(["ask", "/rec R16"]) == 1
    assert files_of(env) == before and not env.exists()
    assert main(["restore"]) == 0
    assert "restored generation" in capsys.readouterr().out
    assert Store(env).get(SLUG, "R16").title == "Development of a MASH"


def test_clean_up_deletes_only_provably_abandoned_writes(store):
    import_file(store, W2013)
    folder = store.path.with_name(store.path.name + ".d")
    generation = json.loads(store.path.read_text())["generation"]
    abandoned = folder / f"recs-03.{generation + 1:08d}.0123456789ab.json"  # written, never committed
    abandoned.write_text("{}")
    older = folder / f"recs-03.{generation - 1:08d}.0123456789ab.json"  # not named, but not newer
    older.write_text("{}")
    foreign = folder / "notes.json"
    foreign.write_text("{}")
    reopened = Store(store.path)
    assert reopened.count() == 41 and abandoned.exists()  # reading deletes nothing
    reopened.first_time("first-write", 0.0)
    assert not abandoned.exists()
    assert older.exists() and foreign.exists()


def test_the_last_generations_are_kept_and_rotated(tmp_path):
    store = Store(tmp_path / "recbot.json", keep_generations=3)
    for n in range(6):
        store.import_paper(one_rec_paper(f"r{n}"), at="t", paper_name="p")
    folder = tmp_path / "recbot.json.d"
    kept = sorted(p.name for p in (folder / "generations").iterdir())
    assert kept == ["00000004.json", "00000005.json", "00000006.json"]
    named = set()
    for name in kept:
        named |= set(json.loads((folder / "generations" / name).read_text())["shards"].values())
    assert {p.name for p in folder.glob("*.json")} == named  # rotated-out files are gone, kept ones stay


def test_doctor_and_restore_after_a_truncated_shard(env, capsys):
    store = Store(env)
    import_file(store, W2013)
    note(store, "kept note")
    good = json.loads(env.read_text())["generation"]
    note(store, "lost note")
    assert main(["doctor"]) == 0
    assert "every file is whole" in capsys.readouterr().out
    damaged = shard_path(env, _shard_of_r16())
    damaged.write_bytes(damaged.read_bytes()[:500])
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "damaged" in out and damaged.name in out and "truncated" in out
    assert f"would bring back generation {good}" in out
    assert main(["restore"]) == 0
    out = capsys.readouterr().out
    assert f"restored generation {good}" in out and f"{SLUG}/R16" not in out.split("lost:")[0]
    assert "lost:" in out and "unreadable before the restore" in out
    notes = [u.note for u in Store(env).get(SLUG, "R16").updates]
    assert "kept note" in notes and "lost note" not in notes
    assert main(["doctor"]) == 0
    assert damaged.exists()  # the damaged file is kept for inspection until rotated out


def _shard_of_r16() -> str:
    from storage.store import shard_of

    return shard_of(f"{SLUG}/R16")


def test_restore_after_a_deleted_shard_and_a_garbage_manifest(env, capsys):
    store = Store(env)
    import_file(store, W2013)
    note(store, "first")
    note(store, "second")
    shard_path(env, _shard_of_r16()).unlink()
    assert main(["doctor"]) == 1
    assert f"{_shard_of_r16()}: " in capsys.readouterr().out
    assert main(["export"]) == 1
    assert "is missing" in capsys.readouterr().err
    assert main(["restore"]) == 0
    assert "lost:" in capsys.readouterr().out
    notes = [u.note for u in Store(env).get(SLUG, "R16").updates]
    assert "first" in notes and "second" not in notes
    env.write_text("garbage")
    assert main(["doctor"]) == 1
    assert "not a recbot store manifest" in capsys.readouterr().out
    assert main(["restore"]) == 0
    assert "replacing a missing or unreadable manifest" in capsys.readouterr().out
    assert Store(env).count() == 41


def test_restore_a_chosen_generation_says_what_was_lost(env, capsys):
    store = Store(env)
    import_file(store, W2013)
    first = json.loads(env.read_text())["generation"]
    note(store, "later")
    assert main(["restore", "--generation", str(first)]) == 0
    out = capsys.readouterr().out
    assert f"restored generation {first}" in out and f"changes to {SLUG}/R16" in out
    assert main(["restore", "--generation", "999"]) == 1
    assert "not kept" in capsys.readouterr().err


def test_a_read_only_command_never_creates_a_store(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RECBOT_DB", raising=False)
    assert main(["export"]) == 1
    err = capsys.readouterr().err
    assert "there is no store at" in err and "RECBOT_DB" in err
    assert not (tmp_path / "data").exists()


def test_a_relative_store_path_is_relative_to_the_env_file(tmp_path, monkeypatch, capsys):
    project = tmp_path / "project"
    elsewhere = project / "sub" / "folder"
    elsewhere.mkdir(parents=True)
    (project / ".env").write_text("RECBOT_DB=store/recbot.json\n")
    monkeypatch.delenv("RECBOT_DB", raising=False)
    monkeypatch.chdir(project)
    assert main(["import", str(W2013)]) == 0
    assert (project / "store" / "recbot.json").exists()
    monkeypatch.chdir(elsewhere)
    capsys.readouterr()
    assert main(["export", "--format", "csv"]) == 0
    assert "R16" in capsys.readouterr().out
    assert not (elsewhere / "store").exists() and not (elsewhere / "data").exists()


def test_how_many_generations_are_kept_is_a_setting():
    from settings.config import Config, ConfigError

    assert Config.from_env({}).keep_generations == 5
    assert Config.from_env({"RECBOT_KEEP_GENERATIONS": "12"}).keep_generations == 12
    with pytest.raises(ConfigError, match="RECBOT_KEEP_GENERATIONS='many' is not a whole number of commits"):
        Config.from_env({"RECBOT_KEEP_GENERATIONS": "many"})
