"""Every UserError becomes its reply here, whichever surface it came from: command, button, form or upload."""

from __future__ import annotations

from dataclasses import dataclass

from bot import import_blocks, messages
from bot.kit import Message, error_message
from tracker.errors import UserError
from tracker.signoff import NotCompleted
from usecases.edits import outcome_of


class Unreadable(UserError):
    """A shared file that is not a paper recbot can import."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(reason)
        self.name = name
        # The readers' messages start with the file's name; the reply names it once.
        self.reason = reason.removeprefix(f"{name}: ")


@dataclass(frozen=True)
class Failure:
    """How a refused request is answered: a message, a line beside a form's field, and the log's outcome."""

    message: Message
    field_text: str
    outcome: str

    @property
    def refused(self) -> bool:
        return self.outcome == "refused"


def failure(exc: UserError) -> Failure:
    """The reply to a UserError; nothing was written."""
    if isinstance(exc, NotCompleted):  # offer to complete it and sign it off in one press
        message = messages.complete_first_message(exc.rec, str(exc), exc.minute)
    elif isinstance(exc, Unreadable):
        message = import_blocks.refused_message(exc.name, exc.reason)
    else:
        message = error_message(exc)
    return Failure(message, str(exc), outcome_of(exc))
