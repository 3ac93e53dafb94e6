"""How long building Block Kit takes: the card, a long list, the report, App Home and a history.

    python bench/render.py [--recs 1000] [--rounds 15]

Renders from synthetic recommendations (``bench.bench.synthetic``: three milestones and three history
entries each) with no store and no HTTP, so the time is the builders' own: escaping, formatting,
clipping and splitting. Prints the median and p95 of each in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench import synthetic  # noqa: E402
from bot import blocks, messages, reports, views  # noqa: E402
from tracker import rag  # noqa: E402
from usecases.queries import Found, ReviewSummary  # noqa: E402

TODAY = date(2026, 1, 1)


def cases(n: int) -> dict:
    """What to render, each a function of no arguments."""
    papers = synthetic(n)
    recs = [r for p in papers for r in p.recommendations]
    reviews = [p.review for p in papers]
    first = Found(recs[0], reviews[0])
    summaries = [
        ReviewSummary(p.review, len(p.recommendations), Counter(r.status for r in p.recommendations)) for p in papers
    ]
    rules = rag.DEFAULT_RULES
    return {
        "card x100": lambda: [blocks.rec_card(first, today=TODAY) for _ in range(100)],
        "full card x100": lambda: [blocks.rec_card(first, full=True, today=TODAY) for _ in range(100)],
        f"list of {n}": lambda: blocks.rec_list_message("All", recs, today=TODAY),
        f"report over {n}": lambda: reports.report_message(reviews, recs, TODAY, rules),
        "App Home": lambda: views.home_view(summaries, recs[:20], recs[:40], TODAY, rules, "help"),
        "history x100": lambda: [messages.history_message(recs[0]) for _ in range(100)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recs", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    timings: dict[str, list[float]] = {}
    todo = cases(args.recs)
    for _ in range(args.rounds):  # rounds alternate the cases so that machine noise hits each alike
        for name, render in todo.items():
            start = time.perf_counter()
            render()
            timings.setdefault(name, []).append((time.perf_counter() - start) * 1000)
    print(f"{'rendering':<22} {'median ms':>10} {'p95 ms':>8}")
    for name, values in timings.items():
        p95 = sorted(values)[max(0, round(0.95 * len(values)) - 1)]
        print(f"{name:<22} {statistics.median(values):>10.2f} {p95:>8.2f}")


if __name__ == "__main__":
    main()
