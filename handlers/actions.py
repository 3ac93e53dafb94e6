"""Buttons on recbot's messages. Each carries ``review/id`` as its value."""

from __future__ import annotations

from slack_bolt import Ack, App, Respond

from bot import blocks, queries
from bot.mrkdwn import escape
from tracker.errors import NotFound, UserError


def parse_key(value: str) -> tuple[str, str]:
    """Split a button value ``review-slug/R16``; anything else is a stale or forged button."""
    review, sep, rec_id = (value or "").partition("/")
    if not sep or not review or not rec_id:
        raise UserError("That button is out of date. Look the recommendation up again with `/rec ID`.")
    return review, rec_id


def _card(services, value: str, *, full: bool) -> blocks.Message:
    try:
        review, rec_id = parse_key(value)
        found = queries.lookup(services.store, review, rec_id)
    except NotFound as exc:
        return blocks.text_message(f"That button is out of date: {escape(str(exc))}")
    except UserError as exc:
        return blocks.text_message(escape(str(exc)))
    return blocks.rec_card(found, full=full)


def register(app: App, services) -> None:
    @app.action("rec_full")
    def full_text(ack: Ack, action: dict, respond: Respond) -> None:
        ack()
        respond(
            response_type="ephemeral",
            replace_original=False,
            **_card(services, action.get("value", ""), full=True),
        )

    @app.action("rec_show")
    def show(ack: Ack, action: dict, respond: Respond) -> None:
        ack()
        respond(
            response_type="ephemeral",
            replace_original=False,
            **_card(services, action.get("value", ""), full=False),
        )
