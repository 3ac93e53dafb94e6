"""The PostgreSQL store's small tables: request ids, subscriptions, uploads, digests, people, threads."""

from __future__ import annotations

from dataclasses import asdict, replace

import psycopg
from psycopg.types.json import Jsonb

from storage.requests import REQUESTS_KEPT
from tracker.digests import Digest
from tracker.notices import Notice, OutboxItem
from tracker.subscriptions import Subscription

from .outbox import PgOutbox


class PgTables(PgOutbox):
    """Methods of ``PostgresStore`` on everything but reviews and recommendations."""

    def _first_time(self, cur: psycopg.Cursor, request_id: str, now: float) -> bool:
        # The unique key decides: of two deliveries of one request at once, exactly one inserts.
        cur.execute(
            "INSERT INTO requests (id, at) VALUES (%s, %s) ON CONFLICT DO NOTHING RETURNING id", (request_id, now)
        )
        fresh = cur.fetchone() is not None
        if fresh:
            cur.execute("DELETE FROM requests WHERE at < %s", (now - REQUESTS_KEPT,))
        return fresh

    def first_time(self, request_id: str, now: float) -> bool:
        """Record a request id; False if it was recorded before (a retried delivery)."""
        with self._tx() as cur:
            return self._first_time(cur, request_id, now)

    def _subscriptions(self, cur: psycopg.Cursor) -> list[Subscription]:
        cur.execute('SELECT channel, target, filter, "by", at FROM subscriptions ORDER BY seq')
        return [Subscription(*row) for row in cur.fetchall()]

    def subscribe(self, sub: Subscription) -> bool:
        """Add or replace a channel's subscription to a target; False if it was already exactly so."""
        with self._tx() as cur:
            cur.execute(
                'INSERT INTO subscriptions (channel, target, filter, "by", at) VALUES (%s, %s, %s, %s, %s)'
                ' ON CONFLICT (channel, target) DO UPDATE SET filter = excluded.filter, "by" = excluded.by,'
                " at = excluded.at WHERE subscriptions.filter <> excluded.filter RETURNING 1",
                (sub.channel, sub.target, sub.filter, sub.by, sub.at),
            )
            return cur.fetchone() is not None

    def unsubscribe(self, channel: str, target: str) -> bool:
        """Remove a channel's subscription to a target; False if there was none."""
        with self._tx() as cur:
            cur.execute("DELETE FROM subscriptions WHERE channel = %s AND target = %s", (channel, target))
            return cur.rowcount > 0

    def subscriptions(self, channel: str | None = None) -> list[Subscription]:
        rows = self._rows(
            'SELECT channel, target, filter, "by", at FROM subscriptions'
            " WHERE %(c)s::text IS NULL OR channel = %(c)s ORDER BY seq",
            {"c": channel},
        )
        return [Subscription(*row) for row in rows]

    def expect_upload(self, channel: str, user: str, until: float) -> None:
        """Note that ``user`` will upload a paper to ``channel`` before ``until`` (``/rec import``)."""
        with self._tx() as cur:
            cur.execute(
                "INSERT INTO uploads (channel, slack_user, until) VALUES (%s, %s, %s)"
                " ON CONFLICT (channel, slack_user) DO UPDATE SET until = excluded.until",
                (channel, user, until),
            )

    def take_upload(self, channel: str, user: str, now: float) -> bool:
        """True once if ``user`` said they would upload a paper to ``channel`` and is still in time."""
        with self._tx() as cur:
            cur.execute(
                "DELETE FROM uploads WHERE until < %(now)s OR (channel = %(c)s AND slack_user = %(u)s)"
                " RETURNING channel = %(c)s AND slack_user = %(u)s AND until >= %(now)s",
                {"now": now, "c": channel, "u": user},
            )
            return any(row[0] for row in cur.fetchall())

    def set_digest(self, digest: Digest) -> None:
        """A channel's digest setting (one per channel; a new one replaces it)."""
        with self._tx() as cur:
            cur.execute("DELETE FROM digests WHERE channel = %s", (digest.channel,))
            cur.execute(
                "INSERT INTO digests (channel, doc) VALUES (%s, %s)",
                (digest.channel, Jsonb(asdict(replace(digest, last_at=None)))),
            )

    def remove_digest(self, channel: str) -> bool:
        with self._tx() as cur:
            cur.execute("DELETE FROM digests WHERE channel = %s", (channel,))
            return cur.rowcount > 0

    def digests(self, channel: str | None = None) -> list[Digest]:
        rows = self._rows(
            "SELECT doc FROM digests WHERE %(c)s::text IS NULL OR channel = %(c)s ORDER BY seq", {"c": channel}
        )
        fields = Digest.__dataclass_fields__
        return [Digest(**{k: v for k, v in doc.items() if k in fields}) for (doc,) in rows]

    def queue_digest(self, digest: Digest, key: str, notices: list[Notice], now: float, at: str) -> list[OutboxItem]:
        """Queue a channel's digest for the period ``key`` exactly once, however many workers try.

        Nothing is queued if another worker has sent a digest since ``digest`` was read; the period
        is marked done and the time kept in the same transaction.
        """
        with self._tx() as cur:
            cur.execute("SELECT doc->>'last_at' FROM digests WHERE channel = %s FOR UPDATE", (digest.channel,))
            row = cur.fetchone()
            if row is None or row[0] != digest.last_at or not self._announce(cur, [key], now):
                return []
            cur.execute(
                "UPDATE digests SET doc = doc || jsonb_build_object('last_at', %s::text) WHERE channel = %s",
                (at, digest.channel),
            )
            return self._queue(cur, notices, now)

    def people(self) -> dict[str, str]:
        """Display names of Slack users looked up before, by user id."""
        return dict(self._rows("SELECT id, name FROM people"))

    def remember_people(self, names: dict[str, str]) -> None:
        """Keep display names looked up through the Web API, so each is looked up once."""
        if not names:
            return
        with self._tx() as cur:
            cur.executemany(
                "INSERT INTO people (id, name) VALUES (%s, %s) ON CONFLICT (id) DO UPDATE SET name = excluded.name",
                list(names.items()),
            )

    def thread(self, channel: str, key: str) -> str | None:
        """The ``ts`` of the first message about ``key`` in ``channel``, if there was one."""
        rows = self._rows("SELECT ts FROM threads WHERE channel = %s AND key = %s", (channel, key))
        return rows[0][0] if rows else None

    def remember_thread(self, channel: str, key: str, ts: str) -> None:
        with self._tx() as cur:
            self._remember_threads(cur, [(channel, key, ts)])
