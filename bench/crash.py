"""Crash safety: SIGKILL a server in the middle of writes, 100 times, and check nothing acknowledged is lost.

    python bench/crash.py [--kills 100] [--store postgres]

Each round starts ``recbot serve`` on the same store, sends it signed status updates from four
threads, kills it with SIGKILL at a random moment, then opens the store: it must load, and every
update whose HTTP answer came back 200 must be in the history. Exits non-zero on any loss.
``--store postgres`` kills a server writing to a throwaway PostgreSQL server (fsync on) instead.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench import postgres  # noqa: E402
from bench.load import SECRET, close, free_port, open_store, wait_until_up  # noqa: E402
from storage.generations import file_generation  # noqa: E402
from tests.fake_slack import FakeSlack  # noqa: E402
from tests.slack_requests import SlackSender  # noqa: E402
from tracker.importers import read_paper  # noqa: E402

SAMPLE = ROOT / "samples" / "example-executive-response.txt"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--store", default="tinydb", choices=["tinydb", "postgres"])
    args = parser.parse_args()
    rng = random.Random(args.seed)
    acked: set[str] = set()
    counter = iter(range(10**9))
    with tempfile.TemporaryDirectory() as tmp, FakeSlack() as fake, postgres([args.store], durable=True) as db_url:
        db = db_url or Path(tmp) / "recbot.json"
        paper = read_paper(SAMPLE.read_bytes(), SAMPLE.name)
        store = open_store(db)
        store.import_paper(paper, at="2026-01-01T00:00:00Z", paper_name=SAMPLE.name)
        close(store)
        slug, ids = paper.review.slug, [r.id for r in paper.recommendations]
        env = {
            **os.environ,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_BOT_TOKEN": "xoxb-crash",
            "SLACK_API_URL": fake.api_url,
            "RECBOT_DB": str(db),
            "RECBOT_SCHEDULER": "off",
            "RECBOT_EDITORS": "*",  # everyone may edit: without it every update is refused (and answered 200)
        }
        mid_write = 0
        for round_ in range(args.kills):
            port = free_port()
            server = subprocess.Popen(
                [sys.executable, "-m", "app", "serve", "--port", str(port)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            url = f"http://127.0.0.1:{port}"
            wait_until_up(url)
            stop = threading.Event()

            def hammer(url=url, stop=stop):
                sender = SlackSender(url, SECRET, fake.response_url())
                while not stop.is_set():
                    note = f"crash-{next(counter)}"
                    try:
                        response = sender.command(f"note {slug} {rng.choice(ids)} {note}")
                    except Exception:  # the server died mid-request: not acknowledged
                        return
                    # Only "Saved ..." acknowledges: a refusal is answered 200 too.
                    if response.status_code == 200 and response.json().get("text", "").startswith("Saved"):
                        acked.add(note)

            threads = [threading.Thread(target=hammer) for _ in range(4)]
            for t in threads:
                t.start()
            time.sleep(rng.uniform(0.05, 0.6))
            server.send_signal(signal.SIGKILL)
            server.wait()
            stop.set()
            for t in threads:
                t.join()
            store = open_store(db)  # must load
            recorded = {u.note for r in store.recommendations(slug) for u in r.updates}
            if not db_url:
                mid_write += bool(abandoned(db))
                store.first_time(f"crash-round-{round_}", 0.0)  # the first write removes the half-done commit
                assert not abandoned(db)
            close(store)
            missing = acked - recorded
            if missing:
                print(f"round {round_ + 1}: {len(missing)} acknowledged update(s) missing: {sorted(missing)[:5]}")
                return 1
    print(
        f"{args.store}: {args.kills} SIGKILLs of a server taking signed updates from 4 threads: the store loaded every "
        f"time; {len(acked)} acknowledged updates, 0 lost; {mid_write} kill(s) left a half-done commit behind "
        "(removed by the next write)"
    )
    return 0


def abandoned(db: Path) -> list[str]:
    """Files a killed writer left: written for a generation after the committed one, or temporary."""
    generation = json.loads(db.read_bytes()).get("generation", 0)
    folder = db.with_name(db.name + ".d")
    files = [p.name for p in folder.glob("*.json") if (file_generation(p.name) or 0) > generation]
    return files + [p.name for p in db.parent.glob(".*.tmp")]


if __name__ == "__main__":
    sys.exit(main())
