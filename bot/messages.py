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
from .kit import Message, actions, button, header, message, section, text_message
from .mrkdwn import BUTTON_VALUE, Mrkdwn, channel, clip, code, escape, mention

VIA = {"command": "slash command", "modal": "update form", "button": "button", "import": "import"}


def who(entry: Update) -> Mrkdwn:
    if mention(entry.by) != escape(entry.by):
        return mention(entry.by)
    return escape(entry.by_name or entry.by)


def _value(value) -> Mrkdwn:
    """An old or new value of a field, short: a list (owners, links) as its items."""
    if value is None or value == "" or value == []:
        return Mrkdwn("(empty)")
    text = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
    return Mrkdwn("“{}”").format(clip(" ".join(text.split()), 120))


def describe(entry: Update) -> Mrkdwn:
    """What one history entry changed, e.g. "status In progress → Completed"."""
    parts = []
    for name, (old, new) in entry.changes.items():
        if name == "status":
            parts.append(Mrkdwn("status {} → {}").format(statuses.label(old) or "not set", statuses.label(new)))
        elif name == "milestone":
            target = Mrkdwn("target {}").format(new) if old is None else Mrkdwn("target {} → {}").format(old, new)
            parts.append(target)
        elif name == "milestone_done":
            parts.append(Mrkdwn("milestone met: {}").format(old))
        elif name == "signed_off" and new is None:
            parts.append(Mrkdwn("sign-off undone (was {})").format(_value(old)))
        elif name == "signed_off":
            parts.append(Mrkdwn("signed off by the committee: {}").format(_value(new)))
        elif name == "decision":
            parts.append(Mrkdwn("decision {} → {}").format(decisions.label(old), decisions.label(new)))
        elif name == "owner" and new is None:
            parts.append(Mrkdwn("owner removed: {}").format(mention(old)))
        elif name == "owner":
            parts.append(Mrkdwn("owner added: {}").format(mention(new)))
        else:
            parts.append(Mrkdwn("{} {} → {}").format(name, _value(old), _value(new)))
    if not parts and entry.status:
        parts.append(Mrkdwn("status {} (unchanged)").format(statuses.label(entry.status)))
    return Mrkdwn("; ").join(parts) or Mrkdwn("note")


def change_message(change) -> Message:
    """Announcement of a change: who changed what on which recommendation, with the card's buttons."""
    rec: Recommendation = change.rec
    title = Mrkdwn("*{} · {}* ({})").format(rec.id, clip(rec.title or rec.text, 120), code(rec.review))
    lines = [Mrkdwn("{} updated {}").format(who(change.entries[0]), title)]
    for entry in change.entries:
        lines.append(Mrkdwn("• {}").format(describe(entry)))
        if entry.note:
            lines.append(_quote(clip(entry.note, 2500)))
    summary = Mrkdwn("{} updated {}: {}").format(
        change.actor.name or change.actor.user, rec.id, Mrkdwn("; ").join(describe(e) for e in change.entries)
    )
    return message(summary, [section(Mrkdwn("\n").join(lines)), card_buttons(rec)])


def _quote(note: str) -> Mrkdwn:
    """A note as a block quote, every line of it."""
    return Mrkdwn("> ") + escape(note).replace("\n", Mrkdwn("\n> "))


def confirmation(change) -> Message:
    """Shown only to the person who made a change in a channel that is not subscribed."""
    what = Mrkdwn("; ").join(describe(e) for e in change.entries)
    return text_message(Mrkdwn("Saved {} ({}): {}.").format(change.rec.id, code(change.rec.review), what))


def history_message(rec: Recommendation) -> Message:
    """Every history entry of a recommendation, newest first, within Block Kit's limits."""
    if not rec.updates:
        return text_message(
            Mrkdwn("{} ({}) has no history yet: nothing has changed since it was imported.").format(
                rec.id, code(rec.review)
            )
        )
    blocks = [header(f"History of {rec.id} · {rec.title}"[:150])]
    for entry in reversed(rec.updates):
        when = str(entry.at)[:16].replace("T", " ")
        line = Mrkdwn("*{}* · {} · {}\n{}").format(
            when, who(entry), VIA.get(entry.source, entry.source), describe(entry)
        )
        if entry.note:
            line += Mrkdwn("\n") + _quote(clip(entry.note, 1500))
        blocks.append(section(line))
    return message(f"History of {rec.id}: {len(rec.updates)} entries", blocks)


def subscriptions_message(where: str, subs: list[Subscription], digests: list[Digest] = ()) -> Message:
    digest = Mrkdwn("\nDigest: {} (`/rec digest off` stops it).").format(digests[0].describe()) if digests else ""
    if not subs:
        return text_message(
            Mrkdwn(
                "{} has no subscriptions. `/rec subscribe R16`, `/rec subscribe REVIEW` or `/rec subscribe all`.{}"
            ).format(channel(where), digest)
        )
    lines = Mrkdwn("\n").join(Mrkdwn("• {}").format(s.describe()) for s in subs)
    return text_message(Mrkdwn("{} is subscribed to:\n{}{}").format(channel(where), lines, digest))


def digest_setting_message(where: str, digests: list[Digest]) -> Message:
    if not digests:
        return text_message(
            Mrkdwn(
                "{} has no digest. Set one with `/rec digest weekly monday 09:00` or "
                "`/rec digest daily 08:30 REVIEW red`."
            ).format(channel(where))
        )
    return text_message(
        Mrkdwn("{} gets a digest {}. `/rec digest off` stops it.").format(channel(where), digests[0].describe())
    )


