"""Applying a submitted form's change: one answer to Slack for every way it can end."""

from __future__ import annotations

from slack_bolt import Ack

from tracker.changes import Actor
from tracker.errors import AlreadyApplied, UserError
from usecases import edits

from .failures import failure


def apply_submitted(
    services,
    ack: Ack,
    found,
    actor: Actor,
    steps: list,
    request_id: str | None,
    *,
    refused_at: str,
    error_at: str,
    deadline: float | None = None,
) -> edits.Change | None:
    """Apply the steps and close the form; a refusal, bad input or a busy store is shown beside a field.

    Returns the change, or None when nothing was written (a retried submission closes the form too).
    A change that cannot be written before ``deadline`` is not written (``Busy``).
    """
    try:
        change = edits.apply(services, found, actor, *steps, request_id=request_id, deadline=deadline)
    except UserError as exc:
        failed = failure(exc)
        services.outcome(request_id, failed.outcome)
        if isinstance(exc, AlreadyApplied):
            ack()  # applied the first time: close the form
        else:
            ack(response_action="errors", errors={refused_at if failed.refused else error_at: failed.field_text})
        return None
    ack()
    return change
