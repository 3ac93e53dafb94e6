"""Import rules: a paper read again never overwrites what was recorded in chat since."""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any

from .errors import ImportFailed
from .ids import nearest_ids
from .models import Milestone, Paper, Recommendation, Update

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


DECISION_FIELDS = ("decision", "decision_text")


def decision_set_in_chat(rec: Recommendation) -> bool:
    """True once a person has recorded the executive's decision in chat; papers no longer decide it."""
    return any("decision" in u.changes and not u.source.startswith(("paper", "import")) for u in rec.updates)


def _keeps_decision(existing: Recommendation, incoming: Recommendation) -> bool:
    """A paper that states no decision leaves the recorded one alone, and so does any paper once chat set it."""
    return decision_set_in_chat(existing) or not (incoming.decision or incoming.decision_text)


def check_tracker_rows(paper: Paper, stored: dict[str, Recommendation], review_ids: list[str]) -> None:
    """Refuse a tracker file's row that would add a recommendation by mistake or link a Slack user.

    A row whose id is not in a review that exists adds a recommendation only when the file says
    so (``paper.may_add``); an owner's Slack user id in a sheet must be one chat already linked.
    ``stored`` maps the file's ids to what the store holds; ``review_ids`` are all the review's ids.

    :raises ImportFailed: naming the row.
    """
    for rec in paper.recommendations:
        where = paper.rows.get(rec.id, rec.id)
        existing = stored.get(rec.id)
        if existing is None and review_ids and rec.id not in paper.may_add:
            nearest = ", ".join(nearest_ids(rec.id, review_ids))
            raise ImportFailed(
                f"{where}: there is no {rec.id} in {rec.review} (nearest: {nearest}). "
                "To add it, put yes in an `add` column on that row or import with --add."
            )
        if paper.restores and existing is None:
            continue  # a whole JSON export puts back a recommendation as it was, linked owners included
        linked = {o.slack_user for o in existing.owners if o.slack_user} if existing else set()
        for owner in rec.owners:
            if owner.slack_user and owner.slack_user not in linked:
                raise ImportFailed(
                    f"{where}{'' if paper.restores else ', column owners'}: {owner.slack_user} is not linked to "
                    f"{rec.id}; Slack users are linked in "
                    f"chat (`/rec owner {rec.id} @person`), not in a sheet"
                )


def merge(
    existing: Recommendation | None,
    incoming: Recommendation,
    *,
    paper: str,
    at: str,
    from_tracker: bool = False,
    fields: frozenset[str] | None = None,
    restores: bool = False,
    encoding: str = "utf-8",
) -> tuple[Recommendation, str]:
    """Combine a stored recommendation with the paper's (or a tracker file's) version of it.

    Returns the recommendation to store and the outcome: ``added``, ``updated`` or
    ``unchanged``. A change of the paper's wording is recorded as a dated history entry whose
    source is the paper. ``fields`` limits what a tracker file speaks for (its columns); a
    tracker file's history only tells what it was exported with, and is never added.
    """

    def has(name: str) -> bool:
        return fields is None or name in fields

    if existing is None:
        added = copy.deepcopy(incoming)
        if from_tracker and not restores:
            # A sheet cannot forge history or grant edit rights; a whole JSON export restores both.
            added.updates = []
        return added, "added"
    merged = copy.deepcopy(existing)
    changes: dict[str, list] = {}
    for name in filter(has, PAPER_FIELDS):
        if name in DECISION_FIELDS and not from_tracker and _keeps_decision(existing, incoming):
            continue
        old, new = getattr(existing, name), getattr(incoming, name)
        if not _same(old, new, encoding):
            changes[name] = [old, new]
            setattr(merged, name, copy.deepcopy(new))

    # A tracker export edited in a spreadsheet may set tracker fields, unless chat has recorded
    # something since it was exported (then the row is stale for them). A paper never may.
    edited = from_tracker and not (has("updates") and _chat_since(existing, incoming))
    new_status = None
    if has("status") and incoming.status != existing.status:
        # An empty status cell clears the status; a paper that states none leaves it alone.
        if edited or (not from_tracker and incoming.status and not status_set_in_chat(existing)):
            changes["status"] = [existing.status, incoming.status]
            merged.status = new_status = incoming.status

    if edited:
        for name in filter(has, ("owners", "milestones")):
            old, new = getattr(existing, name), getattr(incoming, name)
            if name == "owners":
                # Links to Slack users are made in chat: a sheet cannot take them away.
                kept = {o.slack_user for o in new}
                new = new + [o for o in old if o.slack_user and o.slack_user not in kept]
            if not _same(old, new, encoding):
                changes[name] = [_brief(old), _brief(new)]
                setattr(merged, name, copy.deepcopy(new))
    else:
        _add_new_owners_and_milestones(merged, incoming, changes, has)

    new_entries = []
    if not from_tracker:
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


def _as_saved(value: Any, encoding: str) -> Any:
    """The value as a file in ``encoding`` could hold it: what it cannot hold became "?"."""
    if isinstance(value, str):
        return value.encode(encoding, "replace").decode(encoding)
    if isinstance(value, list):
        return [_as_saved(v, encoding) for v in value]
    if is_dataclass(value):
        return replace(value, **{f.name: _as_saved(getattr(value, f.name), encoding) for f in fields(value)})
    return value


def _same(old: Any, new: Any, encoding: str) -> bool:
    # A sheet saved as Windows-1252 lost "→" or an emoji: that is no edit, and no reason to lose them.
    return old == new or (encoding.startswith("cp") and _as_saved(old, encoding) == new)


def _chat_since(existing: Recommendation, incoming: Recommendation) -> bool:
    # Entries are recognised by when and who, which survive a sheet saved in another encoding.
    exported = Counter((u.at, u.by) for u in incoming.updates)
    stored = Counter((u.at, u.by) for u in existing.updates if not u.source.startswith("paper"))
    return bool(stored - exported)


def milestone_keys(milestones: list[Milestone]) -> list[tuple[str, int]]:
    """Each milestone's identity: the phrase it came from (else its label) and which of that phrase's dates.

    The due date is no part of it, so a milestone moved in chat is still the paper's milestone.
    """
    seen: Counter[str] = Counter()
    keys = []
    for m in milestones:
        phrase = " ".join((m.source or m.label).lower().split())
        keys.append((phrase, seen[phrase]))
        seen[phrase] += 1
    return keys


def _add_new_owners_and_milestones(merged: Recommendation, incoming: Recommendation, changes: dict, has) -> None:
    if has("owners"):
        known_owners = {(o.name, o.role) for o in merged.owners}
        for owner in incoming.owners:
            if (owner.name, owner.role) not in known_owners and not owner.slack_user:
                merged.owners.append(copy.deepcopy(owner))
                changes.setdefault("owners", [None, []])[1].append(owner.name)
    if has("milestones"):
        known_milestones = set(milestone_keys(merged.milestones))
        for milestone, key in zip(incoming.milestones, milestone_keys(incoming.milestones), strict=True):
            if key not in known_milestones:
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
