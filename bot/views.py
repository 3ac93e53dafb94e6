"""Modals and the App Home tab."""

from __future__ import annotations

import json
from datetime import date

from tracker import rag
from tracker import status as statuses
from tracker.models import Recommendation
from usecases.queries import ReviewSummary

from .blocks import rec_line, status_counts
from .kit import cap, context, header, section
from .mrkdwn import VIEW_BLOCKS, chunks, clip, code, escape

UPDATE_MODAL = "rec_update_modal"


def _option(status: str) -> dict:
    return {"text": {"type": "plain_text", "text": statuses.label(status)}, "value": status}


def update_modal(rec: Recommendation, channel: str | None) -> dict:
    """The Update form: status, the next milestone's date, a note."""
    status_select = {
        "type": "static_select",
        "action_id": "status_select",
        "options": [_option(s) for s in statuses.STATUSES],
    }
    if rec.status in statuses.STATUSES:
        status_select["initial_option"] = _option(rec.status)
    due_picker = {"type": "datepicker", "action_id": "due_date"}
    pending = [m for m in rec.milestones if not m.done and m.due]
    if pending:
        due_picker["initial_date"] = min(m.due for m in pending).isoformat()
    return {
        "type": "modal",
        "callback_id": UPDATE_MODAL,
        "private_metadata": json.dumps({"rec": rec.key, "channel": channel}),
        "title": {"type": "plain_text", "text": clip(f"Update {rec.id}", 24)},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            section(f"*{escape(rec.id)} · {escape(clip(rec.title or rec.text, 200))}*\n{code(rec.review)}"),
            {
                "type": "input",
                "block_id": "status",
                "label": {"type": "plain_text", "text": "Status"},
                "element": status_select,
            },
            {
                "type": "input",
                "block_id": "due",
                "optional": True,
                "label": {"type": "plain_text", "text": "Next target date"},
                "element": due_picker,
                "hint": {"type": "plain_text", "text": "Moves the next open milestone, or adds one."},
            },
            {
                "type": "input",
                "block_id": "note",
                "optional": True,
                "label": {"type": "plain_text", "text": "Note"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "note_input",
                    "multiline": True,
                    "max_length": 3000,
                },
            },
        ],
    }


def home_view(
    summaries: list[ReviewSummary],
    mine: list[Recommendation],
    watch: list[Recommendation],
    today: date,
    rules: rag.Rules,
    help_text: str,
    overdue: list = (),
) -> dict:
    """App Home: overdue executive responses, the viewer's recommendations, red or amber, counts per review."""
    blocks: list[dict] = []
    if overdue:
        blocks.append(header("Executive responses overdue"))
        lines = [f":hourglass: *{code(c.review.slug)}* {escape(c.describe())}" for c in overdue]
        blocks += [section(p) for p in chunks("\n".join(lines))]
    blocks.append(header("Your recommendations"))
    if mine:
        blocks += [section(p) for p in chunks("\n".join(rec_line(r, today, rules, True) for r in mine))]
    else:
        blocks.append(context("None linked to you. An editor can link you with `/rec owner R16 @you`."))
    blocks.append(header("Red and amber"))
    if watch:
        blocks += [section(p) for p in chunks("\n".join(rec_line(r, today, rules, True) for r in watch))]
    else:
        blocks.append(context("Nothing is late or due soon."))
    blocks.append(header("Reviews"))
    for s in summaries:
        counts = status_counts(s.by_status)
        blocks.append(section(f"*{code(s.review.slug)}* {escape(s.review.title)}\n{s.total}: {counts}"))
    if not summaries:
        blocks.append(context("No reviews yet. Import a committee paper with `recbot import PAPER.txt`."))
    blocks += [{"type": "divider"}] + [section(piece) for piece in chunks(help_text)]
    return {"type": "home", "blocks": cap(blocks, VIEW_BLOCKS)}


def red_or_amber(recs: list[Recommendation], today: date, rules: rag.Rules) -> list[Recommendation]:
    ratings = {r.key: rag.rating(r, today, rules) for r in recs}
    flagged = [r for r in recs if ratings[r.key] in (rag.RED, rag.AMBER)]
    return sorted(flagged, key=lambda r: (rag.ORDER.index(ratings[r.key]), r.review, r.number))
