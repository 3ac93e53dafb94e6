"""The store in PostgreSQL (``RECBOT_DB=postgresql://...``), for many workers or many councils.

Implements ``storage.port.StorePort`` with psycopg 3 and a connection pool. A recommendation is
a row keyed by (review, id) whose nested parts are a JSONB document; every change is one
transaction that locks the row it changes (``SELECT ... FOR UPDATE``), writes it and queues its
notices, so an acknowledged change is always announced and two workers never lose each other's
writes. Reads take no lock. The schema is migrated at open (``storage/pg/migrate.py``).
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TypeVar

import psycopg
from psycopg.types.json import Jsonb

from tracker.errors import AlreadyApplied, NotFound
from tracker.merge import MergeReport
from tracker.models import Paper, Recommendation, Review
from tracker.notices import Notice, OutboxItem
from tracker.paper_merge import merge_paper
from tracker.serialise import rec_from_dict, rec_to_dict, review_from_dict, review_to_dict
from tracker.subscriptions import Subscription

from .pg.checks import PgChecks, watched
from .pg.installs import PgInstalls
from .pg.tables import PgTables
from .pg.tx import migrate_schema, open_pool
from .requests import REQUESTS_KEPT

T = TypeVar("T")


# The first statement of a change: the request id recorded (if new), the row locked and read, and
# the subscriptions its notices are built from.
CHANGE = """
WITH fresh AS (
    INSERT INTO requests (id, at) SELECT %(req)s, %(now)s WHERE %(req)s::text IS NOT NULL
    ON CONFLICT DO NOTHING RETURNING 1
)
SELECT
    (SELECT count(*) FROM fresh),
    (SELECT doc FROM recommendations WHERE review = %(review)s AND id = %(id)s FOR UPDATE),
    (SELECT coalesce(json_agg(json_build_array(channel, target, filter, "by", at) ORDER BY seq), '[]')
     FROM subscriptions)
