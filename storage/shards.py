"""Several JSON documents ("shards") committed together, atomically, through one small manifest.

A shard file is never overwritten: each write of a shard goes to a new, uniquely named file,
fsynced. The transaction commits when the manifest (``RECBOT_DB`` itself, a few hundred bytes
naming the current file of every shard) is replaced by an atomic rename. A crash before that
rename leaves the old manifest and so the old shards; after it, the new ones. Either way every
document is whole. Files no manifest names any more are deleted after the commit, and at start-up.

Reading needs no lock: the manifest's bytes say whether anything changed, and only shards whose
file name changed are parsed again. A reader that loses a race
with the clean-up (a file named by the manifest it read is gone) reads the newer manifest.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

FORMAT = "recbot-shards/1"


class StoreCorrupt(RuntimeError):
    """A store file exists but cannot be read (restore it from a backup)."""


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _dumps(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class ShardSet:
    """The shards of one store, cached in memory, with batched atomic commits."""

    def __init__(self, manifest: str | os.PathLike) -> None:
        self.manifest = Path(manifest)
        self.folder = self.manifest.with_name(self.manifest.name + ".d")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.generation = 0
        self._changed: set[str] = set()  # shards re-read since take_changed()
        self._files: dict[str, str] = {}
        self._data: dict[str, dict | None] = {}
        self._manifest: bytes | None = None  # the manifest as last read or written
        self._depth = 0
        self._dirty: set[str] = set()

    # Reading ---------------------------------------------------------------------------

    def data(self, shard: str) -> dict | None:
        return self._data.get(shard)

    def names(self) -> list[str]:
        return list(self._files)

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
        for _ in range(5):
            try:
                return self._refresh_once()
            except FileNotFoundError:
                continue  # a shard was cleaned up after a newer commit: read that one
        return self._refresh_once()

    def _refresh_once(self) -> bool:
        try:
            f = open(self.manifest, "rb")
        except FileNotFoundError:
            changed = bool(self._files) or self._manifest is not None
            if changed:
                self._changed |= set(self._files)
                self._files, self._data, self._manifest = {}, {}, None
                self.generation += 1
            return changed
        with f:
            raw = f.read()
        # Comparing the few hundred bytes is as cheap as a stat and cannot be fooled by a reused
        # inode with the same size and mtime: every commit names new shard files.
        if raw == self._manifest:
            return False
        try:
            manifest = json.loads(raw)
            files = manifest["shards"]
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreCorrupt(
                f"{self.manifest} is not a recbot store manifest ({exc}); restore it from a backup"
            ) from exc
        fresh = {name: file for name, file in files.items() if self._files.get(name) != file}
        loaded = {name: self._load(file) for name, file in fresh.items()}
        gone = set(self._files) - set(files)
        for name in gone:
            self._data.pop(name, None)
        self._data.update(loaded)
        self._files = dict(files)
        self._manifest = raw
        self._changed |= set(fresh) | gone
        self.generation += 1
        return True

    def _load(self, file: str) -> dict | None:
        path = self.folder / file
        raw = path.read_bytes()
        try:
            return json.loads(raw) if raw.strip() else None
        except ValueError as exc:
            raise StoreCorrupt(f"{path} is not valid JSON ({exc}); restore it from a backup") from exc

    # Writing ---------------------------------------------------------------------------

    def stage(self, shard: str, data: dict) -> None:
        """Replace a shard's data; written at the end of the batch (or now, outside one)."""
        self._data[shard] = data
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
            self._files.pop(shard, None)
            self._data.pop(shard, None)
        self._changed |= self._dirty
        self._dirty.clear()
        self._manifest = None
        self.generation += 1

    def _commit(self) -> None:
        files = dict(self._files)
        written: list[Path] = []
        try:
            for shard in sorted(self._dirty):
                name = f"{shard}.{uuid.uuid4().hex[:12]}.json"
                path = self.folder / name
                written.append(path)
                with open(path, "wb") as f:
                    f.write(_dumps(self._data[shard]))
                    f.flush()
                    os.fsync(f.fileno())
                files[shard] = name
            _fsync_dir(self.folder)
            tmp = self.manifest.with_name(f".{self.manifest.name}.{os.getpid()}.{uuid.uuid4().hex}.tmp")
            written.append(tmp)
            with open(tmp, "wb") as f:
                manifest = _dumps({"format": FORMAT, "shards": files})
                f.write(manifest)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.manifest)
            written.clear()  # committed: the new files are the store now
            _fsync_dir(self.manifest.parent)
        except BaseException:
            for path in written:
                path.unlink(missing_ok=True)
            self._forget()
            raise
        old = set(self._files.values()) - set(files.values())
        self._files = files
        self._dirty.clear()
        self._manifest = manifest
        for name in old:
            (self.folder / name).unlink(missing_ok=True)

    def clean(self) -> int:
        """Delete files no manifest names (left by killed writers). Call under the lock."""
        self.refresh()
        keep = set(self._files.values())
        stray = [p for p in self.folder.glob("*.json") if p.name not in keep]
        stray += list(self.manifest.parent.glob(f".{self.manifest.name}.*.tmp"))
        for path in stray:
            path.unlink(missing_ok=True)
        return len(stray)
