"""Block Kit messages about recommendations, as pure functions. All paper and user text is escaped here."""

from __future__ import annotations

from datetime import date

from tracker import decisions, rag
from tracker import status as statuses
from tracker.models import Milestone, Recommendation, Review
from usecases.queries import Choice, Found, ReviewSummary

from .kit import Message, actions, button, cap, context, fields, header, message, section, text_message
from .mrkdwn import MESSAGE_BLOCKS, SECTION_TEXT, channel, chunks, clip, code, escape, link, mention

__all__ = ["Message", "text_message"]

CARD_TEXT = 700  # enough to read the gist; the rest is one click away
MAX_TARGETS = 6


def help_message(text: str) -> Message:
    """``/rec help``: the verb table's help text (written by recbot, so not escaped)."""
    return message("recbot help", [section(piece) for piece in chunks(text)])


def status_phrase(rec: Recommendation) -> str:
    label = statuses.label(rec.status) or "Not set"
    if rec.status_text and rec.status_text.lower().rstrip(".") != label.lower():
        return f"{label}\n_“{escape(clip(rec.status_text, 300))}”_"
    return label


def rag_phrase(rating: str | None) -> str:
    return f"{rag.EMOJI[rating]} {rag.LABELS[rating]}"


def milestone_line(
    m: Milestone, today: date | None, completed: bool = False, rules: rag.Rules = rag.DEFAULT_RULES
) -> str:
    due = m.due.strftime("%-d %b %Y") if m.due else "no date"
    mark = "✓ " if m.done else ("*late* " if today and not completed and rag.late(m, today, rules) else "")
    what = escape(clip(m.label or m.phrase, 80))
    moved = f" _({escape(clip(m.moved, 60))}; the paper said “{escape(clip(m.source, 80))}”)_" if m.moved else ""
    revised = f" _{m.revision()}_" if m.revised_from else ""
    return f"{mark}{due}: {what}{moved}{revised}"


def owner_text(owner) -> str:
    who = mention(owner.slack_user) if owner.slack_user else escape(owner.name)
    return f"{who} ({escape(owner.role)})" if owner.role and owner.role != "Owner" else who


def card_buttons(rec: Recommendation, *, shortened: bool = False) -> dict:
    elements = [
        button("Update", "rec_update", rec.key, style="primary"),
        button("Subscribe this channel", "rec_subscribe", rec.key),
        button("History", "rec_history", rec.key),
    ]
    if shortened:
        elements.append(button("Full text", "rec_full", rec.key))
    return actions(*elements)


def rec_card(
    found: Found, *, full: bool = False, today: date | None = None, rules: rag.Rules = rag.DEFAULT_RULES
) -> Message:
    """The lookup card: id and review, text, status, RAG, owners, targets, action, links, latest update."""
    rec, review = found.rec, found.review
    blocks: list[dict] = [
        header(f"{rec.id} · {rec.title}" if rec.title else rec.id),
        context(f"{escape(review.council)} · {escape(review.title)} · {code(review.slug)}"),
    ]
    text, response = escape(rec.text), escape(rec.response)
    shortened = not full and (len(text) > CARD_TEXT or len(response) > CARD_TEXT)
    blocks += [section(p) for p in chunks(text)] if full else [section(clip(text, CARD_TEXT))]
    facts = [f"*Status*\n{status_phrase(rec)}{_sign_off(rec)}"]
    if rec.decision or rec.decision_text:
        facts.append(f"*Decision*\n{escape(clip(decisions.phrase(rec.decision, rec.decision_text), 400))}")
    if today is not None:
        facts.append(f"*RAG*\n{rag_phrase(rag.rating(rec, today, rules))}")
    if rec.owners:
        facts.append("*Owners*\n" + "\n".join(owner_text(o) for o in rec.owners))
    if rec.milestones:
        done = rec.status == "completed"
        lines = [milestone_line(m, today, done, rules) for m in sorted(rec.milestones, key=_by_due)[:MAX_TARGETS]]
        more = len(rec.milestones) - MAX_TARGETS
        facts.append("*Target dates*\n" + "\n".join(lines) + (f"\n… and {more} more" if more > 0 else ""))
    if rec.group:
        facts.append(f"*Addressed to*\n{escape(rec.group)}")
    blocks.append(fields(*facts))
    if response:
        if full:
            pieces = chunks(response, SECTION_TEXT - 30)
            blocks += [section(("*Action being taken*\n" if i == 0 else "") + p) for i, p in enumerate(pieces)]
        else:
            blocks.append(section(f"*Action being taken*\n{clip(response, CARD_TEXT)}"))
    notes = []
    if rec.links:
        notes.append("Links to " + ", ".join(escape(link) for link in rec.links))
    if rec.latest_update:
        u = rec.latest_update
        notes.append(f"Latest update {escape(str(u.at)[:10])}: {escape(clip(u.note or u.source, 200))}")
    evidence = next((u for u in reversed(rec.updates) if u.link), None)
    if evidence:
        notes.append(
            f"Evidence: {link(evidence.link, 'the message' if 'slack.com/archives' in evidence.link else 'link')}"
        )
    if shortened:
        notes.append(f"Shortened: {code(f'/rec {review.slug} {rec.id} full')} shows all of it")
    if notes:
        blocks.append(context(" · ".join(notes)))
    blocks = cap(blocks, MESSAGE_BLOCKS - 1) + [card_buttons(rec, shortened=shortened)]
    return message(f"{rec.id} ({review.slug}): {clip(rec.title or rec.text, 150)}", blocks)


