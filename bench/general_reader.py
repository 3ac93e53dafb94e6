"""The general reader's speed on big text papers, against the seed layout that reads the same paper.

    python bench/general_reader.py            # five rounds each
    python bench/general_reader.py --rounds 3

Cases: a 2,000-row tab-separated tracker (No. / Recommendation / Response / Lead officer /
Target date), a 2,000-item numbered response ("Recommendation N:" + "Response:" paragraphs), and
the Wiltshire 2013 seed repeated 20 times (about 700 KB) read by the general rules and by its own
layout. Medians in milliseconds; the ratio is the general reader's median over the layout's.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tracker.importers import read_import  # noqa: E402

SEED = ROOT.parent / "shared" / "seeds" / "wiltshire-2013-06-executive-response.txt"


def tracker_rows(n: int) -> bytes:
    rows = ["No.\tRecommendation\tResponse\tLead officer\tTarget date"]
    rows += [
        f"{i}\tThat the council reviews service {i} in full.\tAgreed\tJo Marsh\tMarch 2027" for i in range(1, n + 1)
    ]
    return ("Harcombe County Council tracker, 1 April 2026\n\n" + "\n".join(rows)).encode()


def numbered(n: int) -> bytes:
    items = [
        f"Recommendation {i}: That the council reviews service {i} in full.\n\nResponse: Agreed, by end of March.\n"
        for i in range(1, n + 1)
    ]
    return ("Executive response, 1 April 2026\n\n" + "\n".join(items)).encode()


def median_ms(data: bytes, layout: str | None, rounds: int) -> tuple[float, int]:
    times, count = [], 0
    for _ in range(rounds):
        started = time.perf_counter()
        count = len(read_import(data, "bench.txt", layout).papers[0].recommendations)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    for name, data in (("2,000-row tab tracker", tracker_rows(2000)), ("2,000 numbered items", numbered(2000))):
        ms, count = median_ms(data, None, args.rounds)
        print(f"{name:<32} {len(data) // 1024:>5} KB  {count:>5} recs  median {ms:8.0f} ms")
    if SEED.exists():
        big = "\n".join([SEED.read_text(encoding="utf-8")] * 20).encode()
        general, count = median_ms(big, "general", args.rounds)
        layout, _ = median_ms(big, "wiltshire-appendix", args.rounds)
        print(
            f"{'Wiltshire 2013 x20, general':<32} {len(big) // 1024:>5} KB  {count:>5} recs  median {general:8.0f} ms"
        )
        print(f"{'Wiltshire 2013 x20, its layout':<32} {len(big) // 1024:>5} KB  {'':>5}       median {layout:8.0f} ms")
        print(f"ratio general / layout: {general / layout:.1f}")


if __name__ == "__main__":
    main()
