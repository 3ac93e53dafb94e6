"""The outbox: notifications waiting to be delivered, and the keys of events already announced.

A notification is queued in the same atomic write as the change that caused it, so an
acknowledged change never loses its announcement. Items are spread over segment files of at most
``SEGMENT_ITEMS`` (new items go to the newest segment, delivery takes from the oldest), so a
delivery rewrites one small segment, never the whole outbox, and readers of recommendations never
parse it. Delivery claims a batch with a lease (so no other worker posts those items until it
ends), then completes the batch in one write: a delivered item leaves the store at once. Items are
stored as ``OutboxItem.to_json()``; items queued in the older shape are read as they are.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from tracker.notices import Notice, OutboxItem
from tracker.outbox_policy import LEASE, LISTED, PENDING, SENDING, Outcome, due, given_up

OUTBOX = "outbox"
ONCE = "once"
SEGMENT = "outbox-"
SEGMENT_ITEMS = 200


def segment_of(item_id: str) -> str:
    """The file an item lives in: its id starts with its segment's number (older ids: the old outbox)."""
    number, dot, _ = item_id.partition(".")
    return f"{SEGMENT}{number}" if dot else OUTBOX


class Outcomes:
    """One delivery's outcome, recorded through the store's ``complete``."""

    def delivered(self, item_id: str, ts: str | None = None) -> None:
        self.complete({item_id: None})

    def retry_later(self, item_id: str, error: str, attempts: int, next_at: float) -> None:
        self.complete({item_id: Outcome(PENDING, next_at=next_at, attempts=attempts, last_error=error)})

    def give_up(self, item_id: str, error: str, attempts: int) -> None:
        self.complete({item_id: given_up(attempts, error)})


class OutboxMixin(Outcomes):
    """Outbox methods of the Store (they use its lock, tables and batches)."""

    def _segments(self) -> list[str]:
        """Every file holding outbox items, oldest first."""
        names = self._shards.names()
        return [OUTBOX] * (OUTBOX in names) + sorted(n for n in names if n.startswith(SEGMENT))

    def _items(self, segment: str):
        return self._table(OUTBOX, segment)

    def _queue(self, notices: list[Notice] | list[OutboxItem], now: float) -> list[OutboxItem]:
        """Inside a write: add notices (or items moved from another store) to the newest segment,
        starting a new one when it is full."""
        segments = [s for s in self._segments() if s != OUTBOX]
        number = int(segments[-1][len(SEGMENT) :]) if segments else 1
        table = self._items(f"{SEGMENT}{number:06d}")
        size = len(table)
        queued, fresh = [], []
        for notice in notices:
            if size >= SEGMENT_ITEMS:
                table.insert_multiple(fresh)
                number, size, fresh = number + 1, 0, []
                table = self._items(f"{SEGMENT}{number:06d}")
            item = OutboxItem.new(f"{number:06d}.{uuid.uuid4().hex[:16]}", notice, now)
            fresh.append(item.to_json())
            queued.append(item)
            size += 1
        if fresh:
            table.insert_multiple(fresh)
        return queued

    def _unseen(self, keys: list[str]) -> list[str]:
        seen = {d["key"] for d in self._table(ONCE).all()}
        return [k for k in keys if k not in seen]

    def unseen(self, keys: list[str]) -> list[str]:
        """The keys not yet announced (for a dry run)."""
        with self._reading():
            return self._unseen(keys)

    def queue_once(
        self, keys: list[str], build: Callable[[list[str]], list[Notice]], now: float
    ) -> tuple[list[str], list[OutboxItem]]:
        """Announce events exactly once: for keys not seen before, queue ``build(new_keys)`` and
        remember the keys, in one atomic write. Returns the new keys and the queued items."""
        with self._writing():
            fresh = self._unseen(keys)
            if not fresh:
                return [], []
            items = build(fresh)
            self._table(ONCE).insert_multiple({"key": k, "at": now} for k in fresh)
            return fresh, self._queue(items, now)

    def queue(self, notices: list[Notice], now: float) -> list[OutboxItem]:
        with self._writing():
            return self._queue(notices, now)

    def claim(
        self, now: float, lease: float = LEASE, limit: int = 100, ids: set[str] | None = None
    ) -> list[OutboxItem]:
        """Items due for delivery (oldest first; only ``ids`` if given), marked as being sent until
        ``now + lease``: no other worker takes them before then."""
        with self._writing():
            claimed: list[OutboxItem] = []
            segments = sorted({segment_of(i) for i in ids}) if ids is not None else self._segments()
            for segment in segments:
                if segment not in self._shards.names():
                    continue
                table = self._items(segment)
                taken = [
                    d for d in table.all() if due(d["status"], d["next_at"], now) and (ids is None or d["id"] in ids)
                ][: limit - len(claimed)]
                if taken:
                    table.update({"status": SENDING, "next_at": now + lease}, doc_ids=[d.doc_id for d in taken])
                    claimed += [OutboxItem.from_json(dict(d, status=SENDING, next_at=now + lease)) for d in taken]
                if len(claimed) >= limit:
                    break
            return claimed

    def complete(self, outcomes: dict[str, Outcome | None], threads: list[tuple[str, str, str]] = ()) -> None:
        """Record a batch of deliveries in one write: ``None`` removes a delivered item, an
        ``Outcome`` updates it (a retry, a give-up, a release); ``threads`` are first messages'
        (channel, key, ts)."""
        if not outcomes and not threads:
            return
        with self._writing():
            by_segment: dict[str, dict[str, Outcome | None]] = {}
            for item_id, fields in outcomes.items():
                by_segment.setdefault(segment_of(item_id), {})[item_id] = fields
            for segment, group in by_segment.items():
                if segment not in self._shards.names():
                    continue
                table = self._items(segment)
                docs = {d["id"]: d.doc_id for d in table.all() if d["id"] in group}
                gone = [docs[i] for i, fields in group.items() if fields is None and i in docs]
                if gone:
                    table.remove(doc_ids=gone)
                for item_id, outcome in group.items():
                    if outcome is not None and item_id in docs:
                        table.update(outcome.fields(), doc_ids=[docs[item_id]])
                if not len(table):
                    self._shards.stage(segment, None)  # an emptied segment leaves the manifest
            for channel, key, ts in threads:
                self._remember_thread(channel, key, ts)

    def queued(self, ids: set[str]) -> set[str]:
        """Which of these items are still in the outbox (the others have been delivered)."""
        with self._reading():
            left = set()
            for segment in sorted({segment_of(i) for i in ids}):
                if segment in self._shards.names():
                    left |= {d["id"] for d in self._items(segment).all() if d["id"] in ids}
            return left

    def outbox(self, statuses: tuple[str, ...] = LISTED) -> list[OutboxItem]:
        """The items in these states, oldest segment first."""
        with self._reading():
            return [
                OutboxItem.from_json(d)
                for s in self._segments()
                for d in self._items(s).all()
                if d["status"] in statuses
            ]
