"""Changes requested from chat: resolve the recommendation, check permission, apply under the lock."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import date

from tracker import changes, signoff
from tracker.changes import Actor
from tracker.errors import AlreadyApplied, Busy, UserError
from tracker.models import Recommendation, Review, Update
from tracker.notices import Notice, OutboxItem
from tracker.permissions import Refused, check_edit, is_named_editor

from . import queries
from .notices import change_notices

log = logging.getLogger("recbot")

SLACK_DEADLINE = 3.0


@dataclass
class Change:
    """What one request changed: the recommendation after it, and its new history entries."""

    rec: Recommendation
    review: Review
    actor: Actor
    entries: list[Update] = field(default_factory=list)
    queued: list[OutboxItem] = field(default_factory=list)

    @property
    def channels(self) -> set[str]:
        """Channels this change is announced in."""
        return {item.channel for item in self.queued}

    @property
    def status_changed(self) -> bool:
        return any("status" in e.changes for e in self.entries)


def resolve(services, review: str | None, rec_id: str, verb: str = "update") -> queries.Found:
    """The one recommendation a request is for; several reviews with the id must be told apart."""
    found = queries.lookup(services.store, review, rec_id)
    if isinstance(found, queries.Choice):
        slugs = ", ".join(f"`{o.review.slug}`" for o in found.options)
        example = f"/rec {verb} {found.options[0].review.slug} {rec_id}" + (
            " ..." if verb not in ("history", "subscribe", "unsubscribe") else ""
        )
        raise UserError(f"{rec_id} is in several reviews ({slugs}). Name the review, e.g. `{example}`.")
    return found


def deadline(headers: dict) -> float:
    """The ``time.monotonic()`` by which a change must be written for Slack to get its answer in time.

    Slack gives up on an answer 3 s after it sent the request (``X-Slack-Request-Timestamp``, whole
    seconds, so this errs early); time spent queued before the handler ran counts too.
    """
    budget = SLACK_DEADLINE
    stamp = headers.get("x-slack-request-timestamp") or [""]
    try:
        budget = min(
            budget, float(stamp[0] if isinstance(stamp, list | tuple) else stamp) + SLACK_DEADLINE - time.time()
        )
    except ValueError:
        pass  # no timestamp (a console request): the budget starts now
    return time.monotonic() + budget


def apply(
    services,
    found: queries.Found,
    actor: Actor,
    *steps,
    request_id: str | None = None,
    owners_may: bool = True,
    deadline: float | None = None,
) -> Change:
    """Run each step ``(rec, actor, at) -> Update`` on the stored recommendation, atomically.

    The permission check runs on the stored version under the lock, so an owner linked a moment
    ago counts, and a refused change writes nothing. A change that cannot be written before
    ``deadline`` is not written at all (``Busy``), so a person who tries again records it once.
    """
    at = services.config.now_iso()

    def mutate(rec: Recommendation) -> list[Update]:
        check_edit(actor.user, rec, services.config.editors, owners_may=owners_may)
        return [step(rec, actor, at) for step in steps]

    def notices(rec: Recommendation, entries: list[Update], subs) -> list[Notice]:
        return change_notices(Change(rec, found.review, actor, entries), subs)

    rec, entries, queued = services.store.change(
        found.review.slug,
        found.rec.id,
        mutate,
        notices=notices,
        now=time.time(),
        request_id=request_id,
        deadline=deadline,
    )
    return Change(rec=rec, review=found.review, actor=actor, entries=entries, queued=queued)


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


def set_status(status: str, note: str):
    return lambda rec, actor, at: changes.set_status(rec, status, note, actor, at)


def add_note(note: str):
    return lambda rec, actor, at: changes.add_note(rec, note, actor, at)


def set_due(due: date, label: str, source: str = ""):
    return lambda rec, actor, at: changes.set_due(rec, due, label, actor, at, source=source)


def mark_done(milestone: str):
    return lambda rec, actor, at: changes.mark_done(rec, milestone, actor, at)


def link_owner(user: str, editors: frozenset[str]):
    def step(rec, actor, at):
        vouch = actor.user if is_named_editor(actor.user, editors) else ""
        return changes.link_owner(rec, user, actor, at, by_editor=vouch)

    return step


def set_decision(decision: str | None, wording: str):
    return lambda rec, actor, at: changes.set_decision(rec, decision, wording, actor, at)


def close(minute: str):
    return lambda rec, actor, at: signoff.close(rec, minute, actor, at)


def reopen(reason: str):
    return lambda rec, actor, at: signoff.reopen(rec, reason, actor, at)


def unlink_owner(user: str):
    return lambda rec, actor, at: changes.unlink_owner(rec, user, actor, at)


def split_due(text: str, today: date) -> tuple[date, str, str]:
    """``"31 March 2027 MASH live"`` -> (date, label, date phrase): the longest leading phrase that is a date."""
    from tracker.milestones import parse_due

    words = text.split()
    for n in range(min(len(words), 5), 0, -1):
        phrase = " ".join(words[:n])
        try:
            due = parse_due(phrase, today)
        except UserError:
            continue
        if due < today:  # as the update form refuses it: a target in the past would be late at once
            raise UserError(
                f"“{phrase}” is {due:%-d %B %Y}, in the past: a target date must be today ({today:%-d %B %Y}) "
                "or later. To record that a target was met, use `/rec done ID`."
            )
        return due, " ".join(words[n:]), phrase
    return parse_due(text, today), "", text  # raises the date parser's helpful message
