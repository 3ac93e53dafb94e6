"""Group commit for the TinyDB store: changes waiting in one process are written in one commit.

A commit costs the same whether it carries one change or ten (the fsyncs, the rename, the lock).
While one thread commits, the changes other threads of its process ask for wait in a queue; the
next thread to get the store takes the whole queue and writes it in one commit. Each change is
still checked, applied and answered on its own: one that is refused, not found or already
applied is left out and its caller told why, and the others are written.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tracker.errors import AlreadyApplied, Busy, NotFound
from tracker.models import Recommendation
from tracker.notices import OutboxItem
from tracker.serialise import rec_from_dict
from tracker.subscriptions import Subscription

from .locking import BUSY, COMMIT_MARGIN

SUBS = "subscriptions"


@dataclass(eq=False)
class _Pending:
    """One change waiting for a commit, and its outcome once written (or refused)."""

    review: str
    rec_id: str
    mutate: Callable[[Recommendation], Any]
    notices: Callable | None
    now: float
    request_id: str | None
    deadline: float | None
    done: threading.Event = field(default_factory=threading.Event)
    outcome: tuple | None = None
    error: BaseException | None = None


class GroupCommitMixin:
    """``change`` of the Store (it uses its mutex, lock, batches and index)."""

    def change(
        self,
        review: str,
        rec_id: str,
        mutate: Callable[[Recommendation], Any],
        notices: Callable | None = None,
        now: float = 0.0,
        request_id: str | None = None,
        deadline: float | None = None,
    ) -> tuple[Recommendation, Any, list[OutboxItem]]:
        """Apply ``mutate`` to the current stored version of one recommendation, atomically.

        ``mutate`` runs under the lock on a fresh copy; if it raises, nothing of this change is
        written. ``notices`` builds the notifications about the change from the subscriptions; they
        are queued in the outbox in the same commit, so an acknowledged change is always announced.
        ``request_id`` makes the change idempotent: the same id again raises AlreadyApplied.
        ``deadline`` (``time.monotonic()``): a change that cannot be committed by then is not
        written at all, and raises ``Busy``. Changes asked for at once by several threads are
        written in one commit (see the module's docstring).
        """
        pending = _Pending(review, rec_id, mutate, notices, now, request_id, deadline)
        with self._pending_lock:
            self._pending.append(pending)
        while not pending.done.is_set():
            wait = -1 if deadline is None else max(deadline - COMMIT_MARGIN - time.monotonic(), 0.0)
            if self._mutex.acquire(timeout=wait):
                try:
                    if not pending.done.is_set():
                        self._commit_pending()
                finally:
                    self._mutex.release()
            elif self._withdraw(pending):
                raise Busy(BUSY)
            else:
                pending.done.wait()  # taken by the thread committing now
        if pending.error is not None:
            raise pending.error
        return pending.outcome

    def _withdraw(self, pending: _Pending) -> bool:
        """Take a change out of the queue if no commit has taken it yet."""
        with self._pending_lock:
            if pending in self._pending:
                self._pending.remove(pending)
                return True
        return False

    def _commit_pending(self) -> None:
        """Under the mutex: write every waiting change in one commit, and tell each its outcome."""
        with self._pending_lock:
            group, self._pending = self._pending, []
        if not group:
            return
        deadlines = [p.deadline for p in group]
        try:
            with self._writing(None if None in deadlines else max(deadlines)):
                subs: list[Subscription] | None = None
                for pending in group:
                    if pending.notices and subs is None:
                        subs = [Subscription(**d) for d in self._table(SUBS).all()]
                    self._apply(pending, subs or [])
        except BaseException as exc:  # the commit failed: nothing of the group was written
            for pending in group:
                pending.outcome, pending.error = None, pending.error or exc
            if not isinstance(exc, Exception):
                raise
        finally:
            for pending in group:
                pending.done.set()

    def _apply(self, pending: _Pending, subs: list[Subscription]) -> None:
        """Check and apply one change of a group; it is staged only when nothing of it failed."""
        key = f"{pending.review}/{pending.rec_id}"
        try:
            if pending.deadline is not None and time.monotonic() > pending.deadline - COMMIT_MARGIN:
                raise Busy(BUSY)  # too late to answer in time: not written, so a retry records it once
            where = self._rec_ids.get(key)
            shard = where[0] if where else None
            if pending.request_id and self._seen_request(pending.request_id, shard):
                raise AlreadyApplied("That was already saved: Slack delivered the request twice.")
            doc = self._get_doc(key)
            if doc is None:
                raise NotFound(f"There is no {pending.rec_id} in `{pending.review}`.")
            rec = rec_from_dict(doc)
            result = pending.mutate(rec)
            items = pending.notices(rec, result, subs) if pending.notices else []
        except Exception as exc:  # this change's own failure: its caller hears it, the others go on
            pending.error = exc
            return
        # Staging is in memory only; if it failed, the whole group is abandoned (see _commit_pending).
        if pending.request_id:
            self._record_request(pending.request_id, pending.now, shard)
        self._put_recs([rec])
        pending.outcome = (rec, result, self._queue(items, pending.now))
