"""RAG ratings from milestones and a given ``today`` (never the clock).

- blue: the recommendation is completed;
- red: a milestone's due date has passed and it is not met;
- amber: a milestone falls due within ``amber_days``, or one is marked at risk;
- green: there are future dates and nothing is late;
- none: nothing carries a date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .models import Milestone, Recommendation

BLUE, RED, AMBER, GREEN, NONE = "blue", "red", "amber", "green", None
LABELS = {
    BLUE: "Blue (completed)",
    RED: "Red (late)",
    AMBER: "Amber (due soon or at risk)",
    GREEN: "Green",
    NONE: "No rating",
}
EMOJI = {
    BLUE: ":large_blue_circle:",
    RED: ":red_circle:",
    AMBER: ":large_orange_circle:",
    GREEN: ":large_green_circle:",
    NONE: ":white_circle:",
}
ORDER = [RED, AMBER, GREEN, BLUE, NONE]


@dataclass(frozen=True)
class Rules:
    """How ratings are judged: amber within ``amber_days`` of a due date; lateness counted from the
    ``latest`` agreed date of a milestone, or from the ``original`` one (``RECBOT_LATE_FROM``)."""

    amber_days: int = 14
    late_from: str = "latest"


DEFAULT_RULES = Rules()
LATE_FROM = ("latest", "original")


def judged_due(milestone: Milestone, rules: Rules = DEFAULT_RULES) -> date | None:
    """The date a milestone is late after: its latest agreed date, or its first one."""
    if rules.late_from == "original" and milestone.revised_from:
        return milestone.revised_from[0]
    return milestone.due


def late(milestone: Milestone, today: date, rules: Rules = DEFAULT_RULES) -> bool:
    due = judged_due(milestone, rules)
    return bool(due and not milestone.done and due < today)


def shows_late(rec: Recommendation, milestone: Milestone, today: date, rules: Rules = DEFAULT_RULES) -> bool:
    """Late as shown to people: a completed recommendation has nothing late."""
    return rec.status != "completed" and late(milestone, today, rules)


def rating(rec: Recommendation, today: date, rules: Rules = DEFAULT_RULES) -> str | None:
    """The RAG rating of one recommendation on ``today``."""
    if rec.status == "completed" or rec.signed_off:
        return BLUE
    open_ = [m for m in rec.milestones if not m.done and m.due]
    if any(late(m, today, rules) for m in open_):
        return RED
    soon = today + timedelta(days=rules.amber_days)
    if any(m.due <= soon for m in open_) or any(m.at_risk and not m.done for m in rec.milestones):
        return AMBER
    if open_:
        return GREEN
    return NONE


def late_milestones(rec: Recommendation, today: date, rules: Rules = DEFAULT_RULES) -> list[Milestone]:
    """Milestones past due and not met, oldest first."""
    return sorted((m for m in rec.milestones if late(m, today, rules)), key=lambda m: judged_due(m, rules))
