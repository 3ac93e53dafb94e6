"""Plain text and Markdown into the neutral ``Document``: headings, paragraphs and tables.

Text papers are usually conversions, so tables come in several flattened forms, all read back
into grids: Markdown pipe tables, tab-separated rows, cells ending in " |" with lone "|" spacer
rows (cell text hard-wrapped across lines), columns laid out with spaces (``spaced_columns``), and
one cell per paragraph after a run of header words (``cell_stream``). HTML fragments left by
converters are cleaned first.
"""

from __future__ import annotations

import re

from ..document import Block, Document, Heading, Paragraph, Table
from . import cell_stream, spaced_columns
from .paper_text import html_to_text

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_BAR_CELL = re.compile(r"(?:^|.*\s)\|\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+•·▪◦]|\u00b7)\s+")
_HTML_ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.IGNORECASE | re.DOTALL)
_HTML_CELL = re.compile(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", re.IGNORECASE | re.DOTALL)
_MARKUP = re.compile(r"</?(?:p|br|li|ul|ol|table|tr|td|th|div|b|strong|i|em|span|sup)\b[^>]*>", re.IGNORECASE)


def read_text(text: str, source: str = "") -> Document:
    """Read text or Markdown into a Document."""
    if _HTML_ROW.search(text):
        # Rows of one HTML table stay one block of tab-separated lines (U+001E marks a row's start).
        text = re.sub(r"\n\s*\n\x1e", "\n", _HTML_ROW.sub(_row_as_tabs, text)).replace("\x1e", "")
    if _MARKUP.search(text):
        text = "\n".join(_clean_line(line) if _MARKUP.search(line) else line for line in text.splitlines())
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
        elif m := _HEADING.match(line):
            blocks.append(Heading(_tidy(m.group(2)), len(m.group(1))))
            i += 1
        elif _PIPE_ROW.match(line):
            i = _pipe_table(lines, i, blocks)
        elif "\t" in line.strip():
            i = _tab_table(lines, i, blocks)
        elif _BAR_CELL.match(line):
            i = _bar_table(lines, i, blocks)
        elif starts := spaced_columns.header_at(line):
            rows, i = spaced_columns.read(lines, i, starts)
            blocks.append(Table(rows=rows))
        else:
            bullet = _BULLET.match(line)
            body = line[bullet.end() :] if bullet else line
            if _tidy(body):
                blocks.append(Paragraph(_tidy(body), list_item=bool(bullet)))
            i += 1
    return Document(blocks=cell_stream.rebuild(blocks), source=source, format="text")


def _clean_line(line: str) -> str:
    """A line with HTML fragments as text; a tab-separated row is cleaned cell by cell, tabs kept."""
    if "\t" not in line:
        return html_to_text(line)
    return "\t".join(" ".join(html_to_text(cell).split()) for cell in line.split("\t"))


def _row_as_tabs(row: re.Match) -> str:
    """An HTML table row left in the text, as one tab-separated line (paragraphs in a cell joined)."""
    cells = _HTML_CELL.findall(row.group(0))
    return "\n\x1e" + "\t".join(" ".join(html_to_text(c).split()) or " " for c in cells) + "\n"


def _tidy(text: str) -> str:
    """One line of words: Markdown emphasis ("**Recommendation 3**") and runs of spaces dropped."""
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


def _pipe_table(lines: list[str], i: int, blocks: list[Block]) -> int:
    rows = []
    while i < len(lines) and _PIPE_ROW.match(lines[i]):
        if not _PIPE_RULE.match(lines[i]):
            rows.append([_tidy(c) for c in lines[i].strip().strip("|").split("|")])
        i += 1
    blocks.append(Table(rows=_square(rows)))
    return i


def _tab_table(lines: list[str], i: int, blocks: list[Block]) -> int:
    rows = []
    while i < len(lines) and "\t" in lines[i].strip():
        rows.append([_tidy(c) for c in lines[i].strip("\n").split("\t")])
        i += 1
    if len(rows) == 1 and len([c for c in rows[0] if c]) == 1:
        blocks.append(Paragraph(next(c for c in rows[0] if c)))
    else:
        blocks.append(Table(rows=_square(rows)))
    return i


def _bar_table(lines: list[str], i: int, blocks: list[Block]) -> int:
    """Cells ending in " |", wrapped across lines; lone "|" lines close empty (spacer) cells."""
    cells: list[str] = []
    current: list[str] = []
    while i < len(lines) and lines[i].strip():
        line = lines[i].rstrip()
        if line.endswith("|"):
            current.append(line[:-1])
            cells.append(_tidy(" ".join(current)))
            current = []
        else:
            current.append(line)
        i += 1
    if current:
        cells.append(_tidy(" ".join(current)))
    width = cells.index("") if "" in cells else len(cells)
    if width < 2:
        blocks.extend(Paragraph(c) for c in cells if c)
        return i
    rows = [cells[k : k + width] for k in range(0, len(cells), width)]
    blocks.append(Table(rows=_square([r for r in rows if any(r)])))
    return i


def _square(rows: list[list[str]]) -> list[list[str]]:
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]
