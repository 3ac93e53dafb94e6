"""The grammar of following: ``/rec subscribe``, ``/rec unsubscribe`` and ``/rec digest``."""

from __future__ import annotations

from tracker import digests
from tracker.errors import UserError
from tracker.ids import normalise_id
from tracker.subscriptions import FILTERS

from .grammar import Command, Typed, is_slug

DIGEST_USAGE = (
    "`/rec digest weekly monday 09:00 [REVIEW] [red | amber | changes]`, `/rec digest daily 08:30 ...`, "
    "`/rec digest off`, or `/rec digest` to see this channel's."
)


def digest(t: Typed) -> Command:
    words = [w.lower() for w in t.words]
    if not words:
        return Command("digest", target="show")
    if words == ["off"]:
        return Command("digest", target="off")
    every, rest = words[0], words[1:]
    if every not in digests.EVERY:
        raise UserError(f"A digest is `daily` or `weekly`: {DIGEST_USAGE}")
    weekday = None
    if every == "weekly":
        if not rest or rest[0][:3] not in [d[:3] for d in digests.WEEKDAYS]:
            raise UserError(f"Which day of the week? {DIGEST_USAGE}")
        weekday = [d[:3] for d in digests.WEEKDAYS].index(rest.pop(0)[:3])
    if not rest:
        raise UserError(f"At what time? {DIGEST_USAGE}")
    at = digests.parse_time(rest.pop(0))
    review = rest.pop(0) if rest and is_slug(rest[0]) else None
    only = rest.pop(0) if rest and rest[0] in digests.ONLY else None
    if rest:
        raise UserError(f"I don't understand “{' '.join(rest)}” in a digest. {DIGEST_USAGE}")
    return Command("digest", target=every, at=at, weekday=weekday, review=review, filter=only)


def subscribe(t: Typed) -> Command:
    """``R16``, ``REVIEW``, ``REVIEW R16`` or ``all``, optionally followed by ``updates`` or ``slips``."""
    verb, tokens = t.verb, list(t.words)
    filter_ = "both"
    if tokens and tokens[-1].lower() in FILTERS:
        filter_ = tokens.pop().lower()
    usage = (
        f"`/rec {verb} R16`, `/rec {verb} REVIEW` or `/rec {verb} all`, optionally followed by `updates` or `slips`."
    )
    if len(tokens) == 1 and tokens[0].lower() == "all":
        return Command(verb, target="all", filter=filter_)
    if len(tokens) == 1 and is_slug(tokens[0]):
        return Command(verb, review=tokens[0].lower(), target="review", filter=filter_)
    if len(tokens) == 1 and normalise_id(tokens[0]):
        return Command(verb, rec_id=normalise_id(tokens[0]), target="rec", filter=filter_)
    if len(tokens) == 2 and is_slug(tokens[0]) and normalise_id(tokens[1]):
        return Command(verb, review=tokens[0].lower(), rec_id=normalise_id(tokens[1]), target="rec", filter=filter_)
    raise UserError(f"What should this channel {verb} {'from' if verb == 'unsubscribe' else 'to'}? {usage}")
