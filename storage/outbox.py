"""The outbox: notifications waiting to be delivered, and the keys of events already announced.

A notification is queued in the same atomic write as the change that caused it, so an
acknowledged change never loses its announcement. Delivery claims items with a lease (so two
workers never post the same item), then marks each sent or schedules a retry.
"""

from __future__ import annotations

import uuid
from typing import Any

OUTBOX = "outbox"
ONCE = "once"

PENDING, SENDING, SENT, GIVEN_UP = "pending", "sending", "sent", "given_up"


class OutboxMixin:
    """Outbox methods of the Store (they use its lock, tables and batches)."""

    def _queue(self, items: list[dict[str, Any]], now: float) -> list[dict[str, Any]]:
        """Inside a write: add items to the outbox."""
        table = self._table(OUTBOX)
        queued = []
        for item in items:
            doc = {
                "id": uuid.uuid4().hex,
                "status": PENDING,
                "attempts": 0,
                "next_at": now,
                "created": now,
                "last_error": "",
                **item,
            }
            table.insert(doc)
            queued.append(doc)
        return queued

    def _unseen(self, keys: list[str]) -> list[str]:
        seen = {d["key"] for d in self._table(ONCE).all()}
        return [k for k in keys if k not in seen]

    def unseen(self, keys: list[str]) -> list[str]:
        """The keys not yet announced (for a dry run)."""
        with self._reading():
            return self._unseen(keys)

    def queue_once(self, keys: list[str], build, now: float) -> tuple[list[str], list[dict]]:
        """Announce events exactly once: for keys not seen before, queue ``build(new_keys)`` and
        remember the keys, in one atomic write. Returns the new keys and the queued items."""
        with self._writing():
            fresh = self._unseen(keys)
            if not fresh:
                return [], []
            items = build(fresh)
            self._table(ONCE).insert_multiple({"key": k, "at": now} for k in fresh)
            return fresh, self._queue(items, now)

    def queue(self, items: list[dict[str, Any]], now: float) -> list[dict]:
        with self._writing():
            return self._queue(items, now)

    def claim(self, now: float, lease: float = 120.0, limit: int = 100) -> list[dict]:
        """Items due for delivery, marked as being sent until ``now + lease``."""
        with self._writing():
            table = self._table(OUTBOX)
            due = [
                d
                for d in table.all()
                if (d["status"] == PENDING and d["next_at"] <= now) or (d["status"] == SENDING and d["next_at"] <= now)
            ]
            due.sort(key=lambda d: (d["created"], d["id"]))
            due = due[:limit]
            # Sent items are kept a week for `recbot outbox` and inspection, then dropped.
            old = [d.doc_id for d in table.all() if d["status"] == SENT and d["created"] < now - 7 * 86400]
            if old:
                table.remove(doc_ids=old)
            if due:
                ids = {d.doc_id for d in due}
                table.update({"status": SENDING, "next_at": now + lease}, doc_ids=list(ids))
            return [dict(d, status=SENDING) for d in due]

    def _set(self, item_id: str, fields: dict) -> None:
        with self._writing():
            table = self._table(OUTBOX)
            ids = [d.doc_id for d in table.all() if d["id"] == item_id]
            table.update(fields, doc_ids=ids)

    def delivered(self, item_id: str, ts: str | None) -> None:
        self._set(item_id, {"status": SENT, "ts": ts, "last_error": ""})

    def retry_later(self, item_id: str, error: str, attempts: int, next_at: float) -> None:
        self._set(item_id, {"status": PENDING, "attempts": attempts, "next_at": next_at, "last_error": error})

    def give_up(self, item_id: str, error: str, attempts: int) -> None:
        self._set(item_id, {"status": GIVEN_UP, "attempts": attempts, "last_error": error})

    def outbox(self, statuses: tuple[str, ...] = (PENDING, SENDING, GIVEN_UP)) -> list[dict]:
        with self._reading():
            return [dict(d) for d in self._table(OUTBOX).all() if d["status"] in statuses]
