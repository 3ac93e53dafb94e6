"""Measure `/rec R16` through the real HTTP path: signed requests to a served app, Web API faked.

    python bench/lookup_latency.py [--requests 300]

Prints median and p95 in milliseconds. Run it on an idle machine; quote medians.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from werkzeug.serving import make_server  # noqa: E402

from app import create_app  # noqa: E402
from bot.config import Config  # noqa: E402
from storage.store import Store  # noqa: E402
from tests.fake_slack import FakeSlack  # noqa: E402
from tests.slack_requests import SlackSender  # noqa: E402
from tracker.importers import read_paper  # noqa: E402

SEED = ROOT.parent / "shared" / "seeds" / "wiltshire-2013-06-executive-response.txt"


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, FakeSlack() as fake:
        config = Config(
            signing_secret="bench",
            bot_token="xoxb-bench",
            api_url=fake.api_url,
            db_path=Path(tmp) / "recbot.json",
        )
        paper = read_paper(SEED.read_bytes(), SEED.name)
        Store(config.db_path).import_paper(paper, at="2026-01-01T00:00:00Z", paper_name=SEED.name)
        server = make_server("127.0.0.1", 0, create_app(config), threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        sender = SlackSender(f"http://127.0.0.1:{server.server_port}", "bench", fake.response_url())
        for _ in range(20):  # warm up: first request runs auth.test
            sender.command("R16")
        timings = []
        for _ in range(args.requests):
            started = time.perf_counter()
            response = sender.command("R16")
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200 and "R16" in response.text
        server.shutdown()
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"/rec R16 over HTTP, 41 recommendations, {args.requests} requests: "
        f"median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms"
    )


if __name__ == "__main__":
    main()
