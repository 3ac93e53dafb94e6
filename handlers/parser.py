"""The ``/rec`` grammar: turn the text after the slash command into a Command, or say what is accepted.

Slack-free and store-free, so it can be tested with tables of inputs. Dates are left as text:
resolving them needs "today", which the handler has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker import decisions, digests
from tracker import status as statuses
from tracker.errors import UserError
from tracker.ids import nearest_words, normalise_id
from tracker.subscriptions import FILTERS

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$", re.IGNORECASE)
# With "Escape channels, users, and links" on, Slack sends a picked user as <@U123|name>.
_USER_RE = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
MAX_TEXT = 4000  # Slack caps slash command text well below this; anything longer is not ours

USAGE = "Try `/rec R16`, `/rec list` or `/rec help`."
EDIT_VERBS = ("update", "note", "due", "done", "owner", "decision", "close", "reopen")
VERBS = (
    "help",
    "list",
    "search",
    "history",
    "report",
    "subscribe",
    "unsubscribe",
    "subscriptions",
    "import",
    "digest",
    "review",
    *EDIT_VERBS,
)
LIST_FILTERS = ("red", "amber", "green", "mine", "closed", "proposed", "revised")
# `/rec list` words for the executive's decision; None is "no response recorded".
DECISION_WORDS: dict[str, str | None] = {
    **{key.replace("_", " "): key for key in decisions.DECISIONS},
    "no response": None,
    "no decision": None,
}


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


def is_slug(token: str) -> bool:
    return bool(_SLUG_RE.match(token)) and not normalise_id(token)


def slack_user(token: str) -> str | None:
    m = _USER_RE.match(token)
    return m.group(1) if m else None


def parse(text: str) -> Command:
    """Parse ``/rec`` text (see ``/rec help`` for the grammar).

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
    rest = text[len(tokens[0]) :].strip()
    if verb in ("list", "ls"):
        return _parse_list(tokens[1:])
    if verb == "search":
        if not rest:
            raise UserError("What should I look for? e.g. `/rec search hot desking`.")
        return Command("search", args=rest)
    if verb == "subscriptions":
        return Command("subscriptions")
    if verb == "digest":
        return _parse_digest(tokens[1:])
    if verb == "review":
        return _parse_review(tokens[1:])
    if verb == "import":
        if rest:
            raise UserError("`/rec import` takes nothing more: run it, then upload the paper to this channel.")
        return Command("import")
    if verb == "report":
        if len(tokens) == 1:
            return Command("report")
        if len(tokens) == 2 and is_slug(tokens[1]):
            return Command("report", review=tokens[1].lower())
        raise UserError("`/rec report` takes an optional review, e.g. `/rec report wiltshire-2013-safeguarding`.")
    if verb in ("subscribe", "unsubscribe"):
        return _parse_subscribe(verb, tokens[1:])
    if verb in EDIT_VERBS or verb == "history":
        return _parse_edit(verb, rest)
    return _parse_lookup(tokens)


def _parse_list(rest: list[str]) -> Command:
    review = None
    found = _list_filter(rest)  # `partially-accepted` looks like a slug but is a filter
    if found is None and rest and _REVIEW_WORD_RE.match(rest[0]) and not normalise_id(rest[0]):
        review = rest[0].lower()  # a slug, or its start: `wirral` lists every Wirral review
        found = _list_filter(rest[1:])
    if found is None:
        raise UserError(LIST_USAGE)
    return Command("list", review=review, **found)


LIST_USAGE = (
    "`/rec list` takes an optional review (or the start of its name, e.g. `wirral`) and one filter: "
    "a status, a decision (`accepted`, `partially-accepted`, `not-accepted`, `noted`, `deferred`, "
    "`no-response`), `red`, `amber`, `green`, `not set`, `closed` (signed off), `proposed` (for closure), "
    "`revised` (dates moved), `mine`, `owner @person` or `owner NAME`, "
    "e.g. `/rec list wiltshire-2013-safeguarding in progress`."
)
_REVIEW_WORD_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", re.IGNORECASE)
_UNSET = ("not set", "unset", "no status", "status not set")


def _list_filter(tokens: list[str]) -> dict | None:
    """The filter of ``/rec list`` as Command fields, {} for none, or None when not understood.

    A bare decision word (`noted`, `not-accepted`) filters by the executive's decision; `status noted`
    and `decision noted` say which is meant.
    """
    if not tokens:
        return {}
    words = re.sub(r"[\s_\-]+", " ", " ".join(tokens).lower()).strip()
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
    words = re.sub(r"[\s_\-]+", " ", text.lower()).strip()
    if words in DECISION_WORDS:
        return {"filter": "decision", "decision": DECISION_WORDS[words]}
    try:
        return {"filter": "decision", "decision": decisions.parse(text)}
    except UserError:
        return None


def _status_filter(text: str) -> dict | None:
    if re.sub(r"[\s_\-]+", " ", text.lower()).strip() in _UNSET:
        return {"filter": "unset"}
    try:
        return {"filter": "status", "status": statuses.parse(text)}
    except UserError:
        return None


