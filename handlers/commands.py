"""The ``/rec`` slash command: read the verb from the verb table, run its answer, reply and deliver."""

from __future__ import annotations

from dataclasses import replace

from slack_bolt import Ack, App, BoltContext, BoltRequest, Respond
from slack_sdk import WebClient

from bot.delivery import deliver, sent
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


def register(app: App, services) -> None:
    @app.command("/rec")
    def rec(
        ack: Ack, command: dict, client: WebClient, respond: Respond, request: BoltRequest, context: BoltContext
    ) -> None:
        services = context["services"]
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
        # In a subscribed channel the announcement is the confirmation: no second message.
        announced_here = services.delivers and change is not None and asker.channel in change.channels
        if announced_here:
            ack()
        else:
            ack(response_type="ephemeral", **reply.message)
        if change is None or not change.queued or not services.delivers:
            return
        deliver(services.store, client, only={i["id"] for i in change.queued})
        if announced_here and asker.channel not in sent(services.store, change.queued):
            respond(response_type="ephemeral", **reply.message)
