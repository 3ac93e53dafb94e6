"""Each notice kind's payload: built from domain objects when queued, read back into them when rendered.

Payloads hold plain JSON values only (dates as ISO strings), and only what a message about the
event says, so a queued notice stays small however long the recommendation's history grows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any

from .changes import Actor
from .digests import Change as DigestChange
from .digests import Digest, DigestContent
from .merge import MergeReport
from .models import Milestone, Recommendation, Review, Update
from .response_clock import Clock
from .serialise import review_from_dict, review_to_dict
from .slips import Reminder, Slip

UPDATE, IMPORT, SLIPS, OVERDUE, REMINDER, DIGEST, UNREACHABLE = (
    "update",
    "import",
    "slips",
    "overdue",
    "reminder",
    "digest",
    "unreachable",
)
SLIPS_PER_NOTICE = 40  # one message lists at most this many (one section each, under Block Kit's 50 blocks)
BRIEF_TEXT = 300  # a recommendation without a title is named by the start of its text


def brief(rec: Recommendation) -> dict[str, str]:
    """What a message names a recommendation by."""
    return {"review": rec.review, "id": rec.id, "title": rec.title, "text": "" if rec.title else rec.text[:BRIEF_TEXT]}


def from_brief(data: dict[str, Any]) -> Recommendation:
    return Recommendation(review=data["review"], id=data["id"], title=data.get("title", ""), text=data.get("text", ""))


@dataclass(frozen=True)
class ChangeNews:
    """A change to one recommendation, as announced: who made it and its new history entries."""

    rec: Recommendation
    actor: Actor
    entries: list[Update]


def change_payload(rec: Recommendation, actor: Actor, entries: list[Update]) -> dict[str, Any]:
    return {"rec": brief(rec), "actor": asdict(actor), "entries": [asdict(e) for e in entries]}


def change_from(payload: dict[str, Any]) -> ChangeNews:
    return ChangeNews(from_brief(payload["rec"]), Actor(**payload["actor"]), [Update(**e) for e in payload["entries"]])


def import_payload(reports: list[MergeReport], paper_name: str) -> dict[str, Any]:
    return {
        "paper_name": paper_name,
        "reports": [{"review": r.review, "added": list(r.added), "updated": list(r.updated)} for r in reports],
    }


def import_from(payload: dict[str, Any]) -> tuple[list[MergeReport], str]:
    return [MergeReport(**r) for r in payload["reports"]], payload["paper_name"]


_SLIP_FIELDS = tuple(f.name for f in fields(Slip))
_REMINDER_FIELDS = tuple(f.name for f in fields(Reminder))


def _event(event: Slip | Reminder) -> dict[str, Any]:
    # Not asdict(): a slip check may turn tens of thousands of slips into payloads, and asdict's
    # deep copy took twice as long as building their Block Kit did.
    names = _SLIP_FIELDS if isinstance(event, Slip) else _REMINDER_FIELDS
    data = {name: getattr(event, name) for name in names}
    data["due"] = event.due.isoformat()
    if "owners" in data:
        data["owners"] = list(event.owners)
    return data


def slips_payloads(slips: list[Slip]) -> list[dict[str, Any]]:
    """One channel's slips, in parts of at most ``SLIPS_PER_NOTICE``: one notice each."""
    return [
        {"slips": [_event(s) for s in slips[start : start + SLIPS_PER_NOTICE]], "first": start + 1, "total": len(slips)}
        for start in range(0, len(slips), SLIPS_PER_NOTICE)
    ]


def slips_from(payload: dict[str, Any]) -> tuple[list[Slip], int, int]:
    """The slips of one part, the place of its first among all, and how many there are in all."""
    slips = [
        Slip(**{**s, "due": date.fromisoformat(s["due"]), "owners": tuple(s.get("owners", ()))})
        for s in payload["slips"]
    ]
    return slips, payload["first"], payload["total"]


def reminder_payload(reminder: Reminder) -> dict[str, Any]:
    return {"reminder": _event(reminder)}


def reminder_from(payload: dict[str, Any]) -> Reminder:
    data = payload["reminder"]
    return Reminder(**{**data, "due": date.fromisoformat(data["due"])})


def overdue_payload(clock: Clock) -> dict[str, Any]:
    return {
        "review": review_to_dict(clock.review),
        "due": clock.due.isoformat(),
        "today": clock.today.isoformat(),
        "awaiting": [brief(r) for r in clock.awaiting],
    }


def overdue_from(payload: dict[str, Any]) -> Clock:
    review: Review = review_from_dict(payload["review"])
    awaiting = [from_brief(r) for r in payload["awaiting"]]
    return Clock(review, date.fromisoformat(payload["due"]), awaiting, date.fromisoformat(payload["today"]))


def _counts(counter: Counter) -> list[list]:
    # A list of pairs, not an object: a status count's key may be None.
    return [[key, n] for key, n in counter.items()]


def digest_payload(digest: Digest, found: DigestContent) -> dict[str, Any]:
    return {
        "digest": asdict(digest),
        "since": found.since,
        "changes": [{"rec": brief(c.rec), "entry": asdict(c.entry)} for c in found.changes],
        "new_slips": [
            {"rec": brief(r), "label": m.label, "source": m.source, "due": m.due.isoformat() if m.due else None}
            for r, m in found.new_slips
        ],
        "red": [brief(r) for r in found.red],
        "amber": [brief(r) for r in found.amber],
        "by_rag": _counts(found.by_rag),
        "by_status": _counts(found.by_status),
    }


def digest_from(payload: dict[str, Any]) -> tuple[Digest, DigestContent]:
    def milestone(s: dict[str, Any]) -> Milestone:
        return Milestone(label=s["label"], source=s["source"], due=date.fromisoformat(s["due"]) if s["due"] else None)

    found = DigestContent(
        since=payload["since"],
        changes=[DigestChange(from_brief(c["rec"]), Update(**c["entry"])) for c in payload["changes"]],
        new_slips=[(from_brief(s["rec"]), milestone(s)) for s in payload["new_slips"]],
        red=[from_brief(r) for r in payload["red"]],
        amber=[from_brief(r) for r in payload["amber"]],
        by_rag=Counter({k: n for k, n in payload["by_rag"]}),
        by_status=Counter({k: n for k, n in payload["by_status"]}),
    )
    return Digest(**payload["digest"]), found


def unreachable_payload(where: str, about: str, error: str) -> dict[str, Any]:
    return {"where": where, "about": about, "error": error}
