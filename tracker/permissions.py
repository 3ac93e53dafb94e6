"""Who may change what: editors change anything, a linked owner their own recommendations."""

from __future__ import annotations

from .errors import UserError
from .models import Recommendation


class Refused(UserError):
    """A change the user may not make; shown only to them, nothing is written."""


def check_edit(user: str, rec: Recommendation, editors: frozenset[str]) -> None:
    """Allow the change or raise Refused saying why. No editors configured means everyone edits."""
    if not editors or user in editors:
        return
    if any(o.slack_user == user for o in rec.owners):
        return
    raise Refused(
        f"You can't change {rec.id}: only recbot's editors and its linked owners can. "
        "Ask an editor to make the change, or to link you as an owner with `/rec owner "
        f"{rec.id} @you`."
    )


def check_import(user: str, editors: frozenset[str]) -> None:
    """Importing a paper changes a whole review: editors only (no editors configured: everyone)."""
    if not editors or user in editors:
        return
    raise Refused("Only recbot's editors can import papers. Ask one to share the file with me.")
