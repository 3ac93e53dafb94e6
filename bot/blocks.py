"""Block Kit messages about recommendations, as pure functions. All paper and user text is escaped here."""

from __future__ import annotations

from datetime import date

from tracker import decisions, rag
from tracker import status as statuses
from tracker.models import Milestone, Recommendation, Review
from usecases.queries import Choice, Found, ReviewSummary

from .kit import Message, actions, button, cap, context, fields, header, message, section, text_message
from .mrkdwn import MESSAGE_BLOCKS, SECTION_TEXT, Mrkdwn, channel, chunks, clip, code, escape, link, mention

__all__ = ["Message", "text_message"]

CARD_TEXT = 700  # enough to read the gist; the rest is one click away
MAX_TARGETS = 6


def help_message(text: str) -> Message:
    """``/rec help``: the verb table's help text (recbot's own mrkdwn, so taken as it is)."""
    return message("recbot help", [section(piece) for piece in chunks(Mrkdwn(text))])


def status_phrase(rec: Recommendation) -> Mrkdwn:
    label = statuses.label(rec.status) or "Not set"
    if rec.status_text and rec.status_text.lower().rstrip(".") != label.lower():
        return Mrkdwn("{}\n_“{}”_").format(label, clip(rec.status_text, 300))
    return escape(label)


def rag_phrase(rating: str | None) -> Mrkdwn:
    return Mrkdwn("{} {}").format(rag.EMOJI[rating], rag.LABELS[rating])


def milestone_line(
    m: Milestone, today: date | None, completed: bool = False, rules: rag.Rules = rag.DEFAULT_RULES
) -> Mrkdwn:
    due = m.due.strftime("%-d %b %Y") if m.due else "no date"
    mark = "✓ " if m.done else (Mrkdwn("*late* ") if today and not completed and rag.late(m, today, rules) else "")
    what = clip(m.label or m.phrase, 80)
    moved = Mrkdwn(" _({}; the paper said “{}”)_").format(clip(m.moved, 60), clip(m.source, 80)) if m.moved else ""
    revised = Mrkdwn(" _{}_").format(m.revision()) if m.revised_from else ""
    return Mrkdwn("{}{}: {}{}{}").format(mark, due, what, moved, revised)


def owner_text(owner) -> Mrkdwn:
    who = mention(owner.slack_user) if owner.slack_user else escape(owner.name)
    return Mrkdwn("{} ({})").format(who, owner.role) if owner.role and owner.role != "Owner" else who


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
        context(Mrkdwn("{} · {} · {}").format(review.council, review.title, code(review.slug))),
    ]
    text, response = escape(rec.text), escape(rec.response)
    shortened = not full and (len(text) > CARD_TEXT or len(response) > CARD_TEXT)
    blocks += [section(p) for p in chunks(text)] if full else [section(clip(text, CARD_TEXT))]
    facts = [Mrkdwn("*Status*\n{}{}").format(status_phrase(rec), _sign_off(rec))]
    if rec.decision or rec.decision_text:
        facts.append(Mrkdwn("*Decision*\n{}").format(clip(decisions.phrase(rec.decision, rec.decision_text), 400)))
    if today is not None:
        facts.append(Mrkdwn("*RAG*\n{}").format(rag_phrase(rag.rating(rec, today, rules))))
    if rec.owners:
        facts.append(Mrkdwn("*Owners*\n") + Mrkdwn("\n").join(owner_text(o) for o in rec.owners))
    if rec.milestones:
        done = rec.status == "completed"
        lines = [milestone_line(m, today, done, rules) for m in sorted(rec.milestones, key=_by_due)[:MAX_TARGETS]]
        more = len(rec.milestones) - MAX_TARGETS
        facts.append(
            Mrkdwn("*Target dates*\n") + Mrkdwn("\n").join(lines) + (f"\n… and {more} more" if more > 0 else "")
        )
    if rec.group:
        facts.append(Mrkdwn("*Addressed to*\n{}").format(rec.group))
    blocks.append(fields(*facts))
    if response:
        if full:
            pieces = chunks(response, SECTION_TEXT - 30)
            heading = Mrkdwn("*Action being taken*\n")
            blocks += [section(heading + p if i == 0 else p) for i, p in enumerate(pieces)]
        else:
            blocks.append(section(Mrkdwn("*Action being taken*\n{}").format(clip(response, CARD_TEXT))))
    notes = []
    if rec.links:
        notes.append(Mrkdwn("Links to {}").format(Mrkdwn(", ").join(rec.links)))
    if rec.latest_update:
        u = rec.latest_update
        notes.append(Mrkdwn("Latest update {}: {}").format(str(u.at)[:10], clip(u.note or u.source, 200)))
    evidence = next((u for u in reversed(rec.updates) if u.link), None)
    if evidence:
        what = "the message" if "slack.com/archives" in evidence.link else "link"
        notes.append(Mrkdwn("Evidence: {}").format(link(evidence.link, what)))
    if shortened:
        notes.append(Mrkdwn("Shortened: {} shows all of it").format(code(f"/rec {review.slug} {rec.id} full")))
    if notes:
        blocks.append(context(Mrkdwn(" · ").join(notes)))
    blocks = cap(blocks, MESSAGE_BLOCKS - 1) + [card_buttons(rec, shortened=shortened)]
    return message(f"{rec.id} ({review.slug}): {clip(rec.title or rec.text, 150)}", blocks)


