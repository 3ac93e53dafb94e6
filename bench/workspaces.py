"""What a store per workspace costs: the same lookups and changes on the root store and on a workspace's.

    python bench/workspaces.py                 # TinyDB and PostgreSQL, 1,000 recommendations
    python bench/workspaces.py --recs 10000 --workspaces 50

A workspace's TinyDB store is the same kind of store in a folder of its own, so only PostgreSQL's
schema per workspace (``SET LOCAL search_path`` in every transaction, over one shared pool) can
cost anything: this measures ``get`` and a status ``change`` on the root schema and on a workspace
schema holding the same recommendations, and the first use of a workspace (schema created and
migrated). Medians and p95 in milliseconds. PostgreSQL is a throwaway server (tests/pg_server.py).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from settings.config import Config  # noqa: E402
from settings.stores import open_store, open_workspace_store  # noqa: E402
from tracker.models import Paper, Recommendation, Review  # noqa: E402


def paper(n: int) -> Paper:
    review = Review(slug="bench", title="Bench review", council="Bench Council")
    recs = [Recommendation(review="bench", id=f"R{i}", title=f"Rec {i}", text=f"Text {i}") for i in range(1, n + 1)]
    return Paper(review=review, recommendations=recs)


def timed(calls: int, do) -> tuple[float, float]:
    samples = []
    for i in range(calls):
        started = time.perf_counter()
        do(i)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95)]


def measure(name: str, store, n: int, calls: int) -> dict[str, tuple[float, float]]:
    store.import_paper(paper(n), at="2026-11-24T00:00:00Z", paper_name="bench.csv")
    out = {
        "get": timed(calls, lambda i: store.get("bench", f"R{i % n + 1}")),
        "change": timed(
            calls // 4,
            lambda i: store.change("bench", f"R{i % n + 1}", lambda rec: setattr(rec, "status", "in_progress")),
        ),
    }
    for what, (median, p95) in out.items():
        print(f"{name:<28} {what:<7} median {median:7.3f} ms   p95 {p95:7.3f} ms")
    return out


def run(kind: str, url: str, folder: Path, n: int, calls: int, workspaces: int) -> None:
    config = Config(db_path=folder / "data" / "recbot.json", db_url=url)
    root = open_store(config)
    base = measure(f"{kind} root store", root, n, calls)
    first = []
    for w in range(workspaces):
        started = time.perf_counter()
        open_workspace_store(config, root, f"T{w:08d}")
        first.append((time.perf_counter() - started) * 1000)
    one = measure(f"{kind} workspace store", open_workspace_store(config, root, "T00000000"), n, calls)
    for what in ("get", "change"):
        print(f"{kind:<28} {what:<7} workspace / root median: {one[what][0] / base[what][0]:.2f}x")
    print(f"{kind:<28} first use of a workspace: median {statistics.median(first):.1f} ms over {workspaces}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recs", type=int, default=1000)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--workspaces", type=int, default=20)
    parser.add_argument("--stores", default="tinydb,postgres")
    args = parser.parse_args(argv)
    kinds = args.stores.split(",")
    if "tinydb" in kinds:
        with tempfile.TemporaryDirectory() as folder:
            run("tinydb", "", Path(folder), args.recs, args.calls, args.workspaces)
    if "postgres" in kinds:
        from tests.pg_server import server

        with server() as url, tempfile.TemporaryDirectory() as folder:
            run("postgres", url, Path(folder), args.recs, args.calls, args.workspaces)
    return 0


if __name__ == "__main__":
    sys.exit(main())
