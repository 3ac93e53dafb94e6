"""Numbered SQL migrations (``storage/migrations/NNNN_name.sql``), applied once each, in order, at open.

Plain SQL rather than Alembic: recbot has no ORM and a handful of tables, and a numbered file read
by twenty lines is easy to review. Every migration and its ``schema_version`` row commit together;
an advisory lock makes workers starting at once apply each file exactly once.
"""

from __future__ import annotations

import re
from pathlib import Path

import psycopg

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
# Any fixed number: workers of every recbot deployment on one database agree on it.
MIGRATION_LOCK = 7_201_301


def migrations(folder: Path = MIGRATIONS) -> list[tuple[int, str, Path]]:
    """(version, name, file) of every migration, lowest version first."""
    found = []
    for path in folder.glob("*.sql"):
        match = re.fullmatch(r"(\d{4})_(\w+)\.sql", path.name)
        if match:
            found.append((int(match[1]), match[2], path))
    return sorted(found)


def migrate(conn: psycopg.Connection, folder: Path = MIGRATIONS) -> list[int]:
    """Apply the migrations this database has not had yet; returns the versions applied."""
    applied = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version"
            " (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        done = {row[0] for row in conn.execute("SELECT version FROM schema_version")}
        for version, name, path in migrations(folder):
            if version in done:
                continue
            conn.execute(path.read_text(encoding="utf-8"))
            conn.execute("INSERT INTO schema_version (version, name) VALUES (%s, %s)", (version, name))
            applied.append(version)
    return applied
