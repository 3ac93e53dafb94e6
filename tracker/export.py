"""The tracker's contents as one JSON document (the schema is in the README)."""

from __future__ import annotations

from typing import Any

from .models import Recommendation, Review
from .serialise import rec_to_dict, review_to_dict

SCHEMA_VERSION = 1


def to_json(reviews: list[Review], recs: list[Recommendation]) -> dict[str, Any]:
    """``{"recbot": 1, "reviews": [...], "recommendations": [...]}``."""
    return {
        "recbot": SCHEMA_VERSION,
        "reviews": [review_to_dict(r) for r in reviews],
        "recommendations": [rec_to_dict(r) for r in recs],
    }
