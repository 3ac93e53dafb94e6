"""Plain JSON-ready dicts for domain objects, and back: one shape for the store and for export."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from .models import Milestone, Owner, Recommendation, Review, SignOff, Update


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def review_to_dict(review: Review) -> dict[str, Any]:
    data = asdict(review)
    data["date"] = _iso(review.date)
    data["reported"] = _iso(review.reported)
    return data


def review_from_dict(data: dict[str, Any]) -> Review:
    fields = {k: v for k, v in data.items() if k in Review.__dataclass_fields__}
    fields["date"] = _date(fields.get("date"))
    fields["reported"] = _date(fields.get("reported"))
    return Review(**fields)


def _plain(value: Any) -> Any:
    """A copy of a JSON-ready value, lists, tuples and dicts copied as ``asdict`` copies them."""
    if isinstance(value, list | tuple):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def rec_to_dict(rec: Recommendation) -> dict[str, Any]:
    """The same dict as ``asdict`` with dates in ISO form, built field by field: ``asdict`` recurses
    through every value generically, and a long history made it most of a change's cost."""
    data = {name: _plain(getattr(rec, name)) for name in _SIMPLE}
    data["owners"] = [dict(vars(o)) for o in rec.owners]
    data["milestones"] = [
        {**vars(m), "due": _iso(m.due), "revised_from": [_iso(d) for d in m.revised_from]} for m in rec.milestones
    ]
    data["updates"] = [{**vars(u), "changes": _plain(u.changes)} for u in rec.updates]
    data["signed_off"] = dict(vars(rec.signed_off)) if rec.signed_off else None
    return data


_SIMPLE = [f for f in Recommendation.__dataclass_fields__ if f not in ("owners", "milestones", "updates", "signed_off")]


def rec_from_dict(data: dict[str, Any]) -> Recommendation:
    fields = {k: v for k, v in data.items() if k in Recommendation.__dataclass_fields__}
    fields["owners"] = [Owner(**o) for o in data.get("owners", [])]
    fields["milestones"] = [
        Milestone(**{**m, "due": _date(m.get("due")), "revised_from": [_date(d) for d in m.get("revised_from", [])]})
        for m in data.get("milestones", [])
    ]
    fields["updates"] = [Update(**u) for u in data.get("updates", [])]
    fields["signed_off"] = SignOff(**data["signed_off"]) if data.get("signed_off") else None
    return Recommendation(**fields)
