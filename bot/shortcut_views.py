"""The "Record as update" form opened from any message, and the recommendation picker's options."""

from __future__ import annotations

import json

from tracker import status as statuses
from tracker.changes import MAX_NOTE
from tracker.models import Recommendation

from .kit import context
from .mrkdwn import clip

RECORD_MODAL = "rec_from_message"
PICKER = "rec_pick"
MAX_OPTIONS = 20  # Slack shows at most 100; a short list reads better while typing
NO_CHANGE = "no_change"


def _plain(text: str, limit: int = 75) -> dict:
    return {"type": "plain_text", "text": clip(text, limit)}


def record_modal(note: str, meta: dict) -> dict:
    """Pick the recommendation (type-ahead), optionally a status; the message's text is the note."""
    status_options = [{"text": _plain("No change"), "value": NO_CHANGE}] + [
        {"text": _plain(statuses.label(s)), "value": s} for s in statuses.STATUSES
    ]
    return {
        "type": "modal",
        "callback_id": RECORD_MODAL,
        "private_metadata": json.dumps(meta),
        "title": _plain("Record as update", 24),
        "submit": _plain("Record", 24),
        "close": _plain("Cancel", 24),
        "blocks": [
            {
                "type": "input",
                "block_id": "rec",
                "label": _plain("Recommendation"),
                "element": {
                    "type": "external_select",
                    "action_id": PICKER,
                    "placeholder": _plain("Type an id, words of its title, or a review"),
                    "min_query_length": 1,
                },
            },
            {
                "type": "input",
                "block_id": "status",
                "label": _plain("Status"),
                "element": {
                    "type": "static_select",
                    "action_id": "status_select",
                    "options": status_options,
                    "initial_option": status_options[0],
                },
            },
            {
                "type": "input",
                "block_id": "note",
                "label": _plain("Note"),
                "element": {
                    "type": "plain_text_input",
                    "action_id": "note_input",
                    "multiline": True,
                    "max_length": MAX_NOTE,
                    "initial_value": note[:MAX_NOTE],
                },
            },
            context("Recorded with a link to the message, and answered in its thread."),
        ],
    }


def rec_options(recs: list[Recommendation]) -> list[dict]:
    """Options for the picker: ``R16 · title (review)``, valued by the recommendation's key."""
    return [
        {"text": _plain(f"{r.id} · {r.title or r.text} ({r.review})"), "value": r.key[:150]} for r in recs[:MAX_OPTIONS]
    ]
