"""The PostgreSQL store's slip-check reads: what fell due or changed since the last check, by index."""

from __future__ import annotations

from datetime import date, timedelta

from tracker.models import Recommendation
from tracker.serialise import rec_from_dict
from tracker.slips import CheckMark, DueRead, watched_dates

from .tx import Transactions

NAME = "slips"


def watched(rec: Recommendation) -> list[date]:
    """A recommendation's watched dates, for its ``dates`` column (a GIN index finds them)."""
    return sorted(watched_dates(rec))


def _days(windows: list[tuple[date, date]]) -> list[date]:
    """Every day of the windows (inclusive): a check asks for rows holding any of them."""
    return sorted({a + timedelta(days=n) for a, b in windows for n in range((b - a).days + 1)})


class PgChecks(Transactions):
    """``last_check``, ``due_since`` and ``record_check`` of ``PostgresStore``."""

    def last_check(self) -> CheckMark | None:
        """The last slip check recorded, if any."""
        rows = self._rows("SELECT day, horizon, seen FROM checks WHERE name = %s", (NAME,))
        return CheckMark(*rows[0]) if rows else None

    def record_check(self, mark: CheckMark) -> None:
        """Record a slip check (one row; the next check starts from it)."""
        with self._tx() as cur:
            cur.execute(
                "INSERT INTO checks (name, day, horizon, seen) VALUES (%s, %s, %s, %s) ON CONFLICT (name)"
                " DO UPDATE SET day = excluded.day, horizon = excluded.horizon, seen = excluded.seen",
                (NAME, mark.day, mark.horizon, mark.seen),
            )

    def due_since(self, windows: list[tuple[date, date]] | None, seen: int | None) -> DueRead:
        """Recommendations with a watched date in ``windows`` or written since ``seen`` (all of them
        when either is None), the reviews changed since ``seen``, and the marker for the next check."""
        with self._tx() as cur:
            # Taken before the reads: any transaction they cannot see has an id at or above it.
            cur.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
            mark = cur.fetchone()[0]
            if windows is None or seen is None:
                cur.execute("SELECT doc FROM recommendations")
                recs = [rec_from_dict(doc) for (doc,) in cur.fetchall()]
                cur.execute("SELECT slug FROM reviews")
                return DueRead(recs, {slug for (slug,) in cur.fetchall()}, mark, everything=True)
            since = {"days": _days(windows), "seen": str(seen)}
            # Two index scans, not one OR: the planner may not combine a GIN and a btree index.
            cur.execute(
                "SELECT doc FROM recommendations WHERE dates && %(days)s::date[] UNION ALL"
                " SELECT doc FROM recommendations WHERE changed >= %(seen)s::xid8 AND NOT dates && %(days)s::date[]",
                since,
            )
            recs = [rec_from_dict(doc) for (doc,) in cur.fetchall()]
            cur.execute(
                "SELECT slug FROM reviews WHERE changed >= %(seen)s::xid8"
                " UNION SELECT review FROM recommendations WHERE changed >= %(seen)s::xid8",
                since,
            )
            return DueRead(recs, {slug for (slug,) in cur.fetchall()}, mark)
