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
    for table in page.find_tables(_SETTINGS):
        grid = _grid(table)
        if len(grid) < 1 or max((len(r) for r in grid), default=0) < 2:
            continue
        made = make_table(grid, page=number)
        if made is not None:
            found.append(FoundTable(tuple(table.bbox), made))
    return found


def _grid(table) -> list[list[str]]:
    """Cell texts; a slot covered by a merged cell takes its text from the left or from above."""
    texts = table.extract()
    rows = table.rows
    out: list[list[str]] = []
    for r, row in enumerate(rows):
        line: list[str] = []
        for c, cell in enumerate(row.cells):
            if cell is not None:
                line.append(unwrap(texts[r][c] or ""))
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


def unwrap(text: str) -> str:
    """Lines of a cell wrapped by its width joined again; a line that starts a list item stays on its own."""
    out: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if out and line and not LIST_MARK.match(line) and not out[-1].endswith(":"):
            out[-1] += " " + line
        elif line:
            out.append(line)
    return "\n".join(out)


def _slot_x0(rows, c: int) -> float | None:
    """The left edge of column ``c``, from any row where that slot is a cell of its own."""
    for row in rows:
        if c < len(row.cells) and row.cells[c] is not None:
            return row.cells[c][0]
    return None
