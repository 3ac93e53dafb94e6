"""The store: round trips, cross-process visibility, concurrent writers, crashes mid-write."""

from __future__ import annotations

import json
import multiprocessing
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storage.errors import StoreUnavailable
from storage.shards import StoreCorrupt
from storage.store import Store
from tests.conftest import ROOT, W2013, import_file
from tests.store_workers import one_rec_paper, write_reviews


def test_import_round_trip_and_reimport_is_a_no_op(store):
    first = import_file(store, W2013)
    assert (len(first.added), first.review_is_new) == (41, True)
    before = store.path.read_bytes()
    again = import_file(store, W2013)
    assert (len(again.added), len(again.updated), len(again.unchanged)) == (0, 0, 41)
    assert store.path.read_bytes() == before
    reopened = Store(store.path)
    assert reopened.get("wiltshire-2013-safeguarding", "R16").title == "Development of a MASH"
    assert [r.id for r in reopened.recommendations("wiltshire-2013-safeguarding")][:3] == ["R1", "R2", "R3"]


def test_a_write_by_another_process_is_seen_at_once(store):
    other = Store(store.path)
    assert store.count() == 0 and other.count() == 0
    other.import_paper(one_rec_paper("seen-1"), at="t", paper_name="p")
    assert store.get("seen-1", "R1") is not None
    store.import_paper(one_rec_paper("seen-2"), at="t", paper_name="p")
    assert {r.slug for r in other.reviews()} == {"seen-1", "seen-2"}


def test_four_processes_writing_at_once_lose_nothing(store):
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=write_reviews, args=(str(store.path), w, 15)) for w in range(4)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(120)
        assert p.exitcode == 0
    slugs = {r.slug for r in Store(store.path).reviews()}
    assert slugs == {f"w{w}-{n}" for w in range(4) for n in range(15)}


def test_a_failed_write_changes_nothing(store, monkeypatch):
    import_file(store, W2013)
    before = store.path.read_bytes()

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("storage.durable.os.fsync", boom)
    with pytest.raises(StoreUnavailable, match="could not be saved: nothing was recorded"):
        store.import_paper(one_rec_paper("never"), at="t", paper_name="p")
    monkeypatch.undo()
    assert store.path.read_bytes() == before
    assert store.review("never") is None and store.count() == 41
    assert stray_files(store.path) == []


def stray_files(manifest: Path) -> list[str]:
    """Files in the store's folder that neither its manifest nor a kept generation names."""
    folder = manifest.with_name(manifest.name + ".d")
    named = set(json.loads(manifest.read_text())["shards"].values()) if manifest.exists() else set()
    for kept in folder.glob("generations/*.json"):
        named |= set(json.loads(kept.read_text())["shards"].values())
    files = {p.name for p in folder.glob("*.json")} if folder.exists() else set()
    temps = [p.name for p in manifest.parent.glob(".*.tmp")]
    return sorted(files - named) + temps


def test_a_corrupt_store_is_reported_not_overwritten(store):
    import_file(store, W2013)
    manifest = json.loads(store.path.read_text())
    shard = store.path.with_name("recbot.json.d") / manifest["shards"]["main"]
    shard.write_text('{"reviews": {"1": {"slug"')
    with pytest.raises(StoreCorrupt, match="not valid JSON"):
        Store(store.path).count()
    assert shard.read_text() == '{"reviews": {"1": {"slug"'
    store.path.write_text("garbage")
    with pytest.raises(StoreCorrupt, match="not a recbot store manifest"):
        Store(store.path).count()


def test_sigkill_mid_write_never_breaks_the_file(tmp_path):
    """Kill a busy writer at random moments: the file always loads and keeps every acknowledged write."""
    path = tmp_path / "recbot.json"
    rng = random.Random(7)
    acknowledged: list[str] = []
    for round_ in range(8):
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.store_workers", str(path), str(round_ * 100000)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        first = child.stdout.readline()  # writing has begun: from here a kill can land mid-write
        time.sleep(rng.uniform(0.0, 0.3))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        acknowledged += (first + out).split()
        store = Store(path)
        slugs = {r.slug for r in store.reviews()}
        assert set(acknowledged) <= slugs
        store.first_time(f"reopened-{round_}", 0.0)  # the first write clears the killed writer's files
        assert stray_files(path) == []
    assert len(acknowledged) > 8
