"""recbot against the framework floor, through the real HTTP path with signed requests.

    python bench/bench.py                      # 41, 1,000 and 10,000 recommendations, TinyDB
    python bench/bench.py --stores tinydb,postgres
    python bench/bench.py --quick              # fewer requests, for a smoke run

For each size and store it builds a synthetic store (every recommendation with three milestones
and three history entries), serves the app on 127.0.0.1 and times signed ``/rec <id>`` lookups and
``/rec update <id> ...`` status updates. In the same run three floors answer ``/rec`` with a fixed
card: a bare Bolt app on Flask with its default settings, the same with
``process_before_response=True``, and Flask alone checking the signature with ``SignatureVerifier``;
all are measured in alternating rounds so that machine noise hits each alike. PostgreSQL is a
throwaway server started for the run (``tests/pg_server.py``, durability settings off). It
also times the slip check over the largest store and the import of a 10,000-row CSV. Medians and
p95 in milliseconds; ratios are recbot's median over each floor's.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask import Flask, jsonify, request  # noqa: E402
from slack_bolt import App  # noqa: E402
from slack_bolt.adapter.flask import SlackRequestHandler  # noqa: E402
from slack_sdk import WebClient  # noqa: E402
from slack_sdk.signature import SignatureVerifier  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from app import create_app  # noqa: E402
from bot.slack_app import Services  # noqa: E402
from settings.config import Config  # noqa: E402
from storage.store import Store  # noqa: E402
from tests.fake_slack import FakeSlack  # noqa: E402
from tests.slack_requests import SlackSender  # noqa: E402
from tracker.importers import read_papers  # noqa: E402
from tracker.models import Milestone, Paper, Recommendation, Review, Update  # noqa: E402
from tracker.tabular import to_csv  # noqa: E402
from usecases import slipcheck  # noqa: E402

SECRET = "bench-secret"
REVIEWS = 10
FIXED_CARD = [
    {"type": "header", "text": {"type": "plain_text", "text": "R16 · Development of a MASH"}},
    {
        "type": "section",
        "text": {"type": "mrkdwn", "text": "That the Referral element ... is maintained as a countywide service."},
    },
    {
        "type": "section",
        "fields": [
            {"type": "mrkdwn", "text": "*Status*\nIn progress"},
            {"type": "mrkdwn", "text": "*RAG*\n:red_circle: Red (late)"},
        ],
    },
]


def synthetic(n: int) -> list[Paper]:
    """``n`` recommendations over up to ten reviews, each with 3 milestones and 3 history entries."""
    papers = []
    reviews = min(REVIEWS, n)
    for r in range(reviews):
        slug = f"synthetic-{r}"
        review = Review(slug=slug, title=f"Synthetic review {r}", council="Bench Council", date=date(2024, 1, 1))
        count = n // reviews + (1 if r < n % reviews else 0)
        recs = []
        for i in range(1, count + 1):
            milestones = [
                Milestone(
                    f"stage {k}", date(2025, 1, 1) + timedelta(days=120 * k + i % 90), source=f"stage {k} by then"
                )
                for k in range(3)
            ]
            updates = [
                Update(
                    at=f"2025-0{k + 1}-01T09:00:00Z",
                    by="UBENCH01",
                    by_name="officer",
                    note="Progress reported to the task group. " * 4,
                    source="command",
                )
                for k in range(3)
            ]
            recs.append(
                Recommendation(
                    review=slug,
                    id=f"R{i}",
                    title=f"Recommendation {i} of review {r}",
                    text="The council should review how referrals are handled and report back. " * 8,
                    response="A project manager has been appointed and a plan agreed with partners. " * 6,
                    status="in_progress",
                    status_text="Agreed and action being taken",
                    milestones=milestones,
                    updates=updates,
                )
            )
        papers.append(Paper(review, recs))
    return papers


def serve(wsgi) -> tuple[str, object]:
    server = make_server("127.0.0.1", 0, wsgi, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def floor_app(api_url: str, process_before_response: bool = False, secret: str = SECRET) -> Flask:
    """The framework's floor: Flask + Bolt answering /rec with a fixed card, no store."""
    bolt = App(
        name="floor",
        signing_secret=secret,
        client=WebClient(token="xoxb-floor", base_url=api_url),
        token_verification_enabled=False,
        process_before_response=process_before_response,
    )

    @bolt.command("/rec")
    def rec(ack):
        ack(response_type="ephemeral", text="R16", blocks=FIXED_CARD)

    handler = SlackRequestHandler(bolt)
    web = Flask("floor")

    @web.post("/slack/events")
    def events():
        return handler.handle(request)

    return web


