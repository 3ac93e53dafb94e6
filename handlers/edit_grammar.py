"""The grammar of the verbs that change one recommendation: ``[REVIEW] ID`` and what each verb takes."""

from __future__ import annotations

from tracker import decisions
from tracker import status as statuses
from tracker.errors import UserError
from tracker.ids import normalise_id

from .grammar import Command, Typed, is_slug, slack_user


def _ref(t: Typed) -> tuple[str | None, str, str]:
    """``[review] ID rest`` -> (review, id, rest)."""
    tokens = t.rest.split(maxsplit=2)
    review = None
    if tokens and is_slug(tokens[0]):
        review = tokens.pop(0).lower()
        tokens = " ".join(tokens).split(maxsplit=1)
    else:
        tokens = t.rest.split(maxsplit=1)
    if not tokens or not normalise_id(tokens[0]):
        raise UserError(f"Which recommendation? {t.example}")
    return review, normalise_id(tokens[0]), tokens[1] if len(tokens) > 1 else ""


def with_text(missing: str):
    """The grammar of a verb whose text after the id is required; ``missing`` starts the reply without it."""

    def grammar(t: Typed) -> Command:
        review, rec_id, rest = _ref(t)
        if not rest:
            raise UserError(f"{missing}, {t.example}")
        return Command(t.verb, review=review, rec_id=rec_id, args=rest)

    return grammar


def optional_text(t: Typed) -> Command:
    """``[REVIEW] ID [text]``."""
    review, rec_id, rest = _ref(t)
    return Command(t.verb, review=review, rec_id=rec_id, args=rest)


def history(t: Typed) -> Command:
    review, rec_id, rest = _ref(t)
    if rest:
        raise UserError(f"`/rec history` takes just the recommendation, {t.example}")
    return Command("history", review=review, rec_id=rec_id)


def update(t: Typed) -> Command:
    """``ID STATUS [note]``; a split that is not certain keeps every reading, for the person to pick."""
    review, rec_id, rest = _ref(t)
    if not rest:
        raise UserError(f"Give the new status: {', '.join(statuses.STATUSES)}. {t.example}")
    try:
        status, note = statuses.split_leading(rest)
    except statuses.Ambiguous as unsure:
        return Command("update", review=review, rec_id=rec_id, args=rest, readings=tuple(unsure.options))
    return Command("update", review=review, rec_id=rec_id, status=status, args=note)


def owner(t: Typed) -> Command:
    """``ID @person`` links an owner; ``ID remove @person`` removes one."""
    review, rec_id, rest = _ref(t)
    words = rest.split()
    remove = bool(words) and words[0].lower() in ("remove", "unlink", "rm")
    user = slack_user(" ".join(words[1:] if remove else words))
    if not user:
        raise UserError(f"Name the owner with Slack's @ menu so I get their id, {t.example}")
    return Command("owner", review=review, rec_id=rec_id, user=user, args="remove" if remove else "")


def decision(t: Typed) -> Command:
    """``ID DECISION [wording]``: the longest leading phrase that is a decision."""
    review, rec_id, rest = _ref(t)
    words = rest.split()
    for n in (3, 2, 1):
        if len(words) >= n:
            try:
                found = decisions.parse(" ".join(words[:n]))
            except UserError:
                continue
            wording = " ".join(words[n:]).strip("“”\"' ")
            return Command("decision", review=review, rec_id=rec_id, decision=found, args=wording)
    raise UserError(f"Give the decision: {', '.join(decisions.DECISIONS)} or `no response`. {t.example}")
