"""PDF with a text layer into a Document: paragraphs rebuilt from lines, ruled tables, tables merged across pages."""

from __future__ import annotations

import io
import os
import re
import statistics
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context

from ..document import Block, Document, Heading, Paragraph, Table
from ..errors import ImportFailed
from .grid import BULLETS, LIST_MARK
from .pdf_tables import page_tables

PARALLEL_FROM = 24  # pages; below this starting worker processes costs more than it saves
MAX_WORKERS = 4
_MARGIN = 0.09  # headers and footers live in the top and bottom 9% of a page
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_BULLET = re.compile(rf"^[{BULLETS}]\s*")
_PAGE_NUMBER = re.compile(r"^(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$|^-\s*\d{1,4}\s*-$", re.I)


@dataclass
class _Line:
    text: str
    x0: float
    top: float
    bottom: float
    size: float
    page: int
    page_height: float
    bold: bool = False


def read_pdf(data: bytes, source: str, *, parallel_from: int = PARALLEL_FROM) -> Document:
    """Read a PDF's text layer into a Document; a long one's pages are read by several processes.

    :raises ImportFailed: for an encrypted or damaged PDF, or one with no text layer (a scan).
    """
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except (PdfminerException, PDFPasswordIncorrect, PDFEncryptionError) as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError) or "password" in str(exc).lower():
            raise ImportFailed(
                f"{source}: the PDF is encrypted (it needs a password to open); save an unprotected copy "
                "(or export it again without a password) and import that."
            ) from None
        raise ImportFailed(f"{source}: the PDF is damaged and cannot be read ({exc}).") from None
    except (PDFSyntaxError, ValueError, TypeError, KeyError) as exc:
        raise ImportFailed(f"{source}: the PDF is damaged and cannot be read ({exc}).") from None
    with pdf:
        try:
            workers = min(os.cpu_count() or 1, MAX_WORKERS)
            per_page = None
            if len(pages) >= parallel_from and workers > 1:
                per_page = _read_in_parallel(data, len(pages), workers)
            if per_page is None:
                per_page = [_read_page(page, n) for n, page in enumerate(pages, start=1)]
        except (PdfminerException, PDFSyntaxError, ValueError, TypeError, KeyError) as exc:
            raise ImportFailed(f"{source}: the PDF is damaged and cannot be read ({exc}).") from None
    scanned = [n for n, (lines, tables, pictured) in enumerate(per_page, start=1) if pictured]
    if scanned and len(scanned) * 2 >= len(per_page):
        raise ImportFailed(
            f"{source}: {len(scanned)} of its {len(per_page)} pages are pictures of text with no text layer (a "
            "scan); it needs OCR first: run it through OCR (e.g. Adobe Acrobat's 'Recognize text' or ocrmypdf) "
            "and import the result."
        )
    if not any(lines or tables for lines, tables, _ in per_page):
        raise ImportFailed(
            f"{source}: the PDF has no text layer (it is a scan or a picture of the pages); it needs OCR first: "
            "run it through OCR (e.g. Adobe Acrobat's 'Recognize text' or ocrmypdf) and import the result."
        )
    return Document(blocks=_assemble(per_page), source=source, format="pdf", pages=len(per_page))


