"""The ``/rec`` slash command: read the verb from the verb table, run its answer, reply, hand on what it queued."""

from __future__ import annotations

from dataclasses import replace

from slack_bolt import Ack, App, BoltContext, BoltRequest

from tracker.errors import UserError
from usecases import edits

from .answers import Asker, Reply
from .failures import failure
from .parser import parse
from .verbs import VERBS, Table

__all__ = ["Asker", "Reply", "answer", "register"]


def answer(services, text: str, asker: Asker, verbs: Table = VERBS) -> Reply:
    """The reply to ``/rec <text>``, from the verb it names; a UserError becomes its reply, and nothing is written."""
    try:
        cmd = parse(text, verbs)
        verb = verbs.named(cmd.verb)
        return verb.run(services, cmd, replace(asker, permission=verb.permission, verbs=verbs))
    except UserError as exc:
        failed = failure(exc)
        return Reply(failed.message, outcome=failed.outcome)


def register(app: App, root) -> None:
    @app.command("/rec")
    def rec(ack: Ack, command: dict, request: BoltRequest, context: BoltContext) -> None:
        services = root.at(context)
        asker = Asker(
            command.get("user_id", ""),
            command.get("user_name", ""),
            command.get("channel_id", ""),
            command.get("trigger_id", ""),
            deadline=edits.deadline(request.headers),
        )
        reply = answer(services, command.get("text", ""), asker)
        services.outcome(asker.request_id, reply.outcome)
        change = reply.change
        # A change announced in the asker's channel needs no second message: the announcement is the
        # confirmation. Decided from where its notices were queued, not from whether they went out yet.
        if services.delivers and change is not None and asker.channel in change.channels:
            ack()
        else:
            ack(response_type="ephemeral", **reply.message)
        if change is not None:
            services.deliver_soon(change.queued)
