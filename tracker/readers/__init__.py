"""Readers: a file's bytes, whatever its format, into the neutral ``Document`` (see ``tracker.document``).

``detect_format`` looks at the content, not the name; ``read_document`` reads a binary or markup
format (Word, PDF, web page, spreadsheet). Plain text and Markdown are read by the importers'
text reader.
"""

from __future__ import annotations

from ..document import Document
from ..errors import ImportFailed


def detect_format(data: bytes) -> str:
    """``pdf``, ``docx``, ``xlsx``, ``html``, ``text`` or ``binary``, from the file's content."""
    head = data[:4096]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in data[:65536]:
            return "docx"
        if b"xl/" in data[:65536]:
            return "xlsx"
        return "binary"
    if b"\x00" in head:
        return "binary"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered[:1024]:
        return "html"
    return "text"


def read_document(data: bytes, source: str) -> Document:
    """Read a Word, PDF, web page or spreadsheet file into a Document.

    :raises ImportFailed: for a format that is not read yet, or a file that cannot be read.
    """
    fmt = detect_format(data)
    raise ImportFailed(f"{source}: {fmt} files are not read yet")
