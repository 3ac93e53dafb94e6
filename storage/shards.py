"""Several JSON documents ("shards") committed together, atomically, through one small manifest.

A shard file is never overwritten: each write of a shard goes to a new, uniquely named file,
fsynced. The transaction commits when the manifest (``RECBOT_DB`` itself, a few hundred bytes
naming the current file of every shard) is replaced by an atomic rename. A crash before that
rename leaves the old manifest and so the old shards; after it, the new ones. Either way every
document is whole. The last few generations stay on disk (see ``generations``).

Reading needs no lock: the manifest's bytes say whether anything changed, and a shard is parsed
only when it is first used after its file changed (a reader of recommendations never parses the
outbox). A reader that loses a race with rotation (a file named by the manifest it read is gone)
reads the newer manifest.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from .durable import SyncBatch
from .generations import (
    DEFAULT_KEEP,
    Generations,
    Manifest,
    StoreCorrupt,
    StoreMissing,
    dumps,
    file_generation,
    fsync_dir,
    parse_manifest,
    sha256,
    shard_file_name,
)

__all__ = ["ShardSet", "StoreCorrupt", "StoreMissing"]


class ShardSet:
    """The shards of one store, parsed on first use, with batched atomic commits."""

    def __init__(self, manifest: str | os.PathLike, keep: int = DEFAULT_KEEP) -> None:
        self.manifest = Path(manifest)
        self.folder = self.manifest.with_name(self.manifest.name + ".d")
        self.generations = Generations(self.folder, keep)
        self.generation = 0  # bumped on every change seen in memory (callers compare it)
        self._changed: set[str] = set()  # shards whose file changed since take_changed()
        self._current = Manifest(generation=0, shards={})
        self._data: dict[str, tuple[str | None, dict | None]] = {}  # shard -> (file it came from, data)
        self._manifest: bytes | None = None  # the manifest as last read or written
        self._depth = 0
        self._dirty: set[str] = set()

    # Reading ---------------------------------------------------------------------------

    def data(self, shard: str) -> dict | None:
        """A shard's data, parsed now if its file changed since it was last parsed."""
        file = self._current.shards.get(shard)
        cached = self._data.get(shard)
        if cached is not None and (cached[0] == file or shard in self._dirty):
            return cached[1]
        if file is None:
            return None
        for _ in range(5):
            try:
                data = self._load(file)
                break
            except FileNotFoundError:
                if self._depth:
                    raise
                # Rotated out after several newer commits: read the newest manifest and its file.
                self._manifest = None
                self._refresh_once()
                file = self._current.shards.get(shard)
                if file is None:
                    return None
        else:
            raise StoreCorrupt(
                f"{self.folder / file}, named by {self.manifest}, is missing; `recbot doctor` checks the store, "
                "`recbot restore` brings back the last good generation"
            )
        self._data[shard] = (file, data)
        return data

    def names(self) -> list[str]:
        return list(self._current.shards)

    def committed(self) -> int:
        """The generation of the commit being read (every later commit has a higher one)."""
        return self._current.generation

    def written_at(self, shard: str) -> int:
        """The generation that wrote a shard's current file (0 if it has none)."""
        return file_generation(self._current.shards.get(shard, "")) or 0

    def take_changed(self) -> set[str]:
        """Shards whose data changed since the last call (re-read, or dropped after a failure)."""
        changed, self._changed = self._changed, set()
        return changed

    def refresh(self) -> bool:
        """Catch up with the last commit of any process; True when something changed.

        Inside a batch the in-memory data is authoritative (the caller holds the lock).
        """
        if self._depth:
            return False
        return self._refresh_once()

    def exists(self) -> bool:
        """True when there is a store here (a manifest, or data that has lost its manifest)."""
        return self.manifest.exists() or bool(self._orphans())

    def _orphans(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        found = sorted(p.name for p in self.folder.glob("*.json"))
        return found + [f"generations/{n:08d}.json" for n in self.generations.numbers()]

    def _refresh_once(self) -> bool:
        try:
            f = open(self.manifest, "rb")
        except FileNotFoundError:
            orphans = self._orphans()
            if orphans:
                shown = ", ".join(orphans[:8]) + (f" and {len(orphans) - 8} more" if len(orphans) > 8 else "")
                raise StoreMissing(
                    f"the store's manifest {self.manifest} is missing but {self.folder} holds "
                    f"{len(orphans)} data file(s) ({shown}). Nothing was changed or deleted. "
                    "Run `recbot restore` to bring back the newest good generation, or copy the manifest "
                    "back from a backup; if the store lives elsewhere, set RECBOT_DB to its manifest."
                ) from None
            changed = bool(self._current.shards) or self._manifest is not None
            if changed:
                self._changed |= set(self._current.shards)
                self._current, self._data, self._manifest = Manifest(generation=0, shards={}), {}, None
                self.generation += 1
            return changed
        with f:
            raw = f.read()
        # Comparing the few hundred bytes is as cheap as a stat and cannot be fooled by a reused
        # inode with the same size and mtime: every commit names new shard files.
        if raw == self._manifest:
            return False
        current = parse_manifest(raw, self.manifest)
        old = self._current.shards
        self._changed |= {n for n, file in current.shards.items() if old.get(n) != file}
        self._changed |= set(old) - set(current.shards)
        for name in set(self._data) - set(current.shards):
            del self._data[name]
        self._current, self._manifest = current, raw
        self.generation += 1
        return True

    def _load(self, file: str) -> dict | None:
        path = self.folder / file
        raw = path.read_bytes()
        try:
            return json.loads(raw) if raw.strip() else None
        except ValueError as exc:
            raise StoreCorrupt(
                f"{path} is not valid JSON ({exc}); `recbot doctor` checks the store, "
                "`recbot restore` brings back the last good generation"
            ) from exc

    # Writing ---------------------------------------------------------------------------

    def stage(self, shard: str, data: dict | None) -> None:
        """Replace a shard's data (None drops the shard); written at the end of the batch (or now)."""
        self._data[shard] = (None, data)
        self._dirty.add(shard)
        if not self._depth:
            self._commit()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Hold writes in memory and commit them together when the block succeeds.

        If the block fails, what it changed in memory is dropped and re-read from disk.
        """
        if not self._depth:
            self.refresh()
        self._depth += 1
        ok = False
        try:
            yield
            ok = True
        finally:
            self._depth -= 1
            if not self._depth:
                if ok and self._dirty:
                    self._commit()
                elif not ok:
                    self._forget()

    def _forget(self) -> None:
        """Drop the shards changed in memory; the next refresh reads them again from disk."""
        for shard in self._dirty:
            self._data.pop(shard, None)
        self._changed |= self._dirty
        self._dirty.clear()
        self._manifest = None
        self.generation += 1

    def _commit(self) -> None:
        previous = self._current
        generation = max([previous.generation, *self.generations.numbers()]) + 1
        files, sums = dict(previous.shards), dict(previous.sha256)
        written: list[Path] = []
        batch = SyncBatch()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if previous.shards and not self.generations.path(previous.generation).exists():
                # A store from before generations were kept: keep its last commit as one.
                self.generations.save(previous, previous.to_bytes())
            for shard in sorted(self._dirty):
                data = self._data[shard][1]
                if data is None:
                    files.pop(shard, None)
                    sums.pop(shard, None)
                    continue
                name = shard_file_name(shard, generation, uuid.uuid4().hex[:12])
                path = self.folder / name
                written.append(path)
                raw = dumps(data)
                batch.write(path, raw)
                files[shard], sums[shard] = name, sha256(raw)
            at = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
            current = Manifest(generation=generation, shards=files, sha256=sums, at=at)
            manifest = current.to_bytes()
            tmp = self.manifest.with_name(f".{self.manifest.name}.{os.getpid()}.{uuid.uuid4().hex}.tmp")
            written.append(tmp)
            batch.write(tmp, manifest)
            written.append(self.generations.path(generation))
            self.generations.link(current, tmp)
            batch.directory(self.folder)
            batch.directory(self.generations.folder)
            batch.sync()  # the shards, the new manifest and its kept copy: all on disk before the rename
            os.replace(tmp, self.manifest)
            written.clear()  # committed: the new files are the store now
            fsync_dir(self.manifest.parent)
        except BaseException:
            batch.close()
            for path in written:
                path.unlink(missing_ok=True)
            self._forget()
            raise
        for shard in self._dirty:
            if shard in files:
                self._data[shard] = (files[shard], self._data[shard][1])
            else:
                del self._data[shard]  # dropped (an emptied outbox file)
        self._current = current
        self._dirty.clear()
        self._manifest = manifest
        self.generations.rotate(current, self.folder)

    def clean(self) -> list[str]:
        """Delete what a killed writer provably left behind; call under the lock. Returns the names.

        Only files written for a generation newer than the committed one, and temporary manifests,
        are abandoned writes; any other file is left alone.
        """
        self._manifest = None
        self.refresh()
        current = self._current
        named = set(current.shards.values())
        stray = list(self.manifest.parent.glob(f".{self.manifest.name}.*.tmp"))
        if self.folder.is_dir():
            for path in self.folder.glob("*.json"):
                gen = file_generation(path.name)
                if gen is not None and gen > current.generation and path.name not in named:
                    stray.append(path)
        stray += self.generations.abandoned(current)
        for path in stray:
            path.unlink(missing_ok=True)
        if current.shards:
            self.generations.rotate(current, self.folder)
        return [p.name for p in stray]
