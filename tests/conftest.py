"""Fixtures: a store on tmp_path, a fake Slack Web API, and the app served over real HTTP."""

from __future__ import annotations

import copy
import functools
import os
import shutil
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app
from settings.config import Config
from storage.store import Store
from tests.fake_slack import FakeSlack, stop_soon
from tests.scratch import memory_dir
from tests.slack_requests import SlackSender
from tracker.importers import read_import, read_paper
from tracker.outbox_policy import GIVEN_UP, PENDING, SENDING, SENT
from tracker.readers import read_document
from tracker.serialise import rec_to_dict, review_to_dict

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
PAPERS = ROOT.parent / "shared" / "papers"  # real papers of other councils, with truth.json
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLE = ROOT / "samples" / "example-executive-response.txt"
W2013 = SEEDS / "wiltshire-2013-06-executive-response.txt"
W2013_REVIEW = "wiltshire-2013-safeguarding"
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


def import_file(store: Store, path: Path, at: str = "2026-11-23T09:00:00Z"):
    """Import one paper the way ``recbot import`` does (the same bytes are read once a session)."""
    paper = copy.deepcopy(_read_paper(path.read_bytes(), path.name))
    return store.import_paper(paper, at=at, paper_name=path.name)


@functools.cache
def _read_paper(data: bytes, name: str):
    return read_paper(data, name)


@functools.cache
def _read_fixture(name: str, reader: Callable):
    return reader((FIXTURES / name).read_bytes(), name)


def fixture_document(name: str):
    """A paper of tests/fixtures as the format readers read it: read once a session, a fresh copy each call."""
    return copy.deepcopy(_read_fixture(name, read_document))


def fixture_import(name: str):
    """A paper of tests/fixtures as the importers read it: read once a session, a fresh copy each call."""
    return copy.deepcopy(_read_fixture(name, read_import))


def until(check: Callable[[], object], timeout: float = 5.0, what: str = "") -> object:
    """Poll ``check`` until it gives something true (work another thread is doing) and return that."""
    deadline = time.monotonic() + timeout
    while not (found := check()):
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout} s waiting for {what or check}")
        time.sleep(0.01)
    return found


def r16(store: Store):
    """R16 of the Wiltshire 2013 paper as the store holds it now."""
    return store.get(W2013_REVIEW, "R16")


# When an outbox item was queued or may next be tried: a clock reading, not part of what it says.
OUTBOX_TIMES = ("created", "next_at")


def state(store) -> dict:
    """What the store holds, read through the port: equal before and after means nothing changed.

    Reviews, recommendations with their whole history, subscriptions, digests, people and every
    outbox item (whatever its status) without its timestamps, so it works on any store.
    """
    return {
        "reviews": [review_to_dict(r) for r in store.reviews()],
        "recommendations": [rec_to_dict(r) for r in store.recommendations()],
        "subscriptions": store.subscriptions(),
        "digests": store.digests(),
        "people": store.people(),
        "outbox": [
            {k: v for k, v in item.to_json().items() if k not in OUTBOX_TIMES}
            for item in store.outbox((PENDING, SENDING, SENT, GIVEN_UP))
        ],
    }


@contextmanager
def another(store):
    """A second handle on the same store, as another worker process opens it."""
    if isinstance(store, Store):
        yield Store(store.path)
        return
    from storage.postgres import PostgresStore

    other = PostgresStore(store.url)
    try:
        yield other
    finally:
        other.close()


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config) -> None:
    """``tmp_path`` folders in shared memory when there is room (see tests/scratch.py).

    Set before pytest first asks for its base folder; xdist workers are handed theirs inside it.
    """
    if config.option.basetemp is None and "PYTEST_DEBUG_TEMPROOT" not in os.environ:
        where = memory_dir()
        if where:
            os.environ["PYTEST_DEBUG_TEMPROOT"] = where


def pytest_xdist_auto_num_workers(config) -> int:
    """One worker more than there are cores for ``-n auto``: about a third of the suite's time is
    spent waiting (on subprocesses, PostgreSQL, fsync and Slack's deadlines), not computing."""
    return (os.cpu_count() or 1) + 1


@pytest.fixture
def env(tmp_path, monkeypatch) -> Path:
    """The CLI's environment: run in tmp_path (no developer .env is read), no Slack settings, a fresh db."""
    monkeypatch.chdir(tmp_path)
    for name in ("SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_API_URL", "RECBOT_TODAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RECBOT_DB", str(tmp_path / "db" / "recbot.json"))
    return tmp_path