def verifier_app() -> Flask:
    """The lowest floor: Flask alone, checking the signature with slack_sdk's SignatureVerifier."""
    verifier = SignatureVerifier(SECRET)
    web = Flask("verifier")

    @web.post("/slack/events")
    def events():
        if not verifier.is_valid_request(request.get_data(), dict(request.headers)):
            return "invalid signature", 401
        return jsonify(response_type="ephemeral", text="R16", blocks=FIXED_CARD)

    return web


FLOORS = {
    "bolt": lambda url: floor_app(url),
    "bolt-pbr": lambda url: floor_app(url, True),
    "flask": lambda url: verifier_app(),
}


def timed(sender: SlackSender, texts: list[str]) -> list[float]:
    out = []
    for text in texts:
        started = time.perf_counter()
        response = sender.command(text)
        out.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{text!r} answered {response.status_code}: {response.text[:200]}")
    return out


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def measure(size: int, requests: int, rounds: int, fake: FakeSlack, tmp: Path, db_url: str = "") -> dict:
    config = Config(
        signing_secret=SECRET,
        bot_token="xoxb-bench",
        api_url=fake.api_url,
        db_path=tmp / f"store-{size}" / "recbot.json",
        db_url=db_url,
    )
    if db_url:
        from storage.postgres import PostgresStore
        from tests.pg_server import empty

        empty(db_url)
        store = PostgresStore(db_url)
    else:
        store = Store(config.db_path)
    started = time.perf_counter()
    store.import_papers(synthetic(size), at="2025-01-01T00:00:00Z", paper_name="synthetic")
    build = time.perf_counter() - started
    web = create_app(config)
    ours_url, ours_server = serve(web)
    ours = SlackSender(ours_url, SECRET, fake.response_url())
    floor_servers = {name: serve(make(fake.api_url)) for name, make in FLOORS.items()}
    floor_senders = {name: SlackSender(url, SECRET, fake.response_url()) for name, (url, _) in floor_servers.items()}
    rng = random.Random(size)
    ids = [(f"synthetic-{r}", i) for r in range(min(REVIEWS, size)) for i in range(1, size // min(REVIEWS, size) + 1)]
    timed(ours, ["help"] * 10)
    for sender in floor_senders.values():
        timed(sender, ["R16"] * 10)
    lookups, updates = [], []
    floors: dict[str, list[float]] = {name: [] for name in FLOORS}
    per_round = max(1, requests // rounds)
    for _ in range(rounds):
        picks = [rng.choice(ids) for _ in range(per_round)]
        lookups += timed(ours, [f"{slug} R{i}" for slug, i in picks])
        for name, sender in floor_senders.items():
            floors[name] += timed(sender, ["R16"] * per_round)
        picks = [rng.choice(ids) for _ in range(max(1, per_round // 3))]
        statuses = ["in progress", "planned", "completed"]
        updates += timed(ours, [f"update {slug} R{i} {rng.choice(statuses)} bench note" for slug, i in picks])
    ours_server.shutdown()
    web.config["RECBOT_STOP_DELIVERY"]()  # its delivery worker, before the store it sweeps goes
    for _, server in floor_servers.values():
        server.shutdown()
    slip_time = None
    if size >= 10000 and not db_url:
        services = Services(config=config, store=Store(config.db_path))
        services.store.count()  # a running server has the store in memory already
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            result = slipcheck.run(services, date(2026, 11, 23), dry_run=True)
            runs.append(time.perf_counter() - started)
        slip_time = statistics.median(runs)
        print(
            f"  slip check over {result.checked} recommendations: median of 3 {slip_time * 1000:.0f} ms "
            f"({len(result.slips)} late milestones)"
        )
    return {
        "store": "postgres" if db_url else "tinydb",
        "size": size,
        "build_s": build,
        "lookup": lookups,
        "floor": floors,
        "update": updates,
        "slip_s": slip_time,
    }


def csv_import(tmp: Path, rows: int) -> float:
    papers = synthetic(rows)
    reviews = [p.review for p in papers]
    recs = [r for p in papers for r in p.recommendations]
    data = to_csv(reviews, recs).encode("utf-8")
    store = Store(tmp / "csv" / "recbot.json")
    started = time.perf_counter()
    # A 10,000-row export with its history is over the 20 MB a paper may be: allowed on purpose.
    parsed = read_papers(data, "bench.csv", max_bytes=None)
    store.import_papers(parsed, at="2025-01-01T00:00:00Z", paper_name="bench.csv")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="41,1000,10000")
    parser.add_argument("--requests", type=int, default=300, help="lookups per size (updates: a third)")
    parser.add_argument("--quick", action="store_true", help="60 requests per size")
    parser.add_argument("--stores", default="tinydb", help="tinydb, postgres, or both: tinydb,postgres")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    logging.getLogger("recbot.request").setLevel(logging.WARNING)  # one line per request: not wanted here
    requests = 60 if args.quick else args.requests
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    results = []
    stores = [s.strip() for s in args.stores.split(",") if s.strip()]
    with tempfile.TemporaryDirectory() as tmp, FakeSlack() as fake, postgres(stores) as db_url:
        for store in stores:
            for size in (int(s) for s in args.sizes.split(",")):
                print(f"{size:>6} recommendations, {store} ...", flush=True)
                url = db_url if store == "postgres" else ""
                results.append(measure(size, requests, rounds=6, fake=fake, tmp=Path(tmp), db_url=url))
        csv_s = csv_import(Path(tmp), 10000)
    print()
    print("medians / p95 in ms; ratios are recbot's lookup median over each floor's")
    print(
        "store     size   lookup         update         bolt default   bolt pbr       flask+verifier  "
        "vs bolt  vs pbr  vs flask"
    )
    for r in results:
        lm = statistics.median(r["lookup"])
        cells = [f"{statistics.median(v):5.1f} /{p95(v):6.1f}" for v in (r["lookup"], r["update"])]
        cells += [f"{statistics.median(r['floor'][n]):5.1f} /{p95(r['floor'][n]):6.1f}" for n in FLOORS]
        ratios = [f"{lm / statistics.median(r['floor'][n]):5.2f}x" for n in FLOORS]
        print(f"{r['store']:<8} {r['size']:>6}   " + "   ".join(cells) + "   " + "  ".join(ratios))
    for r in results:
        if r["slip_s"] is not None:
            print(f"slip check over {r['size']:,} recommendations: {r['slip_s'] * 1000:.0f} ms")
    print(f"import of a 10,000-row CSV: {csv_s:.2f} s")


@contextlib.contextmanager
def postgres(stores: list[str], durable: bool = False):
    """A throwaway PostgreSQL server when the run measures it (its fsync on if ``durable``); else nothing."""
    if "postgres" not in stores:
        yield ""
        return
    os.environ.setdefault("CI", "true")  # fail loudly, never skip, if the server cannot start
    from tests.pg_server import server

    with server(durable) as url:
        yield url


if __name__ == "__main__":
    main()
