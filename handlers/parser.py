"""The ``/rec`` parser: pick the verb from the verb table, let its grammar read the rest, or say what is accepted.

Slack-free and store-free. Dates are left as text: resolving them needs "today", which the answer has.
"""

from __future__ import annotations

import re

from tracker.errors import UserError
from tracker.ids import nearest_words, normalise_id

from .grammar import USAGE, Command, NotUnderstood, Typed, is_slug
from .verbs import VERBS, Table

__all__ = ["Command", "parse", "verb_for_log"]

MAX_TEXT = 4000  # Slack caps slash command text well below this; anything longer is not ours
# "R 16", "Rec 16", "Recommendation No. 16" are one id, typed with spaces.
_SPACED_ID_RE = re.compile(r"(?<![\w-])(?:r|rec|recommendation)\s*(?:no\.?\s*)?(?=\d)", re.IGNORECASE)


def parse(text: str, verbs: Table = VERBS) -> Command:
    """Parse ``/rec`` text with the grammar of the verb it names (see ``/rec help``).

    :raises UserError: with a message that shows the accepted forms.
    """
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise UserError(f"That command is too long ({len(text)} characters). {USAGE}")
    text = _SPACED_ID_RE.sub("R", text)
    tokens = text.split() or ["help"]
    verb = verbs.typed(tokens[0].lower())
    if verb is None:
        verb, typed = verbs.fallback, Typed(verbs.fallback.name, verbs.fallback.example, tokens, text)
    else:
        typed = Typed(verb.name, verb.example, tokens[1:], text[len(tokens[0]) :].strip())
    try:
        return verb.grammar(typed)
    except NotUnderstood as exc:
        if not exc.first:
            raise
        guess = nearest_words(exc.word.lower(), verbs.names, limit=1, cutoff=70)
        hint = f" Did you mean `/rec {guess[0]}`?" if guess else ""
        raise UserError(f"I don't understand “{exc.word}”.{hint} {USAGE}") from None


def verb_for_log(text: str, verbs: Table = VERBS) -> str:
    """The verb of a command, for the request log; never the rest of what was typed."""
    words = (text or "").split()
    if not words:
        return "help"
    verb = verbs.typed(words[0].lower())
    if verb is not None:
        return verb.name
    return verbs.fallback.name if normalise_id(words[0]) or is_slug(words[0]) else "unknown"
