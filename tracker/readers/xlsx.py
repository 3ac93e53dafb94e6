"""Excel (.xlsx) trackers into a Document: each sheet a heading and a table of its cached values."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, time
from xml.etree.ElementTree import ParseError

from lxml.etree import XMLSyntaxError

from ..document import Block, Document, Heading
from ..errors import ImportFailed
from .grid import make_table

# what openpyxl raises on a damaged part depends on where the damage is
_DAMAGED = (zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError, IndexError, OSError, ParseError,
            XMLSyntaxError)  # fmt: skip
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def read_xlsx(data: bytes, source: str) -> Document:
    """Read every visible sheet of a workbook (already checked for size and zip bombs).

    :raises ImportFailed: when the workbook is damaged.
    """
    from openpyxl import load_workbook

    try:
        # read_only streams rows; data_only gives a formula's value as Excel last saved it
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _DAMAGED as exc:
        raise ImportFailed(
            f"{source}: the Excel file is damaged and cannot be read ({exc}); open it in Excel, save it again "
            "and import the new copy."
        ) from None
    blocks: list[Block] = []
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        for sheet in book.worksheets:
            if getattr(sheet, "sheet_state", "visible") != "visible" or not hasattr(sheet, "iter_rows"):
                continue
            # read_only trusts the sheet's stated extent, which some exporters write as just "A1"
            sheet.reset_dimensions()
            rows = [_trimmed([_value(v) for v in row]) for row in sheet.iter_rows(values_only=True)]
            _expand_merges(rows, _merges(archive, getattr(sheet, "_worksheet_path", "")))
            table = make_table(rows)
            if table is not None:
                blocks += [Heading(text=sheet.title, level=2), table]
    except _DAMAGED as exc:
        raise ImportFailed(f"{source}: the Excel file is damaged and cannot be read ({exc}).") from None
    finally:
        book.close()
    return Document(blocks=blocks, source=source, format="xlsx")


def _value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _merges(archive: zipfile.ZipFile, path: str) -> list[tuple[int, int, int, int]]:
    """Merged ranges (first row, first column, last row, last column; 0-based), which read_only mode does not give."""
    if not path:
        return []
    out = []
    for m in _MERGE.finditer(archive.read(path.lstrip("/"))):
        c1, r1 = _col(m.group(1)), int(m.group(2)) - 1
        c2, r2 = (_col(m.group(3)), int(m.group(4)) - 1) if m.group(3) else (c1, r1)
        out.append((r1, c1, r2, c2))
    return out


def _col(letters: bytes) -> int:
    n = 0
    for ch in letters.decode():
        n = n * 26 + ord(ch) - 64
    return n - 1


def _trimmed(row: list[str]) -> list[str]:
    """The row without its trailing empty cells (a formatted but empty column can sit far to the right)."""
    while row and not row[-1]:
        row.pop()
    return row


def _expand_merges(rows: list[list[str]], merges: list[tuple[int, int, int, int]]) -> None:
    """Repeat a merged range's text in every cell it covers, up to the last column that holds anything."""
    width = max((len(r) for r in rows), default=0)
    for r1, c1, r2, c2 in merges:
        c2 = min(c2, width - 1)
        if r1 >= len(rows) or c1 >= len(rows[r1]):
            continue
        text = rows[r1][c1]
        for r in range(r1, min(r2, len(rows) - 1) + 1):
            row = rows[r]
            while len(row) <= c2:
                row.append("")
            for c in range(c1, c2 + 1):
                row[c] = text
