"""The TinyDB store's slip-check reads: what fell due, or sits in a shard written, since the last check."""

from __future__ import annotations

from datetime import date

from tracker.serialise import rec_from_dict
from tracker.slips import CheckMark, DueRead

CHECKS = "checks"
RECS = "recommendations"
MAIN = "main"


def _dated_in(doc: dict, spans: list[tuple[str, str]]) -> bool:
    """A stored recommendation has a watched date (``tracker.slips.watched_dates``) in one of ``spans``.

    Compared as ISO strings on the stored document, so recommendations that are not due are never parsed.
    """
    for m in doc.get("milestones", ()):
        first = (m.get("revised_from") or [None])[0]
        for d in (m.get("due"), first):
            if d and any(a <= d <= b for a, b in spans):
                return True
    return False


class DueMixin:
    """``last_check``, ``due_since`` and ``record_check`` of the Store (they use its shards and locks)."""

    def last_check(self) -> CheckMark | None:
        """The last slip check recorded, if any."""
        with self._reading():
            docs = self._table(CHECKS).all()
        if not docs:
            return None
        d = docs[0]
        return CheckMark(date.fromisoformat(d["day"]), date.fromisoformat(d["horizon"]), d["seen"])

    def record_check(self, mark: CheckMark) -> None:
        """Record a slip check (one entry; the next check starts from it)."""
        with self._writing():
            table = self._table(CHECKS)
            table.truncate()
            table.insert({"day": mark.day.isoformat(), "horizon": mark.horizon.isoformat(), "seen": mark.seen})

    def due_since(self, windows: list[tuple[date, date]] | None, seen: int | None) -> DueRead:
        """Recommendations with a watched date in ``windows`` or in a shard written after commit
        ``seen`` (all of them when either is None), the reviews changed since, and the marker for the
        next check. Commits are serialised by the store's lock, so a commit number is that marker."""
        with self._reading():
            mark = self._shards.committed()
            everything = windows is None or seen is None
            spans = [(a.isoformat(), b.isoformat()) for a, b in windows or ()]
            docs, reviews = [], set()
            for shard in self._rec_shards():
                changed = everything or self._shards.written_at(shard) > seen
                for doc in ((self._shards.data(shard) or {}).get(RECS) or {}).values():
                    if changed:
                        docs.append(doc)
                        reviews.add(doc["review"])
                    elif _dated_in(doc, spans):
                        docs.append(doc)
            if everything or self._shards.written_at(MAIN) > seen:
                reviews |= set(self._review_ids)
        return DueRead([rec_from_dict(d) for d in docs], reviews, mark, everything)
