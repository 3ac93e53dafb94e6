"""What one change costs the TinyDB store: the files a commit writes, and stores of the older layout."""

from __future__ import annotations

import json
import zlib

import storage.store as store_module
from storage.store import Store
from tests.conftest import W2013, import_file, until
from tracker import changes
from tracker.changes import Actor

SLUG = "wiltshire-2013-safeguarding"
ACTOR = Actor(user="U1", name="clerk", via="command")


def _note(store: Store, text: str, request_id: str | None = None):
    return store.change(
        SLUG, "R16", lambda rec: changes.add_note(rec, text, ACTOR, "2026-11-24T00:00:00Z"), request_id=request_id
    )


def _shards(store: Store) -> dict[str, str]:
    return json.loads(store.path.read_bytes())["shards"]


def test_a_change_with_its_request_id_rewrites_one_small_file(w2013):
    before = _shards(w2013)
    _note(w2013, "one file", request_id="req-1")
    after = _shards(w2013)
    assert [n for n in after if after[n] != before.get(n)] == [store_module.shard_of(f"{SLUG}/R16")]
    # The file holds R16's few neighbours, not a sixteenth of the store.
    folder = w2013.path.with_name(w2013.path.name + ".d")
    recs = json.loads((folder / after[store_module.shard_of(f"{SLUG}/R16")]).read_bytes())["recommendations"]
    assert len(recs) <= 3


def test_a_store_of_sixteen_shards_is_resharded_at_its_first_write_losing_nothing(tmp_path, monkeypatch):
    def old_shard_of(key: str) -> str:
        return f"recs-{zlib.crc32(key.encode('utf-8')) % 16:02d}"

    monkeypatch.setattr(store_module, "shard_of", old_shard_of)
    old = Store(tmp_path / "recbot.json")
    import_file(old, W2013)
    old.first_time("before-the-upgrade", 1.0)
    monkeypatch.undo()
    assert all(len(n) == len("recs-00") for n in _shards(old) if n.startswith("recs-"))
    before = {r.key: r for r in old.recommendations()}

    store = Store(tmp_path / "recbot.json")
    assert {r.key: r for r in store.recommendations()} == before  # readable before any write
    _note(store, "after the upgrade")
    names = [n for n in _shards(store) if n.startswith("recs-")]
    assert names and all(len(n) == len("recs-000") for n in names)
    after = {r.key: r for r in Store(store.path).recommendations()}
    assert after.keys() == before.keys()
    assert after[f"{SLUG}/R16"].updates[-1].note == "after the upgrade"
    assert all(after[k] == before[k] for k in before if k != f"{SLUG}/R16")
    assert not store.first_time("before-the-upgrade", 2.0)  # request ids recorded before still count


def test_changes_asked_for_at_once_are_written_in_one_commit_and_a_refused_one_is_left_out(w2013):
    import threading

    from tracker.permissions import Refused

    outcomes: dict[str, object] = {}

    def ask(note: str, refuse: bool = False) -> None:
        def mutate(rec):
            if refuse:
                raise Refused("not yours")
            return changes.add_note(rec, note, ACTOR, "2026-11-24T00:00:00Z")

        try:
            w2013.change(SLUG, "R16", mutate, request_id=f"req-{note}")
            outcomes[note] = "saved"
        except Refused as exc:
            outcomes[note] = exc

    before = json.loads(w2013.path.read_bytes())["generation"]
    with w2013._mutex:  # a commit in progress: the next changes queue up behind it
        threads = [threading.Thread(target=ask, args=(n, n == "refused")) for n in ("a", "b", "refused", "c")]
        for t in threads:
            t.start()
        until(lambda: len(w2013._pending) == 4, what="four changes queued behind the commit")
    for t in threads:
        t.join()
    assert outcomes["a"] == outcomes["b"] == outcomes["c"] == "saved" and isinstance(outcomes["refused"], Refused)
    assert json.loads(w2013.path.read_bytes())["generation"] == before + 1  # one commit for all three
    notes = [u.note for u in Store(w2013.path).get(SLUG, "R16").updates]
    assert sorted(notes[-3:]) == ["a", "b", "c"] and "refused" not in notes
