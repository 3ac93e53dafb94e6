"""Who may change what: editors change anything, an owner an editor linked may change that recommendation.

``editors`` is the set from ``RECBOT_EDITORS``: Slack user ids, or ``*`` for everyone. An empty set
means nobody may change anything until an admin names the editors.
"""

from __future__ import annotations

from .errors import UserError
from .models import Recommendation

EVERYONE = "*"


class Refused(UserError):
    """A change the user may not make; shown only to them, nothing is written."""


def is_editor(user: str, editors: frozenset[str]) -> bool:
    """An editor by name, or anybody when ``RECBOT_EDITORS=*``; never an empty user id."""
    return bool(user) and (EVERYONE in editors or user in editors)


def is_named_editor(user: str, editors: frozenset[str]) -> bool:
    """Named in ``RECBOT_EDITORS`` itself, not only through ``*``."""
    return bool(user) and user in editors and user != EVERYONE


def vouched_owner(user: str, rec: Recommendation) -> bool:
    """Linked to ``rec`` by a named editor: a link made while everyone could edit, or read from a
    spreadsheet, shows as an owner but gives no right to change."""
    return bool(user) and any(o.slack_user == user and o.linked_by for o in rec.owners)


def check_edit(user: str, rec: Recommendation, editors: frozenset[str], *, owners_may: bool = True) -> None:
    """Allow the change or raise Refused saying why; ``owners_may=False`` for changes only editors make."""
    if is_editor(user, editors):
        return
    if not editors:
        raise Refused(
            "Nobody can change recommendations yet: recbot's admin has to name its editors first "
            "(`RECBOT_EDITORS`: Slack user ids, or `*` for everyone)."
        )
    if owners_may and vouched_owner(user, rec):
        return
    if not owners_may:
        raise Refused(f"Only recbot's editors can link or remove the owners of {rec.id}.")
    raise Refused(
        f"You can't change {rec.id}: only recbot's editors and its linked owners can. "
        "Ask an editor to make the change, or to link you as an owner with `/rec owner "
        f"{rec.id} @you`."
    )


def check_import(user: str, editors: frozenset[str]) -> None:
    """Importing a paper changes a whole review: editors only."""
    if not is_editor(user, editors):
        raise Refused("Only recbot's editors can import papers. Ask one to share the file with me.")
