"""The ``/rec`` slash command: ack with the answer, which is computed from the parsed command."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import Ack, App

from bot import blocks, queries
from bot.mrkdwn import escape
from tracker.errors import UserError

from .parser import Command, parse


def _help(services, cmd: Command) -> blocks.Message:
    return blocks.help_message()


def _list(services, cmd: Command) -> blocks.Message:
    if cmd.review:
        review = queries.review_or_fail(services.store, cmd.review)
        return blocks.rec_list_message(review, services.store.recommendations(review.slug))
    return blocks.reviews_message(queries.review_summaries(services.store))


def _lookup(services, cmd: Command) -> blocks.Message:
    found = queries.lookup(services.store, cmd.review, cmd.rec_id)
    if isinstance(found, queries.Choice):
        return blocks.choice_message(found)
    return blocks.rec_card(found, full=cmd.full)


ROUTES: dict[str, Callable[..., blocks.Message]] = {"help": _help, "list": _list, "lookup": _lookup}


def answer(services, text: str) -> blocks.Message:
    """The reply to ``/rec <text>``; a UserError becomes its message, and nothing is written."""
    try:
        cmd = parse(text)
        return ROUTES[cmd.verb](services, cmd)
    except UserError as exc:
        return blocks.text_message(escape(str(exc)))


def register(app: App, services) -> None:
    @app.command("/rec")
    def rec(ack: Ack, command: dict) -> None:
        ack(response_type="ephemeral", **answer(services, command.get("text", "")))
