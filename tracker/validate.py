"""Checks on every field read from recbot's own files (CSV and JSON): type and shape, before anything is stored.

Each checker takes the raw value and returns the clean one, or raises ``Invalid`` with a message
that says what is accepted; the readers add the file, row and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from . import decisions
from . import status as statuses
from .errors import UserError
from .ids import normalise_id
from .models import Milestone, Owner, Recommendation, Review, SignOff, Update

SHORT = 1_000  # titles, names, roles, labels, slugs' titles
LONG = 1_000_000  # a recommendation's text, a response, a note: generous, but bounded
SLUG_MAX = 100
KINDS = ("task-group", "peer-review")

_SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Slack user ids: U (or W in Enterprise Grid) then upper-case letters and digits.
_SLACK_USER_RE = re.compile(r"[UW][A-Z0-9]{2,20}")


class Invalid(ValueError):
    """A value of the wrong type or shape; the message says what is accepted."""


def text(value: Any, limit: int = SHORT) -> str:
    """A string of at most ``limit`` characters (None reads as empty)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Invalid(f"expected text, found {type(value).__name__} {str(value)[:40]!r}")
    if len(value) > limit:
        raise Invalid(f"{len(value):,} characters; the most is {limit:,}")
    return value


def slug(value: Any) -> str:
    """A review slug: lower-case letters, digits and single hyphens."""
    value = text(value, SLUG_MAX).strip()
    if not value:
        raise Invalid("empty: every row needs its review's slug")
    if not _SLUG_RE.fullmatch(value):
        raise Invalid(
            f"“{value[:60]}” is not a review slug (lower-case letters, digits and hyphens, like housing-2026)"
        )
    return value


def rec_id(value: Any) -> str:
    """A recommendation id, normalised exactly as chat does ("R 22" -> "R22")."""
    raw = text(value, 40).strip()
    if not raw:
        raise Invalid("empty: an id is needed")
    found = normalise_id(raw)
    if not found:
        raise Invalid(f"“{raw}” is not a recommendation id (like R16)")
    return found


def slack_user(value: Any) -> str:
    """A Slack user id (``U``/``W`` then capitals and digits), or empty."""
    value = text(value, 40).strip()
    if value and not _SLACK_USER_RE.fullmatch(value):
        raise Invalid(f"“{value}” is not a Slack user id (like U024BE7LH)")
    return value


def iso_date(value: Any) -> date | None:
    """A ``YYYY-MM-DD`` date, or None."""
    if value is None or value == "":
        return None
    value = text(value, 20)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Invalid(f"“{value}” is not a date (use YYYY-MM-DD)") from None


def timestamp(value: Any) -> str:
    """An ISO 8601 date and time (history entries' ``at``), kept as written."""
    value = text(value, 40)
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise Invalid(f"“{value}” is not a date and time (use 2026-11-23T09:00:00Z)") from None
    return value


def flag(value: Any) -> bool:
    """A JSON true or false."""
    if not isinstance(value, bool):
        raise Invalid(f"expected true or false, found {value!r:.40}")
    return value


def status(value: Any) -> str | None:
    """A status from the vocabulary (forgiving: "Done", "in progress"), or None when empty."""
    value = text(value, 60).strip()
    if not value:
        return None
    try:
        return statuses.parse(value)
    except UserError as exc:
        raise Invalid(str(exc)) from None


def decision(value: Any) -> str | None:
    """A decision from the vocabulary, or None when empty."""
    try:
        return decisions.parse(text(value, 60))
    except UserError as exc:
        raise Invalid(str(exc)) from None


def kind(value: Any) -> str:
    """A review's kind: ``task-group`` (the default when empty) or ``peer-review``."""
    value = text(value, 40).strip() or KINDS[0]
    if value not in KINDS:
        raise Invalid(f"“{value}” is not a kind of review (use {' or '.join(KINDS)})")
    return value


