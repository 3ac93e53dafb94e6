"""A change is either written in time to answer Slack within its 3 seconds, or not written at all."""

from __future__ import annotations

import threading
import time

import pytest
from filelock import FileLock

from tests.conftest import state
from tests.slack_requests import all_text
from tracker import changes
from tracker.changes import Actor
from tracker.errors import Busy

SLUG = "wiltshire-2013-safeguarding"
ACTOR = Actor(user="U1", name="clerk", via="command")


class hold_lock:  # noqa: N801 (used like a function)
    """Another process's long write: the store's file lock held for ``seconds`` or until ``join()``."""

    def __init__(self, path, seconds: float) -> None:
        taken, self._done = threading.Event(), threading.Event()

        def hold() -> None:
            with FileLock(f"{path}.lock", thread_local=False):
                taken.set()
                self._done.wait(seconds)

        self._thread = threading.Thread(target=hold, daemon=True)
        self._thread.start()
        taken.wait(5)

    def join(self) -> None:
        """End the write now (the test has seen what it needed while the lock was held)."""
        self._done.set()
        self._thread.join()


def notes(store) -> list[str]:
    return [u.note for u in store.get(SLUG, "R16").updates]


def test_a_change_that_waits_past_slacks_deadline_is_refused_and_not_written(w2013, slack):
    holder = hold_lock(w2013.path, 3.5)
    started = time.monotonic()
    response = slack.command("note R16 written-too-late")
    took = time.monotonic() - started
    assert response.status_code == 200 and took < 3.0
    text = all_text(slack.command_json(response))
    assert "busy" in text and "nothing was recorded" in text and "try again" in text
    holder.join()
    assert "written-too-late" not in notes(w2013)
    holder = hold_lock(w2013.path, 0.5)  # the person tries again, behind a short write: recorded once
    retry = slack.command("note R16 written-too-late")
    assert "Saved R16" in all_text(slack.command_json(retry))
    holder.join()  # already over: the retry could only be saved once the short write had ended
    assert notes(w2013).count("written-too-late") == 1


def test_a_writer_that_gets_the_lock_too_late_gives_up_before_writing(any_w2013):
    deadline = time.monotonic() + 0.8

    def slow(rec):
        time.sleep(0.5)  # past deadline - margin once it returns
        return changes.add_note(rec, "slow", ACTOR, "2026-11-24T00:00:00Z")

    before = state(any_w2013)
    with pytest.raises(Busy):
        any_w2013.change(SLUG, "R16", slow, deadline=deadline)
    assert state(any_w2013) == before and "slow" not in notes(any_w2013)
    with pytest.raises(Busy):
        any_w2013.change(SLUG, "R16", slow, deadline=time.monotonic() - 1)
    assert state(any_w2013) == before
