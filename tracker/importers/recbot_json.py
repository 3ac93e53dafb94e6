"""Layout: recbot's own JSON export (`recbot export --format json`), read back whole."""

from __future__ import annotations

import json

from ..errors import ImportFailed
from ..models import Paper, Review
from ..serialise import rec_from_dict, review_from_dict

NAME = "recbot-json"
DESCRIPTION = "recbot's JSON export (`recbot export --format json`): reviews[] and recommendations[]"


def sniff(text: str) -> bool:
    head = text.lstrip("\ufeff \r\n\t")[:200]
    return head.startswith("{") and '"recbot"' in head


def parse_many(text: str, source: str) -> list[Paper]:
    try:
        data = json.loads(text.lstrip("\ufeff"))
        reviews = {r["slug"]: review_from_dict(r) for r in data.get("reviews", [])}
        recs = [rec_from_dict(r) for r in data["recommendations"]]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ImportFailed(f"{source}: not a recbot JSON export ({exc.__class__.__name__}: {exc})") from None
    papers: dict[str, Paper] = {}
    seen: set[str] = set()
    for n, rec in enumerate(recs, 1):
        if not rec.review or not rec.id:
            raise ImportFailed(f"{source}: recommendation {n} has no review or id")
        if rec.key in seen:
            raise ImportFailed(f"{source}: {rec.id} appears twice in {rec.review}")
        seen.add(rec.key)
        review = reviews.get(rec.review) or Review(slug=rec.review, title=rec.review)
        papers.setdefault(rec.review, Paper(review, [], from_tracker=True)).recommendations.append(rec)
    if not papers:
        raise ImportFailed(f"{source}: the export holds no recommendations")
    return list(papers.values())
