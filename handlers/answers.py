"""What each ``/rec`` verb does: call its use-case with the parsed Command, and render the reply."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from bot import blocks, messages, reports
from bot.kit import Message
from tracker import response_clock
from tracker.changes import Actor
from tracker.dates import parse_due as parse_date
from tracker.digests import Digest, next_moment
from tracker.errors import NotFound, UserError
from tracker.permissions import Refused, check_edit, is_editor
from tracker.search import search as search_recs
from tracker.subscriptions import Subscription
from usecases import edits, queries

from .grammar import Command
from .list_grammar import LIST_USAGE
from .uploads import UPLOAD_WINDOW

if TYPE_CHECKING:
    from .verb import Table


class Permission(Enum):
    """Who may use a verb's changes, loosest first; the value is how help says it."""

    ANYONE = "anyone"
    OWNER_OR_EDITOR = "editors, and a recommendation's owners"
    EDITOR = "editors"

    def stricter_than(self, other: Permission) -> bool:
        order = list(Permission)
        return order.index(self) > order.index(other)


@dataclass(frozen=True)
class Asker:
    """Who typed the command, where, and what the verb they typed permits."""

    user: str
    name: str
    channel: str
    request_id: str = ""
    deadline: float | None = None  # time.monotonic() by which a change must be written
    permission: Permission = Permission.ANYONE
    verbs: Table | None = None  # the verb table the command was read with, for help

    @property
    def actor(self) -> Actor:
        return Actor(user=self.user, name=self.name, via="command")


@dataclass
class Reply:
    """The answer to one command, the change it made (if any) and how the request is logged."""

    message: Message
    change: edits.Change | None = None
    outcome: str = "ok"


Run = Callable[..., Reply]
Step = Callable[..., Callable]  # (services, Command) -> a change step (rec, actor, at) -> Update


def permit(asker: Asker, editors: frozenset[str], refusal: str) -> None:
    """Refuse a change the verb's permission keeps from the asker (for changes that are not to one
    recommendation, so no owner is in question: only editors make them)."""
    if asker.permission is not Permission.ANYONE and not is_editor(asker.user, editors):
        raise Refused(refusal)


def lookup(services, cmd: Command, asker: Asker) -> Reply:
    found = queries.lookup(services.store, cmd.review, cmd.rec_id)
    if isinstance(found, queries.Choice):
        return Reply(blocks.choice_message(found))
    config = services.config
    return Reply(blocks.rec_card(found, full=cmd.full, today=config.today(), rules=config.rag_rules))


def list_(services, cmd: Command, asker: Asker) -> Reply:
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


def search(services, cmd: Command, asker: Asker) -> Reply:
    found = search_recs(services.store.recommendations(), cmd.args)
    config = services.config
    return Reply(
        blocks.rec_list_message(
            f"Search “{cmd.args}”",
            found,
            today=config.today(),
            rules=config.rag_rules,
            empty="nothing matches. Try fewer or other words.",
            with_review=True,
        )
    )


def history(services, cmd: Command, asker: Asker) -> Reply:
    found = edits.resolve(services, cmd.review, cmd.rec_id, "history")
    return Reply(messages.history_message(found.rec))


def edit(step: Step) -> Run:
    """The answer of a verb that changes one recommendation: ``step(services, cmd)`` says what changes.

    Every surface (this command, the Update form, the message shortcut, buttons) writes through
    ``edits.apply``, which checks the asker's permission on the stored recommendation under the lock.
    """

    def run(services, cmd: Command, asker: Asker) -> Reply:
        found = edits.resolve(services, cmd.review, cmd.rec_id, cmd.verb)
        owners_may = asker.permission is not Permission.EDITOR
        if cmd.readings:
            # No buttons for a change that would be refused.
            check_edit(asker.user, found.rec, services.config.editors, owners_may=owners_may)
            return Reply(messages.readings_message(found.rec, cmd.readings, asker.request_id), outcome="user_error")
        change = edits.apply(
            services,
            found,
            asker.actor,
            step(services, cmd),
            request_id=asker.request_id or None,
            owners_may=owners_may,
            deadline=asker.deadline,
        )
        return Reply(messages.confirmation(change), change=change)

    return run


def review(services, cmd: Command, asker: Asker) -> Reply:
    store, config = services.store, services.config
    found = queries.review_or_fail(store, cmd.review)
    if cmd.target == "reported":
        permit(asker, config.editors, "Only recbot's editors can record when a committee reported.")
        when = parse_date(cmd.args, config.today())
        if when > config.today():
            raise UserError(f"{when:%-d %B %Y} is in the future: give the date the report went to the executive.")
        found = store.set_reported(found.slug, when)
    clock = response_clock.clock(found, store.recommendations(found.slug), config.today(), config.response_months)
    return Reply(messages.review_clock_message(found, clock))


def report(services, cmd: Command, asker: Asker) -> Reply:
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


def subscribe(services, cmd: Command, asker: Asker) -> Reply:
    sub = Subscription(asker.channel, _target(services, cmd), cmd.filter, by=asker.user, at=services.config.now_iso())
    return Reply(messages.subscribed_message(sub, services.store.subscribe(sub)))


def unsubscribe(services, cmd: Command, asker: Asker) -> Reply:
    sub = Subscription(asker.channel, _target(services, cmd))
    return Reply(messages.unsubscribed_message(sub, services.store.unsubscribe(asker.channel, sub.target)))


def import_(services, cmd: Command, asker: Asker) -> Reply:
    if not asker.channel.startswith("D"):  # in a direct message every file is a paper
        services.store.expect_upload(asker.channel, asker.user, time.time() + UPLOAD_WINDOW)
    return Reply(blocks.import_prompt_message(asker.channel, UPLOAD_WINDOW // 60))


def subscriptions(services, cmd: Command, asker: Asker) -> Reply:
    store = services.store
    return Reply(
        messages.subscriptions_message(asker.channel, store.subscriptions(asker.channel), store.digests(asker.channel))
    )


def digest(services, cmd: Command, asker: Asker) -> Reply:
    store, channel = services.store, asker.channel
    if cmd.target == "show":
        return Reply(messages.digest_setting_message(channel, store.digests(channel)))
    if cmd.target == "off":
        removed = store.remove_digest(channel)
        return Reply(blocks.digest_off_message(channel, removed))
    slug = queries.review_or_fail(store, cmd.review).slug if cmd.review else None
    setting = Digest(
        channel,
        cmd.target,
        cmd.at,
        weekday=cmd.weekday,
        review=slug,
        only=cmd.filter,
        by=asker.user,
        created=services.config.now_iso(),
    )
    store.set_digest(setting)
    return Reply(messages.digest_set_message(setting, next_moment(setting, services.config.now_local())))
