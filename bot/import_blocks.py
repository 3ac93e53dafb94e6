"""Block Kit for importing a paper from Slack: the preview with Import and Cancel, and the outcome."""

from __future__ import annotations

from tracker import decisions
from tracker.merge import MergeReport
from tracker.models import Recommendation
from usecases.importing import Preview

from .kit import Message, actions, button, context, section
from .mrkdwn import code, escape, mention

PREVIEW_RECS = 5


def _rec_line(rec: Recommendation) -> str:
    words = " ".join((rec.text or rec.title).split()[:14])
    parts = [f"*{escape(rec.id)}* {escape(words)}…"]
    if rec.decision or rec.decision_text:
        wording = f" (“{escape(rec.decision_text[:60])}”)" if rec.decision_text else ""
        parts.append(f"Decision: {decisions.label(rec.decision)}{wording}")
    owners = ", ".join(o.name for o in rec.owners if o.name)
    if owners:
        parts.append(f"Owner: {escape(owners[:120])}")
    dated = [m for m in rec.milestones if m.due]
    if dated:
        parts.append("Due: " + ", ".join(f"{m.due:%-d %b %Y} (“{escape(m.source[:40])}”)" for m in dated[:3]))
    return " · ".join(parts)


def _report_line(report: MergeReport, title: str) -> str:
    state = "a new review" if report.review_is_new else "an existing review"
    return (
        f"*{escape(title)}* → {code(report.review)} ({state}): {report.total} recommendations: "
        f"{len(report.added)} to add, {len(report.updated)} to update, {len(report.unchanged)} unchanged"
    )


def preview_message(preview: Preview, file_id: str, *, may_import: bool) -> Message:
    """What importing the shared file would do, with *Import* (editors only) and *Cancel*."""
    blocks = [section(f"*Import {escape(preview.name)}?* Nothing is written until you press *Import*.")]
    for paper, report in zip(preview.papers, preview.reports, strict=True):
        lines = [_report_line(report, paper.review.title or paper.review.slug)]
        lines += [_rec_line(r) for r in paper.recommendations[:PREVIEW_RECS]]
        more = len(paper.recommendations) - PREVIEW_RECS
        if more > 0:
            lines.append(f"… and {more} more")
        blocks.append(section("\n".join(lines)))
    if preview.skipped:
        blocks.append(context("Not read: " + escape("; ".join(preview.skipped[:5]))[:2900]))
    if may_import:
        blocks.append(
            actions(
                button("Import", "import_paper", file_id, style="primary"),
                button("Cancel", "import_cancel", file_id),
                block_id="import_actions",
            )
        )
    else:
        blocks.append(context("Only recbot's editors can import papers: ask one to share it with me."))
    return {"text": f"Import {escape(preview.name)}? {preview.count} recommendations", "blocks": blocks}


def imported_message(name: str, reports: list[MergeReport], by: str) -> Message:
    """The outcome of pressing *Import*."""
    lines = [
        f"{code(r.review)}: {r.total} recommendations: {len(r.added)} added, "
        f"{len(r.updated)} updated, {len(r.unchanged)} unchanged"
        for r in reports
    ]
    text = f"{mention(by)} imported *{escape(name)}*.\n" + "\n".join(lines)
    return {"text": f"Imported {escape(name)}", "blocks": [section(text)]}


def refused_message(name: str, reason: str) -> Message:
    """A file that cannot be imported: why, and that nothing was written."""
    text = f"I can't import *{escape(name)}*: {escape(reason)}\nNothing was imported."
    return {"text": f"Can't import {escape(name)}", "blocks": [section(text)]}
