"""Slip digests, owner reminders and the RAG exception report, as Block Kit messages."""

from __future__ import annotations

from collections import Counter
from datetime import date

from tracker import decisions, rag, response_clock
from tracker.models import Recommendation, Review
from tracker.response_clock import Clock
from tracker.slips import Reminder, Slip

from .blocks import milestone_line, owner_text, status_counts
from .kit import Message, actions, button, context, header, message, section
from .mrkdwn import chunks, clip, code, escape, mention


def _who(owners) -> str:
    if not owners:
        return "no owner recorded"
    return ", ".join(mention(o) for o in owners)


def _days(n: int) -> str:
    return f"{n:,} day{'s' if n != 1 else ''}"


def slip_message(slips: list[Slip], first: int = 1, total: int | None = None) -> Message:
    """Slipped targets for one channel: ``slips`` are those from the ``first``-th of ``total``
    (a long list comes in several notices, each within Block Kit's limits)."""
    total = len(slips) if total is None else total
    count = f"{total} target date{'s' if total != 1 else ''} slipped"
    if total > len(slips):
        count += f" ({first}–{first + len(slips) - 1} of {total})"
    blocks = [header(count)]
    for s in slips:
        text = (
            f":red_circle: *{escape(s.rec_id)} · {escape(clip(s.title, 100))}* ({code(s.review)})\n"
            f"“{escape(clip(s.source or s.label, 200))}”: due {s.due:%-d %b %Y}, *{_days(s.days_late)} late*\n"
            f"Owner: {_who(s.owners)}"
        )
        blocks.append(section(text, accessory=button("Update", "rec_update", s.rec_key, style="primary")))
    blocks.append(context("Mark a target met with `/rec done ID`, or move it with `/rec due ID DATE`."))
    return message(f"{count}: " + ", ".join(str(s.rec_id) for s in slips), blocks)


def response_overdue_message(clock: Clock) -> Message:
    """A review whose executive response is overdue: once, to the channels that follow its slips."""
    review = clock.review
    count = len(clock.awaiting)
    text = (
        f":hourglass: *The executive's response to {escape(clip(review.title or review.slug, 150))}* "
        f"({code(review.slug)}) was due on {clock.due:%-d %B %Y} (the committee reported on "
        f"{review.reported:%-d %B %Y}): {count} recommendation{'s' if count != 1 else ''} "
        f"{'have' if count != 1 else 'has'} no decision recorded."
    )
    ids = ", ".join(r.id for r in clock.awaiting[:30]) + (" …" if count > 30 else "")
    awaiting = context(f"Awaiting a decision: {escape(ids)}. Import the response, or `/rec decision ID accepted`.")
    return message(f"Executive response overdue: {review.slug}", [section(text), awaiting])


def reminder_message(r: Reminder) -> Message:
    when = "today" if r.days_left == 0 else f"in {_days(r.days_left)}"
    text = (
        f":alarm_clock: A target of yours is due {when}: *{escape(r.rec_id)} · {escape(clip(r.title, 100))}* "
        f"({code(r.review)})\n"
        f"“{escape(clip(r.source or r.label, 200))}”, due {r.due:%-d %B %Y}"
    )
    buttons = actions(
        button("Update", "rec_update", r.rec_key, style="primary"), button("History", "rec_history", r.rec_key)
    )
    return message(f"{r.rec_id} is due {when}", [section(text), buttons])


def exception_lines(recs: list[Recommendation], today: date, rules: rag.Rules) -> list[tuple[str, Recommendation, str]]:
    """(rating, rec, what is late or due) for red then amber recommendations."""
    rows = []
    for r in recs:
        rating = rag.rating(r, today, rules)
        if rating not in (rag.RED, rag.AMBER):
            continue
        pending = sorted((m for m in r.milestones if m.due and not m.done), key=lambda m: m.due)
        focus = (
            rag.late_milestones(r, today, rules)
            if rating == rag.RED
            else pending[:1] or [m for m in r.milestones if m.at_risk]
        )
        rows.append((rating, r, milestone_line(focus[0], today, rules=rules) if focus else ""))
    rows.sort(key=lambda row: (rag.ORDER.index(row[0]), row[1].review, row[1].number))
    return rows


def report_message(
    reviews: list[Review], recs: list[Recommendation], today: date, rules: rag.Rules, response_months: int = 2
) -> Message:
    """``/rec report``: red and amber first with the late milestone and owner, then counts by status."""
    title = reviews[0].slug if len(reviews) == 1 else "All reviews"
    blocks: list[dict] = [header(f"RAG exception report: {title}"), context(f"As at {today:%-d %B %Y}")]
    rows = exception_lines(recs, today, rules)
    lines = []
    for rating, r, line in rows:
        owners = ", ".join(owner_text(o) for o in r.owners) or "no owner"
        about = f"*{escape(r.id)}* {escape(clip(r.title, 80))} ({code(r.review)})"
        lines.append(f"{rag.EMOJI[rating]} {about}\n      {line} · {owners}")
    if lines:
        blocks += [section(p) for p in chunks("\n".join(lines))]
    else:
        blocks.append(section("Nothing is red or amber."))
    ratings = Counter(rag.rating(r, today, rules) for r in recs)
    rag_counts = " · ".join(
        f"{rag.EMOJI[k]} {ratings[k]} {rag.LABELS[k].split(' ')[0].lower()}" for k in rag.ORDER if ratings[k]
    )
    blocks.append(section(f"*By RAG*: {rag_counts or 'none'}"))
    for review in reviews:
        mine = [r for r in recs if r.review == review.slug]
        counts = status_counts(Counter(r.status or "unset" for r in mine))
        decided = Counter(r.decision for r in mine)
        by_decision = ", ".join(
            f"{decided[d]} {decisions.label(d).lower()}" for d in [*decisions.DECISIONS, None] if decided[d]
        )
        clock = response_clock.clock(review, mine, today, response_months)
        overdue = f"\n:hourglass: {escape(clock.describe())}" if clock and clock.awaiting else ""
        blocks.append(
            section(
                f"*{code(review.slug)}* {len(mine)} recommendations: {counts or 'none'}\n"
                f"Decisions: {by_decision or 'none'}{overdue}"
            )
        )
    return message(f"RAG exception report: {title}", blocks)
