"""Word (.docx) into a Document: body in reading order, heading levels from styles, list items, table grids."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from lxml import etree

from ..document import Block, Document, Heading, Paragraph
from ..errors import ImportFailed
from .docx_numbering import Numbering
from .grid import clean_cell, clean_line, flatten_row, make_table

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MAX_COLUMNS = 63  # Word's own limit: a larger span in a damaged or hostile file is not believed


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def read_docx(data: bytes, source: str) -> Document:
    """Read a .docx file (already checked for size and zip bombs) into a Document.

    :raises ImportFailed: when the file is damaged.
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        word = docx.Document(io.BytesIO(data))
        body = word.element.body
        styles = _styles(word)
        numbering = Numbering.from_part(word.part)
    # python-docx meets a damaged part with whatever error its parsing hits first
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        AttributeError,
        etree.XMLSyntaxError,
    ) as exc:
        raise ImportFailed(
            f"{source}: the Word file is damaged and cannot be read ({exc}); open it in Word, save it again "
            "and import the new copy."
        ) from None
    reader = _BodyReader(styles, numbering)
    return Document(blocks=list(reader.blocks(body)), source=source, format="docx")


def _styles(word) -> dict[str, tuple[int | None, bool]]:
    """Style id -> (heading level or None, is a list style), following ``basedOn``."""
    out: dict[str, tuple[int | None, bool]] = {}
    for style in word.styles:
        level: int | None = None
        listed = False
        current = style
        for _ in range(10):  # basedOn chains are short; a loop in a damaged file must not hang
            if current is None:
                break
            name = (current.name or "").lower()
            if level is None:
                level = _heading_level(name, current.element)
            listed = listed or name.startswith("list") or current.element.find(f"{q('pPr')}/{q('numPr')}") is not None
            current = getattr(current, "base_style", None)
        out[style.style_id] = (level, listed)
    return out


def _heading_level(name: str, element) -> int | None:
    if name == "title":
        return 1
    if name.startswith("heading ") and name[8:].strip().isdigit():
        return int(name[8:].strip())
    outline = element.find(f"{q('pPr')}/{q('outlineLvl')}")
    if outline is not None and (outline.get(q("val")) or "").isdigit() and int(outline.get(q("val"))) < 9:
        return int(outline.get(q("val"))) + 1
    return None


class _BodyReader:
    def __init__(self, styles: dict[str, tuple[int | None, bool]], numbering: Numbering) -> None:
        self.styles = styles
        self.numbering = numbering

    def blocks(self, parent) -> Iterator[Block]:
        for child in parent:
            if child.tag == q("p"):
                block, _ = self.paragraph(child)
                if block is not None:
                    yield block
            elif child.tag == q("tbl"):
                table = make_table(self.grid(child))
                if table is not None:
                    yield table
            elif child.tag in (q("sdt"), q("customXml")):
                content = child.find(q("sdtContent"))
                yield from self.blocks(content if content is not None else child)

    def paragraph(self, p) -> tuple[Heading | Paragraph | None, bool]:
        """The paragraph's block (None when empty) and whether it is a bulleted item."""
        text = clean_line(run_text(p))
        ppr = p.find(q("pPr"))
        style_id = ""
        if ppr is not None and ppr.find(q("pStyle")) is not None:
            style_id = ppr.find(q("pStyle")).get(q("val")) or ""
        level, listed = self.styles.get(style_id, (None, False))
        outline = ppr.find(q("outlineLvl")) if ppr is not None else None
        if outline is not None and (outline.get(q("val")) or "").isdigit() and int(outline.get(q("val"))) < 9:
            level = int(outline.get(q("val"))) + 1
        label = self.numbering.label(ppr, style_id)
        labelled = f"{label} {text}".strip() if label else text
        if not labelled:
            return None, False
        if level is not None and text:
            return Heading(text=labelled, level=level), False
        if label is not None:
            return Paragraph(text=labelled, list_item=True), label == ""
        return Paragraph(text=text, list_item=listed), listed

    def grid(self, tbl) -> list[list[str]]:
        """Rows of the table, gridSpan repeated across and vMerge continued down."""
        rows: list[list[str]] = []
        for tr in tbl.iterchildren(q("tr")):
            row: list[str] = [""] * _grid_skip(tr, "gridBefore")
            for tc in tr.iterchildren(q("tc")):
                tcpr = tc.find(q("tcPr"))
                span = _int_val(tcpr, "gridSpan", 1)
                vmerge = tcpr.find(q("vMerge")) if tcpr is not None else None
                col = len(row)
                if vmerge is not None and vmerge.get(q("val")) != "restart" and rows and col < len(rows[-1]):
                    text = rows[-1][col]
                else:
                    text = self.cell_text(tc)
                row.extend([text] * min(max(span, 1), _MAX_COLUMNS))
            rows.append(row)
        return rows

    def cell_text(self, tc) -> str:
        lines: list[str] = []
        for child in tc:
            if child.tag == q("p"):
                block, bullet = self.paragraph(child)
                if block is not None:
                    lines.append(("• " if bullet else "") + block.text)
            elif child.tag == q("tbl"):
                # a table inside a cell is flattened: one line per row, its cells joined
                for row in self.grid(child):
                    line = flatten_row(row)
                    if line:
                        lines.append(line)
            elif child.tag == q("sdt"):
                lines.append(clean_cell(run_text(child)))
        return clean_cell("\n".join(lines))


def run_text(element) -> str:
    """The text of a paragraph's runs in order: tabs and breaks kept, fallback copies of text boxes skipped."""
    parts: list[str] = []
    stack = [iter([element])]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            continue
        tag = node.tag
        if tag == f"{{{MC}}}Fallback" or tag == q("delText"):
            continue
        if tag == q("t"):
            parts.append(node.text or "")
        elif tag == q("tab"):
            parts.append("\t")
        elif tag in (q("br"), q("cr")):
            parts.append("\n")
        elif tag == q("p") and node is not element and parts:
            parts.append("\n")
        if len(node):
            stack.append(iter(node))
    return "".join(parts)


def _int_val(parent, tag: str, default: int) -> int:
    el = parent.find(q(tag)) if parent is not None else None
    value = el.get(q("val")) if el is not None else None
    return int(value) if value and value.isdigit() else default


def _grid_skip(tr, tag: str) -> int:
    return _int_val(tr.find(q("trPr")), tag, 0)