"""
# Request ids older than REQUESTS_KEPT are purged by about one change in this many.
PURGE_EVERY = 64


def _sorted(recs: list[Recommendation]) -> list[Recommendation]:
    return sorted(recs, key=lambda r: (r.review, r.number, r.id))


class PostgresStore(PgTables, PgChecks, PgInstalls):
    """Typed access to the tracker's data in PostgreSQL; every public method is safe to call concurrently."""

    def __init__(
        self, url: str, pool_size: int = 8, timeout: float = 10.0, *, schema: str | None = None, pool=None
    ) -> None:
        """With ``schema`` (a workspace's), the store lives in that schema, over ``pool`` if given (shared)."""
        self.url = url
        self._owns_pool = pool is None
        self._pool = pool if pool is not None else open_pool(url, size=pool_size, timeout=timeout)
        self._schema = schema
        self._workspaces_pool = None
        self._lock = threading.Lock()
        if schema:
            migrate_schema(self._pool, schema)

    def workspace(self, schema: str) -> PostgresStore:
        """The store of one workspace: its own schema (created and migrated now), over a pool that
        every workspace's store shares and this store never uses (its connections' paths are theirs)."""
        with self._lock:
            if self._workspaces_pool is None:
                self._workspaces_pool = open_pool(self.url, size=self._pool.max_size, timeout=self._pool.timeout)
        return PostgresStore(self.url, schema=schema, pool=self._workspaces_pool)

    def close(self) -> None:
        """Close the pool's connections (a shared pool is closed by its owner)."""
        if self._owns_pool:
            self._pool.close()
        if self._workspaces_pool is not None:
            self._workspaces_pool.close()

    def exists(self) -> bool:
        """Always True: opening the store created its schema."""
        return True

    # Reading ---------------------------------------------------------------------------

    def reviews(self) -> list[Review]:
        """All reviews, newest paper first."""
        reviews = [review_from_dict(doc) for (doc,) in self._rows("SELECT doc FROM reviews")]
        return sorted(reviews, key=lambda r: (r.date is None, r.date), reverse=True)

    def review(self, slug: str) -> Review | None:
        rows = self._rows("SELECT doc FROM reviews WHERE slug = %s", (slug,))
        return review_from_dict(rows[0][0]) if rows else None

    def get(self, review: str, rec_id: str) -> Recommendation | None:
        """One recommendation by review slug and id ("R16")."""
        rows = self._rows("SELECT doc FROM recommendations WHERE review = %s AND id = %s", (review, rec_id))
        return rec_from_dict(rows[0][0]) if rows else None

    def find(self, rec_id: str) -> list[Recommendation]:
        """Every recommendation with this id, across reviews."""
        rows = self._rows("SELECT doc FROM recommendations WHERE id = %s ORDER BY review", (rec_id,))
        return [rec_from_dict(doc) for (doc,) in rows]

    def recommendations(self, review: str | None = None) -> list[Recommendation]:
        """All recommendations (of one review), in review then natural id order."""
        rows = self._rows("SELECT doc FROM recommendations WHERE %(r)s::text IS NULL OR review = %(r)s", {"r": review})
        return _sorted([rec_from_dict(doc) for (doc,) in rows])

    def ids(self, review: str) -> list[str]:
        """The ids of one review, without loading the recommendations."""
        return [row[0] for row in self._rows("SELECT id FROM recommendations WHERE review = %s", (review,))]

    def count(self) -> int:
        return self._rows("SELECT count(*) FROM recommendations")[0][0]

    # Writing ---------------------------------------------------------------------------

    def _put_recs(self, cur: psycopg.Cursor, recs: list[Recommendation]) -> None:
        cur.executemany(
            "INSERT INTO recommendations (review, id, status, doc, dates) VALUES (%s, %s, %s, %s, %s)"
            " ON CONFLICT (review, id) DO UPDATE SET status = excluded.status, doc = excluded.doc,"
            " dates = excluded.dates, changed = pg_current_xact_id()",
            [(rec.review, rec.id, rec.status, Jsonb(rec_to_dict(rec)), watched(rec)) for rec in recs],
        )

    def _put_review(self, cur: psycopg.Cursor, review: Review) -> None:
        cur.execute(
            "INSERT INTO reviews (slug, doc) VALUES (%s, %s)"
            " ON CONFLICT (slug) DO UPDATE SET doc = excluded.doc, changed = pg_current_xact_id()",
            (review.slug, Jsonb(review_to_dict(review))),
        )

    def change(
        self,
        review: str,
        rec_id: str,
        mutate: Callable[[Recommendation], T],
        notices: Callable[[Recommendation, T, list[Subscription]], list[Notice]] | None = None,
        now: float = 0.0,
        request_id: str | None = None,
        deadline: float | None = None,
    ) -> tuple[Recommendation, T, list[OutboxItem]]:
        """Apply ``mutate`` to the current stored version of one recommendation, in one transaction.

        The row is locked while ``mutate`` runs; if it raises, nothing is written. ``notices`` are
        queued in the same transaction. ``request_id`` makes the change idempotent (AlreadyApplied);
        with a ``deadline`` (``time.monotonic()``) it is committed in time or not at all (``Busy``).
        """
        with self._tx(deadline, pipeline=True) as cur:
            # One round trip records the request id, locks and reads the row, and reads the
            # subscriptions; the write, the notices and the COMMIT go together in a second.
            cur.execute(CHANGE, {"req": request_id, "now": now, "review": review, "id": rec_id})
            fresh, doc, subs = cur.fetchone()
            if request_id and not fresh:
                raise AlreadyApplied("That was already saved: Slack delivered the request twice.")
            if doc is None:
                raise NotFound(f"There is no {rec_id} in `{review}`.")
            rec = rec_from_dict(doc)
            result = mutate(rec)
            cur.execute(
                "UPDATE recommendations SET status = %s, doc = %s, dates = %s,"
                " changed = pg_current_xact_id() WHERE review = %s AND id = %s",
                (rec.status, Jsonb(rec_to_dict(rec)), watched(rec), review, rec_id),
            )
            if request_id and zlib.crc32(request_id.encode()) % PURGE_EVERY == 0:
                cur.execute("DELETE FROM requests WHERE at < %s", (now - REQUESTS_KEPT,))
            queued = self._queue(cur, notices(rec, result, [Subscription(*s) for s in subs]), now) if notices else []
        return rec, result, queued

    def set_reported(self, slug: str, when: date | None) -> Review:
        """Record when a review's report went to the executive (its response clock starts then)."""
        with self._tx() as cur:
            cur.execute("SELECT doc FROM reviews WHERE slug = %s FOR UPDATE", (slug,))
            row = cur.fetchone()
            if row is None:
                raise NotFound(f"There is no review `{slug}`.")
            review = replace(review_from_dict(row[0]), reported=when)
            self._put_review(cur, review)
        return review

    def remove_review(self, slug: str) -> int:
        """Remove a review, its recommendations and the subscriptions to them in one transaction.

        Returns how many recommendations went. Notifications already queued are still delivered.
        """
        prefix = f"{slug}/"
        with self._tx() as cur:
            cur.execute("SELECT 1 FROM reviews WHERE slug = %s FOR UPDATE", (slug,))
            if cur.fetchone() is None:
                raise NotFound(f"There is no review `{slug}`.")
            cur.execute("DELETE FROM recommendations WHERE review = %s", (slug,))
            gone = cur.rowcount
            cur.execute("DELETE FROM reviews WHERE slug = %s", (slug,))
            cur.execute(
                "DELETE FROM subscriptions WHERE target = %s OR left(target, %s) = %s",
                (f"review:{slug}", len(prefix) + 4, f"rec:{prefix}"),
            )
            cur.execute("DELETE FROM threads WHERE left(key, %s) = %s", (len(prefix), prefix))
        return gone

    def import_paper(self, paper: Paper, *, at: str, paper_name: str, dry_run: bool = False) -> MergeReport:
        """Add or refresh one paper in one transaction; re-importing it changes nothing."""
        return self.import_papers([paper], at=at, paper_name=paper_name, dry_run=dry_run)[0][0]

    def import_papers(
        self,
        papers: list[Paper],
        *,
        at: str,
        paper_name: str,
        dry_run: bool = False,
        notices: Callable[[list[Subscription], list[MergeReport]], list[Notice]] | None = None,
        now: float = 0.0,
        progress: Callable[[int], None] | None = None,
    ) -> tuple[list[MergeReport], list[OutboxItem]]:
        """Import every paper of one file in a single transaction: all of them or none.

        ``notices`` builds the subscribed channels' notifications, queued in the same transaction.
        Returns what each paper did and what was queued.
        """
        reports, queued = [], []
        with self._tx() as cur:
            for paper in papers:
                reports.append(self._merge_paper(cur, paper, at=at, paper_name=paper_name, dry_run=dry_run))
                if progress:
                    progress(len(paper.recommendations))
            if notices and not dry_run:
                queued = self._queue(cur, notices(self._subscriptions(cur), reports), now)
        return reports, queued

    def _merge_paper(
        self, cur: psycopg.Cursor, paper: Paper, *, at: str, paper_name: str, dry_run: bool
    ) -> MergeReport:
        slug = paper.review.slug
        # Lock the review's row (or, for a new review, its slug) so two imports of it take turns.
        cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"review:{slug}",))
        cur.execute("SELECT doc FROM reviews WHERE slug = %s", (slug,))
        row = cur.fetchone()
        review = review_from_dict(row[0]) if row else None
        cur.execute("SELECT id, doc FROM recommendations WHERE review = %s FOR UPDATE", (slug,))
        held = {rec_id: doc for rec_id, doc in cur.fetchall()}
        stored = {r.id: rec_from_dict(held[r.id]) if r.id in held else None for r in paper.recommendations}
        report, fresh, changed = merge_paper(paper, stored, list(held), review, at=at, paper_name=paper_name)
        if dry_run:
            return report
        if fresh is not None:
            self._put_review(cur, fresh)
        self._put_recs(cur, changed)
        return report
