"""How long reading a long PDF and a large spreadsheet tracker takes (target: under 10 s each).

    python bench/import_formats.py            # a 100-page PDF and a 2,000-row .xlsx, median of 3
    python bench/import_formats.py --pages 20 --rows 500

Both files are built first (fpdf2 and openpyxl, the ``test`` extra): the PDF has a heading, prose
and a ruled five-column table that runs across every page with its header repeated; the workbook
has a title row merged across, the council's own headers and a date column. Each is then read by
``tracker.importers.read_import``, the way ``recbot import`` reads it: the format's reader, then the
layouts or the general reader finding the recommendations. Prints the median of 3 runs, wall-clock
and CPU (with the worker processes that read a long PDF's pages; CPU time is what a busy shared
machine inflates least), and CPU per page or per 1,000 rows.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tracker.importers import read_import  # noqa: E402

HEADER = ["Ref", "Recommendation", "Executive response", "Lead officer", "Target date"]
RESPONSES = ["Agreed", "Agreed in part", "Not agreed", "Noted", "Deferred"]
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def row(n: int) -> list[str]:
    """One invented recommendation."""
    text = (
        f"That the council reviews service {n} and reports to the committee on how residents are told "
        "about changes, with a plain-English summary of what changes, why, and when it takes effect."
    )
    return [f"R{n}", text, RESPONSES[n % 5], f"Head of Service {n % 17}", f"{n % 28 + 1} March 2027"]


def build_pdf(pages: int) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=18)
    font = "Helvetica"
    if FONT.exists():
        pdf.add_font("DejaVu", "", str(FONT))
        pdf.add_font("DejaVu", "B", str(FONT.with_name("DejaVuSans-Bold.ttf")))
        font = "DejaVu"
    pdf.add_page()
    pdf.set_font(font, size=16)
    pdf.multi_cell(0, 8, "Scrutiny action plan", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, size=10)
    pdf.multi_cell(0, 5, "This plan lists every recommendation, the response and who leads. " * 4, new_x="LMARGIN",
                   new_y="NEXT")  # fmt: skip
    n = 0
    while pdf.page_no() < pages:  # a table is laid out when its block ends, so add rows a page at a time
        with pdf.table(col_widths=(12, 80, 30, 35, 28), line_height=4.5, repeat_headings=1) as table:
            table.row(HEADER)
            for _ in range(10):
                n += 1
                table.row(row(n))
    return bytes(pdf.output())


def build_xlsx(rows: int) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Tracker"
    sheet["A1"] = "Scrutiny recommendations tracker"
    sheet.merge_cells("A1:E1")
    sheet.append(HEADER)
    start = date(2027, 1, 1)
    for n in range(1, rows + 1):
        values: list = row(n)
        values[4] = start + timedelta(days=n % 365)
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def timed(data: bytes, name: str) -> tuple[float, float, object]:
    """Wall-clock and CPU seconds to import the file (read, then its recommendations found), and what was read."""
    started, cpu = time.perf_counter(), _cpu()
    imported = read_import(data, name, max_bytes=len(data))
    return time.perf_counter() - started, _cpu() - cpu, imported


def _cpu() -> float:
    """CPU seconds of this process and of the worker processes it has waited for (a long PDF's pages)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    pdf = build_pdf(args.pages)
    xlsx = build_xlsx(args.rows)
    print(f"{'file':<28} {'size':>8} {'wall median':>12} {'CPU median':>11} {'CPU per unit':>20}  read")
    for name, data, unit, count in (
        (f"{args.pages}-page PDF", pdf, "page", args.pages),
        (f"{args.rows:,}-row .xlsx tracker", xlsx, "1,000 rows", args.rows / 1000),
    ):
        runs = [timed(data, "bench." + ("pdf" if "PDF" in name else "xlsx")) for _ in range(args.runs)]
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        imported = runs[-1][2]
        found = sum(len(p.recommendations) for p in imported.papers)
        what = f"{found:,} recommendations ({imported.layout})"
        size = f"{len(data) / 1024:>5.0f} KB"
        print(f"{name:<28} {size} {wall:>11.2f}s {cpu:>10.2f}s {cpu / count:>9.3f}s/{unit:<10}  {what}")
    print(f"(median of {args.runs}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
