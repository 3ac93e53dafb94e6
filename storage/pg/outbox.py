"""The PostgreSQL store's outbox: notices queued in the change's transaction, claimed with SKIP LOCKED,
and the keys of events announced exactly once (a unique key, never a read-then-write)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import psycopg
from psycopg.types.json import Jsonb

from storage.outbox import Outcomes
from tracker.notices import Notice, OutboxItem
from tracker.outbox_policy import CLAIMABLE, LEASE, LISTED, SENDING, Outcome

from .tx import Transactions


class PgOutbox(Transactions, Outcomes):
    """Outbox methods of ``PostgresStore``."""

    def _queue(self, cur: psycopg.Cursor, notices: list[Notice] | list[OutboxItem], now: float) -> list[OutboxItem]:
        """Inside a transaction: add notices (or items moved from another store) to the outbox."""
        queued = [OutboxItem.new(uuid.uuid4().hex, notice, now) for notice in notices]
        cur.executemany(
            "INSERT INTO outbox (id, status, next_at, item) VALUES (%s, %s, %s, %s)",
            [(i.id, i.status, i.next_at, Jsonb(i.to_json())) for i in queued],
        )
        return queued

    def _announce(self, cur: psycopg.Cursor, keys: list[str], now: float) -> list[str]:
        """Inside a transaction: record the keys; returns those no one recorded before, in order."""
        cur.execute(
            "INSERT INTO once (key, at) SELECT k, %s FROM unnest(%s::text[]) AS k ON CONFLICT DO NOTHING RETURNING key",
            (now, keys),
        )
        fresh = {row[0] for row in cur.fetchall()}
        return [k for k in dict.fromkeys(keys) if k in fresh]

    def unseen(self, keys: list[str]) -> list[str]:
        """The keys not yet announced (for a dry run)."""
        seen = {row[0] for row in self._rows("SELECT key FROM once WHERE key = ANY(%s)", (keys,))}
        return [k for k in keys if k not in seen]

    def queue_once(
        self, keys: list[str], build: Callable[[list[str]], list[Notice]], now: float
    ) -> tuple[list[str], list[OutboxItem]]:
        """Announce events exactly once: for keys not seen before, queue ``build(new_keys)`` and
        remember the keys, in one transaction. Returns the new keys and the queued items."""
        with self._tx() as cur:
            fresh = self._announce(cur, keys, now)
            if not fresh:
                return [], []
            return fresh, self._queue(cur, build(fresh), now)

    def queue(self, notices: list[Notice], now: float) -> list[OutboxItem]:
        with self._tx() as cur:
            return self._queue(cur, notices, now)

    def claim(
        self, now: float, lease: float = LEASE, limit: int = 100, ids: set[str] | None = None
    ) -> list[OutboxItem]:
        """Items due for delivery (oldest first; only ``ids`` if given), marked as being sent until
        ``now + lease``; rows another worker is claiming are skipped, not waited for."""
        only = "AND id = ANY(%(ids)s)" if ids is not None else ""
        with self._tx() as cur:
            cur.execute(
                f"""WITH due AS (
                        SELECT seq FROM outbox
                        WHERE status = ANY(%(claimable)s) AND next_at <= %(now)s {only}
                        ORDER BY seq LIMIT %(limit)s FOR UPDATE SKIP LOCKED)
                    UPDATE outbox o SET status = %(sending)s, next_at = %(until)s,
                        item = o.item || jsonb_build_object('status', %(sending)s::text, 'next_at', %(until)s::float8)
                    FROM due WHERE o.seq = due.seq RETURNING o.seq, o.item""",
                {
                    "claimable": list(CLAIMABLE),
                    "sending": SENDING,
                    "now": now,
                    "until": now + lease,
                    "limit": limit,
                    "ids": list(ids or ()),
                },
            )
            return [OutboxItem.from_json(item) for _, item in sorted(cur.fetchall(), key=lambda row: row[0])]

    def complete(self, outcomes: dict[str, Outcome | None], threads: list[tuple[str, str, str]] = ()) -> None:
        """Record a batch of deliveries in one transaction: ``None`` removes a delivered item, an
        ``Outcome`` updates it (a retry, a give-up, a release); ``threads`` are first messages'
        (channel, key, ts)."""
        if not outcomes and not threads:
            return
        with self._tx() as cur:
            gone = [i for i, fields in outcomes.items() if fields is None]
            if gone:
                cur.execute("DELETE FROM outbox WHERE id = ANY(%s)", (gone,))
            changed = [(i, outcome.fields()) for i, outcome in outcomes.items() if outcome is not None]
            if changed:
                cur.executemany(
                    "UPDATE outbox SET item = item || %(fields)s, status = coalesce(%(status)s, status),"
                    " next_at = coalesce(%(next_at)s, next_at) WHERE id = %(id)s",
                    [
                        {"id": i, "fields": Jsonb(f), "status": f.get("status"), "next_at": f.get("next_at")}
                        for i, f in changed
                    ],
                )
            if threads:
                self._remember_threads(cur, list(threads))

    def _remember_threads(self, cur: psycopg.Cursor, threads: list[tuple[str, str, str]]) -> None:
        cur.executemany("INSERT INTO threads (channel, key, ts) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING", threads)

    def queued(self, ids: set[str]) -> set[str]:
        """Which of these items are still in the outbox (the others have been delivered)."""
        return {row[0] for row in self._rows("SELECT id FROM outbox WHERE id = ANY(%s)", (list(ids),))}

    def outbox(self, statuses: tuple[str, ...] = LISTED) -> list[OutboxItem]:
        """The items in these states, oldest first."""
        rows = self._rows("SELECT item FROM outbox WHERE status = ANY(%s) ORDER BY seq", (list(statuses),))
        return [OutboxItem.from_json(row[0]) for row in rows]
