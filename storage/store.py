"""The store: reviews, recommendations, subscriptions and the outbox in TinyDB, safe for many processes.

Recommendations are spread over ``SHARDS`` small TinyDB documents by a hash of their key, the
rest lives in a ``main`` one; ``ShardSet`` commits any set of them atomically. A change to one
recommendation rewrites one small file (about 40 recommendations at 10,000), and other processes
re-read only that file. Request ids are spread over ``REQUEST_SHARDS`` files the same way.

Every change is one read-modify-write under a cross-process file lock (``filelock``); reads take
no lock and are served from memory until a commit changes what they read. In-memory indexes map
``review/id`` keys to (shard, TinyDB document id), so a lookup never scans a table.
"""

from __future__ import annotations

import threading
import zlib
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TypeVar

from filelock import FileLock
from tinydb.storages import Storage
from tinydb.table import Document, Table

from tracker.errors import NotFound
from tracker.models import Recommendation, Review
from tracker.serialise import rec_from_dict, rec_to_dict, review_from_dict, review_to_dict

from .channels import MAIN, ChannelsMixin
from .due import DueMixin
from .generations import DEFAULT_KEEP
from .group import GroupCommitMixin
from .imports import ImportMixin
from .installs import INSTALLATIONS, STATES, InstallMixin
from .locking import LockingMixin
from .outbox import OutboxMixin
from .requests import RequestsMixin
from .shards import ShardSet

T = TypeVar("T")

# A commit's cost is the size of the files it rewrites: 256 shards keep one near 150 KB at 10,000
# recommendations. Stores written with the older 16 (``recs-NN``) are re-sharded at their first write.
SHARDS = 256
LEGACY = "recs-"  # a recommendation shard of any width

# Tables that grow with use get a file of their own, so writing one does not rewrite the others.
# (The outbox is spread over files of its own: see ``outbox``.)
OWN_FILE = ("outbox", "once", "requests", "checks", INSTALLATIONS, STATES)

REVIEWS = "reviews"
RECS = "recommendations"


def shard_of(key: str) -> str:
    """The shard a recommendation lives in: stable across processes and runs."""
    return f"recs-{zlib.crc32(key.encode('utf-8')) % SHARDS:03d}"


class ShardStorage(Storage):
    """TinyDB's view of one shard. The Store refreshes the ShardSet before any use."""

    def __init__(self, shards: ShardSet, name: str) -> None:
        self.shards, self.name = shards, name

    def read(self) -> dict | None:
        return self.shards.data(self.name)

    def write(self, data: dict) -> None:
        self.shards.stage(self.name, data)


