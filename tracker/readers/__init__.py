"""Readers: a file's bytes, whatever its format, into the neutral ``Document`` (see ``tracker.document``).

``detect_format`` looks at the content (the name only tells a CSV from other text); ``read_document``
reads a Word, PDF, web page, spreadsheet or CSV file. Plain text and Markdown are read by the
importers' text reader. Every reader refuses a file it cannot read with ``ImportFailed`` and a
message that says why and what to do, and reads nothing from it.
"""

from __future__ import annotations

import io
import zipfile

from ..document import Document
from ..errors import ImportFailed
from .limits import DEFAULT_MAX_MB, check_size, mb_to_bytes, open_zip

DOCUMENT_FORMATS = ("docx", "pdf", "html", "xlsx", "csv")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def detect_format(data: bytes, name: str = "") -> str:
    """``pdf``, ``docx``, ``xlsx``, ``html``, ``csv``, ``text``, ``zip``, ``corrupt``, ``ole`` or ``binary``.

    Read from the content; ``name`` only tells a CSV (``.csv``/``.tsv``) from other text.
    """
    head = data[:4096]
    if head.lstrip(b"\r\n\t ").startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_format(data)
    if head.startswith(_OLE2):
        return "ole"
    if b"\x00" in head:
        return "binary"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered[:1024]:
        return "html"
    if name.lower().endswith((".csv", ".tsv")):
        return "csv"
    return "text"


def _zip_format(data: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "corrupt"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return "zip"


_REFUSALS = {
    "corrupt": "the file looks like a Word or Excel file but is damaged and cannot be opened; "
    "open it in Word or Excel, save it again and import the new copy.",
    "zip": "a zip archive, but not a Word (.docx) or Excel (.xlsx) file.",
    "ole": "an old Word or Excel 97-2003 file (.doc/.xls); save it as .docx or .xlsx and import that.",
    "binary": "not a document recbot can read (Word .docx, PDF, web page, Excel .xlsx, CSV or text).",
}


def read_document(data: bytes, source: str, *, max_bytes: int | None = mb_to_bytes(DEFAULT_MAX_MB)) -> Document:
    """Read a Word, PDF, web page, spreadsheet or CSV file into a Document.

    :raises ImportFailed: for a file over ``max_bytes``, damaged, encrypted, scanned without a text
        layer, or of a format that is not a document.
    """
    check_size(len(data), source, max_bytes)
    fmt = detect_format(data, source)
    if fmt in _REFUSALS:
        raise ImportFailed(f"{source}: {_REFUSALS[fmt]}")
    if fmt == "text":
        raise ImportFailed(f"{source}: plain text is read by the text reader, not as a document")
    if fmt in ("docx", "xlsx"):
        open_zip(data, source, max_bytes)
    if fmt == "docx":
        from .docx import read_docx

        return read_docx(data, source)
    if fmt == "xlsx":
        from .xlsx import read_xlsx

        return read_xlsx(data, source)
    if fmt == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, source)
    if fmt == "html":
        from .html import read_html

        return read_html(data, source)
    from .csv import read_csv

    return read_csv(data, source)


__all__ = ["DEFAULT_MAX_MB", "DOCUMENT_FORMATS", "check_size", "detect_format", "mb_to_bytes", "read_document"]
