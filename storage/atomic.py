"""A TinyDB storage that never leaves a broken file and re-reads only when the file changed.

TinyDB's own JSONStorage rewrites the file in place, so a crash mid-write can leave half a
document (see STORAGE-FACTS). Here every write goes to a temporary file in the same folder,
is fsynced, and replaces the old file with one atomic rename; readers therefore always see a
whole file, the old one or the new one, without taking a lock.

Parsing the file is the expensive part, so the parsed data is kept and reused until the file's
identity (device, inode, size, mtime) changes: another process's write always changes the inode.
Inside ``batch()`` writes are held in memory and flushed once at the end; the caller holds the
cross-process lock for the whole batch, so the data it started from is still current.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tinydb.storages import Storage


class StoreCorrupt(RuntimeError):
    """The store file exists but is not valid JSON (restore it from a backup)."""


def _signature(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


class AtomicJSONStorage(Storage):
    """Crash-safe JSON file storage with a change-aware read cache."""

    TMP_PREFIX = "."

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.generation = 0
        self._data: dict | None = None
        self._sig: tuple | None = None
        self._depth = 0
        self._dirty = False

    # TinyDB's Storage interface ---------------------------------------------------------

    def read(self) -> dict | None:
        if not self._depth:
            self.refresh()
        return self._data

    def write(self, data: dict) -> None:
        self._data = data
        if self._depth:
            self._dirty = True
        else:
            self._flush()

    def close(self) -> None:
        pass

    # Cache and batches ----------------------------------------------------------------

    def refresh(self) -> bool:
        """Re-read the file if it changed since we last saw it; True when it did.

        Inside a batch the in-memory data is authoritative (the caller holds the lock).
        """
        if self._depth:
            return False
        try:
            f = open(self.path, "rb")
        except FileNotFoundError:
            changed = self._sig is not None or self._data is not None
            self._data, self._sig = None, None
            self.generation += changed
            return changed
        with f:
            sig = _signature(os.fstat(f.fileno()))
            if sig == self._sig:
                return False
            raw = f.read()
        try:
            self._data = json.loads(raw) if raw.strip() else None
        except ValueError as exc:
            raise StoreCorrupt(f"{self.path} is not valid JSON ({exc}); restore it from a backup") from exc
        self._sig = sig
        self.generation += 1
        return True

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Hold writes in memory and flush them once, atomically, when the block succeeds.

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
                dirty, self._dirty = self._dirty, False
                if ok and dirty:
                    self._flush()
                elif not ok:
                    self._sig = None
                    self._data = None
                    self.generation += 1

    def _flush(self) -> None:
        tmp = self.path.with_name(f"{self.TMP_PREFIX}{self.path.name}.{os.getpid()}.{uuid.uuid4().hex}.tmp")
        payload = json.dumps(self._data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            with open(tmp, "wb") as f:
                f.write(payload)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            self._sig, self._data = None, None
            raise
        # The rename is durable only once the directory entry is on disk.
        dir_fd = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
        self._sig = _signature(os.stat(self.path))

    def stray_temp_files(self) -> list[Path]:
        """Temporary files left by writers that were killed before their rename."""
        return list(self.path.parent.glob(f"{self.TMP_PREFIX}{self.path.name}.*.tmp"))