class Store(
    GroupCommitMixin, RequestsMixin, LockingMixin, ImportMixin, OutboxMixin, DueMixin, InstallMixin, ChannelsMixin
):
    """Typed access to the tracker's data; every public method is safe to call concurrently."""

    def __init__(self, path: str | Path, lock_timeout: float = 30.0, keep_generations: int = DEFAULT_KEEP) -> None:
        self.path = Path(path)
        self._shards = ShardSet(self.path, keep=keep_generations)
        self._storages: dict[str, ShardStorage] = {}
        self._lock = FileLock(f"{self.path}.lock", timeout=lock_timeout)
        self._lock_timeout = lock_timeout
        self._mutex = threading.RLock()
        self._pending: list = []  # changes waiting for a commit (see ``group``)
        self._pending_lock = threading.Lock()
        self._cleaned = False
        self._rec_ids: dict[str, tuple[str, int]] = {}
        self._shard_keys: dict[str, set[str]] = {}
        self._by_id: dict[str, set[str]] = {}
        self._review_ids: dict[str, int] = {}

    def exists(self) -> bool:
        """True when there is a store at this path (a read-only command must not create one)."""
        return self._shards.exists()

    # Plumbing -------------------------------------------------------------------------

    def _rec_shards(self) -> list[str]:
        return sorted(n for n in self._shards.names() if n.startswith(LEGACY))

    def _reshard(self) -> None:
        """Move recommendations out of shards of an older width into their own (one atomic commit)."""
        old = [n for n in self._rec_shards() if len(n) != len(shard_of(""))]
        if not old:
            return
        with self._shards.batch():
            self._sync_index()
            recs = [rec_from_dict(d) for shard in old for d in self._recs(shard).all()]
            for shard in old:
                self._shards.stage(shard, None)
                for key in self._shard_keys.pop(shard, set()):
                    del self._rec_ids[key]
            self._put_recs(recs)

    def _storage(self, shard: str) -> ShardStorage:
        if shard not in self._storages:
            self._storages[shard] = ShardStorage(self._shards, shard)
        return self._storages[shard]

    def _table(self, name: str, shard: str | None = None) -> Table:
        # A fresh Table each time: TinyDB caches the next document id per Table object, which
        # goes stale when another process inserts.
        return Table(self._storage(shard or (name if name in OWN_FILE else MAIN)), name, cache_size=0)

    def _recs(self, shard: str) -> Table:
        return Table(self._storage(shard), RECS, cache_size=0)

    def _sync_index(self) -> None:
        """Re-index only the shards that changed since the last look."""
        for shard in self._shards.take_changed():
            if shard != MAIN and not shard.startswith(LEGACY):
                continue  # the outbox and the like are parsed only when something reads them
            data = self._shards.data(shard) or {}
            if shard == MAIN:
                self._review_ids = {d["slug"]: int(i) for i, d in data.get(REVIEWS, {}).items()}
                continue
            for key in self._shard_keys.pop(shard, set()):
                self._rec_ids.pop(key, None)
                self._by_id.get(key.rsplit("/", 1)[1], set()).discard(key)
            keys = set()
            for doc_id, doc in data.get(RECS, {}).items():
                key = f"{doc['review']}/{doc['id']}"
                self._rec_ids[key] = (shard, int(doc_id))
                self._by_id.setdefault(doc["id"], set()).add(key)
                keys.add(key)
            self._shard_keys[shard] = keys

    def _get_doc(self, key: str) -> dict | None:
        where = self._rec_ids.get(key)
        return self._recs(where[0]).get(doc_id=where[1]) if where else None

    def _put_recs(self, recs: list[Recommendation]) -> None:
        """Write recommendations with one pass over each shard they touch (an import may bring thousands)."""
        by_shard: dict[str, list[Recommendation]] = {}
        for rec in recs:
            by_shard.setdefault(shard_of(rec.key), []).append(rec)
        for shard, group in by_shard.items():
            table = self._recs(shard)
            replace = {rec.key: rec_to_dict(rec) for rec in group if rec.key in self._rec_ids}
            if replace:

                def swap(doc: dict, replace=replace) -> None:
                    new = replace[f"{doc['review']}/{doc['id']}"]
                    doc.clear()
                    doc.update(new)

                table.update(swap, doc_ids=[self._rec_ids[k][1] for k in replace])
            fresh = [rec for rec in group if rec.key not in self._rec_ids]
            if fresh:
                keys = self._shard_keys.setdefault(shard, set())
                next_id = max((self._rec_ids[k][1] for k in keys), default=0) + 1
                docs = []
                for offset, rec in enumerate(fresh):
                    docs.append(Document(rec_to_dict(rec), doc_id=next_id + offset))
                    self._rec_ids[rec.key] = (shard, next_id + offset)
                    self._by_id.setdefault(rec.id, set()).add(rec.key)
                    keys.add(rec.key)
                table.insert_multiple(docs)

    def _put_review(self, review: Review) -> None:
        table = self._table(REVIEWS)
        doc = review_to_dict(review)
        if review.slug in self._review_ids:
            table.update(doc, doc_ids=[self._review_ids[review.slug]])
        else:
            doc_id = max(self._review_ids.values(), default=0) + 1
            table.insert(Document(doc, doc_id=doc_id))
            self._review_ids[review.slug] = doc_id

    # Reading ---------------------------------------------------------------------------

    def reviews(self) -> list[Review]:
        """All reviews, newest paper first."""
        with self._reading():
            reviews = [review_from_dict(d) for d in self._table(REVIEWS).all()]
        return sorted(reviews, key=lambda r: (r.date is None, r.date), reverse=True)

    def review(self, slug: str) -> Review | None:
        with self._reading():
            doc_id = self._review_ids.get(slug)
            doc = self._table(REVIEWS).get(doc_id=doc_id) if doc_id else None
        return review_from_dict(doc) if doc else None

    def get(self, review: str, rec_id: str) -> Recommendation | None:
        """One recommendation by review slug and id ("R16")."""
        with self._reading():
            doc = self._get_doc(f"{review}/{rec_id}")
        return rec_from_dict(doc) if doc else None

    def find(self, rec_id: str) -> list[Recommendation]:
        """Every recommendation with this id, across reviews."""
        with self._reading():
            docs = [self._get_doc(key) for key in sorted(self._by_id.get(rec_id, ()))]
        return [rec_from_dict(d) for d in docs if d]

    def recommendations(self, review: str | None = None) -> list[Recommendation]:
        """All recommendations (of one review), in review then natural id order."""
        with self._reading():
            if review is None:
                docs = [d for shard in self._rec_shards() for d in self._recs(shard).all()]
            else:
                prefix = f"{review}/"
                docs = [self._get_doc(key) for key in self._rec_ids if key.startswith(prefix)]
        recs = [rec_from_dict(d) for d in docs if d]
        return sorted(recs, key=lambda r: (r.review, r.number, r.id))

    def ids(self, review: str) -> list[str]:
        """The ids of one review, without loading the recommendations."""
        with self._reading():
            prefix = f"{review}/"
            return [key[len(prefix) :] for key in self._rec_ids if key.startswith(prefix)]

    def count(self) -> int:
        with self._reading():
            return len(self._rec_ids)

    # Writing ---------------------------------------------------------------------------

    def set_reported(self, slug: str, when: date | None) -> Review:
        """Record when a review's report went to the executive (its response clock starts then)."""
        with self._writing():
            review = self.review(slug)
            if review is None:
                raise NotFound(f"There is no review `{slug}`.")
            review = replace(review, reported=when)
            self._put_review(review)
        return review
