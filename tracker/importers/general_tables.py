"""Recommendations in tables: a header row names a recommendation column; the rest map by meaning.

Header rows repeated mid-table (a new page) are dropped; a row with the same text in every
filled cell spanning the table is a group heading; a row with no recommendation and no reference
continues the row above (a row split across pages).
"""

from __future__ import annotations

import re

from ..document import Table
from . import columns
from .cells import is_ref
from .found import Findings, Found

_HEADER_SEARCH = 4
_LEAD_REF = re.compile(
    r"^(?:(?:recommendation|rec)\.?\s*(?:no\.?\s*)?|R(?=\d))?\(?(?P<ref>\d{1,3}(?:\.\d{1,3})*[a-z]?|[a-z])"
    r"(?:[.):]|\s[–—-])\s+",
    re.IGNORECASE,
)


def from_table(table: Table, number: int, position: int = 0) -> Findings:
    """The recommendations of one table, or a line saying why it was skipped."""
    out = Findings()
    rows = table.rows
    at = next((i for i, row in enumerate(rows[:_HEADER_SEARCH]) if columns.is_header_row(row)), None)
    if at is None:
        first = " | ".join(c for c in (rows[0] if rows else []) if c)[:70]
        out.skipped.append(f"table {number} (“{first}”): no column headed Recommendation")
        return out
    headers = rows[at]
    roles = columns.roles(headers)
    rec_col = roles.index("recommendation")
    group = ""
    new_page = False
    for row in rows[at + 1 :]:
        filled = [c.strip() for c in row if c.strip()]
        if not filled or columns.is_header_row(row):
            new_page = new_page or bool(filled)  # a header repeated: the rows go on over a page
            continue
        # A heading spans the table (its text in every cell) or stands alone in the first cell.
        alone = len(filled) == 1 and row[0].strip() and not row[rec_col].strip() and not is_ref(row[0])
        if len(filled) > 1 and len(set(filled)) == 1 or alone:
            group = filled[0]
            continue
        cells = dict(zip(range(len(row)), row, strict=False))
        ref_cells = [cells.get(i, "").strip() for i, r in enumerate(roles) if r == "ref"]
        ref = next((c for c in ref_cells if c and is_ref(c)), None)
        text = cells.get(rec_col, "").strip()
        last = out.found[-1] if out.found else None
        # No recommendation of its own, the one above merged down (repeated), or its words carried
        # on after a page break (no reference, a lower-case start): the row above goes on.
        opens_page, new_page = new_page, False
        carried = last and not ref and last.ref and (text[:1].islower() or opens_page) and not _LEAD_REF.match(text)
        if last and (not text and not ref or text == last.text and (ref or None) == last.ref or carried):
            if carried:
                last.text = f"{last.text} {text}"
            _continue(last, roles, headers, cells)
            continue
        if not text:
            out.skipped.append(f"table {number}: a row with no recommendation text (“{filled[0][:50]}”)")
            continue
        if not ref and (lead := _LEAD_REF.match(text)):
            ref, text = lead["ref"], text[lead.end() :]  # "1. That the council ..." in a table with no No. column
        found = Found(
            text=text,
            ref=ref.rstrip(".:)").lstrip("(") if ref else None,
            group=group,
            where=f"table {number}",
            position=position,
        )
        _fill(found, roles, headers, cells)
        out.found.append(found)
    return out


def _fill(found: Found, roles: list[str], headers: list[str], cells: dict[int, str]) -> None:
    decisions: list[str] = []
    for i, role in enumerate(roles):
        cell = cells.get(i, "").strip()
        if not cell:
            continue
        if role == "decision":
            decisions.append(cell)
        elif role == "progress":
            found.progress = f"{found.progress}\n{cell}".strip()
        elif role == "owner":
            found.owners.append((cell, columns.clean_header(headers[i])))
        elif role == "due" and not found.due:
            found.due, found.due_label = cell, columns.clean_header(headers[i])
    # A short "Agreed?" cell states the decision; the longest decision cell is the response.
    short = [d for d in decisions if len(d.split()) <= 6]
    found.decision_text = short[0] if short else ""
    longest = max(decisions, key=len, default="")
    # A bare "Yes" is the response only when nothing else answers (the recommendation's response
    # falls back to the progress cells, see ``general``).
    found.response = longest if longest != found.decision_text or not found.progress else ""


def _continue(found: Found, roles: list[str], headers: list[str], cells: dict[int, str]) -> None:
    """A row split across a page: its cells carry on the row above's."""
    extra = Found(text="")
    _fill(extra, roles, headers, cells)
    found.progress = f"{found.progress}\n{extra.progress}".strip()
    if extra.response:
        found.response = f"{found.response}\n{extra.response}".strip()
    found.owners += [o for o in extra.owners if o not in found.owners]
    found.due = found.due or extra.due
