"""Block Kit messages about recommendations, as pure functions. All paper and user text is escaped here."""

from __future__ import annotations

from datetime import date

from tracker import decisions, rag
from tracker import status as statuses
from tracker.models import Milestone, Recommendation, Review
from usecases.queries import Choice, Found, ReviewSummary

from .kit import Message, actions, button, cap, context, fields, header, section, text_message
from .mrkdwn import MESSAGE_BLOCKS, SECTION_TEXT, chunks, clip, code, escape, link, mention

__all__ = ["Message", "text_message"]

CARD_TEXT = 700  # enough to read the gist; the rest is one click away
MAX_TARGETS = 6

HELP = (
    """*recbot* tracks scrutiny recommendations. What you can type:
*Look up*
• `/rec R16`: a recommendation (also `r16`, `16`, `R 16`); `/rec R16 full` for all of its text
• `/rec REVIEW R16`: when several reviews have an R16, e.g. `/rec wiltshire-2013-safeguarding R16`
• `/rec list [REVIEW] [FILTER]`: reviews, or what matches: a status, a decision (`accepted`,
  `partially-accepted`, `not-accepted`, `noted`, `deferred`, `no-response`), `red`, `amber`, `green`,
  `not set`, `mine`, `owner @person` or `owner NAME`; REVIEW may be the start of a slug (`wirral`)
• `/rec search WORDS`: ranked, forgiving of typos
• `/rec history R16`: every change, newest first
• `/rec report [REVIEW]`: the RAG exception report: red and amber first, then counts
*Record progress* (editors, and a recommendation's owners)
• `/rec update R16 STATUS [note]`: e.g. `/rec update R16 in progress MASH manager appointed`
• `/rec note R16 TEXT`: progress without a status change
• `/rec due R16 DATE [label]`: add or move a target date (`31 March 2027`, `end of March`, `next Friday`)
• `/rec done R16 [milestone]`: mark a milestone met (the next open one if unnamed)
• `/rec owner R16 @person`, `/rec owner R16 remove @person`: link or remove an owner (editors)
*The committee cycle* (editors)
• `/rec decision R16 accepted [wording]`: the executive's decision; `/rec review REVIEW reported DATE`: its clock
• `/rec close R16 [minute]`: the committee signs a completed recommendation off; `/rec reopen R16 REASON`
*Follow* (this channel gets a message when an update lands or a target slips)
• `/rec subscribe R16 | REVIEW | all [updates | slips]`, `/rec unsubscribe ...`, `/rec subscriptions`
*Import a paper* (editors): send me the file in a direct message, or `/rec import` then upload it here
Statuses: """
    + ", ".join(f"`{s}`" for s in statuses.STATUSES)
    + " (or “done”, “in progress”, ...)"
)


def help_message() -> Message:
    return {"text": "recbot help", "blocks": [section(HELP)]}


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
    fallback = escape(f"{rec.id} ({review.slug}): {clip(rec.title or rec.text, 150)}")
    return {"text": fallback, "blocks": blocks}


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
    return {"text": f"{escape(choice.rec_id)} is in several reviews", "blocks": blocks}


def _counts(by_status) -> str:
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
                f"{escape(s.review.council)} · {when} · {s.total} recommendations: {_counts(s.by_status) or 'none'}\n"
                f"{code(f'/rec list {s.review.slug}')}"
            )
        )
    return {"text": f"{len(summaries)} reviews", "blocks": cap(blocks)}


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
    return {"text": escape(f"{title}: {len(recs)}"), "blocks": cap(blocks)}


def review_list_title(reviews: list[Review], what: str) -> str:
    where = ", ".join(r.slug for r in reviews[:3]) + (f" and {len(reviews) - 3} more" if len(reviews) > 3 else "")
    return f"{where or 'All reviews'}{' · ' + what if what else ''}"
