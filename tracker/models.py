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
    reported: date | None = None  # when the committee's report went to the executive: starts its response clock


@dataclass
class Owner:
    """Someone answerable for a recommendation: named in the paper or linked in chat."""

    name: str = ""
    role: str = ""
    slack_user: str = ""
    linked_by: str = ""  # the named editor who linked this Slack user; only such a link lets them edit


@dataclass
class Milestone:
    """A dated commitment; ``source`` is the phrase of the paper (or chat) it came from."""

    label: str
    due: date | None
    done: bool = False
    source: str = ""
    at_risk: bool = False
    revised_from: list[date] = field(default_factory=list)  # the dates agreed before this one, oldest first

    def revision(self) -> str:
        """``revised twice, first agreed 1 Aug 2013``, or ``""`` for a date never moved."""
        if not self.revised_from:
            return ""
        times = {1: "once", 2: "twice"}.get(len(self.revised_from), f"{len(self.revised_from)} times")
        return f"revised {times}, first agreed {self.revised_from[0]:%-d %b %Y}"

    moved: str = ""  # the phrase that moved it in chat ("set in chat: 30 September 2027"); source stays the paper's

    @property
    def phrase(self) -> str:
        """The phrase its date now comes from: the chat's when it was moved, else the paper's."""
        return self.moved or self.source


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
    link: str = ""  # the Slack message it was recorded from, or evidence of completion


@dataclass
class SignOff:
    """The committee's sign-off of a completed recommendation: who recorded it, when, and the minute."""

    by: str
    at: str
    minute: str = ""
    by_name: str = ""


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
    signed_off: SignOff | None = None

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
    ``fields`` names the recommendation fields the file gives (a sheet may have only some
    columns; an absent one leaves the field alone), None for all. ``rows`` says where each id is
    in the file, for messages. ``may_add`` holds the ids the file adds on purpose to a review
    that exists. ``restores`` marks a whole JSON export: a recommendation new to the store comes
    back with its history and linked owners. ``encoding`` is the one the file was read in.
    """

    review: Review
    recommendations: list[Recommendation]
    from_tracker: bool = False
    fields: frozenset[str] | None = None
    rows: dict[str, str] = field(default_factory=dict)
    may_add: set[str] = field(default_factory=set)
    restores: bool = False
    encoding: str = "utf-8"
