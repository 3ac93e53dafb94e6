"""Helpers every reader uses to turn cells into a clean ``Table`` grid."""

from __future__ import annotations

import re

from ..document import Table

_SPACES = re.compile(r"[ \t\u00a0\u200b]+")
# Bullet glyphs, with the private-use ones Word's Symbol and Wingdings bullets extract as.
BULLETS = "•▪●◦■‣⁃∙\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8"
# A bullet or a list number at the start of a line: "•", "1.", "2.1", "a)", "(iv)".
LIST_MARK = re.compile(
    rf"^(?:[{BULLETS}]\s*|(?:[–-]|\(?\d{{1,2}}(?:\.\d{{1,2}})*[.)]|\(?[a-hj-z][.)]|\([ivx]{{1,4}}\)|[ivx]{{1,4}}\))\s)"
)


def clean_cell(text: str | None) -> str:
    """A cell's text with runs of spaces folded and blank lines dropped; line breaks kept."""
    lines = (_SPACES.sub(" ", line).strip() for line in (text or "").replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def clean_line(text: str | None) -> str:
    """A paragraph's text on one line, spaces folded."""
    return _SPACES.sub(" ", (text or "").replace("\r", " ").replace("\n", " ")).strip()


def flatten_row(row: list[str]) -> str:
    """A row of a table nested in a cell, as one line: "Label: value" for a pair, cells joined by " | " otherwise."""
    cells = [c.replace("\n", " ") for i, c in enumerate(row) if c and (i == 0 or c != row[i - 1])]
    if len(cells) == 2 and len(cells[0]) <= 40 and not cells[0].endswith(":"):
        return f"{cells[0]}: {cells[1]}"
    return " | ".join(cells)


def make_table(rows: list[list[str]], page: int | None = None) -> Table | None:
    """A rectangular grid: rows padded, empty rows and columns dropped, a repeated header row dropped.

    ``None`` when nothing is left.
    """
    rows = [[clean_cell(c) for c in row] for row in rows]
    rows = [row for row in rows if any(row)]
    if not rows:
        return None
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    keep = [i for i in range(width) if any(r[i] for r in rows)]
    rows = [[r[i] for i in keep] for r in rows]
    return Table(rows=drop_repeated_headers(rows), page=page)


def drop_repeated_headers(rows: list[list[str]]) -> list[list[str]]:
    """Rows that repeat the first row further down (a header repeated on each page) are dropped."""
    if len(rows) < 2:
        return rows
    header = rows[0]
    return [header] + [r for r in rows[1:] if r != header]
