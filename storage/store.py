"""The store: reviews, recommendations, subscriptions and the outbox in TinyDB, safe for many processes.

Recommendations are spread over ``SHARDS`` small TinyDB documents by a hash of their key, the
rest lives in a ``main`` one; ``ShardSet`` commits any set of them atomically. A change to one
recommendation rewrites one small file, and other processes re-read only that file.

Every change is one read-modify-write under a cross-process file lock (``filelock``); reads take
no lock and are served from memory until a commit changes what they read. In-memory indexes map
``review/id`` keys to (shard, TinyDB document id), so a lookup never scans a table.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from typing import TypeVar

from filelock import FileLock
from tinydb.storages import Storage
from tinydb.table import Document, Table

from tracker.digests import Digest
from tracker.errors import AlreadyApplied, NotFound
from tracker.models import Recommendation, Review
from tracker.serialise import rec_from_dict, rec_to_dict, review_from_dict, review_to_dict
from tracker.subscriptions import Subscription

from .generations import DEFAULT_KEEP
from .imports import ImportMixin
from .installs import INSTALLATIONS, STATES, InstallMixin
from .locking import LockingMixin
from .outbox import ONCE, OutboxMixin
from .shards import ShardSet

T = TypeVar("T")

SHARDS = 16
MAIN = "main"
# Tables that grow with use get a file of their own, so writing one does not rewrite the others.
# (The outbox is spread over files of its own: see ``outbox``.)
OWN_FILE = ("outbox", "once", "requests", INSTALLATIONS, STATES)

REQUESTS = "requests"
REQUESTS_KEPT = 2 * 86400  # Slack retries within minutes; two days is plenty
REVIEWS = "reviews"
RECS = "recommendations"
SUBS = "subscriptions"
THREADS = "threads"
UPLOADS = "uploads"
PEOPLE = "people"
DIGESTS = "digests"


def shard_of(key: str) -> str:
    """The shard a recommendation lives in: stable across processes and runs."""
    return f"recs-{zlib.crc32(key.encode('utf-8')) % SHARDS:02d}"


class ShardStorage(Storage):
    """TinyDB's view of one shard. The Store refreshes the ShardSet before any use."""

    def __init__(self, shards: ShardSet, name: str) -> None:
        self.shards, self.name = shards, name

    def read(self) -> dict | None:
        return self.shards.data(self.name)

    def write(self, data: dict) -> None:
        self.shards.stage(self.name, data)


