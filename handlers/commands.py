"""The ``/rec`` slash command: a routing table from parsed verbs to small answer functions."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from slack_bolt import Ack, App, BoltRequest, Respond
from slack_sdk import WebClient

from bot import blocks, edits, messages, queries, reports
from bot.delivery import deliver, sent
from bot.kit import Message, text_message
from bot.mrkdwn import escape
from tracker.changes import Actor
from tracker.errors import AlreadyApplied, Busy, UserError
from tracker.permissions import Refused
from tracker.search import search
from tracker.subscriptions import Subscription

from .parser import Command, parse

log = logging.getLogger("recbot")


@dataclass(frozen=True)
class Asker:
    """Who typed the command, and where."""

    user: str
    name: str
    channel: str
    request_id: str = ""
    deadline: float | None = None  # time.monotonic() by which a change must be written

    @property
    def actor(self) -> Actor:
        return Actor(user=self.user, name=self.name, via="command")


@dataclass
class Reply:
    message: Message
    change: edits.Change | None = None
    outcome: str = "ok"


def _help(services, cmd: Command, asker: Asker) -> Reply:
    return Reply(blocks.help_message())


def _lookup(services, cmd: Command, asker: Asker) -> Reply:
    found = queries.lookup(services.store, cmd.review, cmd.rec_id)
    if isinstance(found, queries.Choice):
        return Reply(blocks.choice_message(found))
    config = services.config
    return Reply(blocks.rec_card(found, full=cmd.full, today=config.today(), amber_days=config.amber_days))


def _list(services, cmd: Command, asker: Asker) -> Reply:
    store, config = services.store, services.config
    if not cmd.review and not cmd.filter:
        return Reply(blocks.reviews_message(queries.review_summaries(store)))
    review = queries.review_or_fail(store, cmd.review) if cmd.review else None
    recs = store.recommendations(review.slug if review else None)
    picked, what = queries.filter_recs(recs, cmd, asker.user, config.today(), config.amber_days)
    title = blocks.review_list_title(review, what)
    return Reply(blocks.rec_list_message(title, picked, today=config.today(), amber_days=config.amber_days))


def _search(services, cmd: Command, asker: Asker) -> Reply:
    found = search(services.store.recommendations(), cmd.args)
    title = f"Search “{cmd.args}”"
    config = services.config
    return Reply(
        blocks.rec_list_message(
            escape(title),
            found,
            today=config.today(),
            amber_days=config.amber_days,
            empty="nothing matches. Try fewer or other words.",
        )
    )


def _history(services, cmd: Command, asker: Asker) -> Reply:
    found = edits.resolve(services, cmd.review, cmd.rec_id)
    return Reply(messages.history_message(found.rec))


def _edit(services, cmd: Command, asker: Asker) -> Reply:
    found = edits.resolve(services, cmd.review, cmd.rec_id)
    if cmd.verb == "update":
        step = edits.set_status(cmd.status, cmd.args)
    elif cmd.verb == "note":
        step = edits.add_note(cmd.args)
    elif cmd.verb == "due":
        due, label, phrase = edits.split_due(cmd.args, services.config.today())
        step = edits.set_due(due, label, source=f"set in chat: {phrase}")
    elif cmd.verb == "done":
        step = edits.mark_done(cmd.args)
    else:
        step = edits.link_owner(cmd.user)
    change = edits.apply(
        services, found, asker.actor, step, request_id=asker.request_id or None, deadline=asker.deadline
    )
    return Reply(messages.confirmation(change), change=change)


def _report(services, cmd: Command, asker: Asker) -> Reply:
    store, config = services.store, services.config
    reviews = [queries.review_or_fail(store, cmd.review)] if cmd.review else store.reviews()
    recs = store.recommendations(cmd.review)
    return Reply(reports.report_message(reviews, recs, config.today(), config.amber_days))


def _target(services, cmd: Command) -> str:
    if cmd.target == "all":
        return "all"
    if cmd.target == "review":
        return f"review:{queries.review_or_fail(services.store, cmd.review).slug}"
    return f"rec:{edits.resolve(services, cmd.review, cmd.rec_id).rec.key}"


def _subscribe(services, cmd: Command, asker: Asker) -> Reply:
    sub = Subscription(asker.channel, _target(services, cmd), cmd.filter, by=asker.user, at=services.config.now_iso())
    return Reply(messages.subscribed_message(sub, services.store.subscribe(sub)))


def _unsubscribe(services, cmd: Command, asker: Asker) -> Reply:
    target = _target(services, cmd)
    what = escape(Subscription(asker.channel, target).describe())
    if services.store.unsubscribe(asker.channel, target):
        return Reply(text_message(f"<#{asker.channel}> no longer gets messages about {what}."))
    return Reply(
        text_message(f"<#{asker.channel}> was not subscribed to {what}. `/rec subscriptions` lists what it is.")
    )


def _subscriptions(services, cmd: Command, asker: Asker) -> Reply:
    return Reply(messages.subscriptions_message(asker.channel, services.store.subscriptions(asker.channel)))


ROUTES: dict[str, Callable[..., Reply]] = {
    "help": _help,
    "lookup": _lookup,
    "list": _list,
    "search": _search,
    "history": _history,
    "report": _report,
    "update": _edit,
    "note": _edit,
    "due": _edit,
    "done": _edit,
    "owner": _edit,
    "subscribe": _subscribe,
    "unsubscribe": _unsubscribe,
    "subscriptions": _subscriptions,
}


def answer(services, text: str, asker: Asker) -> Reply:
    """The reply to ``/rec <text>``; a UserError becomes its message, and nothing is written."""
    try:
        cmd = parse(text)
        return ROUTES[cmd.verb](services, cmd, asker)
    except UserError as exc:
        return Reply(text_message(escape(str(exc))), outcome=outcome_of(exc))


def outcome_of(exc: UserError) -> str:
    """How a refused request is logged."""
    if isinstance(exc, Refused):
        return "refused"
    if isinstance(exc, AlreadyApplied):
        return "duplicate"
    if isinstance(exc, Busy):
        log.warning("store busy: a change was refused unwritten to answer within Slack's deadline")
        return "busy"
    return "user_error"


def register(app: App, services) -> None:
    @app.command("/rec")
    def rec(ack: Ack, command: dict, client: WebClient, respond: Respond, request: BoltRequest) -> None:
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
        announced_here = change is not None and asker.channel in change.channels
        if announced_here:
            ack()
        else:
            ack(response_type="ephemeral", **reply.message)
        if change is None or not change.queued:
            return
        deliver(services.store, client, only={i["id"] for i in change.queued})
        if announced_here and asker.channel not in sent(services.store, change.queued):
            respond(response_type="ephemeral", **reply.message)
