"""Build a seed paper as the .docx and the .pdf it was converted from, at test time (never committed).

The seeds are plain-text conversions: Markdown-style headings and bullets, tab-separated table rows
and HTML fragments inside cells. These builders undo the conversion: headings become Word headings
(or larger type in the PDF), bullets list paragraphs, tab-separated rows real ruled tables, cell
markup paragraphs and bullets inside the cell.
"""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

_TAG = re.compile(r"<[^>]+>")
_CELL_BREAK = re.compile(r"</p>|<br\s*/?>|</li>|<p\b[^>]*>|</?ul>|</?ol>", re.IGNORECASE)
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def plain(text: str) -> str:
    """Inline markup of the conversion removed: ``**``, ``<b>``, ``<sup>`` and entities."""
    return html.unescape(_TAG.sub("", text.replace("**", ""))).strip()


def cell_lines(cell: str) -> list[tuple[str, bool]]:
    """A converted cell's paragraphs, each with whether it was a list item."""
    marked = re.sub(r"<li\b[^>]*>", "\n\x01", cell, flags=re.IGNORECASE)
    out = []
    # the conversion joined a cell's paragraphs with two spaces
    for part in re.split(r"\n| {2,}", _CELL_BREAK.sub("\n", marked)):
        bullet = part.startswith("\x01")
        text = plain(part.lstrip("\x01"))
        if text:
            out.append((text, bullet))
    return out


def blocks(text: str) -> list[tuple[str, object]]:
    """The seed as ("heading", (level, text)), ("para", (text, bullet)) and ("table", rows) in order."""
    out: list[tuple[str, object]] = []
    rows: list[list[str]] = []
    for line in text.splitlines() + [""]:
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        if rows:
            out.append(("table", rows))
            rows = []
        stripped = line.strip()
        if not stripped or stripped == "---":
            continue
        heading = re.match(r"^(#{1,6})\s+(.*)$", stripped)
        if heading:
            out.append(("heading", (len(heading.group(1)), plain(heading.group(2)))))
            continue
        bullet = re.match(r"^[-*]\s+(.*)$", stripped)
        body = bullet.group(1) if bullet else stripped
        if plain(body):
            out.append(("para", (plain(body), bool(bullet))))
    return out


def column_widths(rows: list[list[str]], width: int) -> list:
    """Columns as wide as their longest word or their share of the text, as Word's autofit makes them."""
    from docx.shared import Cm

    longest = [max((len(w) for r in rows if c < len(r) for w in plain(r[c]).split()), default=1) for c in range(width)]
    share = [sum(len(plain(r[c])) for r in rows if c < len(r)) + 1 for c in range(width)]
    floor = [0.22 * n + 0.4 for n in longest]  # centimetres for the longest word at 10 pt
    spare = max(16.0 - sum(floor), 0.0)
    return [Cm(f + spare * s / sum(share)) for f, s in zip(floor, share, strict=True)]


def seed_docx(text: str) -> bytes:
    """The seed as a Word file."""
    from docx import Document

    doc = Document()
    for kind, value in blocks(text):
        if kind == "heading":
            level, words = value
            doc.add_heading(words, level=min(level, 9))
        elif kind == "para":
            words, bullet = value
            doc.add_paragraph(words, style="List Bullet" if bullet else None)
        else:
            rows = value
            width = max(len(r) for r in rows)
            table = doc.add_table(rows=0, cols=width)
            table.style = "Table Grid"
            widths = column_widths(rows, width)
            table.autofit = False
            for col, size in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
                col.w = size
            for row in rows:
                cells = table.add_row().cells
                for cell, raw, size in zip(cells, row + [""] * (width - len(row)), widths, strict=True):
                    cell.width = size
                    lines = cell_lines(raw)
                    for n, (words, bullet) in enumerate(lines):
                        para = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
                        para.text = words
                        if bullet:
                            para.style = "List Bullet"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def seed_pdf(text: str) -> bytes:
    """The seed as a PDF with a text layer: larger type for headings and ruled tables across pages.

    Table cells are wrapped here, a word measured once, rather than by fpdf2's table, which
    measures every character twice (0.85 s of CPU for the longest seed, now 0.25 s).
    """
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(FONT.with_name("DejaVuSans-Bold.ttf")))
    pdf.add_page()
    sizes = {1: 16, 2: 14, 3: 13, 4: 12, 5: 11.5, 6: 11}
    for kind, value in blocks(text):
        if kind == "heading":
            level, words = value
            pdf.set_font("DejaVu", "B", sizes[level])
            pdf.multi_cell(0, sizes[level] * 0.5, words, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        elif kind == "para":
            words, bullet = value
            pdf.set_font("DejaVu", "", 10)
            pdf.multi_cell(0, 5, ("• " if bullet else "") + words, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        else:
            _ruled_table(pdf, value)
            pdf.ln(3)
    return bytes(pdf.output())


_LINE, _PAD = 4.0, 1.0  # millimetres: a line of 8-point type, a cell's padding


def _ruled_table(pdf, rows: list[list[str]]) -> None:
    """Rows of equal-width ruled cells, top-aligned; a row taller than what is left of the page is
    split across the break with its cells ruled on both pages, as Word does."""
    pdf.set_font("DejaVu", "", 8)
    width = max(len(r) for r in rows)
    col = pdf.epw / width
    widths: dict[str, float] = {}
    for row in rows:
        cells = [_wrap(pdf, _cell_text(raw), col - 2 * _PAD, widths) for raw in row + [""] * (width - len(row))]
        height = max(len(lines) for lines in cells) * _LINE + 2 * _PAD
        if pdf.get_y() + height > pdf.page_break_trigger and height <= pdf.page_break_trigger - pdf.t_margin:
            pdf.add_page()
        done = 0
        while True:
            room = int((pdf.page_break_trigger - pdf.get_y() - 2 * _PAD) // _LINE)
            if room < 1:
                pdf.add_page()
                continue
            part = [lines[done : done + room] for lines in cells]
            tall = max(len(lines) for lines in part) * _LINE + 2 * _PAD
            y = pdf.get_y()
            for n, lines in enumerate(part):
                x = pdf.l_margin + n * col
                pdf.rect(x, y, col, tall)
                for k, line in enumerate(lines):
                    pdf.text(x + _PAD, y + _PAD + (k + 0.8) * _LINE, line)
            pdf.set_y(y + tall)
            done += room
            if all(done >= len(lines) for lines in cells):
                break
            pdf.add_page()


def _cell_text(raw: str) -> list[str]:
    """A converted cell's paragraphs, a blank line between them (paragraph spacing in Word)."""
    out: list[str] = []
    for words, bullet in cell_lines(raw):
        if out:
            out.append("")
        out.append(("• " if bullet else "") + words)
    return out


def _wrap(pdf, paragraphs: list[str], room: float, widths: dict[str, float]) -> list[str]:
    """Paragraphs broken into lines at spaces to fit ``room`` millimetres (a longer word alone on its line)."""

    def measure(word: str) -> float:
        if word not in widths:
            widths[word] = pdf.get_string_width(word)
        return widths[word]

    space = measure(" ")
    lines: list[str] = []
    for text in paragraphs:
        line, used = [], 0.0
        for word in text.split():
            size = measure(word)
            if line and used + space + size > room:
                lines.append(" ".join(line))
                line, used = [], 0.0
            used += (space if line else 0.0) + size
            line.append(word)
        lines.append(" ".join(line))
    return lines
