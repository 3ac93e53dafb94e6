"""Dependencies point one way, and no module grows past what one reader can hold.

tracker (domain) <- storage (the port's implementations) <- usecases <- bot, handlers (the Slack
edge) and cli (the terminal edge) <- app.py (composes them). settings sits beside storage: it reads
the environment and opens the store it names.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

SLACK = {"slack_bolt", "slack_sdk"}
WEB = {"flask", "werkzeug"}
DATABASES = {"tinydb", "psycopg", "psycopg_pool", "filelock"}
EDGES = {"bot", "handlers", "cli", "app"}

FORBIDDEN = {
    "tracker": SLACK | WEB | DATABASES | EDGES | {"storage", "settings", "usecases"},
    "storage": SLACK | WEB | EDGES | {"settings", "usecases"},
    "settings": SLACK | WEB | EDGES | {"usecases"},
    "usecases": SLACK | WEB | DATABASES | EDGES,
    "bot": WEB | DATABASES | {"handlers", "cli", "app"},
    "handlers": WEB | DATABASES | {"cli", "app"},
    "cli": WEB | {"handlers", "app"},
}
# Use-cases reach storage only through the port (and its typed errors), never an implementation.
STORAGE_ALLOWED = {"usecases": {"storage.port", "storage.errors"}, "handlers": {"storage.port", "storage.errors"}}
# Known back-up imports, each to be removed; the test fails if one is added or one is gone but listed.
KNOWN: set[tuple[str, str]] = set()
MAX_LINES = 300
KNOWN_LONG: set[str] = set()  # modules still to split; listed so a new one fails


def imports(path: Path) -> set[str]:
    """Every absolute module a file imports, at any depth (lazy imports count)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def sources(package: str) -> list[Path]:
    return [ROOT / "app.py"] if package == "app" else sorted((ROOT / package).rglob("*.py"))


def violations() -> set[tuple[str, str]]:
    found = set()
    for package, forbidden in FORBIDDEN.items():
        for path in sources(package):
            for module in imports(path):
                top = module.split(".")[0]
                if top in forbidden or (
                    top == "storage" and package in STORAGE_ALLOWED and module not in STORAGE_ALLOWED[package]
                ):
                    found.add((str(path.relative_to(ROOT)), module))
    return found


def test_no_import_runs_back_up():
    found = violations()
    assert not found - KNOWN, f"imports against the layout: {sorted(found - KNOWN)}"
    assert not KNOWN - found, f"gone, so take them off KNOWN: {sorted(KNOWN - found)}"


@pytest.mark.parametrize("package", ["tracker", "storage", "settings", "usecases", "bot", "handlers", "cli", "app"])
def test_modules_stay_small(package):
    long = {str(p.relative_to(ROOT)): n for p in sources(package) if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert not set(long) - KNOWN_LONG, f"split these: {long}"


def test_the_long_list_is_current():
    assert all(len((ROOT / name).read_text().splitlines()) > MAX_LINES for name in KNOWN_LONG)


def test_the_boundary_check_sees_a_back_up_import(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from handlers import register\n    import storage.store\n")
    assert imports(probe) == {"handlers", "storage.store"}