class Store(LockingMixin, ImportMixin, OutboxMixin, InstallMixin):
    """Typed access to the tracker's data; every public method is safe to call concurrently."""

    def __init__(self, path: str | Path, lock_timeout: float = 30.0, keep_generations: int = DEFAULT_KEEP) -> None:
        self.path = Path(path)
        self._shards = ShardSet(self.path, keep=keep_generations)
        self._storages: dict[str, ShardStorage] = {}
        self._lock = FileLock(f"{self.path}.lock", timeout=lock_timeout)
        self._lock_timeout = lock_timeout
        self._mutex = threading.RLock()
        self._cleaned = False
        self._rec_ids: dict[str, tuple[str, int]] = {}
        self._shard_keys: dict[str, set[str]] = {}
        self._by_id: dict[str, set[str]] = {}
        self._review_ids: dict[str, int] = {}

    def exists(self) -> bool:
        """True when there is a store at this path (a read-only command must not create one)."""
        return self._shards.exists()

    # Plumbing -------------------------------------------------------------------------

    @staticmethod
    def _rec_shards() -> list[str]:
        return [f"recs-{n:02d}" for n in range(SHARDS)]

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
            if shard != MAIN and not shard.startswith("recs-"):
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

    def change(
        self,
        review: str,
        rec_id: str,
        mutate: Callable[[Recommendation], T],
        notices: Callable[[Recommendation, T, list[Subscription]], list[dict]] | None = None,
        now: float = 0.0,
        request_id: str | None = None,
        deadline: float | None = None,
    ) -> tuple[Recommendation, T, list[dict]]:
        """Apply ``mutate`` to the current stored version of one recommendation, atomically.

        ``mutate`` runs under the lock on a fresh copy; if it raises, nothing is written.
        ``notices`` builds the notifications about the change from the subscriptions; they are
        queued in the outbox in the same write, so an acknowledged change is always announced.
        ``request_id`` makes the change idempotent: the same id again raises AlreadyApplied.
        ``deadline`` (``time.monotonic()``): a change that cannot be committed by then is not
        written at all, and raises ``Busy``.
        """
        with self._writing(deadline):
            if request_id and not self._first_time(request_id, now):
                raise AlreadyApplied("That was already saved: Slack delivered the request twice.")
            doc = self._get_doc(f"{review}/{rec_id}")
            if doc is None:
                raise NotFound(f"There is no {rec_id} in `{review}`.")
            rec = rec_from_dict(doc)
            result = mutate(rec)
            self._put_recs([rec])
            queued = []
            if notices:
                subs = [Subscription(**d) for d in self._table(SUBS).all()]
                queued = self._queue(notices(rec, result, subs), now)
        return rec, result, queued

    def _first_time(self, request_id: str, now: float) -> bool:
        table = self._table(REQUESTS)
        docs = table.all()
        if any(d["id"] == request_id for d in docs):
            return False
        if len(docs) > 5000:
            table.remove(doc_ids=[d.doc_id for d in docs if d["at"] < now - REQUESTS_KEPT])
        table.insert({"id": request_id, "at": now})
        return True

    def first_time(self, request_id: str, now: float) -> bool:
        """Record a request id; False if it was recorded before (a retried delivery)."""
        with self._writing():
            return self._first_time(request_id, now)

    def subscribe(self, sub: Subscription) -> bool:
        """Add or replace a channel's subscription to a target; False if it was already exactly so."""
        with self._writing():
            table = self._table(SUBS)
            found = [d for d in table.all() if d["channel"] == sub.channel and d["target"] == sub.target]
            if found and found[0]["filter"] == sub.filter:
                return False
            if found:
                table.update({"filter": sub.filter, "by": sub.by, "at": sub.at}, doc_ids=[found[0].doc_id])
            else:
                table.insert(asdict(sub))
            return True

    def unsubscribe(self, channel: str, target: str) -> bool:
        """Remove a channel's subscription to a target; False if there was none."""
        with self._writing():
            table = self._table(SUBS)
            ids = [d.doc_id for d in table.all() if d["channel"] == channel and d["target"] == target]
            if ids:
                table.remove(doc_ids=ids)
            return bool(ids)

    def subscriptions(self, channel: str | None = None) -> list[Subscription]:
        with self._reading():
            docs = self._table(SUBS).all()
        return [Subscription(**d) for d in docs if channel is None or d["channel"] == channel]

    def expect_upload(self, channel: str, user: str, until: float) -> None:
        """Note that ``user`` will upload a paper to ``channel`` before ``until`` (``/rec import``)."""
        with self._writing():
            table = self._table(UPLOADS)
            table.remove(doc_ids=[d.doc_id for d in table.all() if d["channel"] == channel and d["user"] == user])
            table.insert({"channel": channel, "user": user, "until": until})

    def take_upload(self, channel: str, user: str, now: float) -> bool:
        """True once if ``user`` said they would upload a paper to ``channel`` and is still in time."""
        with self._writing():
            table = self._table(UPLOADS)
            docs = table.all()
            waiting = [d for d in docs if d["channel"] == channel and d["user"] == user and d["until"] >= now]
            stale = [d.doc_id for d in docs if d["until"] < now or d in waiting]
            if stale:
                table.remove(doc_ids=stale)
            return bool(waiting)

    def set_reported(self, slug: str, when: date | None) -> Review:
        """Record when a review's report went to the executive (its response clock starts then)."""
        with self._writing():
            review = self.review(slug)
            if review is None:
                raise NotFound(f"There is no review `{slug}`.")
            review = replace(review, reported=when)
            self._put_review(review)
        return review

    def set_digest(self, digest: Digest) -> None:
        """A channel's digest setting (one per channel; a new one replaces it)."""
        with self._writing():
            table = self._table(DIGESTS)
            table.remove(doc_ids=[d.doc_id for d in table.all() if d["channel"] == digest.channel])
            table.insert(asdict(replace(digest, last_at=None)))

    def remove_digest(self, channel: str) -> bool:
        with self._writing():
            table = self._table(DIGESTS)
            ids = [d.doc_id for d in table.all() if d["channel"] == channel]
            table.remove(doc_ids=ids)
            return bool(ids)

    def digests(self, channel: str | None = None) -> list[Digest]:
        with self._reading():
            docs = self._table(DIGESTS).all()
        fields = Digest.__dataclass_fields__
        return [Digest(**{k: v for k, v in d.items() if k in fields}) for d in docs if channel in (None, d["channel"])]

    def queue_digest(self, digest: Digest, key: str, items: list[dict], now: float, at: str) -> list[dict]:
        """Queue a channel's digest for the period ``key`` exactly once, however many workers try.

        ``items`` were built from ``digest`` as read (its ``last_at``); if another worker has sent a
        digest since, nothing is queued. The period is marked done, with or without items, and the
        time kept, in the same write.
        """
        with self._writing():
            table = self._table(DIGESTS)
            found = [d for d in table.all() if d["channel"] == digest.channel]
            if not found or found[0].get("last_at") != digest.last_at or not self._unseen([key]):
                return []
            self._table(ONCE).insert({"key": key, "at": now})
            table.update({"last_at": at}, doc_ids=[found[0].doc_id])
            return self._queue(items, now)

    def people(self) -> dict[str, str]:
        """Display names of Slack users looked up before, by user id."""
        with self._reading():
            return {d["id"]: d["name"] for d in self._table(PEOPLE).all()}

    def remember_people(self, names: dict[str, str]) -> None:
        """Keep display names looked up through the Web API, so each is looked up once."""
        if not names:
            return
        with self._writing():
            table = self._table(PEOPLE)
            table.remove(doc_ids=[d.doc_id for d in table.all() if d["id"] in names])
            table.insert_multiple({"id": k, "name": v} for k, v in names.items())

    def thread(self, channel: str, key: str) -> str | None:
        """The ``ts`` of the first message about ``key`` in ``channel``, if there was one."""
        with self._reading():
            raw = (self._shards.data(MAIN) or {}).get(THREADS, {})
            for doc in raw.values():
                if doc["channel"] == channel and doc["key"] == key:
                    return doc["ts"]
        return None

    def remember_thread(self, channel: str, key: str, ts: str) -> None:
        with self._writing():
            self._remember_thread(channel, key, ts)

    def _remember_thread(self, channel: str, key: str, ts: str) -> None:
        if not any(d["channel"] == channel and d["key"] == key for d in self._table(THREADS).all()):
            self._table(THREADS).insert({"channel": channel, "key": key, "ts": ts})