@pytest.fixture
def fake_slack():
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def config(tmp_path, fake_slack) -> Config:
    return Config(
        signing_secret=SECRET,
        editors=frozenset({"*"}),  # everyone edits unless a test names the editors
        bot_token="xoxb-test-token",
        api_url=fake_slack.api_url,
        db_path=tmp_path / "data" / "recbot.json",
    )


@pytest.fixture
def store(config) -> Store:
    return Store(config.db_path)


@pytest.fixture(scope="session")
def store_template(tmp_path_factory) -> Callable[[str, Callable[[Store], object]], Path]:
    """``store_template(name, build)``: a store folder that ``build`` fills, built once a session."""
    made: dict[str, Path] = {}

    def template(name: str, build: Callable[[Store], object]) -> Path:
        if name not in made:
            folder = tmp_path_factory.mktemp(name) / "data"
            build(Store(folder / "recbot.json"))
            made[name] = folder
        return made[name]

    return template


def fill(store, template, name: str, build: Callable[[Store], object]):
    """``store`` as ``build`` leaves it: a TinyDB store copied from the session's template, any other built in place."""
    if not isinstance(store, Store):  # another implementation of the store port: built in place
        build(store)
        return store
    assert not store.exists(), f"{name} must be set up before anything writes the store"
    shutil.copytree(template(name, build), store.path.parent, dirs_exist_ok=True)
    return store


@pytest.fixture
def prepare(store, store_template) -> Callable[[str, Callable[[Store], object]], Store]:
    """``prepare(name, build)``: this test's store as ``build`` leaves it, copied from the session's template.

    Fixtures that import papers and make many changes use it: copying the files is much cheaper
    than writing them again for every test, and the store under test is the same.
    """
    return lambda name, build: fill(store, store_template, name, build)


@pytest.fixture
def any_prepare(any_store, store_template):
    """``prepare`` on each implementation of the store port (see ``any_store``)."""
    return lambda name, build: fill(any_store, store_template, name, build)


@pytest.fixture
def w2013(prepare) -> Store:
    """The store with the Wiltshire 2013 executive response imported."""
    return prepare("w2013", lambda store: import_file(store, W2013))


@pytest.fixture
def any_w2013(any_prepare):
    """The Wiltshire 2013 executive response imported, on each implementation of the store port."""
    return any_prepare("w2013", lambda store: import_file(store, W2013))


@pytest.fixture
def live(config):
    """The Flask app served on 127.0.0.1 by a real HTTP server; yields its base URL."""
    web = create_app(config)
    server = make_server("127.0.0.1", 0, web, threaded=True)
    # A short poll: the server stops within 10 ms of shutdown(), not after serve_forever's 0.5 s default.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    # The delivery worker stops before the next test begins: on a shared PostgreSQL database it
    # would otherwise deliver the next test's notices. The server has nothing left to do.
    web.config["RECBOT_STOP_DELIVERY"]()
    store = web.config["RECBOT_SERVICES"].store
    if hasattr(store, "close"):
        store.close()  # a PostgreSQL pool left to the garbage collector can warn in a later test
    stop_soon(server)


@pytest.fixture
def slack(live, fake_slack) -> SlackSender:
    """Sends signed Slack requests to the live app; replies to response_url land in the fake."""
    return SlackSender(live, SECRET, fake_slack.response_url())


@pytest.fixture(scope="session")
def pg_url(tmp_path_factory):
    """A throwaway PostgreSQL server for the session (see tests/pg_server.py).

    Under pytest-xdist each worker runs its own server, started from one data directory that the
    first worker to need it makes (the folder above the workers' temp dirs is shared by the run).
    """
    from filelock import FileLock

    from tests.pg_server import cluster, server

    root = tmp_path_factory.getbasetemp()
    shared = root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root
    template = shared / "pg-cluster"
    with FileLock(str(shared / "pg-cluster.lock")):
        if not (template / "PG_VERSION").exists():
            cluster(str(template))
    with server(template=str(template), in_memory=True) as url:
        yield url


@pytest.fixture(params=["tinydb", "postgres"])
def any_store(request, tmp_path):
    """The same test on each implementation of the store port, starting empty."""
    if request.param == "tinydb":
        yield Store(tmp_path / "data" / "recbot.json")
        return
    from storage.postgres import PostgresStore
    from tests.pg_server import empty

    url = request.getfixturevalue("pg_url")
    store = PostgresStore(url)
    empty(url)
    try:
        yield store
    finally:
        store.close()
