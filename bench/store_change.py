"""The store's share of `/rec update`: ``store.change(...)`` alone, timed at a given size, on each store.

    python bench/store_change.py                       # 10,000 recommendations, TinyDB and PostgreSQL
    python bench/store_change.py --sizes 1000,10000 --changes 300 --stores tinydb

Each change is what ``/rec update`` asks of the store: a request id recorded once, a status set
and a history entry added to one recommendation picked at random, its notices built from the
subscriptions and queued in the same commit. Every durability guarantee stays on: the TinyDB
store fsyncs and renames as always, and the PostgreSQL server runs with ``fsync`` and
``synchronous_commit`` on. Medians and p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench import REVIEWS, p95, postgres, synthetic  # noqa: E402
from storage.store import Store  # noqa: E402
from tracker import changes  # noqa: E402
from tracker.subscriptions import Subscription  # noqa: E402


def notices(rec, entries, subs) -> list[dict]:
    """One notice per subscribed channel, as the notifier queues them (rendered at delivery)."""
    return [{"channel": s.channel, "kind": "change", "key": rec.key} for s in subs if s.target == f"rec:{rec.key}"]


def time_changes(store, size: int, count: int, seed: int = 1) -> list[float]:
    """``count`` changes of random recommendations; milliseconds each."""
    rng = random.Random(seed)
    reviews = min(REVIEWS, size)
    statuses = ["in_progress", "planned", "completed"]
    out = []
    for n in range(count):
        slug, number = f"synthetic-{rng.randrange(reviews)}", rng.randint(1, size // reviews)
        status = rng.choice(statuses)

        def mutate(rec, status=status):
            return [changes.set_status(rec, status, "bench note", _actor(), "2026-11-24T09:00:00Z")]

        started = time.perf_counter()
        store.change(slug, f"R{number}", mutate, notices=notices, now=time.time(), request_id=f"bench-{seed}-{n}")
        out.append((time.perf_counter() - started) * 1000)
    return out


def _actor():
    from tracker.changes import Actor

    return Actor(user="UBENCH01", name="officer")


def open_store(kind: str, tmp: Path, size: int, url: str):
    if kind == "tinydb":
        return Store(tmp / f"store-{size}" / "recbot.json")
    from storage.postgres import PostgresStore
    from tests.pg_server import empty

    empty(url)
    return PostgresStore(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--changes", type=int, default=300)
    parser.add_argument("--stores", default="tinydb,postgres")
    args = parser.parse_args()
    stores = [s.strip() for s in args.stores.split(",") if s.strip()]
    rows = []
    with tempfile.TemporaryDirectory() as tmp, postgres(stores, durable=True) as url:
        for kind in stores:
            for size in (int(s) for s in args.sizes.split(",")):
                store = open_store(kind, Path(tmp), size, url)
                store.import_papers(synthetic(size), at="2025-01-01T00:00:00Z", paper_name="synthetic")
                store.subscribe(Subscription("CBENCH", "rec:synthetic-0/R1", "all", "UBENCH01", "2026-01-01"))
                time_changes(store, size, 20, seed=0)  # warm: the index built, the pool's connections open
                times = time_changes(store, size, args.changes)
                rows.append((kind, size, times))
                if hasattr(store, "close"):
                    store.close()
    print(f"machine: {os.cpu_count()} cores; store.change() alone, medians / p95 in ms")
    for kind, size, times in rows:
        print(f"{kind:<9} {size:>7,}   {statistics.median(times):6.2f} / {p95(times):6.2f}   ({len(times)} changes)")


if __name__ == "__main__":
    main()
