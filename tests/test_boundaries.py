"""Dependencies point one way: tracker/ is pure, storage/ alone knows TinyDB, bot/ and handlers/ Slack."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

FORBIDDEN = {
    "tracker": {
        "slack_bolt",
        "slack_sdk",
        "tinydb",
        "flask",
        "storage",
        "bot",
        "handlers",
        "app",
        "filelock",
    },
    "storage": {"slack_bolt", "slack_sdk", "flask", "bot", "handlers", "app"},
    "handlers": {"tinydb", "flask", "app"},
    "bot": {"tinydb", "flask"},
}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_import_boundaries(package):
    for path in (ROOT / package).rglob("*.py"):
        bad = imports(path) & FORBIDDEN[package]
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"
