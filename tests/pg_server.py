"""A throwaway PostgreSQL server for the tests: Debian's binaries, a unix socket in a temp dir.

``.ci/run`` installs the ``postgresql`` package. PostgreSQL refuses to run as root, so as root
the server runs as the ``postgres`` user (``setpriv``); only a socket is opened, so no port can
clash. Without the binaries the tests that need it are skipped, except in CI, where they fail.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.scratch import memory_dir


def _missing(why: str):
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        raise RuntimeError(f"{why}: CI must run the PostgreSQL tests (apt-get install postgresql)")
    pytest.skip(f"{why} (apt-get install postgresql)")


def bindir() -> str:
    """Where initdb and pg_ctl are: PG_BINDIR, else Debian's layout (not on PATH), else PATH."""
    if os.environ.get("PG_BINDIR"):
        return os.environ["PG_BINDIR"]
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return os.path.dirname(found[-1])
    if shutil.which("initdb"):
        return os.path.dirname(shutil.which("initdb"))
    _missing("PostgreSQL server binaries not found")


def _run_as() -> tuple[list[str], tuple[int, int] | None]:
    if os.geteuid() != 0:
        return [], None
    try:
        pw = pwd.getpwnam("postgres")
    except KeyError:
        pw = pwd.getpwnam("nobody")
    prefix = ["setpriv", f"--reuid={pw.pw_uid}", f"--regid={pw.pw_gid}", "--clear-groups", "--"]
    return prefix, (pw.pw_uid, pw.pw_gid)


def _options(tmp: str, durable: bool = False) -> str:
    # Throwaway data: durability settings off make the server start and commit faster. A benchmark
    # of commits, or a crash test, keeps them on (``durable``).
    if durable:
        return f"-k {tmp} -c listen_addresses=''"
    return f"-k {tmp} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"


def _quiet(env: dict, cwd: str) -> dict:
    return dict(
        check=True, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def _initdb(as_user: list[str], data: str, cwd: str) -> None:
    initdb = [f"{bindir()}/initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"]
    subprocess.run([*as_user, *initdb, "--no-sync"], **_quiet(_env(), cwd))


def _env() -> dict:
    env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
    for name in ("PGDATA", "PGPORT", "PGHOST"):
        env.pop(name, None)
    return env


def _owned_tmp(in_memory: bool = False) -> tuple[str, list[str], tuple[int, int] | None]:
    # socket and data dir: a short path (sockets have a limit)
    tmp = tempfile.mkdtemp(prefix="pgtest-", dir=memory_dir() if in_memory else None)
    as_user, owner = _run_as()
    if owner:
        os.chown(tmp, *owner)
    return tmp, as_user, owner


def cluster(into: str) -> None:
    """A fresh data directory (initdb) at ``into``, for ``server(template=...)`` to start copies of."""
    tmp, as_user, _ = _owned_tmp()
    try:
        data = os.path.join(tmp, "data")
        _initdb(as_user, data, tmp)
        shutil.copytree(data, into, symlinks=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def server(durable: bool = False, template: str | None = None, in_memory: bool = False) -> Iterator[str]:
    """Start a server; yields its URL (database ``postgres``, user ``postgres``, no password).

    With ``template`` (made by ``cluster``) the server runs on a copy of it instead of running initdb,
    which costs seconds of CPU: parallel test workers make one cluster and each starts its own copy.
    ``in_memory`` keeps a throwaway server's files in shared memory when there is room (see
    ``tests/scratch.py``): a server under test creates and drops thousands of small files.
    """
    bins = bindir()
    tmp, as_user, owner = _owned_tmp(in_memory and not durable)
    data, log = os.path.join(tmp, "data"), os.path.join(tmp, "server.log")
    quiet = _quiet(_env(), tmp)
    if template:
        shutil.copytree(template, data, symlinks=True)
        if owner:
            for folder, dirs, files in os.walk(data):
                for name in [folder, *(os.path.join(folder, n) for n in dirs + files)]:
                    os.lchown(name, *owner)
    else:
        _initdb(as_user, data, tmp)
    opts = _options(tmp, durable)
    with open(os.path.join(tmp, "options"), "w") as f:
        f.write(opts)  # stop/start/restart use the same settings
    try:
        subprocess.run(
            [*as_user, f"{bins}/pg_ctl", "-D", data, "-l", log, "-w", "-t", "60", "-o", opts, "start"], **quiet
        )
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(f"pg_ctl start failed: {exc.stderr}\n{open(log).read()}") from None
    try:
        yield f"postgresql://postgres@/postgres?host={tmp}"
    finally:
        # throwaway data needs no shutdown checkpoint; a durable server is stopped as in production
        mode = "fast" if durable else "immediate"
        subprocess.run([*as_user, f"{bins}/pg_ctl", "-D", data, "-m", mode, "-w", "stop"], **dict(quiet, check=False))
        shutil.rmtree(tmp, ignore_errors=True)


def empty(url: str) -> None:
    """Remove every row the store keeps (the schema stays): each test starts from nothing."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_version'"
            )
        ]
        if tables:
            conn.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        # Workspaces' schemas (many workspaces, one database) go whole.
        for (schema,) in conn.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'ws\\_%'").fetchall():
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def _pg_ctl(url: str, *args: str) -> None:
    tmp = url.rsplit("host=", 1)[1]
    as_user, _ = _run_as()
    with open(os.path.join(tmp, "options")) as f:
        opts = f.read()
    subprocess.run(
        [*as_user, f"{bindir()}/pg_ctl", "-D", os.path.join(tmp, "data"), "-l", os.path.join(tmp, "server.log")]
        + ["-w", "-o", opts, *args],
        check=True,
        cwd=tmp,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def restart(url: str) -> None:
    """Restart the server behind ``url`` (fast shutdown: every connection is cut)."""
    _pg_ctl(url, "-m", "fast", "restart")


def stop(url: str) -> None:
    """Stop the server behind ``url`` (fast shutdown: every connection is cut) until ``start``."""
    _pg_ctl(url, "-m", "fast", "stop")


def start(url: str) -> None:
    """Start again a server stopped by ``stop``."""
    _pg_ctl(url, "start")
