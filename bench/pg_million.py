"""PostgreSQL at scale: 1,000,000 recommendations across 300 reviews, loaded with COPY, then measured.

    python bench/pg_million.py [--recs 1000000] [--reviews 300] [--requests 300]

Loads a throwaway server (``tests/pg_server.py``, durability settings off: the data is thrown
away) through COPY, then, beside bench.py's three floors in alternating rounds, times signed
``/rec <review> R<n>`` lookups through the whole app and the store's share alone, shows the plans of the
lookups (``find(rec_id)`` across every review must use an index), and times the daily slip check
the day after a previous one (reading only what fell due or changed since). Medians and p95 in ms.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from bench.bench import FLOORS, SECRET, p95, postgres, serve, timed  # noqa: E402
from bot.slack_app import Services  # noqa: E402
from settings.config import Config  # noqa: E402
from storage.postgres import PostgresStore  # noqa: E402
from tests.fake_slack import FakeSlack  # noqa: E402
from tests.slack_requests import SlackSender  # noqa: E402
from tracker.slips import CheckMark  # noqa: E402
from tracker.subscriptions import Subscription  # noqa: E402
from usecases import slipcheck  # noqa: E402

TODAY = date(2026, 11, 24)
FIRST = date(2024, 1, 1)
SPREAD = 5 * 365  # milestone dates over five years
TEXT = "The council should review how referrals are handled and report back to the committee."


def rec_doc(review: str, n: int, rng: random.Random) -> tuple[dict, list[date]]:
    """One stored recommendation (the shape ``tracker.serialise.rec_to_dict`` writes) and its dates."""
    dues = sorted(FIRST + timedelta(days=rng.randrange(SPREAD)) for _ in range(3))
    owners = [{"name": "Officer", "role": "", "slack_user": f"U{n % 500:08d}"}] if n % 10 == 0 else []
    doc = {
        "review": review,
        "id": f"R{n}",
        "title": f"Recommendation {n} of {review}",
        "text": TEXT,
        "response": "Agreed; a plan is in place.",
        "status": "in_progress",
        "status_text": "Agreed",
        "number": n,
        "owners": owners,
        "milestones": [
            {
                "label": f"stage {k}",
                "due": d.isoformat(),
                "done": d < TODAY - timedelta(days=30),
                "source": f"stage {k} by then",
                "at_risk": False,
                "revised_from": [],
                "moved": "",
            }
            for k, d in enumerate(dues)
        ],
        "updates": [
            {
                "at": "2025-01-01T09:00:00Z",
                "by": "UBENCH01",
                "by_name": "officer",
                "note": "Progress reported to the task group.",
                "source": "command",
            }
        ],
    }
    return doc, dues


def load(url: str, recs: int, reviews: int) -> float:
    """COPY ``recs`` recommendations over ``reviews`` reviews into an empty store; seconds taken."""
    import psycopg

    from tests.pg_server import empty

    PostgresStore(url).close()  # the schema, migrated
    empty(url)
    rng = random.Random(1)
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        with conn.cursor() as cur:
            with cur.copy("COPY reviews (slug, doc) FROM STDIN") as copy:
                for r in range(reviews):
                    slug = f"review-{r:03d}"
                    # Report dates spread over two years: now and then a response clock runs out.
                    reported = (TODAY - timedelta(days=730 - r * 730 // reviews)).isoformat()
                    review = {"slug": slug, "title": f"Review {r}", "council": f"Council {r % 40}"}
                    copy.write_row((slug, json.dumps({**review, "date": "2024-01-01", "reported": reported})))
            per = recs // reviews
            with cur.copy("COPY recommendations (review, id, status, doc, dates) FROM STDIN") as copy:
                for r in range(reviews):
                    slug = f"review-{r:03d}"
                    for n in range(1, per + (1 if r < recs % reviews else 0) + 1):
                        doc, dues = rec_doc(slug, n, rng)
                        days = "{" + ",".join(d.isoformat() for d in sorted(set(dues))) + "}"
                        copy.write_row((slug, doc["id"], doc["status"], json.dumps(doc), days))
        conn.execute("ANALYZE")
    return time.perf_counter() - started


def plans(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for sql in (
            "SELECT doc FROM recommendations WHERE id = 'R16' ORDER BY review",
            "SELECT doc FROM recommendations WHERE review = 'review-150' AND id = 'R16'",
            "SELECT doc FROM recommendations WHERE dates && '{2026-11-23,2026-11-24,2026-11-30,2026-12-01}'::date[]"
            " UNION ALL SELECT doc FROM recommendations WHERE changed >= '999999999'::xid8"
            " AND NOT dates && '{2026-11-23,2026-11-24,2026-11-30,2026-12-01}'::date[]",
        ):
            plan = [row[0] for row in conn.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql)]
            print(f"  {sql[:90]}")
            print("\n".join(f"      {line}" for line in plan))


def _timed_calls(call, count: int = 300) -> list[float]:
    out = []
    for _ in range(count):
        started = time.perf_counter()
        call()
        out.append((time.perf_counter() - started) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recs", type=int, default=1_000_000)
    parser.add_argument("--reviews", type=int, default=300)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    logging.getLogger("recbot.request").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp, FakeSlack() as fake, postgres(["postgres"]) as url:
        seconds = load(url, args.recs, args.reviews)
        print(f"loaded {args.recs:,} recommendations over {args.reviews} reviews with COPY in {seconds:.0f} s")
        plans(url)
        config = Config(
            signing_secret=SECRET,
            bot_token="xoxb-bench",
            api_url=fake.api_url,
            db_path=Path(tmp) / "unused.json",
            db_url=url,
            scheduler=False,
        )
        web = create_app(config)
        ours_url, ours_server = serve(web)
        floor_servers = {name: serve(make(fake.api_url)) for name, make in FLOORS.items()}
        ours = SlackSender(ours_url, SECRET, fake.response_url())
        floor_senders = {name: SlackSender(u, SECRET, fake.response_url()) for name, (u, _) in floor_servers.items()}
        rng = random.Random(2)
        per = args.recs // args.reviews
        timed(ours, ["help"] * 10)
        for sender in floor_senders.values():
            timed(sender, ["R16"] * 10)
        lookups, floors = [], {name: [] for name in FLOORS}
        for _ in range(6):
            picks = [(rng.randrange(args.reviews), rng.randint(1, per)) for _ in range(args.requests // 6)]
            lookups += timed(ours, [f"review-{r:03d} R{n}" for r, n in picks])
            for name, sender in floor_senders.items():
                floors[name] += timed(sender, ["R16"] * len(picks))
        ours_server.shutdown()
        web.config["RECBOT_STOP_DELIVERY"]()  # its delivery worker, before the server it reads goes
        for _, server in floor_servers.values():
            server.shutdown()

        store = PostgresStore(url)
        store.subscribe(Subscription("CBENCH", "all", "slips", "UBENCH01", "2026-01-01"))
        # The check of the day before, as the daily run leaves it.
        seen = store._rows("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")[0][0]
        yesterday = TODAY - timedelta(days=1)
        store.record_check(CheckMark(yesterday, yesterday + timedelta(days=config.remind_days), seen))
        started = time.perf_counter()
        result = slipcheck.run(Services(config=config, store=store), TODAY)
        check_s = time.perf_counter() - started
        gets = _timed_calls(lambda: store.get(f"review-{rng.randrange(args.reviews):03d}", f"R{rng.randint(1, per)}"))
        finds = _timed_calls(lambda: store.find(f"R{rng.randint(1, per)}"), 50)
        store.close()
    lm = statistics.median(lookups)
    print(f"signed /rec <review> R<n> through the app: {lm:.1f} / {p95(lookups):.1f} ms (median / p95)")
    for name, values in floors.items():
        fm = statistics.median(values)
        print(f"  floor {name:<8} {fm:5.1f} / {p95(values):5.1f} ms; recbot's median is {lm / fm:.2f}x")
    print(f"store.get(review, id) alone: {statistics.median(gets):.2f} / {p95(gets):.2f} ms")
    print(f"store.find(id) across all {args.reviews} reviews: {statistics.median(finds):.2f} / {p95(finds):.2f} ms")
    print(
        f"slip check the day after the last: {check_s * 1000:.0f} ms, read {result.checked:,} recommendations, "
        f"{len(result.new_slips)} new slips, {len(result.new_reminders)} reminders, "
        f"{len(result.new_overdue)} responses newly overdue"
    )


if __name__ == "__main__":
    main()