def _sign_off(rec: Recommendation) -> str:
    """The committee's sign-off, under the status."""
    if rec.signed_off:
        minute = f" ({escape(clip(rec.signed_off.minute, 100))})" if rec.signed_off.minute else ""
        return f"\n_Signed off by the committee {escape(rec.signed_off.at[:10])}{minute}_"
    return "\n_Proposed for closure_" if rec.status == "completed" else ""


def _by_due(m: Milestone):
    return (m.due is None, m.due or date.max)


def choice_message(choice: Choice) -> Message:
    """An id found in several reviews: one line and one button per review."""
    blocks = [section(f"{escape(choice.rec_id)} is in {len(choice.options)} reviews. Which one?")]
    for found in choice.options[: MESSAGE_BLOCKS - 1]:
        line = f"{code(found.review.slug)}: {escape(found.rec.title or found.rec.text)}"
        blocks.append(section(line, accessory=button("Show", "rec_show", found.rec.key)))
    return message(f"{choice.rec_id} is in several reviews", blocks)


def status_counts(by_status) -> str:
    """``5 completed, 20 in progress``: counts by status, in the statuses' order."""
    order = list(statuses.STATUSES)
    items = sorted(by_status.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
    return ", ".join(f"{n} {statuses.label(k).lower() or 'status not set'}" for k, n in items)


def reviews_message(summaries: list[ReviewSummary]) -> Message:
    """``/rec list``: each review with counts by status."""
    if not summaries:
        return text_message("No reviews yet. Import a committee paper with `recbot import PAPER.txt`.")
    blocks: list[dict] = [header("Reviews")]
    for s in summaries:
        when = s.review.date.strftime("%-d %B %Y") if s.review.date else "undated"
        blocks.append(
            section(
                f"*{code(s.review.slug)}*: {escape(s.review.title)}\n"
                f"{escape(s.review.council)} · {when} · {s.total} recommendations: "
                f"{status_counts(s.by_status) or 'none'}\n"
                f"{code(f'/rec list {s.review.slug}')}"
            )
        )
    return message(f"{len(summaries)} reviews", blocks)


def rec_line(
    r: Recommendation, today: date | None = None, rules: rag.Rules = rag.DEFAULT_RULES, with_review: bool = False
) -> str:
    where = f"{code(r.review)} " if with_review else ""
    dot = f"{rag.EMOJI[rag.rating(r, today, rules)]} " if today else ""
    what = escape(clip(r.title or r.text, 90))
    decided = f" · decision: {decisions.label(r.decision).lower()}" if r.decision else ""
    return f"{dot}{where}*{escape(r.id)}* {what} · _{statuses.label(r.status) or 'not set'}_{decided}"


def rec_list_message(
    title: str,
    recs: list[Recommendation],
    *,
    today: date | None = None,
    rules: rag.Rules = rag.DEFAULT_RULES,
    empty: str = "Nothing matches.",
    with_review: bool = False,
) -> Message:
    """One line per recommendation, packed into as few sections as fit; each names its review when
    ``with_review`` or when they come from several."""
    if not recs:
        return text_message(f"{escape(title)}: {empty}")
    several = with_review or len({r.review for r in recs}) > 1
    lines = [rec_line(r, today, rules, with_review=several) for r in recs]
    blocks: list[dict] = [header(f"{title}: {len(recs)}")]
    blocks += [section(piece) for piece in chunks("\n".join(lines))]
    return message(f"{title}: {len(recs)}", blocks)


def review_list_title(reviews: list[Review], what: str) -> str:
    where = ", ".join(r.slug for r in reviews[:3]) + (f" and {len(reviews) - 3} more" if len(reviews) > 3 else "")
    return f"{where or 'All reviews'}{' · ' + what if what else ''}"


def import_prompt_message(where: str, minutes: int) -> Message:
    """``/rec import``: where and for how long a shared file is taken as a paper."""
    if where.startswith("D"):
        return text_message("Share the paper here (drag it in, or + → *Upload*) and I'll show what I'd import.")
    return text_message(
        f"Upload the paper to {channel(where)} in the next {minutes} minutes (drag it in, or + → *Upload*): "
        "Word, PDF, a web page, a spreadsheet or text. I'll show you what I'd import before anything is "
        "written. You can also send papers to me in a direct message."
    )


def digest_off_message(where: str, removed: bool) -> Message:
    """``/rec digest off``."""
    return text_message(f"{channel(where)} {'will get no more digests' if removed else 'had no digest'}.")
