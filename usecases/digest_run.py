"""Sending the digests that are due: each channel's once per period, however many workers look."""

from __future__ import annotations

import time
from datetime import datetime

from slack_sdk import WebClient

from bot.delivery import deliver
from bot.digest_blocks import digest_message
from tracker import digests


def run(services, now: datetime, client: WebClient | None = None) -> list[dict]:
    """Queue every digest due at ``now`` (aware, local) and deliver; returns what was queued."""
    store, config = services.store, services.config
    queued: list[dict] = []
    for digest in store.digests():
        key = digests.period_key(digest, now)
        if key is None or not store.unseen([key]):
            continue
        # Built outside the store's lock; the store queues it only if no other worker did first.
        found = digests.content(digest, store.recommendations(), config.today(), config.rag_rules)
        items = (
            [{"channel": digest.channel, "message": digest_message(digest, found), "kind": "digest"}] if found else []
        )
        queued += store.queue_digest(digest, key, items, time.time(), at=config.now_iso())
    if queued and client is not None:
        deliver(store, client)
    return queued
