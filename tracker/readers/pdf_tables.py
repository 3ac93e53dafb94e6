"""Ruled tables on one PDF page, as grids with merged cells repeated in every slot they cover."""

from __future__ import annotations

from dataclasses import dataclass

from ..document import Table
from .grid import LIST_MARK, make_table

_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3}


@dataclass
class FoundTable:
    """A table found on a page and where it is (x0, top, x1, bottom)."""

    bbox: tuple[float, float, float, float]
    table: Table


def page_tables(page, number: int) -> list[FoundTable]:
    """The ruled tables of a page (none is looked for on a page without lines or boxes)."""
    if not (page.rects or page.lines):
        return []
    found = []
    tables = page.find_tables(_SETTINGS)
    words = page.extract_words(use_text_flow=False) if tables else []
    for table in tables:
        grid = _grid(words, table)
        if len(grid) < 1 or max((len(r) for r in grid), default=0) < 2:
            continue
        made = make_table(grid, page=number)
        if made is not None:
            found.append(FoundTable(tuple(table.bbox), made))
    return found


def _grid(words: list[dict], table) -> list[list[str]]:
    """Cell texts; a slot covered by a merged cell takes its text from the left or from above."""
    texts = _cell_texts(words, table)
    rows = table.rows
    out: list[list[str]] = []
    for row in rows:
        line: list[str] = []
        for c, cell in enumerate(row.cells):
            if cell is not None:
                line.append(texts.get(cell, ""))
                continue
            left = next((row.cells[k] for k in range(c - 1, -1, -1) if row.cells[k] is not None), None)
            x0 = _slot_x0(rows, c)
            if left is not None and x0 is not None and left[2] > x0 + 1:
                line.append(line[-1] if line else "")
            elif out and c < len(out[-1]):
                line.append(out[-1][c])
            else:
                line.append("")
        out.append(line)
    return out


def _cell_texts(words: list[dict], table) -> dict[tuple, str]:
    """Each cell's text: lines the cell's width wrapped are joined; a line that ends early or a gap breaks."""
    cells = [cell for row in table.rows for cell in row.cells if cell is not None]
    by_cell: dict[tuple, list[dict]] = {cell: [] for cell in cells}
    for word in words:
        cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
        for cell in cells:
            if cell[0] <= cx <= cell[2] and cell[1] <= cy <= cell[3]:
                by_cell[cell].append(word)
                break
    return {cell: _paragraphs(cell, found) for cell, found in by_cell.items() if found}


def _paragraphs(cell: tuple, words: list[dict]) -> str:
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(word["top"] - lines[-1][0]["top"]) < (word["bottom"] - word["top"]) * 0.5:
            lines[-1].append(word)
        else:
            lines.append([word])
    left_pad = min(line[0]["x0"] for line in lines) - cell[0]
    right = cell[2] - max(left_pad, 1.0)
    out: list[str] = []
    for n, line in enumerate(lines):
        text = " ".join(w["text"] for w in sorted(line, key=lambda w: w["x0"]))
        if (
            n
            and not _ends_early(lines[n - 1], line, right)
            and not _gap(lines[n - 1], line)
            and not LIST_MARK.match(text)
        ):
            out[-1] += " " + text
        else:
            out.append(text)
    return "\n".join(out)


def _gap(line: list[dict], following: list[dict]) -> bool:
    """Space between two lines of more than half a line: a gap between paragraphs."""
    height = line[0]["bottom"] - line[0]["top"]
    return following[0]["top"] - line[0]["bottom"] > height * 0.5


def _ends_early(line: list[dict], following: list[dict], right: float) -> bool:
    """A line with room left for the next line's first word ended by a break, not by the cell's width."""
    first = min(following, key=lambda w: w["x0"])
    width = first["x1"] - first["x0"]
    space = 0.6 * width / max(len(first["text"]), 1)  # a space is about 0.6 of an average letter
    return right - max(w["x1"] for w in line) > width + space + 1.0


def _slot_x0(rows, c: int) -> float | None:
    """The left edge of column ``c``, from any row where that slot is a cell of its own."""
    for row in rows:
        if c < len(row.cells) and row.cells[c] is not None:
            return row.cells[c][0]
    return None
