"""Lookups and notes while a 10,000-slip run is delivered: delivery must not hold up requests.

    python bench/outbox.py [--items 10000] [--channels 101] [--recs 10000]

Builds a store of ``--recs`` recommendations and an outbox of ``--items`` slip messages (about
4 KB of Block Kit each) to ``--channels`` channels, serves recbot with gunicorn (4 workers), and
delivers the outbox from another process to a fake Slack at one message a second per channel,
as the leader would. Meanwhile it sends signed ``/rec`` lookups and 30 notes over HTTP. Reports
the lookups' median and p95 while delivering, notes that failed, messages posted twice, and the
largest outbox file. Exits non-zero if a note failed, a message was posted twice or one was lost.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench import synthetic  # noqa: E402
from bench.load import SECRET, free_port, server_env, start_gunicorn, wait_until_up  # noqa: E402
from storage.store import Store  # noqa: E402
from tests.fake_slack import FakeSlack  # noqa: E402
from tests.slack_requests import SlackSender, all_text  # noqa: E402
from tracker import notice_payloads as payloads  # noqa: E402
from tracker.notices import Notice  # noqa: E402
from tracker.slips import Slip  # noqa: E402

DELIVER = """
import sys
from bot.delivery import deliver
from bot.slack_app import web_client
from settings.config import Config
from storage.store import Store
from pathlib import Path
import time
config = Config(bot_token="xoxb-bench", api_url=sys.argv[2])
started = time.perf_counter()
posted = len(deliver(Store(Path(sys.argv[1])), web_client(config)).posted)
print(posted, time.perf_counter() - started, flush=True)
"""


def slip_notice(n: int, channel: str) -> Notice:
    """One channel's slip message of 40 slips, as queued: data rendered at delivery."""
    slips = [
        Slip(
            f"synthetic-{n % 10}",
            f"R{n % 997 + k}",
            f"run {n}",
            f"stage {k}",
            f"stage {k} by then",
            date(2026, 1, 1),
            30 + k,
        )
        for k in range(40)
    ]
    return Notice(kind=payloads.SLIPS, channel=channel, payload=payloads.slips_payloads(slips)[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument("--channels", type=int, default=101)
    parser.add_argument("--recs", type=int, default=10000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, FakeSlack() as fake:
        db = Path(tmp) / "recbot.json"
        store = Store(db)
        papers = synthetic(args.recs)
        store.import_papers(papers, at="2026-01-01T00:00:00Z", paper_name="bench")
        items = [slip_notice(n, f"CSLIP{n % args.channels:04d}") for n in range(args.items)]
        store.queue(items, time.time())
        folder = db.with_name(db.name + ".d")
        outbox_bytes = [p.stat().st_size for p in folder.glob("outbox-*.json")]
        port = free_port()
        env = server_env(db, fake.api_url)
        server = start_gunicorn(db, fake.api_url, 4, port)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_up(url)
            sender = SlackSender(url, SECRET, fake.response_url())
            for n in range(20):  # warm every worker
                sender.command(f"synthetic-0 R{n + 1}")
            delivery = subprocess.Popen(
                [sys.executable, "-c", DELIVER, str(db), fake.api_url],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
            lookups: list[float] = []
            failed_notes: list[str] = []
            rng = random.Random(1)
            per_review = args.recs // 10

            def look() -> None:
                mine = SlackSender(url, SECRET, fake.response_url())
                while delivery.poll() is None:
                    t = time.perf_counter()
                    response = mine.command(f"synthetic-{rng.randrange(10)} R{rng.randrange(1, per_review)}")
                    if response.status_code == 200 and "Recommendation" in all_text(response.json()):
                        lookups.append((time.perf_counter() - t) * 1000)
                    time.sleep(0.05)

            readers = [threading.Thread(target=look) for _ in range(2)]
            for r in readers:
                r.start()
            for n in range(30):
                time.sleep(1.5)
                text = all_text(
                    sender.command_json(sender.command(f"note synthetic-1 R{n % per_review + 1} during-delivery-{n}"))
                )
                if "Saved" not in text:
                    failed_notes.append(text[:80])
            out, _ = delivery.communicate()
            posted, elapsed = int(out.split()[0]), float(out.split()[1])
            for r in readers:
                r.join()
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(30)
        posts = fake.calls_to("chat.postMessage")
        counts = Counter(json.dumps(c.args.get("blocks"), sort_keys=True) for c in posts)
        twice = sum(1 for v in counts.values() if v > 1)
        left = Store(db).outbox()
        saved = [u.note for r in Store(db).recommendations("synthetic-1") for u in r.updates]
        missing_notes = [n for n in range(30) if f"during-delivery-{n}" not in saved]
    lookups.sort()
    print(
        f"{args.items} outbox items ({args.channels} channels) over {len(outbox_bytes)} files of at most "
        f"{max(outbox_bytes) / 1e6:.1f} MB ({sum(outbox_bytes) / 1e6:.0f} MB in all), "
        f"store of {args.recs} recommendations"
    )
    print(
        f"delivered {posted} in {elapsed:.0f} s ({posted / elapsed:.0f} messages/s; Slack posts made {len(posts)}); "
        f"left in the outbox {len(left)}; posted twice {twice}"
    )
    print(
        f"lookups while delivering: {len(lookups)}, median {statistics.median(lookups):.1f} ms, "
        f"p95 {lookups[int(len(lookups) * 0.95) - 1]:.1f} ms"
    )
    print(f"notes while delivering: 30, failed {len(failed_notes)}, missing from the history {len(missing_notes)}")
    return 1 if failed_notes or missing_notes or twice or left or len(posts) != args.items else 0


if __name__ == "__main__":
    sys.exit(main())
