"""The grammar of ``/rec list``: an optional review (or the start of its name) and one filter."""

from __future__ import annotations

import re

from tracker import decisions
from tracker import status as statuses
from tracker.errors import UserError
from tracker.ids import normalise_id

from .grammar import Command, Typed, slack_user

LIST_FILTERS = ("red", "amber", "green", "mine", "closed", "proposed", "revised")
# `/rec list` words for the executive's decision; None is "no response recorded".
DECISION_WORDS: dict[str, str | None] = {
    **{key.replace("_", " "): key for key in decisions.DECISIONS},
    "no response": None,
    "no decision": None,
}
LIST_USAGE = (
    "`/rec list` takes an optional review (or the start of its name, e.g. `wirral`) and one filter: "
    "a status, a decision (`accepted`, `partially-accepted`, `not-accepted`, `noted`, `deferred`, "
    "`no-response`), `red`, `amber`, `green`, `not set`, `closed` (signed off), `proposed` (for closure), "
    "`revised` (dates moved), `mine`, `owner @person` or `owner NAME`, "
    "e.g. `/rec list wiltshire-2013-safeguarding in progress`."
)
_REVIEW_WORD_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", re.IGNORECASE)
_UNSET = ("not set", "unset", "no status", "status not set")


def list_(t: Typed) -> Command:
    rest = t.words
    review = None
    found = _list_filter(rest)  # `partially-accepted` looks like a slug but is a filter
    if found is None and rest and _REVIEW_WORD_RE.match(rest[0]) and not normalise_id(rest[0]):
        review = rest[0].lower()  # a slug, or its start: `wirral` lists every Wirral review
        found = _list_filter(rest[1:])
    if found is None:
        raise UserError(LIST_USAGE)
    return Command("list", review=review, **found)


def _words(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text.lower()).strip()


def _list_filter(tokens: list[str]) -> dict | None:
    """The filter of ``/rec list`` as Command fields, {} for none, or None when not understood.

    A bare decision word (`noted`, `not-accepted`) filters by the executive's decision; `status noted`
    and `decision noted` say which is meant.
    """
    if not tokens:
        return {}
    words = _words(" ".join(tokens))
    head, tail = tokens[0].lower(), " ".join(tokens[1:])
    if words in LIST_FILTERS:
        return {"filter": words}
    if words in _UNSET:
        return {"filter": "unset"}
    if head == "owner" and tail:
        user = slack_user(tail)
        return {"filter": "owner", "user": user} if user else {"filter": "owner_name", "args": tail}
    if head == "decision" and tail:
        return _decision_filter(tail)
    if head == "status" and tail:
        return _status_filter(tail)
    if words in DECISION_WORDS:
        return {"filter": "decision", "decision": DECISION_WORDS[words]}
    return _status_filter(words)


def _decision_filter(text: str) -> dict | None:
    words = _words(text)
    if words in DECISION_WORDS:
        return {"filter": "decision", "decision": DECISION_WORDS[words]}
    try:
        return {"filter": "decision", "decision": decisions.parse(text)}
    except UserError:
        return None


def _status_filter(text: str) -> dict | None:
    if _words(text) in _UNSET:
        return {"filter": "unset"}
    try:
        return {"filter": "status", "status": statuses.parse(text)}
    except UserError:
        return None
