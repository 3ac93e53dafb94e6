"""Papers shared with recbot in Slack: a preview first, then *Import* (editors only) or *Cancel*."""

from __future__ import annotations

import time

from slack_bolt import App, BoltContext, Respond
from slack_sdk import WebClient

from bot import files, import_blocks
from tracker.errors import ImportFailed, UserError
from tracker.permissions import check_import, is_editor
from usecases import importing

from .actions import acknowledge
from .failures import Unreadable, failure

UPLOAD_WINDOW = 600  # seconds after `/rec import` in which a file shared in that channel is a paper


def _is_direct(channel: str) -> bool:
    return channel.startswith("D")


def register(app: App, root) -> None:
    config = root.config

    def read(client: WebClient, file_id: str):
        """The shared file and what it holds; a file that cannot be read raises Unreadable with its name."""
        shared = files.fetch(client, file_id, config.max_import_bytes)
        try:
            return shared, importing.read(shared.data, shared.name, max_bytes=config.max_import_bytes)
        except ImportFailed as exc:
            raise Unreadable(shared.name, str(exc)) from None

    # Reading a shared file asks Slack for it: done after the answer, in lazy listeners.
    def file_shared(event: dict, body: dict, client: WebClient, context: BoltContext) -> None:
        services = root.at(context)
        store = services.store
        channel, user, file_id = event.get("channel_id", ""), event.get("user_id", ""), event.get("file_id", "")
        if not (channel and user and file_id):
            return
        # Slack redelivers an event it thinks was not received in time; preview once.
        if body.get("event_id") and not store.first_time(f"event|{body['event_id']}", time.time()):
            services.outcome(body["event_id"], "duplicate")
            return
        # In a channel only a file announced with `/rec import` is a paper; in recbot's DMs every file is.
        if not _is_direct(channel) and not store.take_upload(channel, user, time.time()):
            return
        try:
            shared, imported = read(client, file_id)
            preview = importing.preview(store, imported, shared.name, at=config.now_iso())
            message = import_blocks.preview_message(preview, file_id, may_import=is_editor(user, config.editors))
        except UserError as exc:
            message = failure(exc).message
        if _is_direct(channel):
            client.chat_postMessage(channel=channel, **message)
        else:
            client.chat_postEphemeral(channel=channel, user=user, **message)

    def import_paper(body: dict, action: dict, client: WebClient, respond: Respond, context: BoltContext) -> None:
        services = root.at(context)
        user, file_id = body.get("user", {}).get("id", ""), action.get("value", "")
        try:
            check_import(user, config.editors)
            shared, imported = read(client, file_id)
            reports, queued = importing.apply(
                services.store, imported.papers, shared.name, at=config.now_iso(), now=time.time()
            )
        except Unreadable as exc:  # the file is no paper: its preview goes
            respond(replace_original=True, **failure(exc).message)
            return
        except UserError as exc:  # a refusal leaves the preview for an editor to press
            respond(response_type="ephemeral", replace_original=False, **failure(exc).message)
            return
        services.deliver_soon(queued)
        respond(replace_original=True, **import_blocks.imported_message(shared.name, reports, user))

    def import_cancel(respond: Respond) -> None:
        respond(replace_original=True, text="Import cancelled: nothing was written.")

    app.event("file_shared")(ack=acknowledge, lazy=[file_shared])
    app.action("import_paper")(ack=acknowledge, lazy=[import_paper])
    app.action("import_cancel")(ack=acknowledge, lazy=[import_cancel])
