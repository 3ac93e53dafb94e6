"""Connections and transactions of the PostgreSQL store: a pool, one transaction per change, deadlines."""

from __future__ import annotations

import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any
from urllib.parse import urlsplit

import psycopg
from psycopg import errors
from psycopg_pool import ConnectionPool, PoolTimeout

from storage.errors import StoreUnavailable
from storage.locking import BUSY, COMMIT_MARGIN
from tracker.errors import Busy

from .migrate import in_schema, migrate, on_path

# The schema each pooled connection of workspaces' stores last had set for its session.
_paths: weakref.WeakKeyDictionary[psycopg.Connection, str] = weakref.WeakKeyDictionary()

# How long a change waits for a pooled connection before asking whether the server is there at all.
FIRST_WAIT = 0.25


class Unreachable(Exception):
    """The database named by RECBOT_DB cannot be used; the message is one line naming it."""


def open_pool(url: str, size: int = 8, timeout: float = 10.0, *, min_size: int = 1) -> ConnectionPool:
    """A pool of autocommit connections to ``url`` with the schema migrated, or ``Unreachable``."""
    try:
        psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise Unreachable(f"RECBOT_DB is not a valid PostgreSQL URL: {_one_line(exc, url)}") from None
    pool = ConnectionPool(
        url,
        min_size=min_size,
        max_size=size,
        timeout=timeout,
        kwargs={"autocommit": True},
        check=ConnectionPool.check_connection,  # a connection broken by a server restart is replaced
        open=False,
    )
    try:
        # One direct connection first: the pool would retry an unreachable server in silence.
        with psycopg.connect(url, autocommit=True, connect_timeout=int(timeout)) as conn:
            migrate(conn)
    except psycopg.Error as exc:
        raise Unreachable(f"RECBOT_DB: cannot use the PostgreSQL database: {_one_line(exc, url)}") from None
    pool.open(wait=True, timeout=timeout)
    return pool


def _one_line(exc: Exception, url: str) -> str:
    """The error on one line, without the URL's password (a parse error may quote the URL)."""
    text = " ".join(str(exc).split())
    try:
        password = urlsplit(url).password
    except ValueError:
        password = None
    return text.replace(password, "***") if password else text


class Transactions:
    """``_tx`` and ``_rows`` of the PostgreSQL store (they use its pool)."""

    _pool: ConnectionPool
    url: str
    _schema: str | None = None  # a workspace's schema; None: the database's own (public)

    @contextmanager
    def _connection(self, timeout: float | None) -> Iterator[psycopg.Connection]:
        """A pooled connection, or ``StoreUnavailable`` at once when the server cannot be reached.

        A pool whose server is down waits its whole timeout for a connection that never comes; after
        a short wait the server is asked directly, so a down server is told apart from a busy pool.
        """
        wait = self._pool.timeout if timeout is None else timeout
        try:
            conn = self._pool.getconn(timeout=min(FIRST_WAIT, wait))
        except PoolTimeout:
            if not self._reachable():
                raise StoreUnavailable() from None
            conn = self._pool.getconn(timeout=max(wait - FIRST_WAIT, 0.001))
        try:
            yield conn
        finally:
            self._pool.putconn(conn)  # a broken connection is discarded, not reused

    def _reachable(self) -> bool:
        try:
            psycopg.connect(self.url, autocommit=True, connect_timeout=2).close()
        except psycopg.OperationalError:
            return False
        return True

    @contextmanager
    def _tx(self, deadline: float | None = None, pipeline: bool = False) -> Iterator[psycopg.Cursor]:
        """One transaction: committed when the block ends, rolled back if it raises. With a
        ``deadline`` (``time.monotonic()``) it is committed in time or not at all (``Busy``).

        A server that is down or goes away mid-transaction raises ``StoreUnavailable``. (Lost at the
        very moment of COMMIT, the change may have been recorded; PostgreSQL cannot say.) With
        ``pipeline``, statements whose results are not read go with the next that is (and the COMMIT),
        so the transaction costs fewer round trips.
        """
        left = None if deadline is None else deadline - COMMIT_MARGIN - time.monotonic()
        if left is not None and left <= 0:
            raise Busy(BUSY)
        try:
            with (
                self._connection(left) as conn,
                conn.pipeline() if pipeline else nullcontext(),
                conn.transaction(),
                conn.cursor() as cur,
            ):
                if self._schema:
                    cur.execute(in_schema(self._schema))
                if left is not None:
                    # Waiting for a row lock or a slow statement must not outlast the deadline.
                    ms = max(int(left * 1000), 1)
                    cur.execute(
                        "SELECT set_config('lock_timeout', %s, true), set_config('statement_timeout', %s, true)",
                        (f"{ms}ms", f"{ms}ms"),
                    )
                yield cur
                if deadline is not None and time.monotonic() > deadline - COMMIT_MARGIN:
                    # Too late to answer in time: write nothing, so a retry cannot record it twice.
                    raise Busy(BUSY)
        except (PoolTimeout, errors.LockNotAvailable, errors.QueryCanceled):
            raise Busy(BUSY) from None
        except psycopg.OperationalError as exc:
            raise StoreUnavailable() from exc

    def _rows(self, sql: str, params: Any = ()) -> list[tuple]:
        """The rows of one read, outside any transaction."""
        try:
            with self._connection(None) as conn:
                if self._schema and _paths.get(conn) != self._schema:
                    # Outside a transaction nothing can roll this back, so it is set once per connection
                    # and workspace, not on every read; the pool of workspaces' stores serves no other store.
                    conn.execute(on_path(self._schema))
                    _paths[conn] = self._schema
                return conn.execute(sql, params).fetchall()
        except PoolTimeout:
            raise Busy(BUSY) from None
        except psycopg.OperationalError as exc:
            raise StoreUnavailable() from exc


def migrate_schema(pool: ConnectionPool, schema: str) -> None:
    """Create and migrate a workspace's schema through ``pool``."""
    with pool.connection() as conn:
        migrate(conn, schema=schema)
