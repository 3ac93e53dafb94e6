"""Channel subscriptions: to one recommendation, a whole review, or everything."""

from __future__ import annotations

from dataclasses import dataclass

FILTERS = ("both", "updates", "slips")


@dataclass(frozen=True)
class Subscription:
    """``target`` is ``all``, ``review:<slug>`` or ``rec:<slug>/<id>``."""

    channel: str
    target: str
    filter: str = "both"
    by: str = ""
    at: str = ""

    def covers(self, review: str, key: str, kind: str) -> bool:
        """True if this subscription wants ``kind`` (``updates`` or ``slips``) news about ``key``."""
        if self.filter not in ("both", kind):
            return False
        return self.target in ("all", f"review:{review}", f"rec:{key}")

    def describe(self) -> str:
        what = "everything" if self.target == "all" else self.target.split(":", 1)[1]
        return what if self.filter == "both" else f"{what} ({self.filter} only)"


def channels_for(subs: list[Subscription], review: str, key: str, kind: str) -> dict[str, Subscription]:
    """Each channel that should hear about ``key`` once, however many of its subscriptions match."""
    out: dict[str, Subscription] = {}
    for sub in subs:
        if sub.covers(review, key, kind):
            out.setdefault(sub.channel, sub)
    return out