def _read_in_parallel(data: bytes, count: int, workers: int) -> list | None:
    """Pages read in contiguous slices by worker processes (parsing a page's objects is CPU-bound).

    None when worker processes cannot be started here; the caller then reads the pages itself.
    """
    step = -(-count // workers)
    slices = [(start, min(start + step, count)) for start in range(0, count, step)]
    try:
        # spawn, not fork: the server that calls this has threads of its own
        with ProcessPoolExecutor(max_workers=len(slices), mp_context=get_context("spawn")) as pool:
            parts = pool.map(_read_slice, [data] * len(slices), [a for a, _ in slices], [b for _, b in slices])
            return [page for part in parts for page in part]
    except (BrokenProcessPool, OSError):
        return None


def _read_slice(data: bytes, start: int, stop: int) -> list:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [_read_page(pdf.pages[n], n + 1) for n in range(start, stop)]


def _read_page(page, number: int) -> tuple[list[_Line], list[tuple[float, Table]], bool]:
    """The page's lines outside tables, its tables with their tops, and whether it is only a picture."""
    tables = page_tables(page, number)
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    text_page = page.filter(outside) if boxes else page
    lines = []
    for raw in text_page.extract_text_lines(return_chars=True):
        text = raw["text"].strip()
        if text:
            inked = [c for c in raw["chars"] if c["text"].strip()]
            size = max((c["size"] for c in inked), default=0.0)
            bold = bool(inked) and all(_BOLD.search(c.get("fontname") or "") for c in inked)
            lines.append(_Line(text, raw["x0"], raw["top"], raw["bottom"], size, number, float(page.height), bold))
    return lines, [(t.bbox[1], t.table) for t in tables], not lines and not tables and bool(page.images)


def _furniture(per_page: list[tuple[list[_Line], list, bool]]) -> set[str]:
    """Keys of lines repeated in the margins of many pages: running headers and footers."""
    counts: Counter[str] = Counter()
    for lines, _, _ in per_page:
        counts.update({_key(line) for line in lines if _in_margin(line)})
    need = max(2, len(per_page) // 2)
    return {key for key, n in counts.items() if n >= need} if len(per_page) > 1 else set()


def _key(line: _Line) -> str:
    return re.sub(r"\d+", "#", line.text.lower())


def _in_margin(line: _Line) -> bool:
    return line.top < line.page_height * _MARGIN or line.bottom > line.page_height * (1 - _MARGIN)


def _assemble(per_page: list[tuple[list[_Line], list[tuple[float, Table]], bool]]) -> list[Block]:
    furniture = _furniture(per_page)
    kept = [
        [ln for ln in lines if not (_in_margin(ln) and (_key(ln) in furniture or _PAGE_NUMBER.match(ln.text)))]
        for lines, _, _ in per_page
    ]
    all_lines = [ln for lines in kept for ln in lines]
    body = statistics.median([ln.size for ln in all_lines]) if all_lines else 0.0
    height = statistics.median([ln.bottom - ln.top for ln in all_lines]) if all_lines else 10.0
    heading_sizes = sorted({round(ln.size) for ln in all_lines if ln.size > body * 1.15}, reverse=True)
    blocks: list[Block] = []
    for lines, (_, tables, _) in zip(kept, per_page, strict=True):
        items: list[tuple[float, object]] = list(tables)
        items += [(ln.top, ln) for ln in lines]
        items.sort(key=lambda item: item[0])
        first_on_page = True
        paragraph: list[_Line] = []
        for _, item in items:
            if isinstance(item, Table):
                blocks.extend(_paragraphs(paragraph, body, heading_sizes))
                paragraph = []
                if first_on_page and blocks and isinstance(blocks[-1], Table) and _continues(blocks[-1], item):
                    _merge_into(blocks[-1], item)
                else:
                    blocks.append(item)
            else:
                if paragraph and _starts_new(paragraph, item, height):
                    blocks.extend(_paragraphs(paragraph, body, heading_sizes))
                    paragraph = []
                paragraph.append(item)
            first_on_page = False
        blocks.extend(_paragraphs(paragraph, body, heading_sizes))
    return _join_across_pages(blocks)


def _starts_new(paragraph: list[_Line], line: _Line, height: float) -> bool:
    prev = paragraph[-1]
    if abs(line.size - prev.size) > 0.6 or line.bold != prev.bold:
        return True
    if line.top - prev.bottom > height * 0.7:
        return True
    if LIST_MARK.match(line.text):
        return True
    # an indented first line starts a paragraph; a hanging indent under a list mark does not
    return line.x0 > prev.x0 + 8 and not (len(paragraph) == 1 and LIST_MARK.match(prev.text))


def _paragraphs(lines: list[_Line], body: float, heading_sizes: list[int]) -> list[Block]:
    if not lines:
        return []
    text = " ".join(ln.text for ln in lines)
    size = round(max(ln.size for ln in lines))
    if size in heading_sizes and len(text) < 300:
        return [Heading(text=text, level=heading_sizes.index(size) + 1)]
    # a short bold paragraph in body type, not a sentence, is a heading below the larger ones
    if all(ln.bold for ln in lines) and len(lines) <= 2 and len(text) < 120 and not text.endswith((".", ",", ";")):
        if not _BULLET.match(text) and not LIST_MARK.match(text):
            return [Heading(text=text, level=len(heading_sizes) + 1)]
    bullet = _BULLET.match(text)
    return [Paragraph(text=text[bullet.end() :], list_item=True) if bullet else Paragraph(text=text)]


def _continues(before: Table, after: Table) -> bool:
    return before.width == after.width and (before.page or 0) + 1 == (after.page or 0)


def _merge_into(before: Table, after: Table) -> None:
    """Join a table continued on the next page: a repeated header dropped, a row split by the break rejoined."""
    rows = after.rows
    if rows and before.rows and rows[0] == before.rows[0]:
        rows = rows[1:]
    if rows and before.rows and not rows[0][0] and any(rows[0]):
        last = before.rows[-1]
        before.rows[-1] = [f"{a} {b}".strip() if b and b != a else a for a, b in zip(last, rows[0], strict=True)]
        rows = rows[1:]
    before.rows.extend(rows)
    before.page = after.page


def _join_across_pages(blocks: list[Block]) -> list[Block]:
    """A paragraph cut in two (by a page break or a wide gap) is one: no closing stop, the next in lower case."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (
            isinstance(block, Paragraph)
            and isinstance(prev, Paragraph)
            and not block.list_item
            and block.text[:1].islower()
            and not prev.text.rstrip().endswith((".", ":", ";", "?", "!"))
        ):
            out[-1] = Paragraph(text=f"{prev.text} {block.text}", list_item=prev.list_item)
        else:
            out.append(block)
    return out
