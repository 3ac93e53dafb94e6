"""Messages about changes, history and subscriptions. All user and paper text is escaped here."""

from __future__ import annotations

import json
from datetime import datetime

from tracker import decisions
from tracker import status as statuses
from tracker.digests import Digest
from tracker.models import Recommendation, Review, Update
from tracker.subscriptions import Subscription

from .blocks import card_buttons
from .kit import Message, actions, button, cap, header, section, text_message
from .mrkdwn import BUTTON_VALUE, MESSAGE_BLOCKS, channel, clip, code, escape, mention

VIA = {"command": "slash command", "modal": "update form", "button": "button", "import": "import"}


def who(entry: Update) -> str:
    if mention(entry.by) != escape(entry.by):
        return mention(entry.by)
    return escape(entry.by_name or entry.by)


def _value(value) -> str:
    """An old or new value of a field, short: a list (owners, links) as its items."""
    if value is None or value == "" or value == []:
        return "(empty)"
    text = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
    return f"“{escape(clip(' '.join(text.split()), 120))}”"


def describe(entry: Update) -> str:
    """What one history entry changed, e.g. "status In progress → Completed"."""
    parts = []
    for name, (old, new) in entry.changes.items():
        if name == "status":
            parts.append(f"status {statuses.label(old) or 'not set'} → {statuses.label(new)}")
        elif name == "milestone":
            parts.append(f"target {escape(new)}" if old is None else f"target {escape(old)} → {escape(new)}")
        elif name == "milestone_done":
            parts.append(f"milestone met: {escape(old)}")
        elif name == "signed_off" and new is None:
            parts.append(f"sign-off undone (was {_value(old)})")
        elif name == "signed_off":
            parts.append(f"signed off by the committee: {_value(new)}")
        elif name == "decision":
            parts.append(f"decision {decisions.label(old)} → {decisions.label(new)}")
        elif name == "owner" and new is None:
            parts.append(f"owner removed: {mention(old)}")
        elif name == "owner":
            parts.append(f"owner added: {mention(new)}")
        else:
            parts.append(f"{escape(name)} {_value(old)} → {_value(new)}")
    if not parts and entry.status:
        parts.append(f"status {statuses.label(entry.status)} (unchanged)")
    return "; ".join(parts) or "note"


def change_message(change) -> Message:
    """Announcement of a change: who changed what on which recommendation, with the card's buttons."""
    rec: Recommendation = change.rec
    title = f"*{escape(rec.id)} · {escape(clip(rec.title or rec.text, 120))}* ({code(rec.review)})"
    lines = [f"{who(change.entries[0])} updated {title}"]
    for entry in change.entries:
        lines.append(f"• {describe(entry)}")
        if entry.note:
            lines.append("> " + escape(clip(entry.note, 2500)).replace("\n", "\n> "))
    summary = f"{change.actor.name or change.actor.user} updated {rec.id}: " + "; ".join(
        describe(e) for e in change.entries
    )
    return {"text": clip(escape(summary), 3000), "blocks": [section("\n".join(lines)), card_buttons(rec)]}


def confirmation(change) -> Message:
    """Shown only to the person who made a change in a channel that is not subscribed."""
    what = "; ".join(describe(e) for e in change.entries)
    return text_message(f"Saved {escape(change.rec.id)} ({code(change.rec.review)}): {what}.")


def history_message(rec: Recommendation) -> Message:
    """Every history entry of a recommendation, newest first, within Block Kit's limits."""
    if not rec.updates:
        return text_message(
            f"{escape(rec.id)} ({code(rec.review)}) has no history yet: nothing has changed since it was imported."
        )
    blocks = [header(f"History of {rec.id} · {rec.title}"[:150])]
    for entry in reversed(rec.updates):
        when = escape(str(entry.at)[:16].replace("T", " "))
        line = f"*{when}* · {who(entry)} · {VIA.get(entry.source, escape(entry.source))}\n"
        line += describe(entry)
        if entry.note:
            line += "\n> " + escape(clip(entry.note, 1500)).replace("\n", "\n> ")
        blocks.append(section(line))
    shown = cap(blocks, MESSAGE_BLOCKS)
    return {"text": f"History of {escape(rec.id)}: {len(rec.updates)} entries", "blocks": shown}


def subscriptions_message(where: str, subs: list[Subscription], digests: list[Digest] = ()) -> Message:
    digest = f"\nDigest: {escape(digests[0].describe())} (`/rec digest off` stops it)." if digests else ""
    if not subs:
        return text_message(
            f"{channel(where)} has no subscriptions. "
            f"`/rec subscribe R16`, `/rec subscribe REVIEW` or `/rec subscribe all`.{digest}"
        )
    lines = [f"• {escape(s.describe())}" for s in subs]
    return text_message(f"{channel(where)} is subscribed to:\n" + "\n".join(lines) + digest)


def digest_setting_message(where: str, digests: list[Digest]) -> Message:
    if not digests:
        return text_message(
            f"{channel(where)} has no digest. Set one with `/rec digest weekly monday 09:00` or "
            "`/rec digest daily 08:30 REVIEW red`."
        )
    return text_message(f"{channel(where)} gets a digest {escape(digests[0].describe())}. `/rec digest off` stops it.")


