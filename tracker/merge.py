"""Import rules: a paper read again never overwrites what was recorded in chat since."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from .models import Recommendation, Update

# What a paper owns. Everything else (linked Slack owners, milestones marked done, the
# status once someone has set it in chat, the history) belongs to the tracker.
PAPER_FIELDS = ("title", "text", "response", "decision", "decision_text", "status_text", "group", "links")


@dataclass
class MergeReport:
    """What importing one paper did (or would do) to a review."""

    review: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    review_is_new: bool = False

    @property
    def total(self) -> int:
        return len(self.added) + len(self.updated) + len(self.unchanged)


def status_set_in_chat(rec: Recommendation) -> bool:
    """True once a person has set the status; the paper no longer decides it."""
    return any(u.status and not u.source.startswith("paper") for u in rec.updates)


def merge(
    existing: Recommendation | None,
    incoming: Recommendation,
    *,
    paper: str,
    at: str,
    from_tracker: bool = False,
) -> tuple[Recommendation, str]:
    """Combine a stored recommendation with the paper's version of it.

    Returns the recommendation to store and the outcome: ``added``, ``updated`` or
    ``unchanged``. A change of the paper's wording is recorded as a dated history entry whose
    source is the paper.
    """
    if existing is None:
        return copy.deepcopy(incoming), "added"
    merged = copy.deepcopy(existing)
    changes: dict[str, list] = {}
    for name in PAPER_FIELDS:
        old, new = getattr(existing, name), getattr(incoming, name)
        if old != new:
            changes[name] = [old, new]
            setattr(merged, name, copy.deepcopy(new))

    # A tracker export edited in a spreadsheet may set tracker fields, unless chat has recorded
    # something since it was exported (then the row is stale for them). A paper never may.
    edited = from_tracker and not _chat_since(existing, incoming)
    may_set_status = edited or (not from_tracker and not status_set_in_chat(existing))
    new_status = None
    if incoming.status and incoming.status != existing.status and may_set_status:
        changes["status"] = [existing.status, incoming.status]
        merged.status = new_status = incoming.status

    if edited:
        for name in ("owners", "milestones"):
            old, new = getattr(existing, name), getattr(incoming, name)
            if old != new:
                changes[name] = [_brief(old), _brief(new)]
                setattr(merged, name, copy.deepcopy(new))
    else:
        _add_new_owners_and_milestones(merged, incoming, changes)

    known_updates = {(u.at, u.note) for u in merged.updates}
    new_entries = [u for u in incoming.updates if (u.at, u.note) not in known_updates]
    merged.updates.extend(copy.deepcopy(new_entries))

    if not changes and not new_entries:
        return merged, "unchanged"
    if changes:
        merged.updates.append(
            Update(
                at=at,
                by="import",
                by_name=paper,
                status=new_status,
                note=f"{'Spreadsheet' if from_tracker else 'Paper'} changed: {', '.join(changes)}",
                source=f"{'import' if from_tracker else 'paper'}: {paper}",
                changes=changes,
            )
        )
    return merged, "updated"


def _chat_since(existing: Recommendation, incoming: Recommendation) -> bool:
    exported = {(u.at, u.note) for u in incoming.updates}
    return any((u.at, u.note) not in exported and not u.source.startswith("paper") for u in existing.updates)


def _add_new_owners_and_milestones(merged: Recommendation, incoming: Recommendation, changes: dict) -> None:
    known_owners = {(o.name, o.role) for o in merged.owners}
    for owner in incoming.owners:
        if (owner.name, owner.role) not in known_owners:
            merged.owners.append(copy.deepcopy(owner))
            changes.setdefault("owners", [None, []])[1].append(owner.name)
    known_milestones = {(m.source, m.due) for m in merged.milestones}
    for milestone in incoming.milestones:
        if (milestone.source, milestone.due) not in known_milestones:
            merged.milestones.append(copy.deepcopy(milestone))
            changes.setdefault("milestones", [None, []])[1].append(milestone.source)


def _brief(items: list) -> list[str]:
    """Owners and milestones as short strings, for the history's old -> new."""
    out = []
    for item in items:
        if hasattr(item, "due"):
            out.append(
                f"{item.label or item.source} {item.due.isoformat() if item.due else '?'}"
                + (" (done)" if item.done else "")
            )
        else:
            out.append(f"{item.name or item.slack_user} ({item.role})" if item.role else item.name or item.slack_user)
    return out