def _sign_off(rec: Recommendation) -> Mrkdwn:
    """The committee's sign-off, under the status."""
    if rec.signed_off:
        minute = Mrkdwn(" ({})").format(clip(rec.signed_off.minute, 100)) if rec.signed_off.minute else ""
        return Mrkdwn("\n_Signed off by the committee {}{}_").format(rec.signed_off.at[:10], minute)
    return Mrkdwn("\n_Proposed for closure_" if rec.status == "completed" else "")


def _by_due(m: Milestone):
    return (m.due is None, m.due or date.max)


def choice_message(choice: Choice) -> Message:
    """An id found in several reviews: one line and one button per review."""
    blocks = [section(f"{choice.rec_id} is in {len(choice.options)} reviews. Which one?")]
    for found in choice.options[: MESSAGE_BLOCKS - 1]:
        line = Mrkdwn("{}: {}").format(code(found.review.slug), found.rec.title or found.rec.text)
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
        return text_message(Mrkdwn("No reviews yet. Import a committee paper with `recbot import PAPER.txt`."))
    blocks: list[dict] = [header("Reviews")]
    for s in summaries:
        when = s.review.date.strftime("%-d %B %Y") if s.review.date else "undated"
        blocks.append(
            section(
                Mrkdwn("*{}*: {}\n{} · {} · {} recommendations: {}\n{}").format(
                    code(s.review.slug),
                    s.review.title,
                    s.review.council,
                    when,
                    s.total,
                    status_counts(s.by_status) or "none",
                    code(f"/rec list {s.review.slug}"),
                )
            )
        )
    return message(f"{len(summaries)} reviews", blocks)


def rec_line(
    r: Recommendation, today: date | None = None, rules: rag.Rules = rag.DEFAULT_RULES, with_review: bool = False
) -> Mrkdwn:
    where = code(r.review) + " " if with_review else ""
    dot = f"{rag.EMOJI[rag.rating(r, today, rules)]} " if today else ""
    what = clip(r.title or r.text, 90)
    decided = f" · decision: {decisions.label(r.decision).lower()}" if r.decision else ""
    status = statuses.label(r.status) or "not set"
    return Mrkdwn("{}{}*{}* {} · _{}_{}").format(dot, where, r.id, what, status, decided)


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
        return text_message(f"{title}: {empty}")
    several = with_review or len({r.review for r in recs}) > 1
    lines = [rec_line(r, today, rules, with_review=several) for r in recs]
    blocks: list[dict] = [header(f"{title}: {len(recs)}")]
    blocks += [section(piece) for piece in chunks(Mrkdwn("\n").join(lines))]
    return message(f"{title}: {len(recs)}", blocks)


def review_list_title(reviews: list[Review], what: str) -> str:
    where = ", ".join(r.slug for r in reviews[:3]) + (f" and {len(reviews) - 3} more" if len(reviews) > 3 else "")
    return f"{where or 'All reviews'}{' · ' + what if what else ''}"


def import_prompt_message(where: str, minutes: int) -> Message:
    """``/rec import``: where and for how long a shared file is taken as a paper."""
    if where.startswith("D"):
        return text_message(Mrkdwn("Share the paper here (drag it in, or + → *Upload*) and I'll show what I'd import."))
    return text_message(
        Mrkdwn(
            "Upload the paper to {} in the next {} minutes (drag it in, or + → *Upload*): "
            "Word, PDF, a web page, a spreadsheet or text. I'll show you what I'd import before anything is "
            "written. You can also send papers to me in a direct message."
        ).format(channel(where), minutes)
    )


def digest_off_message(where: str, removed: bool) -> Message:
    """``/rec digest off``."""
    return text_message(
        Mrkdwn("{} {}.").format(channel(where), "will get no more digests" if removed else "had no digest")
    )
