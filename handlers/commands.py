"""The ``/rec`` slash command: a routing table from parsed verbs to small answer functions."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from slack_bolt import Ack, App, BoltRequest, Respond
from slack_sdk import WebClient

from bot import blocks, messages, reports
from bot.delivery import deliver, sent
from bot.kit import Message, error_message, text_message
from tracker import response_clock
from tracker.changes import Actor
from tracker.dates import parse_due as parse_date
from tracker.digests import Digest, next_moment
from tracker.errors import NotFound, UserError
from tracker.permissions import Refused, check_edit, is_editor
from tracker.search import search
from tracker.signoff import NotCompleted
from tracker.subscriptions import Subscription
from usecases import edits, queries

from .parser import LIST_USAGE, Command, parse
from .uploads import UPLOAD_WINDOW


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
    return Reply(blocks.rec_card(found, full=cmd.full, today=config.today(), rules=config.rag_rules))


def _list(services, cmd: Command, asker: Asker) -> Reply:
    store, config = services.store, services.config
    if not cmd.review and not cmd.filter:
        return Reply(blocks.reviews_message(queries.review_summaries(store)))
    try:
        reviews = queries.reviews_matching(store, cmd.review) if cmd.review else []
    except NotFound as exc:  # a word that is neither a review nor a filter: say both
        raise NotFound(f"{exc} {LIST_USAGE}") from None
    recs = [r for review in reviews for r in store.recommendations(review.slug)] or (
        [] if reviews else store.recommendations()
    )
    picked, what = queries.filter_recs(recs, cmd, asker.user, config.today(), config.rag_rules)
    title = blocks.review_list_title(reviews, what)
    return Reply(blocks.rec_list_message(title, picked, today=config.today(), rules=config.rag_rules))


def _search(services, cmd: Command, asker: Asker) -> Reply:
    found = search(services.store.recommendations(), cmd.args)
    title = f"Search “{cmd.args}”"
    config = services.config
    return Reply(
        blocks.rec_list_message(
            title,
            found,
            today=config.today(),
            rules=config.rag_rules,
            empty="nothing matches. Try fewer or other words.",
            with_review=True,
        )
    )


def _history(services, cmd: Command, asker: Asker) -> Reply:
    found = edits.resolve(services, cmd.review, cmd.rec_id, "history")
    return Reply(messages.history_message(found.rec))


def _edit(services, cmd: Command, asker: Asker) -> Reply:
    found = edits.resolve(services, cmd.review, cmd.rec_id, cmd.verb)
    if cmd.readings:
        check_edit(asker.user, found.rec, services.config.editors)  # no buttons for a change that would be refused
        return Reply(messages.readings_message(found.rec, cmd.readings, asker.request_id), outcome="user_error")
    if cmd.verb == "update":
        step = edits.set_status(cmd.status, cmd.args)
    elif cmd.verb == "note":
        step = edits.add_note(cmd.args)
    elif cmd.verb == "due":
        due, label, phrase = edits.split_due(cmd.args, services.config.today())
        step = edits.set_due(due, label, source=f"set in chat: {phrase}")
    elif cmd.verb == "done":
        step = edits.mark_done(cmd.args)
    elif cmd.verb == "decision":
        step = edits.set_decision(cmd.decision, cmd.args)
    elif cmd.verb == "close":
        step = edits.close(cmd.args)
    elif cmd.verb == "reopen":
        step = edits.reopen(cmd.args)
    elif cmd.args == "remove":
        step = edits.unlink_owner(cmd.user)
    else:
        step = edits.link_owner(cmd.user, services.config.editors)
    # An owner may not make owners; decisions and the committee's sign-off are the editors'.
    owners_may = cmd.verb not in ("owner", "decision", "close", "reopen")
    try:
        change = edits.apply(
            services,
            found,
            asker.actor,
            step,
            request_id=asker.request_id or None,
            owners_may=owners_may,
            deadline=asker.deadline,
        )
    except NotCompleted as exc:
        return Reply(messages.complete_first_message(exc.rec, str(exc), cmd.args), outcome="user_error")
    return Reply(messages.confirmation(change), change=change)


def _review(services, cmd: Command, asker: Asker) -> Reply:
    store, config = services.store, services.config
    review = queries.review_or_fail(store, cmd.review)
    if cmd.target == "reported":
        if not is_editor(asker.user, config.editors):
            raise Refused("Only recbot's editors can record when a committee reported.")
        when = parse_date(cmd.args, config.today())
        if when > config.today():
            raise UserError(f"{when:%-d %B %Y} is in the future: give the date the report went to the executive.")
        review = store.set_reported(review.slug, when)
    clock = response_clock.clock(review, store.recommendations(review.slug), config.today(), config.response_months)
    return Reply(messages.review_clock_message(review, clock))


def _report(services, cmd: Command, asker: Asker) -> Reply:
    store, config = services.store, services.config
    reviews = [queries.review_or_fail(store, cmd.review)] if cmd.review else store.reviews()
    recs = store.recommendations(cmd.review)
    return Reply(reports.report_message(reviews, recs, config.today(), config.rag_rules, config.response_months))


def _target(services, cmd: Command) -> str:
    if cmd.target == "all":
        return "all"
    if cmd.target == "review":
        return f"review:{queries.review_or_fail(services.store, cmd.review).slug}"
    return f"rec:{edits.resolve(services, cmd.review, cmd.rec_id, cmd.verb).rec.key}"


def _subscribe(services, cmd: Command, asker: Asker) -> Reply:
    sub = Subscription(asker.channel, _target(services, cmd), cmd.filter, by=asker.user, at=services.config.now_iso())
    return Reply(messages.subscribed_message(sub, services.store.subscribe(sub)))


def _unsubscribe(services, cmd: Command, asker: Asker) -> Reply:
    sub = Subscription(asker.channel, _target(services, cmd))
    return Reply(messages.unsubscribed_message(sub, services.store.unsubscribe(asker.channel, sub.target)))


def _import(services, cmd: Command, asker: Asker) -> Reply:
    if asker.channel.startswith("D"):
        return Reply(text_message("Share the paper here (drag it in, or + → *Upload*) and I'll show what I'd import."))
    minutes = UPLOAD_WINDOW // 60
    services.store.expect_upload(asker.channel, asker.user, time.time() + UPLOAD_WINDOW)
    return Reply(
        text_message(
            f"Upload the paper to <#{asker.channel}> in the next {minutes} minutes (drag it in, or + → *Upload*): "
            "Word, PDF, a web page, a spreadsheet or text. I'll show you what I'd import before anything is "
            "written. You can also send papers to me in a direct message."
        )
    )


def _subscriptions(services, cmd: Command, asker: Asker) -> Reply:
    store = services.store
    return Reply(
        messages.subscriptions_message(asker.channel, store.subscriptions(asker.channel), store.digests(asker.channel))
    )


def _digest(services, cmd: Command, asker: Asker) -> Reply:
    store, channel = services.store, asker.channel
    if cmd.target == "show":
        return Reply(messages.digest_setting_message(channel, store.digests(channel)))
    if cmd.target == "off":
        removed = store.remove_digest(channel)
        return Reply(text_message(f"<#{channel}> {'will get no more digests' if removed else 'had no digest'}."))
    review = queries.review_or_fail(store, cmd.review).slug if cmd.review else None
    digest = Digest(
        channel,
        cmd.target,
        cmd.at,
        weekday=cmd.weekday,
        review=review,
        only=cmd.filter,
        by=asker.user,
        created=services.config.now_iso(),
    )
    store.set_digest(digest)
    return Reply(messages.digest_set_message(digest, next_moment(digest, services.config.now_local())))


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
    "import": _import,
    "digest": _digest,
    "review": _review,
    "decision": _edit,
    "close": _edit,
    "reopen": _edit,
}


def answer(services, text: str, asker: Asker) -> Reply:
    """The reply to ``/rec <text>``; a UserError becomes its message, and nothing is written."""
    try:
        cmd = parse(text)
        return ROUTES[cmd.verb](services, cmd, asker)
    except UserError as exc:
        return Reply(error_message(exc), outcome=edits.outcome_of(exc))


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
