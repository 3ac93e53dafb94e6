"""The scheduler's leader lock in PostgreSQL: an advisory lock held by one worker's own session.

Workers on different machines share no file, but they share the database. The lock goes when the
holder's connection ends (its process exits or dies), so another worker takes over on its next try.
If a database restart drops it, two workers may lead for a while: harmless, because outbox claims
skip locked rows and every announcement has a unique key.
"""

from __future__ import annotations

import psycopg
from filelock import Timeout

# Any fixed number, distinct from the migration lock's.
LEADER_LOCK = 7_201_302


class AdvisoryLock:
    """``acquire(timeout=0)``, ``release()`` and ``is_locked`` like ``filelock.FileLock``'s."""

    def __init__(self, url: str, key: int = LEADER_LOCK) -> None:
        self.url, self.key = url, key
        self._conn: psycopg.Connection | None = None

    @property
    def is_locked(self) -> bool:
        return self._conn is not None

    def acquire(self, timeout: float = 0) -> None:
        """Take the lock now or raise ``filelock.Timeout``: a leader is never waited for."""
        if self._conn is not None:
            return
        conn = psycopg.connect(self.url, autocommit=True)
        if conn.execute("SELECT pg_try_advisory_lock(%s)", (self.key,)).fetchone()[0]:
            self._conn = conn
            return
        conn.close()
        raise Timeout(f"PostgreSQL advisory lock {self.key}")

    def release(self) -> None:
        if self._conn is not None:
            self._conn.close()  # the session's end releases its advisory locks
            self._conn = None
