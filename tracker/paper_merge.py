"""Merging one paper into what a store holds: which recommendations change and whether the review does."""

from __future__ import annotations

from dataclasses import replace

from .merge import MergeReport, check_tracker_rows, merge
from .models import Paper, Recommendation, Review


def merge_paper(
    paper: Paper,
    stored: dict[str, Recommendation | None],
    stored_ids: list[str],
    stored_review: Review | None,
    *,
    at: str,
    paper_name: str,
) -> tuple[MergeReport, Review | None, list[Recommendation]]:
    """The report, the review to write (None: keep it) and the recommendations to write.

    ``stored`` maps each incoming id to its stored version; ``stored_ids`` are all the review's ids.
    """
    report = MergeReport(review=paper.review.slug, review_is_new=stored_review is None)
    if paper.from_tracker:
        check_tracker_rows(paper, stored, stored_ids)
    changed: list[Recommendation] = []
    for incoming in paper.recommendations:
        merged, outcome = merge(
            stored[incoming.id],
            incoming,
            paper=paper_name,
            at=at,
            from_tracker=paper.from_tracker,
            fields=paper.fields,
            restores=paper.restores,
            encoding=paper.encoding,
        )
        getattr(report, outcome).append(incoming.id)
        if outcome != "unchanged":
            changed.append(merged)
    incoming = paper.review
    if stored_review is not None and stored_review.reported:
        # When the report went to the executive, once recorded (from a paper or in chat), stays as recorded.
        incoming = replace(incoming, reported=stored_review.reported)
    # A spreadsheet of the tracker does not describe the paper: it never replaces the review's details.
    fresh = stored_review is None or (
        not paper.from_tracker and stored_review != incoming and _newer_or_same(incoming, stored_review)
    )
    return report, incoming if fresh else None, changed


def _newer_or_same(new: Review, old: Review) -> bool:
    """A review's details follow its latest paper; an older paper imported late does not win."""
    return old.date is None or (new.date is not None and new.date >= old.date)
