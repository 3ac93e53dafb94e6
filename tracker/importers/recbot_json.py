"""Layout: recbot's own JSON export (`recbot export --format json`), read back whole, every field checked."""

from __future__ import annotations

import json

from .. import validate
from ..errors import ImportFailed
from ..models import Paper, Review

NAME = "recbot-json"
DESCRIPTION = "recbot's JSON export (`recbot export --format json`): reviews[] and recommendations[]"


def sniff(text: str) -> bool:
    head = text.lstrip("\ufeff \r\n\t")[:200]
    return head.startswith("{") and '"recbot"' in head


def parse_many(text: str, source: str) -> list[Paper]:
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except ValueError as exc:
        raise ImportFailed(f"{source}: not a recbot JSON export ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("recommendations"), list):
        raise ImportFailed(f"{source}: not a recbot JSON export (no list of recommendations)")
    if not isinstance(data.get("reviews", []), list):
        raise ImportFailed(f"{source}: not a recbot JSON export (reviews is not a list)")
    reviews: dict[str, Review] = {}
    for n, raw in enumerate(data.get("reviews", []), 1):
        try:
            review = validate.review(raw)
        except validate.Invalid as exc:
            raise ImportFailed(f"{source}, review {n}: {exc}") from None
        reviews[review.slug] = review
    papers: dict[str, Paper] = {}
    for n, raw in enumerate(data["recommendations"], 1):
        where = f"recommendation {n}" + (
            f" ({raw['id']})" if isinstance(raw, dict) and isinstance(raw.get("id"), str) else ""
        )
        try:
            rec = validate.recommendation(raw)
        except validate.Invalid as exc:
            raise ImportFailed(f"{source}, {where}: {exc}") from None
        review = reviews.get(rec.review) or Review(slug=rec.review, title=rec.review)
        paper = papers.setdefault(rec.review, Paper(review, [], from_tracker=True, restores=True))
        if rec.id in paper.rows:
            raise ImportFailed(f"{source}, {where}: {rec.id} appears twice in {rec.review}")
        paper.rows[rec.id] = f"{source}, {where}"
        paper.recommendations.append(rec)
    if not papers:
        raise ImportFailed(f"{source}: the export holds no recommendations")
    return list(papers.values())
