"""Import rules: a paper read again never overwrites what was recorded in chat since."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from .models import Recommendation, Update

# What a paper owns. Everything else (linked Slack owners, milestones marked done, the
# status once someone has set it in chat, the history) belongs to the tracker.
PAPER_FIELDS = ("title", "text", "response", "status_text", "group", "links")


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
    existing: Recommendation | None, incoming: Recommendation, *, paper: str, at: str
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
    new_status = None
    if incoming.status and incoming.status != existing.status and not status_set_in_chat(existing):
        changes["status"] = [existing.status, incoming.status]
        merged.status = new_status = incoming.status

    known_owners = {(o.name, o.role) for o in merged.owners}
    for owner in incoming.owners:
        if (owner.name, owner.role) not in known_owners:
            merged.owners.append(copy.deepcopy(owner))
            changes.setdefault("owners", [None, None])[1] = owner.name

    known_milestones = {(m.source, m.due) for m in merged.milestones}
    for milestone in incoming.milestones:
        if (milestone.source, milestone.due) not in known_milestones:
            merged.milestones.append(copy.deepcopy(milestone))
            changes.setdefault("milestones", [None, []])[1].append(milestone.source)

    known_updates = {(u.at, u.note) for u in merged.updates}
    paper_updates = [u for u in incoming.updates if (u.at, u.note) not in known_updates]
    merged.updates.extend(copy.deepcopy(paper_updates))

    if not changes and not paper_updates:
        return merged, "unchanged"
    if changes:
        merged.updates.append(
            Update(
                at=at,
                by="import",
                by_name=paper,
                status=new_status,
                note=f"Paper changed: {', '.join(changes)}",
                source=f"paper: {paper}",
                changes=changes,
            )
        )
    return merged, "updated"
