"""Domain objects: reviews, recommendations, milestones, owners and history entries."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date


@dataclass
class Review:
    """One scrutiny review, as introduced by the committee paper it was imported from."""

    slug: str
    title: str
    council: str = ""
    committee: str = ""
    date: date | None = None
    kind: str = "task-group"
    source: str = ""
    layout: str = ""


@dataclass
class Owner:
    """Someone answerable for a recommendation: named in the paper or linked in chat."""

    name: str = ""
    role: str = ""
    slack_user: str = ""


@dataclass
class Milestone:
    """A dated commitment; ``source`` is the phrase of the paper (or chat) it came from."""

    label: str
    due: date | None
    done: bool = False
    source: str = ""
    at_risk: bool = False


@dataclass
class Update:
    """One append-only history entry: who changed what, when, and through which channel."""

    at: str
    by: str
    note: str = ""
    status: str | None = None
    source: str = ""
    by_name: str = ""
    changes: dict[str, list] = field(default_factory=dict)


@dataclass
class Recommendation:
    """A numbered recommendation of a review, with the executive's response and its tracking.

    ``decision`` is the executive's normalised decision (see ``tracker.decisions``) and
    ``decision_text`` its wording as the paper wrote it; ``status`` is progress, apart from it.
    """

    review: str
    id: str
    title: str = ""
    text: str = ""
    response: str = ""
    decision: str | None = None
    decision_text: str = ""
    status: str | None = None
    status_text: str = ""
    group: str = ""
    owners: list[Owner] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)

    @property
    def key(self) -> str:
        """Unique across reviews: ``<review-slug>/<id>``."""
        return f"{self.review}/{self.id}"

    @property
    def number(self) -> int:
        """The first number in the id, for natural ordering (R2 before R10; R2.1 and R2.2 with R2)."""
        for part in re.findall(r"\d+", self.id):
            return int(part)
        return 0

    @property
    def latest_update(self) -> Update | None:
        return self.updates[-1] if self.updates else None


@dataclass
class Paper:
    """What an importer reads out of one committee paper (or one review of a recbot export).

    ``from_tracker`` marks recbot's own CSV/JSON exports: their statuses, owners, milestones
    and history are the tracker's, edited in a spreadsheet, not a committee's wording.
    """

    review: Review
    recommendations: list[Recommendation]
    from_tracker: bool = False
