"""``recbot remove REVIEW``: take a review out of the tracker, keeping a JSON export of what went."""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from tracker.errors import NotFound
from tracker.export import to_json


def add_parser(sub) -> None:
    """Register the ``remove`` subcommand."""
    p = sub.add_parser("remove", help="remove a review and its recommendations, keeping a JSON export of them")
    p.add_argument("review", metavar="REVIEW", help="the review's slug")
    p.add_argument("--output", "-o", metavar="FILE", help="where to keep the export (default removed-REVIEW-TIME.json)")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(run=run)


def run(config, args) -> int:
    """Write the export, confirm, then remove; nothing is removed unless the export is safely on disk."""
    from settings.stores import open_store

    store = open_store(config)
    review = store.review(args.review)
    if review is None:
        slugs = ", ".join(r.slug for r in store.reviews()) or "none"
        print(f"recbot: there is no review {args.review!r} (reviews: {slugs})", file=sys.stderr)
        return 1
    recs = store.recommendations(review.slug)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = Path(args.output or f"removed-{review.slug}-{stamp}.json")
    if not args.yes and not _confirmed(review.slug, len(recs)):
        print("recbot: nothing removed", file=sys.stderr)
        return 1
    try:
        _write_durably(path, json.dumps(to_json([review], recs), indent=2, ensure_ascii=False) + "\n")
    except OSError as exc:
        print(f"recbot: cannot write {path} ({exc.strerror}); nothing removed", file=sys.stderr)
        return 1
    try:
        count = store.remove_review(review.slug)
    except NotFound as exc:  # removed by someone else meanwhile
        print(f"recbot: {exc}", file=sys.stderr)
        return 1
    print(f"removed {review.slug}: {count} recommendations; kept in {path} (`recbot import {path}` puts it back)")
    return 0


def _confirmed(slug: str, count: int) -> bool:
    if not sys.stdin.isatty():
        print(f"recbot: removing {slug} ({count} recommendations) needs --yes when not at a terminal", file=sys.stderr)
        return False
    answer = input(f"Remove {slug} and its {count} recommendations? Type the review's slug to confirm: ")
    return answer.strip() == slug


def _write_durably(path: Path, text: str) -> None:
    # The export is the only copy once the review is gone: it must be on disk before the removal.
    with open(path, "x", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
