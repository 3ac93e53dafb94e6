"""Buttons on recbot's messages. Each carries ``review/id`` as its value."""

from __future__ import annotations

import json

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot import blocks, messages, views
from bot.kit import Message
from tracker import status as statuses
from tracker.changes import Actor
from tracker.errors import NotFound, UserError
from tracker.permissions import check_edit
from tracker.subscriptions import Subscription
from usecases import edits, queries

from .failures import failure


def parse_key(value: str) -> tuple[str, str]:
    """Split a button value ``review-slug/R16``; anything else is a stale or forged button."""
    review, sep, rec_id = (value or "").partition("/")
    if not sep or not review or not rec_id:
        raise UserError("That button is out of date. Look the recommendation up again with `/rec ID`.")
    return review, rec_id


def found_for(services, value: str) -> queries.Found:
    """The recommendation a button is about, or a UserError saying the button is stale."""
    review, rec_id = parse_key(value)
    try:
        found = queries.lookup(services.store, review, rec_id)
    except NotFound as exc:
        raise UserError(f"That button is out of date: {exc}") from None
    return found


def reading_of(value: str) -> tuple[str, str, str, str]:
    """(rec key, status, note, question id) from a reading's button; anything else is stale or forged."""
    stale = UserError("That button is out of date. Type the update again with `/rec update ID STATUS note`.")
    try:
        data = json.loads(value or "")
        key, status, note, asked = data["rec"], data["status"], data["note"], data.get("asked") or ""
    except (ValueError, TypeError, KeyError):
        raise stale from None
    if not all(isinstance(v, str) for v in (key, status, note, asked)) or status not in statuses.STATUSES:
        raise stale
    return key, status, note, asked


def _safely(produce) -> Message:
    try:
        return produce()
    except UserError as exc:
        return failure(exc).message


def _channel(body: dict) -> str | None:
    return (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")


REPLY = "recbot_reply"  # the context key carrying an answer from the ack function to its lazy listener


def acknowledge(ack: Ack) -> None:
    """Answer Slack at once; the lazy listener does the rest."""
    ack()


def send_reply(context: BoltContext, respond: Respond) -> None:
    """After the answer: show what the ack function decided, through the response URL."""
    reply = context.get(REPLY)
    if reply:
        respond(**reply)


def register(app: App, root) -> None:
    config = root.config  # the deployment's settings, shared by every workspace

    def card(services, value: str, full: bool) -> Message:
        found = found_for(services, value)
        return blocks.rec_card(found, full=full, today=config.today(), rules=config.rag_rules)

    def reply(respond: Respond, message: Message) -> None:
        respond(response_type="ephemeral", replace_original=False, **message)

    # Buttons that only show something: Slack is answered at once and the reply follows.
    def full_text(action: dict, respond: Respond, context: BoltContext) -> None:
        services = root.at(context)
        reply(respond, _safely(lambda: card(services, action.get("value", ""), True)))

    def show(action: dict, respond: Respond, context: BoltContext) -> None:
        services = root.at(context)
        reply(respond, _safely(lambda: card(services, action.get("value", ""), False)))

    def history(action: dict, respond: Respond, context: BoltContext) -> None:
        services = root.at(context)
        reply(
            respond,
            _safely(lambda: messages.history_message(found_for(services, action.get("value", "")).rec)),
        )

    def subscribe(action: dict, body: dict, respond: Respond, context: BoltContext) -> None:
        services = root.at(context)

        def produce() -> Message:
            found = found_for(services, action.get("value", ""))
            sub = Subscription(
                _channel(body) or "",
                f"rec:{found.rec.key}",
                "both",
                by=body["user"]["id"],
                at=config.now_iso(),
            )
            return messages.subscribed_message(sub, services.store.subscribe(sub))

        reply(respond, _safely(produce))

    def update(action: dict, body: dict, client: WebClient, respond: Respond, context: BoltContext) -> None:
        services = root.at(context)
        try:
            found = found_for(services, action.get("value", ""))
            check_edit(body["user"]["id"], found.rec, config.editors)
        except UserError as exc:
            reply(respond, failure(exc).message)
            return
        client.views_open(trigger_id=body["trigger_id"], view=views.update_modal(found.rec, _channel(body)))

    for action_id, lazy in (
        ("rec_full", full_text),
        ("rec_show", show),
        ("rec_history", history),
        ("rec_subscribe", subscribe),
        ("rec_update", update),
    ):
        app.action(action_id)(ack=acknowledge, lazy=[lazy])

    def press(ack: Ack, body: dict, context: BoltContext, change_for, owners_may: bool = True) -> None:
        """A button that changes a recommendation. ``change_for(trigger)`` gives the recommendation, the
        steps and the request id that makes the change once. The change is written before Slack is
        answered; the confirmation (replacing the message) follows through ``send_reply``."""
        services = root.at(context)
        user = body["user"]
        actor = Actor(user=user["id"], name=user.get("username") or user.get("name", ""), via="button")
        trigger = body.get("trigger_id") or None
        try:
            found, steps, once = change_for(trigger)
            change = edits.apply(services, found, actor, *steps, request_id=once, owners_may=owners_may)
        except UserError as exc:
            failed = failure(exc)
            services.outcome(trigger, failed.outcome)
            context[REPLY] = {"response_type": "ephemeral", "replace_original": False, **failed.message}
            ack()
            return
        context[REPLY] = {"response_type": "ephemeral", "replace_original": True, **messages.confirmation(change)}
        ack()
        services.deliver_soon(change.queued)

    def complete_and_close(ack: Ack, action: dict, body: dict, context: BoltContext) -> None:
        services = root.at(context)

        def change_for(trigger):
            value = _json_value(action.get("value", ""))
            steps = (edits.set_status("completed", ""), edits.close(str(value.get("minute") or "")))
            return found_for(services, str(value.get("rec") or "")), steps, trigger

        press(ack, body, context, change_for, owners_may=False)

    def apply_reading(ack: Ack, action: dict, body: dict, context: BoltContext) -> None:
        services = root.at(context)

        def change_for(trigger):
            key, status, note, asked = reading_of(action.get("value", ""))
            # One answer per question, whichever of its buttons is pressed, however often.
            once = f"{asked}/reading" if asked else trigger
            return found_for(services, key), (edits.set_status(status, note),), once

        press(ack, body, context, change_for)

    app.action(messages.COMPLETE_CLOSE_ACTION)(ack=complete_and_close, lazy=[send_reply])
    app.action(messages.READING_ACTION)(ack=apply_reading, lazy=[send_reply])


def _json_value(value: str) -> dict:
    """A button's JSON value; anything else is a stale or forged button."""
    try:
        data = json.loads(value)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise UserError("That button is out of date. Try the command again.")
    return data
