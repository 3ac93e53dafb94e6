"""Changes made from chat. Each applies to a Recommendation and appends one history entry.

The history is append-only: a change never rewrites or removes an earlier entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from . import decisions
from . import status as statuses
from .errors import UserError
from .models import Milestone, Owner, Recommendation, Update

MAX_NOTE = 3000


@dataclass(frozen=True)
class Actor:
    """Who made a change, and through which surface (``command``, ``modal``, ``button``, ``import``)."""

    user: str
    name: str = ""
    via: str = "command"


# Slack sends a pasted link as <https://...> or <https://...|label>.
_URL_RE = re.compile(r"https://[^\s<>|]+")


def _entry(actor: Actor, at: str, note: str, changes: dict, new_status: str | None = None) -> Update:
    found = _URL_RE.search(note or "")
    return Update(
        link=found.group(0) if found else "",
        at=at,
        by=actor.user,
        by_name=actor.name,
        note=note,
        status=new_status,
        source=actor.via,
        changes=changes,
    )


def _check_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise UserError(f"That note is {len(note)} characters; the most is {MAX_NOTE}.")
    return note


def set_status(rec: Recommendation, new: str, note: str, actor: Actor, at: str) -> Update:
    """Change the status (recorded even when unchanged, since the note is progress)."""
    if new not in statuses.STATUSES:
        raise UserError(f"Unknown status “{new}”. Use one of: {', '.join(statuses.STATUSES)}.")
    note = _check_note(note)
    if rec.signed_off and new != "completed":
        raise UserError(
            f"{rec.id} was signed off by the committee on {rec.signed_off.at[:10]}: reopen it first "
            f"(`/rec reopen {rec.id} REASON`)."
        )
    changes = {"status": [rec.status, new]} if new != rec.status else {}
    rec.status = new
    entry = _entry(actor, at, note, changes, new_status=new)
    rec.updates.append(entry)
    return entry


def set_decision(rec: Recommendation, decision: str | None, wording: str, actor: Actor, at: str) -> Update:
    """Record the executive's decision (and its wording) in chat; papers no longer change it."""
    wording = _check_note(wording)
    changes = {"decision": [rec.decision, decision]} if decision != rec.decision else {}
    if wording and wording != rec.decision_text:
        changes["decision_text"] = [rec.decision_text, wording]
    if not changes:
        raise UserError(f"{rec.id}'s decision is already {decisions.label(decision).lower()}.")
    rec.decision = decision
    rec.decision_text = wording or rec.decision_text
    entry = _entry(actor, at, "", changes)
    rec.updates.append(entry)
    return entry


def add_note(rec: Recommendation, note: str, actor: Actor, at: str) -> Update:
    """Record progress without changing the status."""
    note = _check_note(note)
    if not note:
        raise UserError("Add the note's text, e.g. `/rec note R16 Project manager appointed`.")
    entry = _entry(actor, at, note, {})
    rec.updates.append(entry)
    return entry


def find_milestone(rec: Recommendation, wanted: str) -> Milestone | None:
    """The milestone named by label or source phrase (case-insensitive, prefix allowed)."""
    wanted = (wanted or "").strip().lower()
    if not wanted:
        return None
    for m in rec.milestones:
        if wanted in (m.label.lower(), m.source.lower()):
            return m
    matches = [m for m in rec.milestones if m.label.lower().startswith(wanted) or wanted in m.source.lower()]
    return matches[0] if len(matches) == 1 else None


def next_open_milestone(rec: Recommendation) -> Milestone | None:
    """The earliest milestone not yet met."""
    open_ = [m for m in rec.milestones if not m.done and m.due]
    return min(open_, key=lambda m: m.due) if open_ else None


def set_due(rec: Recommendation, due: date, label: str, actor: Actor, at: str, source: str = "") -> Update:
    """Move the milestone named ``label`` to ``due``, or add one (the first one when unnamed)."""
    label = (label or "").strip()
    target = find_milestone(rec, label) if label else next_open_milestone(rec)
    if target is None:
        target = Milestone(label=label or "Target date", due=due, source=source or f"set in chat: {due.isoformat()}")
        rec.milestones.append(target)
        changes = {"milestone": [None, f"{target.label} {due.isoformat()}"]}
    else:
        old = target.due.isoformat() if target.due else None
        if target.due and target.due != due:
            target.revised_from.append(target.due)  # every date agreed before is kept
        target.due, target.done = due, False
        target.moved = source or f"set in chat: {due.isoformat()}"
        changes = {
            "milestone": [
                f"{target.label or target.source} {old}",
                f"{target.label or target.source} {due.isoformat()}",
            ]
        }
    entry = _entry(actor, at, "", changes)
    rec.updates.append(entry)
    return entry


def mark_done(rec: Recommendation, wanted: str, actor: Actor, at: str) -> Update:
    """Mark a milestone met: the named one, or the next open one."""
    target = find_milestone(rec, wanted) if wanted.strip() else next_open_milestone(rec)
    if target is None:
        names = "; ".join(f"“{m.label or m.source}”" for m in rec.milestones) or "none yet"
        raise UserError(f"Which milestone of {rec.id}? Its milestones: {names}.")
    if target.done:
        raise UserError(f"“{target.label or target.source}” is already marked met.")
    target.done = True
    entry = _entry(actor, at, "", {"milestone_done": [target.label or target.source, True]})
    rec.updates.append(entry)
    return entry


def link_owner(
    rec: Recommendation, slack_user: str, actor: Actor, at: str, name: str = "", by_editor: str = ""
) -> Update:
    """Link a Slack user as an owner; owners named in the paper stay as they are.

    ``by_editor`` is the named editor vouching for the link (empty when everyone may edit).
    """
    if not slack_user:
        raise UserError("Name the owner with Slack's @ menu so I get their id.")
    linked = next((o for o in rec.owners if o.slack_user == slack_user), None)
    if linked is not None and (linked.linked_by or not by_editor):
        raise UserError(f"That person is already an owner of {rec.id}.")
    if linked is not None:  # linked before editors were named: an editor now vouches for it
        linked.linked_by = by_editor
    else:
        rec.owners.append(Owner(name=name, role="Owner", slack_user=slack_user, linked_by=by_editor))
    entry = _entry(actor, at, "", {"owner": [None, slack_user]})
    rec.updates.append(entry)
    return entry


def unlink_owner(rec: Recommendation, slack_user: str, actor: Actor, at: str) -> Update:
    """Remove a Slack user linked as an owner; owners named in the paper are not linked and stay."""
    linked = [o for o in rec.owners if slack_user and o.slack_user == slack_user]
    if not linked:
        raise UserError(f"That person is not linked as an owner of {rec.id}; `/rec {rec.id}` shows its owners.")
    rec.owners = [o for o in rec.owners if o not in linked]
    entry = _entry(actor, at, "", {"owner": [slack_user, None]})
    rec.updates.append(entry)
    return entry
