"""Layout: recbot's own CSV export, edited in a spreadsheet or not (see ``tracker.tabular``)."""

from __future__ import annotations

import csv
import io

from ..models import Paper
from ..tabular import CSV_COLUMNS, EXTRA_COLUMNS, REQUIRED
from ..tabular_read import from_csv

NAME = "recbot-csv"
DESCRIPTION = (
    "recbot's spreadsheet export (`recbot export --format csv`): columns " + ", ".join(CSV_COLUMNS[:6]) + ", ..."
)


def sniff(text: str) -> bool:
    """A header row of recbot's columns, with review and id among them."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    try:
        header = next(csv.reader(io.StringIO(first)))
    except (StopIteration, csv.Error):
        return False
    names = [h.strip() for h in header]
    return all(r in names for r in REQUIRED) and all(n in CSV_COLUMNS + EXTRA_COLUMNS for n in names if n)


def parse_many(text: str, source: str) -> list[Paper]:
    return from_csv(text.lstrip("\ufeff"), source)
