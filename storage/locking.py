"""How the Store reads and writes: reads without a lock, each write one read-modify-write under
an in-process mutex and a cross-process file lock, waiting no later than a deadline if given."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

from filelock import Timeout

from tracker.errors import Busy

from .errors import UNWRITABLE, StoreUnavailable
from .generations import StoreCorrupt

log = logging.getLogger("recbot.store")

# A write must start committing this long before its deadline: the commit and the answer fit in it.
COMMIT_MARGIN = 0.5
# How often a process waiting for another's lock tries again. filelock's default, 50 ms, left the
# lock idle for most of each wait under four busy workers; a commit takes about 5 ms.
LOCK_POLL = 0.002
BUSY = "recbot is busy right now and nothing was recorded. Please try again in a moment."


class LockingMixin:
    """``_reading`` and ``_writing`` of the Store (they use its shards, locks and index)."""

    @contextmanager
    def _reading(self) -> Iterator[None]:
        with self._mutex:
            self._shards.refresh()
            self._sync_index()
            yield

    @contextmanager
    def _locked(self, deadline: float | None) -> Iterator[None]:
        """The in-process mutex and the cross-process lock, waiting no later than ``deadline``."""

        def left() -> float:
            return self._lock_timeout if deadline is None else deadline - COMMIT_MARGIN - time.monotonic()

        if not self._mutex.acquire(timeout=max(left(), 0.0) if deadline is not None else -1):
            raise Busy(BUSY)
        try:
            try:
                self._lock.acquire(timeout=max(left(), 0.0), poll_interval=LOCK_POLL)
            except Timeout:
                if deadline is None:
                    raise
                raise Busy(BUSY) from None
            try:
                if not self._cleaned:
                    # Under the lock no writer is mid-commit: files written for a newer generation
                    # than the committed one are a killed writer's leftovers. Readers never clean.
                    self._shards.clean()
                    self._reshard()
                    self._cleaned = True
                yield
            finally:
                self._lock.release()
        finally:
            self._mutex.release()

    @contextmanager
    def _writing(self, deadline: float | None = None) -> Iterator[None]:
        """One atomic read-modify-write; with a ``deadline`` (``time.monotonic()``), one that is
        committed in time or not at all (``Busy``)."""
        if self._mutex.acquire(blocking=False):
            # Catch up with other processes' commits before taking the lock, so that under it only
            # the last moment's are parsed: the lock is held for less time, and workers wait less.
            try:
                self._shards.refresh()
                self._sync_index()
            except StoreCorrupt:
                pass  # a commit caught halfway (no manifest yet): the refresh under the lock decides
            finally:
                self._mutex.release()
        try:
            with self._locked(deadline), self._shards.batch():
                self._sync_index()
                try:
                    yield
                    if deadline is not None and time.monotonic() > deadline - COMMIT_MARGIN:
                        # Too late to answer in time: write nothing, so a retry cannot record it twice.
                        raise Busy(BUSY)
                finally:
                    # After a failure the changed shards are re-read; keep the index in step.
                    self._sync_index()
        except Timeout:
            raise
        except OSError as exc:
            # A full disk, a read-only mount: the commit was undone, so nothing was recorded.
            log.error("the store could not be written: %s", exc)
            raise StoreUnavailable(UNWRITABLE) from exc
