"""Importing papers and tracker files into the Store, and removing a review: each one atomic write."""

from __future__ import annotations

from collections.abc import Callable

from tracker.errors import NotFound
from tracker.merge import MergeReport
from tracker.models import Paper
from tracker.notices import Notice, OutboxItem
from tracker.paper_merge import merge_paper
from tracker.serialise import rec_from_dict
from tracker.subscriptions import Subscription

REVIEWS = "reviews"
SUBS = "subscriptions"
THREADS = "threads"


class ImportMixin:
    """Import and removal methods of the Store (they use its lock, tables, index and batches)."""

    def remove_review(self, slug: str) -> int:
        """Remove a review, its recommendations and the subscriptions to them in one atomic write.

        Returns how many recommendations went. Notifications already queued are still delivered.
        """
        with self._writing():
            if slug not in self._review_ids:
                raise NotFound(f"There is no review `{slug}`.")
            prefix = f"{slug}/"
            by_shard: dict[str, list[int]] = {}
            keys = [key for key in self._rec_ids if key.startswith(prefix)]
            for key in keys:
                shard, doc_id = self._rec_ids.pop(key)
                by_shard.setdefault(shard, []).append(doc_id)
                self._shard_keys.get(shard, set()).discard(key)
                self._by_id.get(key[len(prefix) :], set()).discard(key)
            for shard, doc_ids in by_shard.items():
                self._recs(shard).remove(doc_ids=doc_ids)
            self._table(REVIEWS).remove(doc_ids=[self._review_ids.pop(slug)])
            targets = {f"review:{slug}"}
            subs = [
                d.doc_id
                for d in self._table(SUBS).all()
                if d["target"] in targets or d["target"].startswith(f"rec:{prefix}")
            ]
            if subs:
                self._table(SUBS).remove(doc_ids=subs)
            threads = [d.doc_id for d in self._table(THREADS).all() if d["key"].startswith(prefix)]
            if threads:
                self._table(THREADS).remove(doc_ids=threads)
        return len(keys)

    def import_paper(self, paper: Paper, *, at: str, paper_name: str, dry_run: bool = False) -> MergeReport:
        """Add or refresh one paper in one atomic write; re-importing it changes nothing."""
        return self.import_papers([paper], at=at, paper_name=paper_name, dry_run=dry_run)[0][0]

    def import_papers(
        self,
        papers: list[Paper],
        *,
        at: str,
        paper_name: str,
        dry_run: bool = False,
        notices: Callable[[list[Subscription], list[MergeReport]], list[Notice]] | None = None,
        now: float = 0.0,
        progress: Callable[[int], None] | None = None,
    ) -> tuple[list[MergeReport], list[OutboxItem]]:
        """Import every paper of one file in a single atomic write: all of them or none.

        ``notices`` builds the subscribed channels' notifications, queued in the same write.
        Returns what each paper did and what was queued.
        """
        reports, queued = [], []
        with self._writing():
            for paper in papers:
                reports.append(self._merge_paper(paper, at=at, paper_name=paper_name, dry_run=dry_run))
                if progress:
                    progress(len(paper.recommendations))
            if notices and not dry_run:
                queued = self._queue(notices([Subscription(**d) for d in self._table(SUBS).all()], reports), now)
        return reports, queued

    def _merge_paper(self, paper: Paper, *, at: str, paper_name: str, dry_run: bool) -> MergeReport:
        slug = paper.review.slug
        stored = {}
        for incoming in paper.recommendations:
            doc = self._get_doc(incoming.key)
            stored[incoming.id] = rec_from_dict(doc) if doc else None
        prefix = f"{slug}/"
        ids = [k[len(prefix) :] for k in self._rec_ids if k.startswith(prefix)] if paper.from_tracker else []
        review = self.review(slug) if slug in self._review_ids else None
        report, fresh, changed = merge_paper(paper, stored, ids, review, at=at, paper_name=paper_name)
        if dry_run:
            return report
        if fresh is not None:
            self._put_review(fresh)
        self._put_recs(changed)
        return report
