"""The ``/rec`` grammar: turn the text after the slash command into a Command, or say what is accepted.

Slack-free and store-free, so it can be tested with tables of inputs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.errors import UserError
from tracker.ids import nearest_words, normalise_id

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$", re.IGNORECASE)
MAX_TEXT = 4000  # Slack caps slash command text well below this; anything longer is not ours

USAGE = "Try `/rec R16`, `/rec list` or `/rec help`."


@dataclass(frozen=True)
class Command:
    """A parsed ``/rec`` command."""

    verb: str
    review: str | None = None
    rec_id: str | None = None
    full: bool = False
    args: str = ""


def is_slug(token: str) -> bool:
    return bool(_SLUG_RE.match(token)) and not normalise_id(token)


def parse(text: str) -> Command:
    """Parse ``/rec`` text: ``help``, ``list [review]``, ``[review] <id> [full]``.

    :raises UserError: with a message that shows the accepted forms.
    """
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise UserError(f"That command is too long ({len(text)} characters). {USAGE}")
    # "R 16", "Rec 16", "Recommendation No. 16" are one id, typed with spaces.
    text = re.sub(r"(?<![\w-])(?:r|rec|recommendation)\s*(?:no\.?\s*)?(?=\d)", "R", text, flags=re.IGNORECASE)
    tokens = text.split()
    if not tokens or tokens[0].lower() in ("help", "?", "-h", "--help"):
        return Command("help")
    verb = tokens[0].lower()
    if verb in ("list", "ls", "reviews"):
        return _parse_list(tokens[1:])
    return _parse_lookup(tokens)


def _parse_list(rest: list[str]) -> Command:
    if not rest:
        return Command("list")
    if len(rest) == 1 and is_slug(rest[0]):
        return Command("list", review=rest[0].lower())
    raise UserError("`/rec list` takes an optional review, e.g. `/rec list wiltshire-2013-safeguarding`.")


def _parse_lookup(tokens: list[str]) -> Command:
    review = rec_id = None
    full = False
    for token in tokens:
        low = token.lower()
        if low in ("full", "all", "more") and rec_id:
            full = True
        elif rec_id is None and normalise_id(token):
            rec_id = normalise_id(token)
        elif review is None and is_slug(token):
            review = low
        else:
            raise UserError(_not_understood(token, tokens))
    if rec_id is None:
        raise UserError(f"Which recommendation? Add its id, e.g. `/rec {review} R16`.")
    return Command("lookup", review=review, rec_id=rec_id, full=full)


def _not_understood(token: str, tokens: list[str]) -> str:
    if token is tokens[0]:
        guess = nearest_words(token.lower(), ["help", "list"], limit=1, cutoff=70)
        hint = f" Did you mean `/rec {guess[0]}`?" if guess else ""
        return f"I don't understand “{token}”.{hint} {USAGE}"
    return f"I don't understand “{token}” in `/rec {' '.join(tokens)}`. {USAGE}"
