"""CSV trackers (comma, semicolon or tab; UTF-8 or Windows-1252) into a Document of one table."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager

from ..document import Document
from ..errors import ImportFailed
from .grid import make_table


def decode_text(data: bytes) -> str:
    """Bytes as text: UTF-8 (with or without a byte-order mark), else Windows-1252 as Excel saves it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_csv(data: bytes, source: str) -> Document:
    """Read a CSV file into a Document holding one table.

    :raises ImportFailed: when the text has no delimiter-separated rows.
    """
    text = decode_text(data)
    sample = text[:65536]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = None
    with long_cells():
        if dialect is None:
            counts = {d: sample.count(d) for d in ",;\t"}
            delimiter = max(counts, key=counts.get)
            if not counts[delimiter]:
                raise ImportFailed(f"{source}: no comma, semicolon or tab separated columns found")
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        else:
            rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    table = make_table(rows)
    return Document(blocks=[table] if table else [], source=source, format="csv")


# A recbot sheet's history cell holds JSON of every entry: far longer than any one text field.
MAX_CELL = 64 * 1024 * 1024


@contextmanager
def long_cells() -> Iterator[None]:
    """Let the csv module read cells longer than its default 131,072 characters, for this read only."""
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, MAX_CELL))
    try:
        yield
    finally:
        csv.field_size_limit(old)
