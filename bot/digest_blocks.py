"""Block Kit for a channel's digest: what changed, new slips, red and amber, and the counts."""

from __future__ import annotations

from datetime import datetime

from tracker import rag
from tracker import status as statuses
from tracker.digests import Digest, DigestContent

from .kit import Message, context, header, message, section
from .messages import describe, who
from .mrkdwn import MESSAGE_BLOCKS, Mrkdwn, chunks, clip, code

LINES = 15  # per part; the rest is counted, not listed


def _rec(rec) -> Mrkdwn:
    return Mrkdwn("*{}* {} ({})").format(rec.id, clip(rec.title or rec.text, 80), code(rec.review))


def _listed(title: str, lines: list[Mrkdwn]) -> list[dict]:
    if not lines:
        return []
    more = f"\n… and {len(lines) - LINES} more" if len(lines) > LINES else ""
    text = Mrkdwn("*{}* ({})\n{}{}").format(title, len(lines), Mrkdwn("\n").join(lines[:LINES]), more)
    return [section(part) for part in chunks(text)]


def _change_line(change) -> Mrkdwn:
    """What one history entry changed (status, decision, sign-off, targets ...), said as the history says it."""
    entry = change.entry
    note = ": " + clip(entry.note, 160) if entry.note else ""
    return Mrkdwn("• {} {}, by {}{}").format(_rec(change.rec), describe(entry), who(entry), note)


def digest_message(digest: Digest, found: DigestContent) -> Message:
    """One digest message, within Block Kit's limits."""
    kind = "Weekly" if digest.every == "weekly" else "Daily"
    blocks = [header(f"{kind} digest · {digest.review or 'every review'}")]
    if found.since:
        since = datetime.fromisoformat(found.since.replace("Z", "+00:00"))
        blocks.append(context(f"Since {since:%-d %b %Y %H:%M} UTC"))
    blocks += _listed("What changed", [_change_line(c) for c in found.changes])
    slipped = Mrkdwn("• {}: {}, due {:%-d %b %Y}")
    blocks += _listed("Newly late", [slipped.format(_rec(r), m.label or m.source, m.due) for r, m in found.new_slips])
    blocks += _listed(f"{rag.EMOJI[rag.RED]} Red", [Mrkdwn("• {}").format(_rec(r)) for r in found.red])
    blocks += _listed(f"{rag.EMOJI[rag.AMBER]} Amber", [Mrkdwn("• {}").format(_rec(r)) for r in found.amber])
    rag_counts = " · ".join(f"{rag.LABELS[k].split(' ')[0]} {found.by_rag[k]}" for k in rag.ORDER if found.by_rag[k])
    status_counts = " · ".join(
        f"{statuses.label(k) or 'Not set'} {found.by_status[k]}"
        for k in [*statuses.STATUSES, None]
        if found.by_status[k]
    )
    blocks.append(context(f"{rag_counts}\n{status_counts}"))
    # Cut, not capped: a digest's counts are its last block and a "more" line would replace them.
    return message(f"{kind} digest: {len(found.changes)} changes, {len(found.red)} red", blocks[:MESSAGE_BLOCKS])
