"""The store's share of `/rec update`: ``store.change(...)`` alone, timed at a given size, on each store.

    python bench/store_change.py                       # 10,000 recommendations, TinyDB and PostgreSQL
    python bench/store_change.py --sizes 1000,10000 --changes 300 --stores tinydb

Each change is what ``/rec update`` asks of the store: a request id recorded once, a status set
and a history entry added to one recommendation picked at random, its notices built from the
subscriptions and queued in the same commit. Every durability guarantee stays on: the TinyDB
store fsyncs and renames as always, and the PostgreSQL server runs with ``fsync`` and
``synchronous_commit`` on. After each change a floor is timed, the least a durable commit costs
on this disk (a small file written, fsynced and renamed; one row committed in PostgreSQL), so that
a busy disk shows in both. The TinyDB store is made beside the code, where ``data/`` is by default
(``--dir`` elsewhere): on a machine whose ``/tmp`` other programs churn, creating a file there can
cost many times more. Medians and p95 in milliseconds.
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
from storage.generations import fsync_dir, write_durably  # noqa: E402
from storage.store import Store  # noqa: E402
from tracker import changes  # noqa: E402
from tracker.changes import Actor  # noqa: E402
from tracker.subscriptions import Subscription  # noqa: E402


def notices(rec, entries, subs) -> list[dict]:
    """One notice per subscribed channel, as the notifier queues them (rendered at delivery)."""
    return [{"channel": s.channel, "kind": "change", "key": rec.key} for s in subs if s.target == f"rec:{rec.key}"]


def time_changes(store, size: int, count: int, seed: int = 1, floor=None) -> tuple[list[float], list[float]]:
    """``count`` changes of random recommendations, each followed by one ``floor()``; milliseconds each."""
    rng = random.Random(seed)
    reviews = min(REVIEWS, size)
    statuses = ["in_progress", "planned", "completed"]
    actor = Actor(user="UBENCH01", name="officer")
    out, floors = [], []
    for n in range(count):
        slug, number = f"synthetic-{rng.randrange(reviews)}", rng.randint(1, size // reviews)
        status = rng.choice(statuses)

        def mutate(rec, status=status):
            return [changes.set_status(rec, status, "bench note", actor, "2026-11-24T09:00:00Z")]

        started = time.perf_counter()
        store.change(slug, f"R{number}", mutate, notices=notices, now=time.time(), request_id=f"bench-{seed}-{n}")
        out.append((time.perf_counter() - started) * 1000)
        if floor is not None:
            started = time.perf_counter()
            floor(n)
            floors.append((time.perf_counter() - started) * 1000)
    return out, floors


def file_floor(folder: Path):
    """The least a durable atomic file commit costs here: a small file written, fsynced, renamed, dir fsynced."""
    folder.mkdir(parents=True, exist_ok=True)

    def commit(n: int) -> None:
        tmp = folder / f".floor.{n}.tmp"
        write_durably(tmp, b"{}" * 100)
        os.replace(tmp, folder / "floor.json")
        fsync_dir(folder)

    return commit


def pg_floor(url: str):
    """The least a durable PostgreSQL commit costs here: one small row inserted in its own transaction."""
    import psycopg

    conn = psycopg.connect(url, autocommit=True)
    conn.execute("CREATE TABLE IF NOT EXISTS bench_floor (n int, at double precision)")

    def commit(n: int) -> None:
        conn.execute("INSERT INTO bench_floor VALUES (%s, %s)", (n, time.time()))

    return commit


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
    parser.add_argument(
        "--dir", default=str(ROOT), help="where the TinyDB store is made (default: beside the code, like data/)"
    )
    args = parser.parse_args()
    stores = [s.strip() for s in args.stores.split(",") if s.strip()]
    rows = []
    with tempfile.TemporaryDirectory(dir=args.dir, prefix=".bench-") as tmp, postgres(stores, durable=True) as url:
        for kind in stores:
            for size in (int(s) for s in args.sizes.split(",")):
                store = open_store(kind, Path(tmp), size, url)
                store.import_papers(synthetic(size), at="2025-01-01T00:00:00Z", paper_name="synthetic")
                store.subscribe(Subscription("CBENCH", "rec:synthetic-0/R1", "all", "UBENCH01", "2026-01-01"))
                floor = file_floor(Path(tmp) / "floor") if kind == "tinydb" else pg_floor(url)
                time_changes(store, size, 20, seed=0, floor=floor)  # warm: the index built, the pool open
                times, floors = time_changes(store, size, args.changes, floor=floor)
                rows.append((kind, size, times, floors))
                if hasattr(store, "close"):
                    store.close()
    print(f"machine: {os.cpu_count()} cores; store.change() alone, medians / p95 in ms")
    print("store       size   change            durable-commit floor   ratio")
    for kind, size, times, floors in rows:
        m, f = statistics.median(times), statistics.median(floors)
        print(
            f"{kind:<9} {size:>7,}   {m:6.2f} / {p95(times):6.2f}   {f:6.2f} / {p95(floors):6.2f}"
            f"        {m / f:4.1f}x   ({len(times)} changes)"
        )


if __name__ == "__main__":
    main()