def changes(value: Any) -> dict[str, list]:
    """A history entry's changes: each field name to ``[old, new]``."""
    if not isinstance(value, dict):
        raise Invalid(f"expected an object of changes, found {type(value).__name__}")
    for name, pair in value.items():
        text(name, 60)
        if not isinstance(pair, list) or len(pair) != 2:
            raise Invalid(f"the change of “{name[:40]}” is not a pair [old, new]")
    return value


def long_text(value: Any) -> str:
    """A string of at most ``LONG`` characters: a recommendation's text, a response, a note."""
    return text(value, LONG)


def list_of(check: Callable[[Any], Any]) -> Callable[[Any], list]:
    """A checker for a list whose items each pass ``check``."""

    def checked(values: Any) -> list:
        if not isinstance(values, list):
            raise Invalid(f"expected a list, found {type(values).__name__}")
        out = []
        for n, value in enumerate(values, 1):
            try:
                out.append(check(value))
            except Invalid as exc:
                raise Invalid(f"item {n}: {exc}") from None
        return out

    return checked


def fields_of(data: Any, checks: dict[str, Callable[[Any], Any]], required: tuple[str, ...] = ()) -> dict[str, Any]:
    """The checked values of an object's known fields; unknown fields are ignored, missing ones default."""
    if not isinstance(data, dict):
        raise Invalid(f"expected an object, found {type(data).__name__}")
    for name in required:
        if name not in data:
            raise Invalid(f"no “{name}”")
    out = {}
    for name, check in checks.items():
        if name in data:
            try:
                out[name] = check(data[name])
            except Invalid as exc:
                raise Invalid(f"{name}: {exc}") from None
    return out


_URL_RE = re.compile(r"https://[^\s<>|]+")


def url(value: Any) -> str:
    """An https address with nothing in it that would break a Slack link (empty is none)."""
    value = text(value)
    if value and not _URL_RE.fullmatch(value):
        raise Invalid(f"{value[:60]!r} is not an https address")
    return value


def sign_off(data: Any) -> SignOff | None:
    """The committee's sign-off: who, when, the minute (None: not signed off)."""
    if data is None:
        return None
    checks = {"by": text, "at": timestamp, "minute": text, "by_name": text}
    return SignOff(**{"by": "", **fields_of(data, checks, required=("at",))})


def owner(data: Any) -> Owner:
    """An owner object: name, role, Slack user id."""
    return Owner(**fields_of(data, {"name": text, "role": text, "slack_user": slack_user}))


def milestone(data: Any) -> Milestone:
    """A milestone object: label, due date, done, source phrase, at risk."""
    checks = {
        "label": text,
        "due": iso_date,
        "done": flag,
        "source": text,
        "at_risk": flag,
        "revised_from": list_of(iso_date),
        "moved": text,
    }
    return Milestone(**{"label": "", "due": None, **fields_of(data, checks)})


def update(data: Any) -> Update:
    """A history entry: when, by whom, the note, the status set, its source and changes."""
    checks = {
        "at": timestamp,
        "by": text,
        "note": long_text,
        "status": status,
        "source": text,
        "by_name": text,
        "changes": changes,
        "link": url,
    }
    return Update(**{"by": "", **fields_of(data, checks, required=("at",))})


def review(data: Any) -> Review:
    """A review object of recbot's JSON export."""
    checks = {
        "slug": slug,
        "title": text,
        "council": text,
        "committee": text,
        "date": iso_date,
        "kind": kind,
        "source": text,
        "layout": text,
        "reported": iso_date,
    }
    found = fields_of(data, checks, required=("slug",))
    return Review(**{"title": found["slug"], **found})


def recommendation(data: Any) -> Recommendation:
    """A recommendation object of recbot's JSON export, every field checked."""
    checks = {
        "review": slug,
        "id": rec_id,
        "title": text,
        "text": long_text,
        "response": long_text,
        "decision": decision,
        "decision_text": long_text,
        "status": status,
        "status_text": long_text,
        "group": long_text,
        "owners": list_of(owner),
        "links": list_of(rec_id),
        "milestones": list_of(milestone),
        "updates": list_of(update),
        "signed_off": sign_off,
    }
    return Recommendation(**fields_of(data, checks, required=("review", "id")))
