"""The committee's sign-off: a completed recommendation is proposed for closure until the committee closes it."""

from __future__ import annotations

from .changes import Actor
from .errors import UserError
from .models import Recommendation, SignOff, Update

PROPOSED = "proposed for closure"
CLOSED = "signed off"


class NotCompleted(UserError):
    """Closing a recommendation that is not completed: it can be completed first."""

    def __init__(self, rec: Recommendation, message: str, minute: str = "") -> None:
        super().__init__(message)
        self.rec = rec
        self.minute = minute  # what was asked for, so the reply can offer to complete and sign off at once


def state(rec: Recommendation) -> str | None:
    """``signed off``, ``proposed for closure`` (completed, not yet signed off) or None."""
    if rec.signed_off:
        return CLOSED
    return PROPOSED if rec.status == "completed" else None


def close(rec: Recommendation, minute: str, actor: Actor, at: str) -> Update:
    """Record the committee's sign-off (who, when, the minute reference or note)."""
    from . import status as statuses

    if rec.signed_off:
        raise UserError(
            f"{rec.id} was signed off on {rec.signed_off.at[:10]}. `/rec reopen {rec.id} REASON` undoes it."
        )
    if rec.status != "completed":
        raise NotCompleted(
            rec,
            f"{rec.id} is not completed (it is {statuses.label(rec.status) or 'without a status'}): the committee "
            f"signs off completed recommendations. Complete it first (`/rec update {rec.id} completed ...`).",
            minute,
        )
    minute = (minute or "").strip()[:500]
    rec.signed_off = SignOff(by=actor.user, by_name=actor.name, at=at, minute=minute)
    entry = Update(
        at=at,
        by=actor.user,
        by_name=actor.name,
        note=minute,
        source=actor.via,
        changes={"signed_off": [None, minute or CLOSED]},
    )
    rec.updates.append(entry)
    return entry


def reopen(rec: Recommendation, reason: str, actor: Actor, at: str) -> Update:
    """Undo a sign-off, saying why; the history keeps both."""
    reason = (reason or "").strip()
    if not rec.signed_off:
        raise UserError(f"{rec.id} has not been signed off, so there is nothing to reopen.")
    if not reason:
        raise UserError(f"Say why, e.g. `/rec reopen {rec.id} evidence not yet seen by the committee`.")
    old = rec.signed_off.minute or CLOSED
    rec.signed_off = None
    entry = Update(
        at=at,
        by=actor.user,
        by_name=actor.name,
        note=reason[:3000],
        source=actor.via,
        changes={"signed_off": [old, None]},
    )
    rec.updates.append(entry)
    return entry
