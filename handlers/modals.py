"""The Update form's submission: validate inline, apply, announce."""

from __future__ import annotations

import json
import logging
from datetime import date

from slack_bolt import Ack, App, BoltContext, BoltRequest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import messages
from bot.views import UPDATE_MODAL
from tracker import status as statuses
from tracker.changes import MAX_NOTE, Actor
from tracker.errors import UserError
from usecases import edits

from .actions import found_for
from .failures import failure
from .forms import apply_submitted

log = logging.getLogger("recbot")
CONFIRM = "recbot_confirm"  # the context key carrying the confirmation to the lazy listener


def read_form(view: dict, today: date) -> tuple[dict, dict[str, str]]:
    """The form's values and the errors to show beside each field (Slack's ``response_action: errors``)."""
    values = view.get("state", {}).get("values", {})
    errors: dict[str, str] = {}
    selected = (values.get("status", {}).get("status_select", {}).get("selected_option") or {}).get("value")
    if selected not in statuses.STATUSES:
        errors["status"] = f"Pick one of: {', '.join(statuses.label(s) for s in statuses.STATUSES)}."
    due_text = values.get("due", {}).get("due_date", {}).get("selected_date")
    due = None
    if due_text:
        try:
            due = date.fromisoformat(due_text)
        except ValueError:
            errors["due"] = "That is not a date."
        else:
            if due < today:
                errors["due"] = f"Pick today ({today:%-d %B %Y}) or later for the next target."
    note = (values.get("note", {}).get("note_input", {}).get("value") or "").strip()
    if len(note) > MAX_NOTE:
        errors["note"] = f"Keep the note under {MAX_NOTE} characters (it has {len(note)})."
    return {"status": selected, "due": due, "note": note}, errors


def register(app: App, root) -> None:
    config = root.config

    def submitted(ack: Ack, body: dict, view: dict, context: BoltContext, request: BoltRequest) -> None:
        services = root.at(context)
        deadline = edits.deadline(request.headers)
        try:
            meta = json.loads(view.get("private_metadata") or "{}")
            found = found_for(services, meta.get("rec", ""))
        except UserError as exc:
            _stale(ack, failure(exc).field_text)
            return
        except (ValueError, AttributeError) as exc:  # metadata that is not recbot's
            _stale(ack, str(exc))
            return
        form, errors = read_form(view, config.today())
        nothing = form["status"] == found.rec.status and not form["due"] and not form["note"]
        if not errors and nothing:
            errors["note"] = "Nothing to save: change the status, pick a date or write a note."
        if errors:
            services.outcome(body.get("trigger_id"), "user_error")
            ack(response_action="errors", errors=errors)
            return
        steps = []
        if form["status"] != found.rec.status or form["note"]:
            steps.append(edits.set_status(form["status"], form["note"]))
        if form["due"]:
            steps.append(edits.set_due(form["due"], "", source=f"set in the update form: {form['due'].isoformat()}"))
        user = body["user"]
        actor = Actor(user=user["id"], name=user.get("username") or user.get("name", ""), via="modal")
        request_id = body.get("trigger_id") or None
        change = apply_submitted(
            services, ack, found, actor, steps, request_id, refused_at="status", error_at="note", deadline=deadline
        )
        if change is None:
            return
        services.deliver_soon(change.queued)
        channel = meta.get("channel")
        # A channel a notice was queued for hears of the change there; elsewhere only the person is told.
        if channel and channel not in change.channels:
            context[CONFIRM] = {"channel": channel, "user": actor.user, **messages.confirmation(change)}

    def confirm(context: BoltContext, client: WebClient) -> None:
        """After the form has closed: the confirmation, shown only to the person who saved."""
        message = context.get(CONFIRM)
        if not message:
            return
        try:
            client.chat_postEphemeral(**message)
        except SlackApiError:
            pass  # the change is saved; a confirmation that cannot be shown is not worth an error

    app.view(UPDATE_MODAL)(ack=submitted, lazy=[confirm])


def _stale(ack: Ack, why: str) -> None:
    ack(response_action="errors", errors={"note": f"This form is out of date ({why}). Close it and try again."})
