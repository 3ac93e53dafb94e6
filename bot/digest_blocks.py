"""Block Kit for a channel's digest: what changed, new slips, red and amber, and the counts."""

from __future__ import annotations

from datetime import datetime

from tracker import rag
from tracker import status as statuses
from tracker.digests import Digest, DigestContent

from .kit import Message, context, header, section
from .messages import describe, who
from .mrkdwn import MESSAGE_BLOCKS, chunks, clip, code, escape

LINES = 15  # per part; the rest is counted, not listed


def _rec(rec) -> str:
    return f"*{escape(rec.id)}* {escape(clip(rec.title or rec.text, 80))} ({code(rec.review)})"


def _listed(title: str, lines: list[str]) -> list[dict]:
    if not lines:
        return []
    more = f"\n… and {len(lines) - LINES} more" if len(lines) > LINES else ""
    text = f"*{title}* ({len(lines)})\n" + "\n".join(lines[:LINES]) + more
    return [section(part) for part in chunks(text)]


def _change_line(change) -> str:
    """What one history entry changed (status, decision, sign-off, targets ...), said as the history says it."""
    entry = change.entry
    note = f": {escape(clip(entry.note, 160))}" if entry.note else ""
    return f"• {_rec(change.rec)} {describe(entry)}, by {who(entry)}{note}"


def digest_message(digest: Digest, found: DigestContent) -> Message:
    """One digest message, within Block Kit's limits."""
    kind = "Weekly" if digest.every == "weekly" else "Daily"
    blocks = [header(f"{kind} digest · {digest.review or 'every review'}")]
    if found.since:
        since = datetime.fromisoformat(found.since.replace("Z", "+00:00"))
        blocks.append(context(f"Since {since:%-d %b %Y %H:%M} UTC"))
    blocks += _listed("What changed", [_change_line(c) for c in found.changes])
    blocks += _listed(
        "Newly late", [f"• {_rec(r)}: {escape(m.label or m.source)}, due {m.due:%-d %b %Y}" for r, m in found.new_slips]
    )
    blocks += _listed(f"{rag.EMOJI[rag.RED]} Red", [f"• {_rec(r)}" for r in found.red])
    blocks += _listed(f"{rag.EMOJI[rag.AMBER]} Amber", [f"• {_rec(r)}" for r in found.amber])
    rag_counts = " · ".join(f"{rag.LABELS[k].split(' ')[0]} {found.by_rag[k]}" for k in rag.ORDER if found.by_rag[k])
    status_counts = " · ".join(
        f"{statuses.label(k) or 'Not set'} {found.by_status[k]}"
        for k in [*statuses.STATUSES, None]
        if found.by_status[k]
    )
    blocks.append(context(f"{rag_counts}\n{status_counts}"))
    return {
        "text": f"{kind} digest: {len(found.changes)} changes, {len(found.red)} red",
        "blocks": blocks[:MESSAGE_BLOCKS],
    }
