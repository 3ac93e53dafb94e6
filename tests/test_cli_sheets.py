"""The command line around imports and exports: broken pipes, changes without a bot token, removing a review."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from app import main
from storage.store import Store
from tests.conftest import ROOT, SAMPLE
from tracker.subscriptions import Subscription

SLUG = "northfield-2026-homelessness"


@pytest.fixture
def env(env):
    """The CLI's environment with the sample paper imported."""
    assert main(["import", str(SAMPLE)]) == 0
    return env


def test_ask_into_a_closed_pipe_ends_quietly(env):
    read, write = os.pipe()
    os.close(read)  # like `| head` once head has exited
    try:
        done = subprocess.run(
            [sys.executable, "-m", "app", "ask", "/rec help"],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write)
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr, done.stderr
    assert done.returncode == 141


def subscribed_store(env) -> Store:
    store = Store(env / "db" / "recbot.json")
    store.subscribe(Subscription("CSUBS001", f"review:{SLUG}", by="U1"))
    return store


def test_a_change_through_ask_without_a_bot_token_is_queued_and_slack_is_not_called(
    env, capsys, monkeypatch, fake_slack
):
    monkeypatch.setenv("SLACK_API_URL", fake_slack.api_url)
    store = subscribed_store(env)
    assert main(["ask", "/rec update R2 done Listed on the website"]) == 0
    captured = capsys.readouterr()
    assert "1 notification(s) for subscribed channels queued; `recbot serve` delivers them" in captured.err
    assert fake_slack.calls == []
    assert [item.channel for item in store.outbox()] == ["CSUBS001"]
    assert store.get(SLUG, "R2").status == "completed"


def test_a_change_through_ask_with_a_bot_token_is_delivered_with_it(env, capsys, monkeypatch, fake_slack):
    monkeypatch.setenv("SLACK_API_URL", fake_slack.api_url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-real")
    store = subscribed_store(env)
    assert main(["ask", "/rec note R2 Listed on the website"]) == 0
    assert "told 1 subscribed channel(s)" in capsys.readouterr().err
    posts = fake_slack.calls_to("chat.postMessage")
    assert [p.args["channel"] for p in posts] == ["CSUBS001"]
    assert store.outbox() == []


def test_remove_needs_confirmation_and_keeps_an_export_that_imports_back(env, capsys):
    store = subscribed_store(env)
    before = [r for r in store.recommendations(SLUG)]
    assert main(["remove", SLUG]) == 1  # not at a terminal, no --yes
    assert "needs --yes" in capsys.readouterr().err and store.count() == 6
    assert main(["remove", "no-such-review", "--yes"]) == 1
    assert f"reviews: {SLUG}" in capsys.readouterr().err

    assert main(["remove", SLUG, "--yes", "--output", "kept.json"]) == 0
    assert f"removed {SLUG}: 6 recommendations; kept in kept.json" in capsys.readouterr().out
    fresh = Store(env / "db" / "recbot.json")
    assert fresh.count() == 0 and fresh.review(SLUG) is None and fresh.subscriptions() == []
    assert main(["ask", "/rec R2"]) == 0
    assert "There is no R2" in capsys.readouterr().out

    kept = json.loads((env / "kept.json").read_text())
    assert [r["id"] for r in kept["recommendations"]] == [r.id for r in before]
    assert main(["import", "kept.json"]) == 0
    assert [r.title for r in fresh.recommendations(SLUG)] == [r.title for r in before]
    assert main(["remove", SLUG, "--yes", "--output", "kept.json"]) == 1  # never overwrites an export
    assert "nothing removed" in capsys.readouterr().err and fresh.count() == 6


def test_a_review_slug_given_on_the_command_line_is_checked(env, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["import", "--review", "<!channel>", str(SAMPLE)])
    assert exit_.value.code == 2
    assert "“<!channel>” is not a review slug" in capsys.readouterr().err
    assert [r.slug for r in Store(env / "db" / "recbot.json").reviews()] == [SLUG]
