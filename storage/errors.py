"""The typed errors of the store port that the edges turn into replies (both stores raise them)."""

from __future__ import annotations

UNREACHABLE = (
    "recbot's database cannot be reached right now, so this could not be saved (nothing was recorded) "
    "or looked up. Please try again in a moment."
)
UNWRITABLE = (
    "recbot could not write its data files right now, so this could not be saved: nothing was recorded. "
    "Please try again in a moment; if it keeps happening, tell whoever runs recbot."
)


class StoreUnavailable(RuntimeError):
    """The database cannot be reached or written right now; nothing was recorded. The message says so."""

    def __init__(self, message: str = UNREACHABLE) -> None:
        super().__init__(message)
