"""Importing a paper, Slack-free: read it, preview what it would change, then apply it.

The CLI and Slack's file import share these steps, so a paper previewed in Slack imports exactly
what ``recbot import --dry-run`` shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.importers import read_papers
from tracker.merge import MergeReport
from tracker.models import Paper

from .notifier import import_notices


@dataclass
class Preview:
    """What importing one file would do; nothing has been written."""

    name: str
    papers: list[Paper]
    reports: list[MergeReport]

    @property
    def count(self) -> int:
        return sum(len(p.recommendations) for p in self.papers)


def read(data: bytes, name: str, *, layout: str | None = None, review: str | None = None) -> list[Paper]:
    """The papers in a file; ``review`` puts them all under that slug.

    :raises ImportFailed: (or NoRecommendations) saying what was wrong; nothing is written.
    """
    papers = read_papers(data, name, layout=layout)
    if review:
        for paper in papers:
            paper.review.slug = review
            for rec in paper.recommendations:
                rec.review = review
    return papers


def preview(store, papers: list[Paper], name: str, *, at: str) -> Preview:
    """What importing ``papers`` would add, update or leave unchanged (a dry run of the store's merge)."""
    reports = store.import_papers(papers, at=at, paper_name=name, dry_run=True)
    return Preview(name, papers, reports)


def apply(store, papers: list[Paper], name: str, *, at: str, now: float, progress=None) -> list[MergeReport]:
    """Import ``papers`` in one atomic write; subscribed channels' summaries are queued in it."""
    return store.import_papers(
        papers,
        at=at,
        paper_name=name,
        notices=lambda subs, reps: import_notices(subs, reps, name),
        now=now,
        progress=progress,
    )
