"""Importing a paper, Slack-free: read it, preview what it would change, then apply it.

The CLI and Slack's file import share these steps, so a paper previewed in Slack imports exactly
what ``recbot import --dry-run`` shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.importers import Imported, read_import
from tracker.merge import MergeReport
from tracker.models import Paper
from tracker.notices import OutboxItem
from tracker.readers import DEFAULT_MAX_MB, mb_to_bytes

from .notices import import_notices


@dataclass
class Preview:
    """What importing one file would do; nothing has been written."""

    name: str
    papers: list[Paper]
    reports: list[MergeReport]
    skipped: list[str] = field(default_factory=list)  # what the reader left out, and why

    @property
    def count(self) -> int:
        return sum(len(p.recommendations) for p in self.papers)


def read(
    data: bytes,
    name: str,
    *,
    layout: str | None = None,
    review: str | None = None,
    max_bytes: int | None = mb_to_bytes(DEFAULT_MAX_MB),
) -> Imported:
    """The papers in a file, and what the reader left out; ``review`` puts them all under that slug.

    :raises ImportFailed: (or NoRecommendations) saying what was wrong; nothing is written.
    """
    imported = read_import(data, name, layout=layout, max_bytes=max_bytes)
    imported.papers = for_review(imported.papers, review)
    return imported


def for_review(papers: list[Paper], review: str | None) -> list[Paper]:
    """The papers filed under ``review`` when one is given (``--review SLUG``)."""
    if review:
        for paper in papers:
            paper.review.slug = review
            for rec in paper.recommendations:
                rec.review = review
    return papers


def preview(store, imported: Imported, name: str, *, at: str) -> Preview:
    """What importing would add, update or leave unchanged (a dry run of the store's merge)."""
    reports, _ = store.import_papers(imported.papers, at=at, paper_name=name, dry_run=True)
    return Preview(name, imported.papers, reports, imported.skipped)


def apply(
    store, papers: list[Paper], name: str, *, at: str, now: float, progress=None
) -> tuple[list[MergeReport], list[OutboxItem]]:
    """Import ``papers`` in one atomic write; subscribed channels' summaries are queued in it.

    Returns what the import did and what it queued, for the caller to deliver."""
    return store.import_papers(
        papers,
        at=at,
        paper_name=name,
        notices=lambda subs, reps: import_notices(subs, reps, name),
        now=now,
        progress=progress,
    )
