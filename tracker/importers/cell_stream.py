"""Tables a converter flattened to one cell per paragraph, put back into rows and columns.

A run of paragraphs that are header words ("Recommendation[i]", "Response[iii]", "Lead Officer[v]")
opens the table; each paragraph after it is a cell. Empty cells are often dropped, so a cell is
put in the next column (left to right) whose meaning fits what it says (a date in the timetable
column, a name in an owner column, prose in the recommendation or response column); a cell that
fits no column after the last one filled starts the next row. Bullets and "Progress:" lines
belong to the cell before them. Footnotes ("[i] ...", "Notes on ...") or a heading end the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Block, Paragraph, Table
from . import columns
from .cells import FITS, is_prose, is_ref

# When the converter lost most header cells, the columns of an action plan in their usual order.
ACTION_PLAN = ["ref", "recommendation", "owner", "decision", "progress", "due", "owner"]
_MARK = re.compile(r"\[[ivx\d]{1,4}\]|\*|†", re.IGNORECASE)
_CONTINUES = re.compile(r"^(?:[o•·▪\-–*]|\.(?=\s))\s+|^\S+(?:\s\S+){0,2}:$")
_STOP = re.compile(r"^(?:\[(?:[ivx]+|\d+)\]|notes?\b|footnotes?\b)", re.IGNORECASE)


@dataclass
class _Run:
    start: int
    end: int
    headers: list[str]


def rebuild(blocks: list[Block]) -> list[Block]:
    """The blocks with each flattened header-and-cells run replaced by a Table."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        run = _header_run(blocks, i)
        if run is None:
            out.append(blocks[i])
            i += 1
            continue
        schema, labels = _schema(run.headers)
        end = run.end
        while end < len(blocks) and _is_cell(blocks, end):
            end += 1
        cells = [b.text for b in blocks[run.end : end]]
        out.append(Table(rows=[labels, *_align(cells, schema)]))
        i = end
    return out


def _is_cell(blocks: list[Block], i: int) -> bool:
    block = blocks[i]
    return isinstance(block, Paragraph) and not _STOP.match(block.text) and _header_run(blocks, i) is None


def _header_run(blocks: list[Block], i: int) -> _Run | None:
    """Consecutive header-word paragraphs from ``i``: a recommendation column, or two with an owner."""
    headers: list[str] = []
    j = i
    while j < len(blocks) and isinstance(blocks[j], Paragraph) and columns.role_of(blocks[j].text):
        headers.append(blocks[j].text)
        j += 1
    headers = _join_wrapped(headers)
    found = [columns.role_of(h) for h in headers]
    if "recommendation" in found and len(headers) >= 2 or len(headers) >= 2 and "owner" in found:
        return _Run(i, j, headers)
    return None


def _join_wrapped(headers: list[str]) -> list[str]:
    """Where headers carry footnote marks, one without a mark is the first line of the next."""
    if sum(bool(_MARK.search(h)) for h in headers) < 2:
        return headers
    out: list[str] = []
    pending = ""
    for h in headers:
        if _MARK.search(h):
            out.append(f"{pending} {h}".strip())
            pending = ""
        else:
            pending = f"{pending} {h}".strip()
    return out + ([pending] if pending else [])


def _schema(headers: list[str]) -> tuple[list[str], list[str]]:
    """Column roles and labels; a header that names no recommendation column takes the usual order."""
    roles = columns.roles(headers)
    if "recommendation" in roles:
        return roles, headers
    return ACTION_PLAN, [r.capitalize() for r in ACTION_PLAN]


def _align(cells: list[str], schema: list[str]) -> list[list[str]]:
    key = schema.index("recommendation")
    rows: list[list[str]] = []
    row: list[str] | None = None
    pointer = 0
    last = -1
    for cell in (c.strip() for c in cells):
        if not cell:
            continue
        if row is not None and last >= 0 and _CONTINUES.match(cell):
            row[last] += "\n" + cell
            continue
        j = _fit(cell, schema, pointer) if row is not None else None
        if j is None:
            start = _fit(cell, schema, 0, upto=key)
            if start is None or (schema[start] == "ref" and not is_ref(cell)):
                if row is not None and last >= 0:
                    row[last] += "\n" + cell
                else:
                    rows.append([cell] * len(schema))  # before any row: a group heading
                continue
            row = [""] * len(schema)
            rows.append(row)
            j = start
        row[j] = cell
        pointer, last = j + 1, j
    return [r for r in rows if len(set(r)) == 1 or r[key]]


def _fit(cell: str, schema: list[str], pointer: int, upto: int | None = None) -> int | None:
    stop = len(schema) if upto is None else upto + 1
    for j in range(pointer, stop):
        if FITS[schema[j]](cell) and (schema[j] != "recommendation" or is_prose(cell)):
            return j
    return None
