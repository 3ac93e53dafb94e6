"""The outbox's rules, one definition for every store and for delivery: states, lease, backoff, give-up."""

from __future__ import annotations

from dataclasses import asdict, dataclass

PENDING, SENDING, GIVEN_UP = "pending", "sending", "given_up"
CLAIMABLE = (PENDING, SENDING)  # a "sending" item whose lease ran out is claimable again
LISTED = (PENDING, SENDING, GIVEN_UP)  # what `recbot outbox` shows; a delivered item is purged at once
SENT = "sent"  # only in stores written before delivered items were purged

LEASE = 120.0  # seconds a claimed batch is held by one worker
MAX_ATTEMPTS = 8
BACKOFF_BASE = 60.0
BACKOFF_MAX = 3600.0
# Errors that mean "the bot can't post in that channel", which a person can fix by inviting it: not retried.
UNREACHABLE = frozenset({"not_in_channel", "channel_not_found", "is_archived", "restricted_action"})
# Errors on Slack's side that may pass: retried with backoff.
TRANSIENT = frozenset({"internal_error", "fatal_error", "service_unavailable", "request_timeout"})


@dataclass(frozen=True)
class Outcome:
    """What one delivery attempt changes on an item that stays in the outbox (``None`` fields stay)."""

    status: str
    next_at: float | None = None
    attempts: int | None = None
    last_error: str | None = None

    def fields(self) -> dict:
        """The changed fields, as stored."""
        return {k: v for k, v in asdict(self).items() if v is not None}


def due(status: str, next_at: float, now: float) -> bool:
    """Whether an item may be claimed at ``now``."""
    return status in CLAIMABLE and next_at <= now


def backoff(attempts: int) -> float:
    """Seconds to wait after the ``attempts``-th failure: 1, 2, 4 ... minutes, at most an hour."""
    return min(BACKOFF_BASE * 2 ** (attempts - 1), BACKOFF_MAX)


def after_failure(attempts: int, error: str, now: float) -> Outcome:
    """A failed attempt that may pass: try again after the backoff, or give up after ``MAX_ATTEMPTS``."""
    if attempts >= MAX_ATTEMPTS:
        return given_up(attempts, error)
    return Outcome(PENDING, next_at=now + backoff(attempts), attempts=attempts, last_error=error)


def given_up(attempts: int, error: str) -> Outcome:
    """An item no retry will help; kept for `recbot outbox` to show."""
    return Outcome(GIVEN_UP, attempts=attempts, last_error=error)


def later(until: float, error: str | None = None) -> Outcome:
    """Back to the outbox until ``until`` without counting an attempt (a 429, an ended lease)."""
    return Outcome(PENDING, next_at=until, last_error=error)
