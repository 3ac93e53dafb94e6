"""Processes that write to a store, for the concurrency and crash tests."""

from __future__ import annotations

import sys

from storage.store import Store
from tracker.models import Paper, Recommendation, Review


def one_rec_paper(slug: str, text: str = "text") -> Paper:
    review = Review(slug=slug, title=f"Review {slug}", council="Test Council")
    return Paper(review, [Recommendation(review=slug, id="R1", title=slug, text=text)])


def write_reviews(path: str, worker: int, count: int) -> None:
    """Import ``count`` one-recommendation reviews named ``w<worker>-<n>``."""
    store = Store(path)
    for n in range(count):
        store.import_paper(one_rec_paper(f"w{worker}-{n}"), at="2026-01-01T00:00:00Z", paper_name="p")


if __name__ == "__main__":
    # Crash-test writer: import forever, printing each review once its write is acknowledged.
    store = Store(sys.argv[1])
    start = int(sys.argv[2])
    padding = "x" * 20000  # a bigger file makes a kill mid-write more likely
    for n in range(start, start + 100000):
        store.import_paper(one_rec_paper(f"crash-{n}", padding), at="2026-01-01T00:00:00Z", paper_name="p")
        print(f"crash-{n}", flush=True)
