"""Notices to Block Kit, at delivery time: one builder per notice kind, outside any store lock."""

from __future__ import annotations

from collections.abc import Callable

from tracker import notice_payloads as payloads
from tracker.notices import MESSAGE, Notice

from . import messages, reports
from .digest_blocks import digest_message
from .kit import Message


class Unrenderable(Exception):
    """A notice no builder can turn into a message (an unknown kind, a payload missing a field)."""


def _as_queued(notice: Notice) -> Message:
    # Queued before notices were data: the message was built (and escaped) then.
    return dict(notice.payload["message"])


RENDERERS: dict[str, Callable[[Notice], Message]] = {
    payloads.UPDATE: lambda n: messages.change_message(payloads.change_from(n.payload)),
    payloads.IMPORT: lambda n: messages.import_message(*payloads.import_from(n.payload)),
    payloads.SLIPS: lambda n: reports.slip_message(*payloads.slips_from(n.payload)),
    payloads.OVERDUE: lambda n: reports.response_overdue_message(payloads.overdue_from(n.payload)),
    payloads.REMINDER: lambda n: reports.reminder_message(payloads.reminder_from(n.payload)),
    payloads.DIGEST: lambda n: digest_message(*payloads.digest_from(n.payload)),
    payloads.UNREACHABLE: lambda n: messages.unreachable_message(**n.payload),
    MESSAGE: _as_queued,
}


def render(notice: Notice) -> Message:
    """The message a notice says, built by its kind's renderer.

    :raises Unrenderable: for a kind without a renderer or a payload it cannot read.
    """
    build = RENDERERS.get(notice.kind)
    if build is None:
        raise Unrenderable(f"no renderer for notices of kind {notice.kind!r}")
    try:
        return build(notice)
    except (KeyError, TypeError, ValueError) as exc:
        raise Unrenderable(f"{notice.kind} notice: {type(exc).__name__}: {exc}") from exc
