"""The RAG exception report and the full tracker as a Markdown document for a committee paper."""

from __future__ import annotations

from collections import Counter
from datetime import date

from . import decisions, rag
from . import status as statuses
from .models import Recommendation, Review
from .progress import progress_since

RAG_WORD = {rag.BLUE: "Blue", rag.RED: "Red", rag.AMBER: "Amber", rag.GREEN: "Green", rag.NONE: "–"}


def _cell(text: str) -> str:
    return (text or "").replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>").strip()


def _owners(rec: Recommendation) -> str:
    return ", ".join(o.name or f"@{o.slack_user}" for o in rec.owners) or "–"


def _targets(rec: Recommendation, today: date, rules: rag.Rules) -> str:
    parts = []
    for m in sorted(rec.milestones, key=lambda m: (m.due is None, m.due or date.max)):
        mark = " (met)" if m.done else (" (late)" if rag.shows_late(rec, m, today, rules) else "")
        revised = f" ({m.revision()})" if m.revised_from else ""
        parts.append(f"{m.due:%-d %b %Y}{mark}: {m.label or m.source}{revised}" if m.due else (m.label or m.source))
    return "<br>".join(_cell(p) for p in parts) or "–"


def to_markdown(
    reviews: list[Review],
    recs: list[Recommendation],
    today: date,
    rules: rag.Rules = rag.DEFAULT_RULES,
    *,
    since: date | None = None,
    charts: dict[str, str] | None = None,
) -> str:
    """Per review: the exception report (red and amber first), counts, then every recommendation.

    ``since`` shows every update recorded from that date instead of the latest one; ``charts``
    maps a review's slug to the file name of its chart image, shown under its counts.
    """
    period = f" Progress since {since:%-d %B %Y}." if since else ""
    out = ["# Scrutiny recommendations: progress report", "", f"As at {today:%-d %B %Y}.{period}", ""]
    for review in reviews:
        mine = [r for r in recs if r.review == review.slug]
        ratings = {r.key: rag.rating(r, today, rules) for r in mine}
        when = f", {review.date:%-d %B %Y}" if review.date else ""
        out += [f"## {_cell(review.title)}", "", f"{_cell(review.council)}{when}. Review `{review.slug}`.", ""]
        flagged = sorted(
            (r for r in mine if ratings[r.key] in (rag.RED, rag.AMBER)),
            key=lambda r: (rag.ORDER.index(ratings[r.key]), r.number),
        )
        out += ["### Exceptions: red and amber", ""]
        if flagged:
            out += ["| No. | Recommendation | RAG | Late or due | Owner |", "|---|---|---|---|---|"]
            for r in flagged:
                late = rag.late_milestones(r, today, rules)
                pending = sorted((m for m in r.milestones if m.due and not m.done), key=lambda m: m.due)
                focus = late[0] if late else (pending[0] if pending else None)
                what = f"{focus.due:%-d %b %Y}: {focus.label or focus.source}" if focus else "at risk"
                out.append(
                    f"| {r.id} | {_cell(r.title)} | {RAG_WORD[ratings[r.key]]} | {_cell(what)} | {_cell(_owners(r))} |"
                )
        else:
            out.append("Nothing is red or amber.")
        counts = Counter(r.status for r in mine)
        rag_counts = Counter(ratings.values())
        out += ["", "### Counts", "", "| Status | Recommendations |", "|---|---:|"]
        out += [f"| {statuses.label(s)} | {counts[s]} |" for s in statuses.STATUSES if counts[s]]
        if counts[None]:
            out.append(f"| Not set | {counts[None]} |")
        decided = Counter(r.decision for r in mine)
        out += ["", "| Decision | Recommendations |", "|---|---:|"]
        out += [f"| {decisions.label(d)} | {decided[d]} |" for d in [*decisions.DECISIONS, None] if decided[d]]
        out += ["", "| RAG | Recommendations |", "|---|---:|"]
        out += [f"| {RAG_WORD[k]} | {rag_counts[k]} |" for k in rag.ORDER if rag_counts[k]]
        if charts and review.slug in charts:
            out += ["", f"![Recommendations by RAG rating and by decision]({charts[review.slug]})"]
        out += [
            "",
            "### All recommendations",
            "",
            "| No. | Recommendation | Decision | Status | RAG | Target dates | Latest update |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in mine:
            notes = progress_since(r, since)
            update = "<br>".join(_cell(f"{u.at[:10]}: {u.note}") for u in notes) or "–"
            status = statuses.label(r.status) or "Not set"
            decision = _cell(decisions.phrase(r.decision, r.decision_text))
            out.append(
                f"| {_cell(r.id)} | {_cell(r.title)} | {decision} | {status} | {RAG_WORD[ratings[r.key]]} | "
                f"{_targets(r, today, rules)} | {update} |"
            )
        out.append("")
    return "\n".join(out)
