"""Numbered SQL migrations (``storage/migrations/NNNN_name.sql``), applied once each, in order, at open.

Plain SQL rather than Alembic: recbot has no ORM and a handful of tables, and a numbered file read
by twenty lines is easy to review. Every migration and its ``schema_version`` row commit together;
an advisory lock makes workers starting at once apply each file exactly once. A workspace's schema
(many workspaces, one database) gets every migration but the ``root_`` ones, which only the
deployment's own schema needs.
"""

from __future__ import annotations

import re
from pathlib import Path

import psycopg
from psycopg import sql

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


def migrate(conn: psycopg.Connection, folder: Path = MIGRATIONS, schema: str | None = None) -> list[int]:
    """Apply the migrations this database (or ``schema``, created if need be) has not had yet;
    returns the versions applied."""
    applied = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        if schema:
            conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
            conn.execute(in_schema(schema))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version"
            " (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        done = {row[0] for row in conn.execute("SELECT version FROM schema_version")}
        for version, name, path in migrations(folder):
            if version in done or (schema and name.startswith("root_")):
                continue
            conn.execute(path.read_text(encoding="utf-8"))
            conn.execute("INSERT INTO schema_version (version, name) VALUES (%s, %s)", (version, name))
            applied.append(version)
    return applied


def in_schema(schema: str) -> sql.Composed:
    """``SET LOCAL search_path`` to ``schema`` alone: a table missing there is an error, never another's."""
    return sql.SQL("SET LOCAL search_path TO {}").format(sql.Identifier(schema))


def on_path(schema: str) -> sql.Composed:
    """``SET search_path`` to ``schema`` alone, for the session."""
    return sql.SQL("SET search_path TO {}").format(sql.Identifier(schema))
