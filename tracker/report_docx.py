"""The committee's progress paper as a Word document, in Word's own heading and table styles.

A council's template (``template``) restyles it: the paper is appended to a copy of the
template, so its styles, header, footer and any boilerplate stay.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu

from . import decisions
from . import status as statuses
from .errors import UserError
from .progress import ReviewProgress, milestone_text, owner_names, sign_off_text
from .report_chart import chart_png

COLUMNS = ("No.", "Recommendation", "Executive response", "Progress", "RAG", "Target dates", "Owner", "Committee")
SHARES = (1.4, 6.2, 5.0, 4.4, 1.8, 3.4, 2.5, 2.2)  # of the page's width between its margins


def to_docx(
    progress: list[ReviewProgress],
    today: date,
    names: dict[str, str],
    *,
    since: date | None = None,
    template: Path | None = None,
) -> bytes:
    """The paper as .docx bytes: per review a summary with a chart, the exceptions, then every row."""
    doc = _open(template)
    doc.add_heading("Scrutiny recommendations: progress report", level=0)
    period = f"; progress since {since:%-d %B %Y}" if since else ""
    doc.add_paragraph(f"Position as at {today:%-d %B %Y}{period}.")
    for n, review in enumerate(progress):
        if n:
            _portrait(doc.add_section(WD_SECTION.NEW_PAGE))
        _review(doc, review, today, names)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _open(template: Path | None) -> WordDocument:
    if template is None:
        doc = Document()
        # python-docx's own template is US Letter; English councils print on A4.
        for section in doc.sections:
            section.page_width, section.page_height = Cm(21), Cm(29.7)
            section.left_margin = section.right_margin = Cm(2)
        return doc
    try:
        return Document(str(template))
    except Exception as exc:  # python-docx raises several kinds for a file that is not a .docx
        raise UserError(f"{template}: not a Word (.docx) template ({exc.__class__.__name__})") from None


def _review(doc: WordDocument, progress: ReviewProgress, today: date, names: dict[str, str]) -> None:
    review = progress.review
    doc.add_heading(review.title or review.slug, level=1)
    about = [review.council, review.committee, f"{review.date:%-d %B %Y}" if review.date else ""]
    doc.add_paragraph(" · ".join(p for p in about if p) + f" (review {review.slug})")

    doc.add_heading("Summary", level=2)
    doc.add_paragraph(f"{len(progress.rows)} recommendations.")
    if progress.clock:
        clock = progress.clock
        para = doc.add_paragraph(
            f"The committee reported to the executive on {review.reported:%-d %B %Y}; {clock.describe()}."
        )
        para.runs[0].bold = clock.overdue
    _counts(doc, "Executive's decision", progress.decision_counts())
    _counts(doc, "Progress status", progress.status_counts())
    _counts(doc, "RAG rating", progress.rag_counts())
    if progress.rows:
        doc.add_picture(io.BytesIO(chart_png(progress)), width=Cm(16))

    doc.add_heading("Exceptions: red and amber", level=2)
    if not progress.exceptions:
        doc.add_paragraph("Nothing is red or amber.")
    for row in progress.exceptions:
        rec = row.rec
        owners = ", ".join(owner_names(rec.owners, names)) or "no owner named"
        para = doc.add_paragraph(style=_style(doc, "List Bullet"))
        para.add_run(f"{rec.id} {rec.title or _first_words(rec.text)}").bold = True
        focus = milestone_text(row.focus, today, progress.rules) if row.focus else "at risk"
        para.add_run(f" ({row.rag_word}): {focus}. Owner: {owners}.")
        doing = row.progress[-1].note if row.progress else rec.response
        if doing:
            para.add_run(f" Being done: {_first_words(doing, 60)}")

    # Seven columns need the width of a landscape page; the summary before stays portrait.
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _landscape(section)
    usable = section.page_width - section.left_margin - section.right_margin
    doc.add_heading("All recommendations", level=2)
    table = doc.add_table(rows=1, cols=len(COLUMNS))
    table.style = _style(doc, "Table Grid")
    table.autofit = False
    header = table.rows[0]
    _repeat_as_header(header)
    for cell, title in zip(header.cells, COLUMNS, strict=True):
        cell.text = title
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in progress.rows:
        _row(table.add_row().cells, row, today, names, progress.rules)
    # Word reads the cells' widths, LibreOffice the table grid's: set both.
    for column, share in zip(table.columns, SHARES, strict=True):
        width = Emu(int(usable * share / sum(SHARES)))
        column.width = width
        for cell in column.cells:
            cell.width = width


def _row(cells, row, today: date, names: dict[str, str], rules) -> None:
    rec = row.rec
    decision = decisions.label(rec.decision)
    if rec.decision_text and rec.decision_text.strip(" .").lower() != decision.lower():
        decision += f": “{rec.decision_text}”"
    response = "\n".join(p for p in (decision, rec.response) if p)
    status = statuses.label(rec.status) or "Status not set"
    progress = "\n".join(f"{u.at[:10]}: {u.note}" for u in row.progress) or "No update recorded."
    values = (
        rec.id,
        "",
        response,
        f"{status}.\n{progress}",
        row.rag_word,
        "\n".join(milestone_text(m, today, rules) for m in rec.milestones) or "None set",
        "\n".join(owner_names(rec.owners, names)) or "Not named",
        sign_off_text(rec),
    )
    for cell, value in zip(cells, values, strict=True):
        cell.text = value
    # The recommendation: its short title in bold above the full text, unless the text starts with it.
    para = cells[1].paragraphs[0]
    if rec.title and not rec.text.startswith(rec.title):
        para.add_run(rec.title).bold = True
        para = cells[1].add_paragraph()
    para.add_run(rec.text or rec.title)


def _landscape(section) -> None:
    if section.orientation != WD_ORIENT.LANDSCAPE:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width


def _portrait(section) -> None:
    if section.orientation != WD_ORIENT.PORTRAIT:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = section.page_height, section.page_width


def _repeat_as_header(row) -> None:
    """Word repeats this row at the top of every page the table runs onto."""
    props = row._tr.get_or_add_trPr()
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    props.append(mark)


def _counts(doc: WordDocument, what: str, counts: list[tuple[str, int]]) -> None:
    doc.add_paragraph(f"{what}: " + "; ".join(f"{label} {n}" for label, n in counts) + ".")


def _style(doc: WordDocument, name: str):
    """A built-in style by name, or None (the document's default) where a template lacks it."""
    try:
        return doc.styles[name]
    except KeyError:
        return None


def _first_words(text: str, words: int = 20) -> str:
    parts = (text or "").split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
