"""What a store per workspace costs: the same lookups and changes on the root store and on a workspace's.

    python bench/workspaces.py                 # TinyDB and PostgreSQL, 1,000 recommendations
    python bench/workspaces.py --recs 10000 --workspaces 50

A workspace's TinyDB store is the same kind of store in a folder of its own, so only PostgreSQL's
schema per workspace (``SET LOCAL search_path`` in every transaction, over one shared pool) can
cost anything: this measures ``get`` and a status ``change`` on the root schema and on a workspace
schema holding the same recommendations, and the first use of a workspace (schema created and
migrated). With ``--http`` it also times signed ``/rec <id>`` lookups through the whole app, one
workspace on ``SLACK_BOT_TOKEN`` against one of several installed through OAuth (Bolt's authorize
then finds the installation in the store on every request), in alternating rounds. Medians and
p95 in milliseconds. PostgreSQL is a throwaway server (tests/pg_server.py).
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


def http_run(kind: str, url: str, folder: Path, n: int, calls: int, workspaces: int) -> None:
    """Signed lookups over HTTP: the single-workspace app against the many-workspaces one."""
    import logging
    import threading

    from werkzeug.serving import make_server

    from app import create_app
    from tests.conftest import SECRET
    from tests.fake_slack import FakeSlack
    from tests.slack_requests import SlackSender
    from tests.workspace_requests import TeamSender, install, many_workspaces

    def serve(config: Config) -> tuple[str, object]:
        server = make_server("127.0.0.1", 0, create_app(config), threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{server.server_port}", server

    for quiet in ("werkzeug", "recbot"):  # a line per request would be timed too
        logging.getLogger(quiet).setLevel(logging.WARNING)
    with FakeSlack() as fake:
        if url:
            from tests.pg_server import empty

            empty(url)
        single = Config(signing_secret=SECRET, bot_token="xoxb-single", api_url=fake.api_url, db_url=url)
        single.db_path = folder / "single" / "recbot.json"
        open_store(single).import_paper(paper(n), at="2026-11-24T00:00:00Z", paper_name="bench.csv")
        many = many_workspaces(fake.api_url, folder / "many", url)
        one_url, one_server = serve(single)
        many_url, many_server = serve(many)
        root = open_store(many)
        teams = [f"T{w:08d}" for w in range(workspaces)]
        for team in teams:
            install(many_url, fake, team, f"xoxb-{team.lower()}")
            open_workspace_store(many, root, team).import_paper(paper(n), at="2026-11-24T00:00:00Z", paper_name="b")
        senders = {
            "one workspace (SLACK_BOT_TOKEN)": [SlackSender(one_url, SECRET, fake.response_url())],
            f"one of {workspaces} installed": [
                TeamSender(SlackSender(many_url, SECRET, fake.response_url()), t) for t in teams
            ],
        }
        samples: dict[str, list[float]] = {name: [] for name in senders}
        for round_ in range(10):
            for name, group in senders.items():
                for i in range(calls // 10):
                    sender = group[(round_ + i) % len(group)]
                    started = time.perf_counter()
                    response = sender.command(f"R{i % n + 1}")
                    samples[name].append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200 and "Rec " in response.text, response.text[:200]
        for name, values in samples.items():
            values.sort()
            median, p95 = statistics.median(values), values[int(len(values) * 0.95)]
            print(f"{kind:<8} /rec lookup, {name:<34} median {median:6.2f} ms   p95 {p95:6.2f} ms")
        one, several = (statistics.median(v) for v in samples.values())
        print(f"{kind:<8} many workspaces / one: {several / one:.2f}x")
        one_server.shutdown()
        many_server.shutdown()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recs", type=int, default=1000)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--workspaces", type=int, default=20)
    parser.add_argument("--stores", default="tinydb,postgres")
    parser.add_argument("--http", action="store_true", help="also time signed lookups through the whole app")
    args = parser.parse_args(argv)
    kinds = args.stores.split(",")
    if "tinydb" in kinds:
        with tempfile.TemporaryDirectory() as folder:
            run("tinydb", "", Path(folder), args.recs, args.calls, args.workspaces)
            if args.http:
                http_run("tinydb", "", Path(folder), args.recs, args.calls // 4, 5)
    if "postgres" in kinds:
        from tests.pg_server import server

        with server() as url, tempfile.TemporaryDirectory() as folder:
            run("postgres", url, Path(folder), args.recs, args.calls, args.workspaces)
            if args.http:
                http_run("postgres", url, Path(folder), args.recs, args.calls // 4, 5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
