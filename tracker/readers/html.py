"""Web pages (.html/.htm, modern.gov pages, saved pages) into a Document: headings, paragraphs, lists, tables."""

from __future__ import annotations

import re

from ..document import Block, Document, Heading, Paragraph
from .grid import clean_cell, clean_line, flatten_row, make_table

# Page furniture, not the paper.
_DROP = ("script", "style", "noscript", "template", "nav", "header", "footer", "form", "button", "select",
         "input", "textarea", "iframe", "svg", "aside")  # fmt: skip
_FURNITURE = re.compile(r"breadcrumb|cookie|skip|navbar|menu|sidebar|share|social|banner|mgLinks|mgSide", re.I)
# modern.gov wraps the document in these; elsewhere <main> or role=main marks the content.
_WRAPPERS = ("html", "body", "main", "article")
_CONTENT = ("#modgov", ".mgContent", "main", "[role=main]", "article")
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = {"p", "div", "section", "article", "main", "body", "ul", "ol", "li", "table", "blockquote", "pre",
           "dl", "dt", "dd", "center", "fieldset", "figure", "figcaption", "address", "hr", "caption",
           "tbody", "thead", "tfoot", "tr", "td", "th", *_HEADINGS}  # fmt: skip


def read_html(data: bytes, source: str) -> Document:
    """Read a web page into a Document; page furniture (navigation, scripts, forms) is left out."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "lxml")
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for tag in soup.find_all(attrs={"class": _FURNITURE}) + soup.find_all(attrs={"id": _FURNITURE}):
        # a page-wide wrapper named for its layout ("has-sidebar") holds the paper itself: keep it
        if not tag.decomposed and tag.name not in _WRAPPERS and tag.find(("h1", "h2", "table", "main")) is None:
            tag.decompose()
    root = next((found for sel in _CONTENT if (found := soup.select_one(sel)) is not None), None)
    root = root or soup.body or soup
    blocks: list[Block] = []
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    _Walker(blocks).walk(root)
    if title and not any(isinstance(b, Heading) for b in blocks):
        blocks.insert(0, Heading(clean_line(title), 1))
    return Document(blocks=blocks, source=source, format="html")


class _Walker:
    """Walks the tree, gathering inline text into paragraphs and emitting a block at each block element."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.pending: list[str] = []

    def flush(self, list_item: bool = False) -> None:
        text = clean_line("".join(self.pending))
        self.pending = []
        if text:
            self.blocks.append(Paragraph(text=text, list_item=list_item))

    def walk(self, element) -> None:
        for child in element.children:
            name = getattr(child, "name", None)
            if name is None:
                if type(child).__name__ in ("NavigableString", "CData"):
                    self.pending.append(str(child))
                continue
            if name in _HEADINGS:
                self.flush()
                text = clean_line(child.get_text(" "))
                if text:
                    self.blocks.append(Heading(text=text, level=_HEADINGS[name]))
            elif name == "table":
                self.flush()
                table = make_table(_grid(child))
                if table is not None:
                    self.blocks.append(table)
            elif name == "li":
                self.flush()
                self.walk(child)
                self.flush(list_item=True)
            elif name == "br":
                self.flush()
            elif name in _BLOCKS:
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)


def _grid(table) -> list[list[str]]:
    """The table's rows with colspan repeated across and rowspan repeated down."""
    rows: list[list[str]] = []
    carried: dict[int, tuple[str, int]] = {}  # column -> (text, rows still covered)
    for tr in _rows(table):
        row: list[str] = []
        cells = tr.find_all(["td", "th"], recursive=False)
        for cell in cells:
            while len(row) in carried:
                row.append(_take(carried, len(row)))
            text = cell_text(cell)
            colspan = _span(cell.get("colspan"))
            rowspan = _span(cell.get("rowspan"))
            for _ in range(colspan):
                if rowspan > 1:
                    carried[len(row)] = (text, rowspan - 1)
                row.append(text)
        while len(row) in carried:
            row.append(_take(carried, len(row)))
        rows.append(row)
    return rows


def _rows(table):
    for child in table.children:
        if getattr(child, "name", None) == "tr":
            yield child
        elif getattr(child, "name", None) in ("thead", "tbody", "tfoot"):
            yield from child.find_all("tr", recursive=False)


def _take(carried: dict[int, tuple[str, int]], col: int) -> str:
    text, left = carried.pop(col)
    if left > 1:
        carried[col] = (text, left - 1)
    return text


def _span(value) -> int:
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except (TypeError, ValueError):
        return 1


def cell_text(cell) -> str:
    """A cell's text: <br>, paragraphs and list items on their own lines, nested tables flattened."""
    blocks: list[Block] = []
    walker = _Walker(blocks)
    walker.walk(cell)
    walker.flush()
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append(("• " if block.list_item else "") + block.text)
        elif isinstance(block, Heading):
            lines.append(block.text)
        else:
            lines.extend(flatten_row(row) for row in block.rows)
    return clean_cell("\n".join(lines))
