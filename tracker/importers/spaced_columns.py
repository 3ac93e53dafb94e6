"""Tables laid out with spaces (a PDF converted "with layout"): columns cut where the header's words stand.

The header line names a recommendation column ("No.  Recommendation   Response   Lead officer");
each following line is cut at the header cells' starting positions. A line with its first column
empty carries on the row above (cell text wrapped inside its column); a blank line followed by a
line without column gaps ends the table.
"""

from __future__ import annotations

import re

from . import columns

_GAP = re.compile(r"\S(?:\S| (?! ))*")  # runs of text separated by two or more spaces


def header_at(line: str) -> list[int] | None:
    """The starting positions of a header line's cells, when it names a recommendation column."""
    cells = list(_GAP.finditer(line))
    if len(cells) < 2 or not columns.is_header_row([m.group() for m in cells]):
        return None
    return [m.start() for m in cells]


def read(lines: list[str], i: int, starts: list[int]) -> tuple[list[list[str]], int]:
    """The rows from the header at ``lines[i]``, and the index of the first line after the table."""
    rows = [_cut(lines[i], starts)]
    i += 1
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            if i + 1 < len(lines) and len(list(_GAP.finditer(lines[i + 1]))) >= 2:
                i += 1
                continue
            break
        cells = _cut(line, starts)
        if cells[0] or len(rows) == 1:
            rows.append(cells)
        else:
            rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], cells, strict=True)]
        i += 1
    return rows, i


def _cut(line: str, starts: list[int]) -> list[str]:
    """Cut at the column starts, moving each cut back to the space before a word it would split."""
    cuts = []
    for start in starts[1:]:
        at = min(start, len(line))
        while 0 < at < len(line) and line[at - 1] != " " and line[at] != " ":
            at -= 1
        cuts.append(at)
    bounds = [0, *cuts, len(line)]
    return [" ".join(line[a:b].split()) for a, b in zip(bounds, bounds[1:], strict=False)]
