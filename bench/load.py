"""Many workers, one store: gunicorn with 4 workers takes 1,000 concurrent signed status updates.

    python bench/load.py [--updates 1000] [--workers 4] [--concurrency 32] [--padding 0] [--store postgres]

Afterwards it checks that every acknowledged update is in the history, that the store loads, and
that every worker serves the newest data at once (a final update, then lookups spread over the
workers must all show it). Slack gives up on an answer after 3 s, so each answer is also sorted
by when it came: an update answered "saved" within 3 s must be in the history; one answered
"busy, nothing was recorded", or later than 3 s, must not be (a person would retry it and record
it twice). Exits non-zero if anything was lost, stale or mismatched. ``--padding`` adds that many
bytes of text to every recommendation, so each write is slower and the lock is held longer.
``--store postgres`` runs the same against a throwaway PostgreSQL server with fsync on.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench import postgres  # noqa: E402
from storage.store import Store  # noqa: E402
from tests.fake_slack import FakeSlack  # noqa: E402
from tests.slack_requests import SlackSender, all_text  # noqa: E402
from tracker.importers import read_paper  # noqa: E402

SECRET = "load-secret"
DEADLINE_MS = 3000  # Slack shows the person an error if the answer takes longer
SAMPLE = ROOT / "samples" / "example-executive-response.txt"
SEED = ROOT.parent / "shared" / "seeds" / "wiltshire-2013-06-executive-response.txt"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, timeout: float = 30) -> None:
    import requests

    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if requests.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not come up")


def server_env(db: Path | str, api_url: str) -> dict[str, str]:
    """The environment of a recbot server on ``db`` that talks to the fake Slack at ``api_url``."""
    return {
        **os.environ,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_BOT_TOKEN": "xoxb-load",
        "SLACK_API_URL": api_url,
        "RECBOT_DB": str(db),
        "RECBOT_SCHEDULER": "off",
        "RECBOT_EDITORS": "*",  # everyone may edit: without it every update is refused (and answered 200)
    }


def start_gunicorn(
    db: Path | str, api_url: str, workers: int, port: int, threads: int = 1, wsgi: str = "app:app"
) -> subprocess.Popen:
    """recbot (or the floor, ``wsgi``) under gunicorn on 127.0.0.1:``port``, its scheduler off."""
    command = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", str(threads)]
    command += ["--bind", f"127.0.0.1:{port}"]
    return subprocess.Popen(
        [*command, "--log-level", "warning", wsgi],
        cwd=ROOT,
        env=server_env(db, api_url),
        stderr=subprocess.DEVNULL,
    )


def open_store(db: Path | str):
    """The store at ``db``: a TinyDB path or a PostgreSQL URL."""
    if isinstance(db, str):
        from storage.postgres import PostgresStore

        return PostgresStore(db)
    return Store(db)


def close(store) -> None:
    if hasattr(store, "close"):
        store.close()


def floor_throughput(api_url: str, args) -> float:
    """Requests a second the framework's floor answers under the same gunicorn and client."""
    port = free_port()
    server = start_gunicorn("", api_url, args.workers, port, args.threads, wsgi="bench.floor_wsgi:app")
    try:
        url = f"http://127.0.0.1:{port}"
        sender = SlackSender(url, SECRET, "")
        deadline = time.time() + 30
        while time.time() < deadline:  # the floor has no /healthz: wait until it answers a command
            try:
                if sender.command("R16").status_code == 200:
                    break
            except OSError:
                time.sleep(0.2)

        def send(_):
            return SlackSender(url, SECRET, "").command("R16").status_code

        started = time.perf_counter()
        with ThreadPoolExecutor(args.concurrency) as pool:
            codes = list(pool.map(send, range(args.updates)))
        elapsed = time.perf_counter() - started
        assert codes.count(200) == len(codes), "the floor failed requests"
        return args.updates / elapsed
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--updates", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--padding", type=int, default=0)
    parser.add_argument("--store", default="tinydb", choices=["tinydb", "postgres"])
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    parser.add_argument("--no-floor", dest="floor", action="store_false", help="skip the framework floor's run")
    args = parser.parse_args()
    paper_path = SEED if SEED.exists() else SAMPLE
    with tempfile.TemporaryDirectory() as tmp, FakeSlack() as fake, postgres([args.store], durable=True) as url:
        db = url or Path(tmp) / "recbot.json"
        paper = read_paper(paper_path.read_bytes(), paper_path.name)
        for rec in paper.recommendations:
            rec.text += " " + "x" * args.padding
        store = open_store(db)
        store.import_paper(paper, at="2026-01-01T00:00:00Z", paper_name=paper_path.name)
        close(store)
        slug, ids = paper.review.slug, [r.id for r in paper.recommendations]
        port = free_port()
        server = start_gunicorn(db, fake.api_url, args.workers, port, args.threads)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_up(url)
            statuses = ["in progress", "planned", "completed", "under consideration"]
            jobs = [(ids[i % len(ids)], statuses[i % len(statuses)], f"load-{i:05d}") for i in range(args.updates)]

            def send(job):
                rec_id, status, note = job
                sender = SlackSender(url, SECRET, fake.response_url())
                started = time.perf_counter()
                response = sender.command(f"update {slug} {rec_id} {status} {note}")
                ms = (time.perf_counter() - started) * 1000
                text = all_text(response.json()) if response.status_code == 200 else ""
                return note, response.status_code, ms, "nothing was recorded" in text

            started = time.perf_counter()
            with ThreadPoolExecutor(args.concurrency) as pool:
                results = list(pool.map(send, jobs))
            elapsed = time.perf_counter() - started
            acked = {note for note, status, ms, busy in results if status == 200 and not busy and ms <= DEADLINE_MS}
            refused = {note for note, status, ms, busy in results if status == 200 and busy}
            late = {note for note, status, ms, busy in results if status != 200 or ms > DEADLINE_MS}
            latencies = sorted(ms for _, status, ms, _ in results if status == 200)

            # The newest data, served by every worker at once.
            sender = SlackSender(url, SECRET, fake.response_url())
            assert sender.command(f"note {slug} {ids[4]} final-marker").status_code == 200
            views = [all_text(sender.command(f"{slug} {ids[4]}").json()) for _ in range(args.workers * 10)]
            stale = sum("final-marker" not in v for v in views)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(30)
        floor_rate = floor_throughput(fake.api_url, args) if args.floor else None
        store = open_store(db)
        recorded = {u.note for r in store.recommendations(slug) for u in r.updates if u.note.startswith("load-")}
        close(store)
        lost = acked - recorded
        # Written although the person was told "busy" or got no answer in time: a retry doubles it.
        doubled = (refused | late) & recorded
    print(
        f"{args.store}: {args.updates} concurrent signed updates through gunicorn with {args.workers} workers "
        f"of {args.threads} thread(s), "
        f"{args.concurrency} at a time: {elapsed:.1f} s ({args.updates / elapsed:.0f} updates/s)"
    )
    print(
        f'answered "saved" within 3 s: {len(acked)}; "busy, nothing was recorded": {len(refused)}; '
        f"answered late or not at all: {len(late)}"
    )
    print(
        f"in the history afterwards {len(recorded)}; saved but lost {len(lost)}; "
        f"refused or late but written {len(doubled)}; mismatches {len(lost) + len(doubled)}"
    )
    if latencies:
        print(
            f"update latency under load: median {statistics.median(latencies):.0f} ms, "
            f"p95 {latencies[int(len(latencies) * 0.95) - 1]:.0f} ms, worst {latencies[-1]:.0f} ms"
        )
    print(f"lookups right after a final update: {len(views)}, stale {stale}")
    if floor_rate:
        ratio = args.updates / elapsed / floor_rate
        print(
            f"floor, the same client against Bolt with process_before_response answering a fixed card under the "
            f"same gunicorn: {floor_rate:.0f} requests/s; recbot's updates reach {ratio:.2f}x of it"
        )
    return 1 if lost or stale or doubled else 0


if __name__ == "__main__":
    sys.exit(main())
