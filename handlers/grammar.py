"""The words of ``/rec``: the parsed Command, what a verb's grammar is given, and the reading of ids, reviews
and people. Slack-free and store-free, so each verb's grammar can be tested with tables of inputs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.errors import UserError
from tracker.ids import normalise_id

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$", re.IGNORECASE)
# With "Escape channels, users, and links" on, Slack sends a picked user as <@U123|name>.
_USER_RE = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")

USAGE = "Try `/rec R16`, `/rec list` or `/rec help`."


@dataclass(frozen=True)
class Command:
    """A parsed ``/rec`` command."""

    verb: str
    review: str | None = None
    rec_id: str | None = None
    full: bool = False
    args: str = ""
    status: str | None = None
    user: str | None = None
    target: str | None = None
    filter: str | None = None
    at: str = ""  # a time of day, for digests
    weekday: int | None = None
    # When the split between status and note is not certain: every reading, for the person to pick.
    readings: tuple = ()
    decision: str | None = None


@dataclass(frozen=True)
class Typed:
    """What a verb's grammar reads: the verb's name and example, and what was typed after the verb."""

    verb: str
    example: str
    words: list[str]
    rest: str


class NotUnderstood(UserError):
    """A word no grammar reads; the parser turns it into a reply with a "did you mean" from the verb table."""

    def __init__(self, word: str, words: list[str]) -> None:
        super().__init__(f"I don't understand “{word}” in `/rec {' '.join(words)}`. {USAGE}")
        self.word = word
        self.first = word is words[0]


def is_slug(token: str) -> bool:
    """A review's slug (``wiltshire-2013-safeguarding``), never a recommendation id."""
    return bool(_SLUG_RE.match(token)) and not normalise_id(token)


def slack_user(token: str) -> str | None:
    """The user id of a person picked with Slack's @ menu, or None."""
    m = _USER_RE.match(token)
    return m.group(1) if m else None


def words_only(t: Typed, message: str) -> None:
    """Refuse anything typed after a verb that takes nothing more."""
    if t.rest:
        raise UserError(message)


def lookup(t: Typed) -> Command:
    """``[REVIEW] ID [full]`` in either order: the fallback when the first word is no verb."""
    review = rec_id = None
    full = False
    for token in t.words:
        low = token.lower()
        if low in ("full", "all", "more") and rec_id:
            full = True
        elif rec_id is None and normalise_id(token):
            rec_id = normalise_id(token)
        elif review is None and is_slug(token):
            review = low
        else:
            raise NotUnderstood(token, t.words)
    if rec_id is None:
        raise UserError(f"Which recommendation? Add its id, e.g. `/rec {review} R16`.")
    return Command("lookup", review=review, rec_id=rec_id, full=full)


def bare(t: Typed) -> Command:
    """A verb that takes nothing more; anything after it is ignored, as it always was."""
    return Command(t.verb)


def search(t: Typed) -> Command:
    if not t.rest:
        raise UserError(f"What should I look for? {t.example}")
    return Command("search", args=t.rest)


def import_(t: Typed) -> Command:
    words_only(t, "`/rec import` takes nothing more: run it, then upload the paper to this channel.")
    return Command("import")


def report(t: Typed) -> Command:
    if not t.words:
        return Command("report")
    if len(t.words) == 1 and is_slug(t.words[0]):
        return Command("report", review=t.words[0].lower())
    raise UserError(f"`/rec report` takes an optional review, {t.example}")


REVIEW_USAGE = "`/rec review REVIEW` shows its response clock; `/rec review REVIEW reported 28 March 2013` sets it."


def review(t: Typed) -> Command:
    tokens = t.words
    if not tokens or not is_slug(tokens[0]):
        raise UserError(f"Which review? {REVIEW_USAGE}")
    slug = tokens[0].lower()
    if len(tokens) == 1:
        return Command("review", review=slug, target="show")
    if tokens[1].lower() != "reported" or len(tokens) < 3:
        raise UserError(f"I don't understand “{' '.join(tokens[1:])}”. {REVIEW_USAGE}")
    return Command("review", review=slug, target="reported", args=" ".join(tokens[2:]))
