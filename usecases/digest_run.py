"""Queueing the digests that are due: each channel's once per period, however many workers look."""

from __future__ import annotations

import time
from datetime import datetime

from tracker import digests
from tracker import notice_payloads as payloads
from tracker.notices import Notice, OutboxItem


def run(services, now: datetime) -> list[OutboxItem]:
    """Queue every digest due at ``now`` (aware, local); returns what was queued, for the caller to deliver."""
    store, config = services.store, services.config
    queued: list[OutboxItem] = []
    for digest in store.digests():
        key = digests.period_key(digest, now)
        if key is None or not store.unseen([key]):
            continue
        # Built outside the store's lock; the store queues it only if no other worker did first.
        found = digests.content(digest, store.recommendations(), config.today(), config.rag_rules)
        notices = (
            [Notice(kind=payloads.DIGEST, channel=digest.channel, payload=payloads.digest_payload(digest, found))]
            if found
            else []
        )
        queued += store.queue_digest(digest, key, notices, time.time(), at=config.now_iso())
    return queued
