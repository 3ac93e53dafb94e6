"""Block Kit messages, as pure functions of domain objects. All paper and user text is escaped here."""

from __future__ import annotations

from typing import Any

from tracker import status as statuses
from tracker.models import Recommendation, Review

from .mrkdwn import (
    BUTTON_TEXT,
    FIELD_TEXT,
    HEADER_TEXT,
    MESSAGE_BLOCKS,
    SECTION_TEXT,
    VIEW_BLOCKS,
    chunks,
    clip,
    escape,
)
from .queries import Choice, Found, ReviewSummary

Message = dict[str, Any]
CARD_TEXT = 700  # enough to read the gist; the rest is one click away

HELP = """*recbot* tracks scrutiny recommendations. What you can type:
• `/rec R16`: show a recommendation (also `r16`, `16`, `R 16`)
• `/rec REVIEW R16`: pick the review when several have an R16, e.g. `/rec wiltshire-2013-safeguarding R16`
• `/rec R16 full`: the whole text, however long
• `/rec list`: the reviews, with counts by status
• `/rec list REVIEW`: every recommendation of one review
• `/rec help`: this message
Statuses: """ + ", ".join(f"`{s}`" for s in statuses.STATUSES)


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, SECTION_TEXT)}}


def _context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(text, SECTION_TEXT)}]}


def _button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    button = {
        "type": "button",
        "text": {"type": "plain_text", "text": clip(text, BUTTON_TEXT)},
        "action_id": action_id,
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def _header(text: str) -> dict:
    return {"type": "header", "text": {"type": "plain_text", "text": clip(text, HEADER_TEXT)}}


def _cap(blocks: list[dict], limit: int = MESSAGE_BLOCKS) -> list[dict]:
    if len(blocks) <= limit:
        return blocks
    return blocks[: limit - 1] + [_context(f"_… {len(blocks) - limit + 1} more blocks not shown._")]


def text_message(text: str) -> Message:
    """A plain reply; ``text`` is already mrkdwn (escape user text before calling)."""
    return {"text": text, "blocks": [_section(text)]}


def help_message() -> Message:
    return {"text": "recbot help", "blocks": [_section(HELP)]}


def status_phrase(rec: Recommendation) -> str:
    label = statuses.label(rec.status) or "Not set"
    if rec.status_text and rec.status_text.lower().rstrip(".") != label.lower():
        return f"{label}\n_“{escape(clip(rec.status_text, 300))}”_"
    return label


def rec_card(found: Found, *, full: bool = False) -> Message:
    """The lookup card: id, review, text, status, action being taken, links, latest update."""
    rec, review = found.rec, found.review
    command = f"/rec {review.slug} {rec.id} full"
    blocks: list[dict] = [
        _header(f"{rec.id} · {rec.title}" if rec.title else rec.id),
        _context(f"{escape(review.council)} · {escape(review.title)} · `{review.slug}`"),
    ]
    text, response = escape(rec.text), escape(rec.response)
    shortened = not full and (len(text) > CARD_TEXT or len(response) > CARD_TEXT)
    if full:
        blocks += [_section(piece) for piece in chunks(text)]
    else:
        blocks.append(_section(clip(text, CARD_TEXT)))
    fields = [f"*Status*\n{status_phrase(rec)}"]
    if rec.owners:
        fields.append("*Owners*\n" + "\n".join(_owner(o) for o in rec.owners))
    if rec.group:
        fields.append(f"*Addressed to*\n{escape(rec.group)}")
    blocks.append(
        {"type": "section", "fields": [{"type": "mrkdwn", "text": clip(f, FIELD_TEXT)} for f in fields]}
    )
    if response:
        if full:
            pieces = chunks(response, SECTION_TEXT - 30)
            blocks += [
                _section(("*Action being taken*\n" if i == 0 else "") + p) for i, p in enumerate(pieces)
            ]
        else:
            blocks.append(_section(f"*Action being taken*\n{clip(response, CARD_TEXT)}"))
    notes = []
    if rec.links:
        notes.append("Links to " + ", ".join(rec.links))
    if rec.latest_update:
        u = rec.latest_update
        notes.append(f"Latest update {u.at[:10]}: {escape(clip(u.note, 200))}")
    if shortened:
        notes.append(f"Shortened: `{command}` shows all of it")
    if notes:
        blocks.append(_context(" · ".join(notes)))
    buttons = []
    if shortened:
        buttons.append(_button("Full text", "rec_full", rec.key))
    if buttons:
        blocks.append({"type": "actions", "block_id": "rec_actions", "elements": buttons})
    fallback = f"{rec.id} ({review.slug}): {escape(clip(rec.title or rec.text, 150))}"
    return {"text": fallback, "blocks": _cap(blocks)}


def _owner(owner) -> str:
    who = f"<@{owner.slack_user}>" if owner.slack_user else escape(owner.name)
    return f"{who} ({escape(owner.role)})" if owner.role else who


def choice_message(choice: Choice) -> Message:
    """An id found in several reviews: one line and one button per review."""
    blocks = [_section(f"{choice.rec_id} is in {len(choice.options)} reviews. Which one?")]
    for found in choice.options[: (MESSAGE_BLOCKS - 1)]:
        blocks.append(
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": clip(
                        f"`{found.review.slug}`: {escape(found.rec.title or found.rec.text)}", SECTION_TEXT
                    ),
                },
                "accessory": _button("Show", "rec_show", found.rec.key),
            }
        )
    return {"text": f"{choice.rec_id} is in several reviews", "blocks": blocks}


def reviews_message(summaries: list[ReviewSummary]) -> Message:
    """``/rec list``: each review with counts by status."""
    if not summaries:
        return text_message("No reviews yet. Import a committee paper with `recbot import PAPER.txt`.")
    blocks: list[dict] = [_header("Reviews")]
    for s in summaries:
        when = s.review.date.strftime("%-d %B %Y") if s.review.date else "undated"
        counts = ", ".join(
            f"{n} {statuses.label(k).lower() or 'status not set'}"
            for k, n in sorted(
                s.by_status.items(),
                key=lambda kv: list(statuses.STATUSES).index(kv[0]) if kv[0] in statuses.STATUSES else 99,
            )
        )
        blocks.append(
            _section(
                f"*`{s.review.slug}`*: {escape(s.review.title)}\n"
                f"{escape(s.review.council)} · {when} · {s.total} recommendations: {counts or 'none'}\n"
                f"`/rec list {s.review.slug}`"
            )
        )
    return {"text": f"{len(summaries)} reviews", "blocks": _cap(blocks)}


def rec_list_message(review: Review, recs: list[Recommendation]) -> Message:
    """``/rec list REVIEW``: one line per recommendation, packed into as few sections as fit."""
    lines = [
        f"*{r.id}* {escape(clip(r.title or r.text, 90))} · _{statuses.label(r.status) or 'not set'}_"
        for r in recs
    ]
    blocks: list[dict] = [_header(clip(f"{review.slug}: {len(recs)} recommendations", HEADER_TEXT))]
    blocks += [_section(piece) for piece in chunks("\n".join(lines))]
    return {"text": f"{review.slug}: {len(recs)} recommendations", "blocks": _cap(blocks)}


def home_view(summaries: list[ReviewSummary]) -> dict:
    """The App Home tab: what is tracked, and how to ask about it."""
    body = reviews_message(summaries)["blocks"]
    blocks = body + [{"type": "divider"}, _section(HELP)]
    return {"type": "home", "blocks": _cap(blocks, VIEW_BLOCKS)}
