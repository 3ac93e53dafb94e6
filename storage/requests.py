"""Slack request ids the TinyDB store has applied, so a retried delivery is recognised and not applied twice.

A change records its request id in the shard of the recommendation it changes (a retried request
changes the same one), so its commit writes one file, not two. Other requests' ids are spread over
``REQUEST_SHARDS`` files by a hash; a store written before kept them all in one ``requests`` file,
still read until every id in it is older than ``REQUESTS_KEPT``.
"""

from __future__ import annotations

import zlib

from tinydb.table import Table

REQUESTS = "requests"
REQUESTS_KEPT = 2 * 86400  # Slack retries within minutes; two days is plenty
REQUEST_SHARDS = 16
REQUESTS_PER_FILE = 256  # past this many, a file's request ids older than REQUESTS_KEPT are dropped
REC_SHARDS = "recs-"  # every recommendation shard may hold request ids


def requests_of(request_id: str) -> str:
    """The file a request id is recorded in."""
    return f"{REQUESTS}-{zlib.crc32(request_id.encode('utf-8')) % REQUEST_SHARDS:02d}"


class RequestsMixin:
    """Request-id methods of the Store (they use its shards, tables and lock)."""

    def _request_tables(self, request_id: str, shard: str | None = None) -> list[Table]:
        """Where a request id may be recorded, the one to record it in first.

        A change records its request id in the shard of the recommendation it changes (a retried
        request changes the same one), so the commit writes one file, not two. Other requests, and
        ids recorded before this layout, live in files of their own.
        """
        tables = [self._table(REQUESTS, shard)] if shard else []
        tables.append(self._table(REQUESTS, requests_of(request_id)))
        if REQUESTS in self._shards.names():
            tables.append(self._table(REQUESTS))
        return tables

    def _seen_request(self, request_id: str, shard: str | None = None) -> bool:
        """True if this request id was recorded before (in any file it may be in)."""
        # Raw data, not Table.all(): that builds a Document per entry, on every change.
        for table in self._request_tables(request_id, shard):
            docs = ((self._shards.data(table.storage.name) or {}).get(REQUESTS)) or {}
            if any(d["id"] == request_id for d in docs.values()):
                return True
        return False

    def _record_request(self, request_id: str, now: float, shard: str | None = None) -> None:
        """Inside a write: record a request id, dropping ids older than REQUESTS_KEPT from a full file."""
        tables = self._request_tables(request_id, shard)
        raw = [((self._shards.data(t.storage.name) or {}).get(REQUESTS)) or {} for t in tables]
        if REQUESTS in self._shards.names() and all(d["at"] < now - REQUESTS_KEPT for d in raw[-1].values()):
            self._shards.stage(REQUESTS, None)  # an older store's single file, no longer needed
        if len(raw[0]) > REQUESTS_PER_FILE:
            tables[0].remove(doc_ids=[int(i) for i, d in raw[0].items() if d["at"] < now - REQUESTS_KEPT])
        tables[0].insert({"id": request_id, "at": now})

    def _first_time(self, request_id: str, now: float) -> bool:
        if self._seen_request(request_id):
            return False
        self._record_request(request_id, now)
        return True

    def _requests(self) -> list[dict]:
        """Every request id recorded, wherever it lives (for ``recbot migrate``)."""
        names = [n for n in self._shards.names() if n == REQUESTS or n.startswith((f"{REQUESTS}-", REC_SHARDS))]
        return [dict(d) for n in sorted(names) for d in ((self._shards.data(n) or {}).get(REQUESTS) or {}).values()]

    def _add_requests(self, docs: list[dict]) -> None:
        """Inside a write: record request ids in the files they belong to."""
        by_file: dict[str, list[dict]] = {}
        for doc in docs:
            by_file.setdefault(requests_of(doc["id"]), []).append(doc)
        for name, group in by_file.items():
            self._table(REQUESTS, name).insert_multiple(group)

    def first_time(self, request_id: str, now: float) -> bool:
        """Record a request id; False if it was recorded before (a retried delivery)."""
        with self._writing():
            return self._first_time(request_id, now)
