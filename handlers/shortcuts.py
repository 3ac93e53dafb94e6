"""The "Record as update" message shortcut: any message becomes an update to a recommendation."""

from __future__ import annotations

import json

from slack_bolt import Ack, App, BoltContext, BoltRequest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import messages
from bot.shortcut_views import NO_CHANGE, PICKER, RECORD_MODAL, rec_options, record_modal
from tracker import status as statuses
from tracker.changes import MAX_NOTE, Actor
from tracker.errors import NotFound
from tracker.search import suggest
from usecases import edits, queries

from .actions import acknowledge
from .failures import failure
from .forms import apply_submitted

SHORTCUT = "record_update"
ANSWER = "recbot_answer"  # the context key carrying the answer to the lazy listener


def read_record_form(view: dict) -> tuple[dict, dict[str, str]]:
    """The form's values and the errors to show beside each field."""
    values = view.get("state", {}).get("values", {})
    errors: dict[str, str] = {}
    key = (values.get("rec", {}).get(PICKER, {}).get("selected_option") or {}).get("value") or ""
    review, _, rec_id = key.partition("/")
    if not review or not rec_id:
        errors["rec"] = "Pick the recommendation this message is about."
    status = (values.get("status", {}).get("status_select", {}).get("selected_option") or {}).get("value")
    if status not in (NO_CHANGE, None, *statuses.STATUSES):
        errors["status"] = "Pick a status, or “No change”."
    note = (values.get("note", {}).get("note_input", {}).get("value") or "").strip()
    if not note:
        errors["note"] = "The note is empty: write what happened."
    elif len(note) > MAX_NOTE:
        errors["note"] = f"Keep the note under {MAX_NOTE} characters (it has {len(note)})."
    status = None if status in (NO_CHANGE, None) else status
    return {"review": review, "rec_id": rec_id, "status": status, "note": note}, errors


def _linked(step, link: str):
    """A change step whose history entry keeps the link to the message it came from."""

    def run(rec, actor, at):
        entry = step(rec, actor, at)
        entry.link = link
        return entry

    return run


def register(app: App, root) -> None:
    def record_update(shortcut: dict, client: WebClient) -> None:
        message = shortcut.get("message") or {}
        channel = (shortcut.get("channel") or {}).get("id", "")
        ts = message.get("ts") or shortcut.get("message_ts", "")
        try:
            link = client.chat_getPermalink(channel=channel, message_ts=ts)["permalink"]
        except SlackApiError:
            link = ""
        meta = {"channel": channel, "ts": ts, "link": link}
        client.views_open(trigger_id=shortcut["trigger_id"], view=record_modal(message.get("text") or "", meta))

    app.shortcut(SHORTCUT)(ack=acknowledge, lazy=[record_update])

    @app.options(PICKER)
    def pick(ack: Ack, payload: dict, context: BoltContext) -> None:
        recs = root.at(context).store.recommendations()
        ack(options=rec_options(suggest(recs, payload.get("value", ""))))

    def submitted(ack: Ack, body: dict, view: dict, context: BoltContext, request: BoltRequest) -> None:
        services = root.at(context)
        request_id = body.get("trigger_id") or None
        deadline = edits.deadline(request.headers)
        form, errors = read_record_form(view)
        try:
            meta = json.loads(view.get("private_metadata") or "{}")
            found = None if errors else queries.lookup(services.store, form["review"], form["rec_id"])
        except (ValueError, AttributeError):
            errors, meta = {"note": "This form is out of date. Close it and try again."}, {}
        except NotFound as exc:
            errors = {"rec": failure(exc).field_text}
        if errors:
            services.outcome(request_id, "user_error")
            ack(response_action="errors", errors=errors)
            return
        user = body["user"]
        actor = Actor(user=user["id"], name=user.get("username") or user.get("name", ""), via="shortcut")
        step = edits.set_status(form["status"], form["note"]) if form["status"] else edits.add_note(form["note"])
        steps = [_linked(step, meta.get("link", ""))]
        change = apply_submitted(
            services, ack, found, actor, steps, request_id, refused_at="rec", error_at="note", deadline=deadline
        )
        if change is None:
            return
        services.deliver_soon(change.queued)
        context[ANSWER] = {"meta": meta, "user": actor.user, "message": messages.confirmation(change)}

    def answer(context: BoltContext, client: WebClient) -> None:
        if context.get(ANSWER):
            _answer_in_thread(client, **context[ANSWER])

    app.view(RECORD_MODAL)(ack=submitted, lazy=[answer])


def _answer_in_thread(client: WebClient, meta: dict, user: str, message: dict) -> None:
    """After the form has closed, say what was recorded in the message's thread; where recbot cannot
    post, tell the person directly."""
    try:
        client.chat_postMessage(channel=meta.get("channel", ""), thread_ts=meta.get("ts") or None, **message)
    except SlackApiError:
        try:
            client.chat_postMessage(channel=user, **message)
        except SlackApiError:
            pass  # the update is saved; a confirmation that cannot be shown is not worth an error