def digest_set_message(digest: Digest, first: datetime) -> Message:
    return text_message(
        Mrkdwn(
            "{} will get a digest {}: what changed since the last one, new slips, red and amber, and the counts "
            "(nothing when there is nothing to say). The first: {:%A %-d %B %Y at %H:%M}. "
            "If recbot is not in this channel yet, `/invite @recbot`."
        ).format(channel(digest.channel), digest.describe(), first)
    )


def subscribed_message(sub: Subscription, changed: bool) -> Message:
    kinds = {"both": "updates and slipping targets", "updates": "updates", "slips": "slipping targets"}[sub.filter]
    if not changed:
        return text_message(Mrkdwn("{} already gets {} for {}.").format(channel(sub.channel), kinds, sub.describe()))
    return text_message(
        Mrkdwn("{} will get {} for {}. If recbot is not in this channel yet, invite it with `/invite @recbot`.").format(
            channel(sub.channel), kinds, sub.describe()
        )
    )


def unsubscribed_message(sub: Subscription, removed: bool) -> Message:
    what = sub.describe()
    if removed:
        return text_message(Mrkdwn("{} no longer gets messages about {}.").format(channel(sub.channel), what))
    return text_message(
        Mrkdwn("{} was not subscribed to {}. `/rec subscriptions` lists what it is.").format(channel(sub.channel), what)
    )


def unreachable_message(where: str, about: str, error: str) -> Message:
    return text_message(
        Mrkdwn(
            "I couldn't post to {} ({}), which you subscribed to {}. Invite me there with `/invite @recbot`, "
            "or remove the subscription with `/rec unsubscribe ...` in that channel."
        ).format(channel(where), error, about)
    )


def import_message(reports, paper_name: str) -> Message:
    """One summary of what importing a paper changed, per review."""
    lines = [Mrkdwn("Imported *{}*:").format(paper_name)]
    for report in reports:
        parts = []
        if report.added:
            parts.append(f"{len(report.added)} added")
        if report.updated:
            ids = ", ".join(map(str, report.updated[:20])) + (" …" if len(report.updated) > 20 else "")
            parts.append(f"{len(report.updated)} updated ({ids})")
        lines.append(Mrkdwn("• {}: {}").format(code(report.review), ", ".join(parts) or "no changes"))
    return text_message(Mrkdwn("\n").join(lines))


READING_ACTION = "rec_update_reading"


def reading_value(rec: Recommendation, status: str, note: str, asked: str = "") -> str:
    """What a reading's button carries: the recommendation, the status, the whole note, and the id of
    the question, so that pressing a second button (or the same one twice) saves once."""
    return json.dumps({"rec": rec.key, "status": status, "note": note, "asked": asked}, ensure_ascii=False)


def readings_message(rec: Recommendation, readings, asked: str = "") -> Message:
    """``/rec update`` whose status/note split is not certain: one button per reading; nothing saved yet."""
    lines = [
        Mrkdwn("I'm not sure how to read that update of *{}*, so nothing is saved yet. Did you mean:").format(rec.id)
    ]
    buttons = []
    for i, r in enumerate(readings[:5]):
        note = Mrkdwn(" with the note “{}”").format(clip(r.note, 300)) if r.note else " (no note)"
        lines.append(Mrkdwn("• status *{}*{}").format(statuses.label(r.status), note))
        value = reading_value(rec, r.status, r.note, asked)
        if len(value) <= BUTTON_VALUE:
            style = None if i else "primary"
            buttons.append(button(f"{statuses.label(r.status)}: save this", READING_ACTION, value, style))
    lines.append(
        Mrkdwn(
            "Press the reading you meant, or type the status exactly, e.g. `/rec update {} completed your note`."
        ).format(rec.id)
    )
    blocks = [section(Mrkdwn("\n").join(lines))]
    if buttons:
        blocks.append(actions(*buttons, block_id="rec_readings"))
    return message(f"Not saved: how should I read that update of {rec.id}?", blocks)


COMPLETE_CLOSE_ACTION = "rec_complete_close"


def complete_first_message(rec: Recommendation, why: str, minute: str) -> Message:
    """``/rec close`` on a recommendation that is not completed: say so, and offer to do both."""
    value = json.dumps({"rec": rec.key, "minute": minute}, ensure_ascii=False)
    blocks = [section(why)]
    if len(value) <= BUTTON_VALUE:
        label = f"Complete {rec.id} and sign it off"
        blocks.append(actions(button(label, COMPLETE_CLOSE_ACTION, value, "primary"), block_id="rec_close"))
    return message(f"Not signed off: {rec.id} is not completed", blocks)


def review_clock_message(review: Review, clock) -> Message:
    """``/rec review REVIEW``: when the committee reported and where the executive's response stands."""
    title = Mrkdwn("*{}* ({})").format(clip(review.title or review.slug, 150), code(review.slug))
    if clock is None:
        return text_message(
            Mrkdwn(
                "{}: when its report went to the executive is not recorded. "
                "`/rec review {} reported 28 March 2013` starts the response clock."
            ).format(title, review.slug)
        )
    lines = [
        Mrkdwn("{}: reported to the executive on {:%-d %B %Y}; {}.").format(title, review.reported, clock.describe())
    ]
    if clock.awaiting:
        ids = ", ".join(r.id for r in clock.awaiting[:40]) + (" …" if len(clock.awaiting) > 40 else "")
        lines.append(Mrkdwn("Awaiting a decision: {}. Record one with `/rec decision ID accepted`.").format(ids))
    return text_message(Mrkdwn("\n").join(lines))