def _split_ref(verb: str, text: str) -> tuple[str | None, str, str]:
    """``[review] ID rest`` -> (review, id, rest)."""
    tokens = text.split(maxsplit=2)
    review = None
    if tokens and is_slug(tokens[0]):
        review = tokens.pop(0).lower()
        tokens = " ".join(tokens).split(maxsplit=1)
    else:
        tokens = text.split(maxsplit=1)
    if not tokens or not normalise_id(tokens[0]):
        raise UserError(f"Which recommendation? {EXAMPLES[verb]}")
    return review, normalise_id(tokens[0]), tokens[1] if len(tokens) > 1 else ""


EXAMPLES = {
    "update": "e.g. `/rec update R16 in progress Project manager appointed`.",
    "note": "e.g. `/rec note R16 Met the MASH partners today`.",
    "due": "e.g. `/rec due R16 31 March 2027 MASH live`.",
    "done": "e.g. `/rec done R16` (the next open milestone) or `/rec done R16 by end July`.",
    "owner": "e.g. `/rec owner R16 @jo.bloggs`, or `/rec owner R16 remove @jo.bloggs`.",
    "history": "e.g. `/rec history R16`.",
    "decision": "e.g. `/rec decision R16 accepted`, or `/rec decision R16 partially accepted “Agreed in part”`.",
    "close": "e.g. `/rec close R16 minute 45/2026`.",
    "reopen": "e.g. `/rec reopen R16 evidence not yet seen by the committee`.",
}


def _parse_edit(verb: str, text: str) -> Command:
    review, rec_id, rest = _split_ref(verb, text)
    if verb == "update":
        if not rest:
            raise UserError(f"Give the new status: {', '.join(statuses.STATUSES)}. {EXAMPLES['update']}")
        try:
            status, note = statuses.split_leading(rest)
        except statuses.Ambiguous as unsure:
            return Command("update", review=review, rec_id=rec_id, args=rest, readings=tuple(unsure.options))
        return Command("update", review=review, rec_id=rec_id, status=status, args=note)
    if verb == "note" and not rest:
        raise UserError(f"Add the note's text, {EXAMPLES['note']}")
    if verb == "due" and not rest:
        raise UserError(f"Give the date, {EXAMPLES['due']}")
    if verb == "owner":
        words = rest.split()
        remove = bool(words) and words[0].lower() in ("remove", "unlink", "rm")
        user = slack_user(" ".join(words[1:] if remove else words))
        if not user:
            raise UserError(f"Name the owner with Slack's @ menu so I get their id, {EXAMPLES['owner']}")
        return Command("owner", review=review, rec_id=rec_id, user=user, args="remove" if remove else "")
    if verb == "decision":
        decision, wording = _split_decision(rest)
        return Command("decision", review=review, rec_id=rec_id, decision=decision, args=wording)
    if verb == "reopen" and not rest:
        raise UserError(f"Say why it is reopened, {EXAMPLES['reopen']}")
    if verb == "history" and rest:
        raise UserError(f"`/rec history` takes just the recommendation, {EXAMPLES['history']}")
    return Command(verb, review=review, rec_id=rec_id, args=rest)


def _split_decision(text: str) -> tuple[str | None, str]:
    """``partially accepted In part`` -> (``partially_accepted``, ``In part``): the longest leading decision."""
    words = text.split()
    for n in (3, 2, 1):
        if len(words) >= n:
            try:
                return decisions.parse(" ".join(words[:n])), " ".join(words[n:]).strip("“”\"' ")
            except UserError:
                continue
    raise UserError(f"Give the decision: {', '.join(decisions.DECISIONS)} or `no response`. {EXAMPLES['decision']}")


REVIEW_USAGE = "`/rec review REVIEW` shows its response clock; `/rec review REVIEW reported 28 March 2013` sets it."


def _parse_review(tokens: list[str]) -> Command:
    if not tokens or not is_slug(tokens[0]):
        raise UserError(f"Which review? {REVIEW_USAGE}")
    review = tokens[0].lower()
    if len(tokens) == 1:
        return Command("review", review=review, target="show")
    if tokens[1].lower() != "reported" or len(tokens) < 3:
        raise UserError(f"I don't understand “{' '.join(tokens[1:])}”. {REVIEW_USAGE}")
    return Command("review", review=review, target="reported", args=" ".join(tokens[2:]))


DIGEST_USAGE = (
    "`/rec digest weekly monday 09:00 [REVIEW] [red | amber | changes]`, `/rec digest daily 08:30 ...`, "
    "`/rec digest off`, or `/rec digest` to see this channel's."
)


def _parse_digest(tokens: list[str]) -> Command:
    words = [t.lower() for t in tokens]
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


def _parse_subscribe(verb: str, tokens: list[str]) -> Command:
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
        guess = nearest_words(token.lower(), list(VERBS), limit=1, cutoff=70)
        hint = f" Did you mean `/rec {guess[0]}`?" if guess else ""
        return f"I don't understand “{token}”.{hint} {USAGE}"
    return f"I don't understand “{token}” in `/rec {' '.join(tokens)}`. {USAGE}"


def verb_for_log(text: str) -> str:
    """The verb of a command, for the request log; never the rest of what was typed."""
    words = (text or "").split()
    if not words:
        return "help"
    first = words[0].lower()
    if first in VERBS:
        return first
    return "lookup" if normalise_id(first) or is_slug(first) else "unknown"
