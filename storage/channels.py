"""What the TinyDB store keeps per channel and person: subscriptions, expected uploads, digests,
display names and message threads (small tables in the ``main`` document)."""

from __future__ import annotations

from dataclasses import asdict, replace

from tracker.digests import Digest
from tracker.notices import Notice, OutboxItem
from tracker.subscriptions import Subscription

from .outbox import ONCE

MAIN = "main"
SUBS = "subscriptions"
THREADS = "threads"
UPLOADS = "uploads"
PEOPLE = "people"
DIGESTS = "digests"


class ChannelsMixin:
    """Channel and people methods of the Store (they use its lock, tables and outbox)."""

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

    def queue_digest(self, digest: Digest, key: str, notices: list[Notice], now: float, at: str) -> list[OutboxItem]:
        """Queue a channel's digest for the period ``key`` exactly once, however many workers try.

        ``notices`` were built from ``digest`` as read (its ``last_at``); if another worker has sent a
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
            return self._queue(notices, now)

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
