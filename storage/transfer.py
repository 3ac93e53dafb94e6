"""Moving a whole store between TinyDB and PostgreSQL: its state as plain data, loaded and compared.

The state holds everything either store keeps (reviews, recommendations, subscriptions, threads,
pending uploads, people, digests, announced keys, request ids, the outbox, and a deployment's
Slack installations) in the TinyDB store's shapes. Outbox items get new ids where they land (each
store numbers its own); the rest is copied exactly. Load only into an empty store, with recbot
stopped.
"""

from __future__ import annotations

import json
from typing import Any

from tracker.notices import OutboxItem
from tracker.outbox_policy import LISTED, SENT
from tracker.serialise import rec_from_dict, rec_to_dict, review_from_dict, review_to_dict

TABLES = ("subscriptions", "threads", "uploads", "people", "digests", "once", "requests")
EVERY_STATUS = (*LISTED, SENT)
# The PostgreSQL store's query for each table, giving rows in the TinyDB store's shape.
PG_SELECT = {
    "subscriptions": 'SELECT channel, target, filter, "by", at FROM subscriptions ORDER BY seq',
    "threads": "SELECT channel, key, ts FROM threads",
    "uploads": "SELECT channel, slack_user AS user, until FROM uploads",
    "people": "SELECT id, name FROM people",
    "digests": "SELECT doc FROM digests ORDER BY seq",
    "once": "SELECT key, at FROM once",
    "requests": "SELECT id, at FROM requests",
}
PG_INSERT = {
    "subscriptions": 'INSERT INTO subscriptions (channel, target, filter, "by", at)'
    " VALUES (%(channel)s, %(target)s, %(filter)s, %(by)s, %(at)s)",
    "threads": "INSERT INTO threads (channel, key, ts) VALUES (%(channel)s, %(key)s, %(ts)s)",
    "uploads": "INSERT INTO uploads (channel, slack_user, until) VALUES (%(channel)s, %(user)s, %(until)s)",
    "people": "INSERT INTO people (id, name) VALUES (%(id)s, %(name)s)",
    "digests": "INSERT INTO digests (channel, doc) VALUES (%(channel)s, %(doc)s)",
    "once": "INSERT INTO once (key, at) VALUES (%(key)s, %(at)s)",
    "requests": "INSERT INTO requests (id, at) VALUES (%(id)s, %(at)s)",
}


def _is_pg(store) -> bool:
    from .postgres import PostgresStore

    return isinstance(store, PostgresStore)


def dump(store) -> dict[str, list[dict[str, Any]]]:
    """Everything the store keeps, as plain data."""
    state = {
        "reviews": [review_to_dict(r) for r in store.reviews()],
        "recommendations": [rec_to_dict(r) for r in store.recommendations()],
        "outbox": [item.to_json() for item in store.outbox(EVERY_STATUS)],
    }
    # A workspace's own store holds no installations (its PostgreSQL schema has no such table).
    state["installations"] = [] if getattr(store, "_schema", None) else store.installations()
    if _is_pg(store):
        from psycopg.rows import dict_row

        for name in TABLES:
            with store._pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
                rows = cur.execute(PG_SELECT[name]).fetchall()
            state[name] = [row["doc"] if name == "digests" else row for row in rows]
    else:
        with store._reading():
            for name in TABLES:
                state[name] = [dict(d) for d in store._table(name).all()] if name != "requests" else store._requests()
    return state


def load(store, state: dict[str, list[dict[str, Any]]]) -> None:
    """Write a dumped state into an empty store, in one transaction (or one atomic write)."""
    reviews = [review_from_dict(d) for d in state["reviews"]]
    recs = [rec_from_dict(d) for d in state["recommendations"]]
    items = [OutboxItem.from_json(item) for item in state["outbox"]]
    for record in state.get("installations", []):
        team = None if record.get("is_enterprise_install") else record.get("team_id")
        store.save_installation(record.get("enterprise_id"), team, record)
    if _is_pg(store):
        from psycopg.types.json import Jsonb

        with store._tx() as cur:
            for review in reviews:
                store._put_review(cur, review)
            store._put_recs(cur, recs)
            for name in TABLES:
                rows = state[name]
                if name == "digests":
                    rows = [{"channel": d["channel"], "doc": Jsonb(d)} for d in rows]
                if rows:
                    cur.executemany(PG_INSERT[name], rows)
            store._queue(cur, items, 0.0)
        return
    with store._writing():
        for review in reviews:
            store._put_review(review)
        store._put_recs(recs)
        for name in TABLES:
            if name == "requests":
                store._add_requests(state[name])
            elif state[name]:
                store._table(name).insert_multiple(state[name])
        store._queue(items, 0.0)


def counts(state: dict[str, list]) -> dict[str, int]:
    """How many of each kind of thing the state holds."""
    return {name: len(rows) for name, rows in state.items()}


def differences(a: dict[str, list], b: dict[str, list]) -> list[str]:
    """The kinds of thing whose contents differ between two states (outbox ids aside)."""
    return [name for name in a if _normal(name, a[name]) != _normal(name, b.get(name, []))]


def _normal(name: str, rows: list[dict]) -> list[str]:
    if name == "outbox":
        rows = [{k: v for k, v in row.items() if k != "id"} for row in rows]
    return sorted(json.dumps(_floats(row), sort_keys=True) for row in rows)


def _floats(value):
    """Numbers as floats: JSONB may give back 100 for a stored 100.0."""
    if isinstance(value, dict):
        return {k: _floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_floats(v) for v in value]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return value