def digest_set_message(digest: Digest, first: datetime) -> Message:
    return text_message(
        f"{channel(digest.channel)} will get a digest {escape(digest.describe())}: what changed since the last "
        "one, new slips, red and amber, and the counts (nothing when there is nothing to say). "
        f"The first: {first:%A %-d %B %Y at %H:%M}. If recbot is not in this channel yet, `/invite @recbot`."
    )


def subscribed_message(sub: Subscription, changed: bool) -> Message:
    kinds = {"both": "updates and slipping targets", "updates": "updates", "slips": "slipping targets"}[sub.filter]
    if not changed:
        return text_message(f"{channel(sub.channel)} already gets {kinds} for {escape(sub.describe())}.")
    return text_message(
        f"{channel(sub.channel)} will get {kinds} for {escape(sub.describe())}. "
        "If recbot is not in this channel yet, invite it with `/invite @recbot`."
    )


def unsubscribed_message(sub: Subscription, removed: bool) -> Message:
    what = escape(sub.describe())
    if removed:
        return text_message(f"{channel(sub.channel)} no longer gets messages about {what}.")
    return text_message(f"{channel(sub.channel)} was not subscribed to {what}. `/rec subscriptions` lists what it is.")


def unreachable_message(where: str, about: str, error: str) -> Message:
    return text_message(
        f"I couldn't post to {channel(where)} ({escape(error)}), which you subscribed to "
        f"{escape(about)}. Invite me there with `/invite @recbot`, or remove the subscription "
        f"with `/rec unsubscribe ...` in that channel."
    )


def import_message(reports, paper_name: str) -> Message:
    """One summary of what importing a paper changed, per review."""
    lines = [f"Imported *{escape(paper_name)}*:"]
    for report in reports:
        parts = []
        if report.added:
            parts.append(f"{len(report.added)} added")
        if report.updated:
            parts.append(
                f"{len(report.updated)} updated ({escape(', '.join(map(str, report.updated[:20])))}"
                f"{' …' if len(report.updated) > 20 else ''})"
            )
        lines.append(f"• {code(report.review)}: {', '.join(parts) or 'no changes'}")
    return text_message("\n".join(lines))


READING_ACTION = "rec_update_reading"


def reading_value(rec: Recommendation, status: str, note: str, asked: str = "") -> str:
    """What a reading's button carries: the recommendation, the status, the whole note, and the id of
    the question, so that pressing a second button (or the same one twice) saves once."""
    return json.dumps({"rec": rec.key, "status": status, "note": note, "asked": asked}, ensure_ascii=False)


def readings_message(rec: Recommendation, readings, asked: str = "") -> Message:
    """``/rec update`` whose status/note split is not certain: one button per reading; nothing saved yet."""
    lines = [f"I'm not sure how to read that update of *{escape(rec.id)}*, so nothing is saved yet. Did you mean:"]
    buttons = []
    for i, r in enumerate(readings[:5]):
        note = f" with the note “{escape(clip(r.note, 300))}”" if r.note else " (no note)"
        lines.append(f"• status *{statuses.label(r.status)}*{note}")
        value = reading_value(rec, r.status, r.note, asked)
        if len(value) <= BUTTON_VALUE:
            style = None if i else "primary"
            buttons.append(button(f"{statuses.label(r.status)}: save this", READING_ACTION, value, style))
    lines.append(
        "Press the reading you meant, or type the status exactly, e.g. "
        f"`/rec update {escape(rec.id)} completed your note`."
    )
    blocks = [section("\n".join(lines))]
    if buttons:
        blocks.append(actions(*buttons, block_id="rec_readings"))
    return {"text": f"Not saved: how should I read that update of {escape(rec.id)}?", "blocks": blocks}


COMPLETE_CLOSE_ACTION = "rec_complete_close"


def complete_first_message(rec: Recommendation, why: str, minute: str) -> Message:
    """``/rec close`` on a recommendation that is not completed: say so, and offer to do both."""
    value = json.dumps({"rec": rec.key, "minute": minute}, ensure_ascii=False)
    blocks = [section(escape(why))]
    if len(value) <= BUTTON_VALUE:
        label = f"Complete {rec.id} and sign it off"
        blocks.append(actions(button(label, COMPLETE_CLOSE_ACTION, value, "primary"), block_id="rec_close"))
    return {"text": f"Not signed off: {escape(rec.id)} is not completed", "blocks": blocks}


def review_clock_message(review: Review, clock) -> Message:
    """``/rec review REVIEW``: when the committee reported and where the executive's response stands."""
    title = f"*{escape(clip(review.title or review.slug, 150))}* ({code(review.slug)})"
    if clock is None:
        return text_message(
            f"{title}: when its report went to the executive is not recorded. "
            f"`/rec review {escape(review.slug)} reported 28 March 2013` starts the response clock."
        )
    lines = [f"{title}: reported to the executive on {review.reported:%-d %B %Y}; {escape(clock.describe())}."]
    if clock.awaiting:
        ids = ", ".join(r.id for r in clock.awaiting[:40]) + (" …" if len(clock.awaiting) > 40 else "")
        lines.append(f"Awaiting a decision: {escape(ids)}. Record one with `/rec decision ID accepted`.")
    return text_message("\n".join(lines))
