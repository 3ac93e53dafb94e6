"""The neutral shape every paper is read into: headings, paragraphs and tables, in reading order.

Each format's reader (text, Word, PDF, web page, spreadsheet) produces a ``Document``; the rules
that find recommendations are written once, against this shape.

A ``Table`` is a grid: every row has one string per column. A cell merged across columns or
rows repeats its text in every slot it covers, so a row whose cells all hold the same text is a
heading that spans the table, and a lead officer merged down several rows belongs to each.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    """A heading (``level`` 1 is the top), as styled in the source or marked in text."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; ``list_item`` when the source marked it as a bullet or numbered item."""

    text: str
    list_item: bool = False


@dataclass
class Table:
    """A table as a grid of cell texts (line breaks inside a cell kept as ``\\n``)."""

    rows: list[list[str]]
    page: int | None = None

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


Block = Heading | Paragraph | Table


@dataclass
class Document:
    """A paper read into blocks; ``format`` names the reader (text, docx, pdf, html, xlsx, csv)."""

    blocks: list[Block] = field(default_factory=list)
    source: str = ""
    format: str = "text"
    pages: int | None = None

    def text(self) -> str:
        """The document as plain text: headings marked with ``#``, table rows tab-separated (see ``_text_cells``)."""
        out: list[str] = []
        for block in self.blocks:
            if isinstance(block, Heading):
                out.append("#" * max(1, min(block.level, 6)) + " " + block.text)
            elif isinstance(block, Paragraph):
                out.append(("- " if block.list_item else "") + block.text)
            else:
                out.append("\n".join("\t".join(_text_cells(row)) for row in block.rows))
        return "\n\n".join(out) + "\n"

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


def _text_cells(row: list[str]) -> list[str]:
    """A row's cells as text conversions write them: a cell merged across columns once, line breaks as two spaces."""
    cells = [c for i, c in enumerate(row) if i == 0 or not c or c != row[i - 1]]
    return [c.replace("\n", "  ") for c in cells]
