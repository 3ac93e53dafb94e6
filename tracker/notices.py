"""A notice is data: what to tell which channel about what, rendered to a message only when delivered.

A ``Notice`` carries its ``kind`` (which renderer builds its message), the channel, the
recommendation whose thread it belongs in, whether it is also shown in the channel, who subscribed
the channel and to what (told if the channel cannot be reached), and a payload of plain JSON values.
An ``OutboxItem`` is a notice as queued: its id and delivery state.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .outbox_policy import PENDING

# Items queued before notices were data carried their Block Kit; they are read as this kind.
MESSAGE = "message"
_NOTICE_FIELDS = ("kind", "channel", "thread_key", "broadcast", "subscriber", "about")


@dataclass(frozen=True)
class Notice:
    """One message to one channel, as data (``payload`` holds JSON values only)."""

    kind: str
    channel: str
    thread_key: str = ""
    broadcast: bool = False
    subscriber: str = ""
    about: str = ""
    payload: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def to_json(self) -> dict[str, Any]:
        return {**{name: getattr(self, name) for name in _NOTICE_FIELDS}, "payload": dict(self.payload)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Notice:
        """A notice as stored; an item of the old shape (its message built in advance) becomes a
        ``MESSAGE`` notice carrying that message."""
        if "payload" in data:
            return cls(**{name: data[name] for name in _NOTICE_FIELDS if name in data}, payload=data["payload"])
        return cls(
            kind=MESSAGE,
            channel=data["channel"],
            thread_key=data.get("thread_key") or "",
            broadcast=bool(data.get("broadcast")),
            subscriber=data.get("subscriber") or "",
            about=data.get("about") or "",
            payload={"message": data.get("message") or {}, "was": data.get("kind", "")},
        )


@dataclass(frozen=True)
class OutboxItem:
    """A queued notice and where its delivery stands."""

    id: str
    notice: Notice
    status: str = PENDING
    attempts: int = 0
    next_at: float = 0.0
    created: float = 0.0
    last_error: str = ""

    @property
    def channel(self) -> str:
        return self.notice.channel

    @property
    def kind(self) -> str:
        return self.notice.kind

    def to_json(self) -> dict[str, Any]:
        """As stored: the state at the top (stores update it in place), the notice beneath."""
        return {
            "id": self.id,
            "status": self.status,
            "attempts": self.attempts,
            "next_at": self.next_at,
            "created": self.created,
            "last_error": self.last_error,
            "notice": self.notice.to_json(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> OutboxItem:
        """An item as stored, in this shape or the old one (the notice's fields at the top)."""
        return cls(
            id=data["id"],
            notice=Notice.from_json(data["notice"] if "notice" in data else data),
            status=data.get("status", PENDING),
            attempts=int(data.get("attempts", 0)),
            next_at=float(data.get("next_at", 0.0)),
            created=float(data.get("created", 0.0)),
            last_error=data.get("last_error") or "",
        )

    @classmethod
    def new(cls, item_id: str, queued: Notice | OutboxItem, now: float) -> OutboxItem:
        """A notice just queued, due at once; an item moved from another store keeps its state."""
        if isinstance(queued, OutboxItem):
            return replace(queued, id=item_id)
        return cls(id=item_id, notice=queued, next_at=now, created=now)
