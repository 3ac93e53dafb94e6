"""The format readers: each fixture read into the neutral Document, tables as grids, merged cells repeated."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.conftest import FIXTURES, fixture_document
from tracker.document import Heading, Paragraph, Table
from tracker.readers import detect_format, read_document

HEADER = ["Ref", "Recommendation", "Executive response", "Lead officer", "Target date"]


read = fixture_document


def only_table(doc) -> Table:
    (table,) = doc.tables()
    return table


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("northmoor-response.docx", "docx"),
        ("northmoor-tracker.xlsx", "xlsx"),
        ("northmoor-action-plan.pdf", "pdf"),
        ("northmoor-agenda-item.html", "html"),
        ("northmoor-corrupt.docx", "corrupt"),
        ("northmoor-corrupt.xlsx", "xlsx"),
    ],
)
def test_formats_are_told_by_content_not_name(name, fmt):
    data = (FIXTURES / name).read_bytes()
    assert detect_format(data, "upload.bin") == fmt


def test_other_content_is_told_apart():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("photos/a.txt", "x")
    assert detect_format(archive.getvalue()) == "zip"
    assert detect_format(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100) == "ole"
    assert detect_format(b"Ref,Recommendation\r\nR1,Do it\r\n", "tracker.csv") == "csv"
    assert detect_format(b"Ref,Recommendation\r\nR1,Do it\r\n", "paper.txt") == "text"
    assert detect_format(b"\xef\xbb\xbf  <!DOCTYPE html><html><body>x</body></html>") == "html"


# --- Word ---------------------------------------------------------------------------------------


def test_docx_blocks_in_reading_order_with_heading_levels_and_list_numbers():
    doc = read("northmoor-response.docx")
    assert doc.format == "docx"
    assert doc.blocks[:3] == [
        Heading("Northmoor District Council", 1),
        Heading("Overview and Scrutiny Committee, 9 February 2027", 1),
        Heading("Executive response to the Community Safety Task Group", 2),
    ]
    # Word's automatic numbers are not in the text; the reader renders them
    assert Paragraph("1. publish a yearly community safety plan;", list_item=True) in doc.blocks
    assert Paragraph("2. meet the parish councils twice a year.", list_item=True) in doc.blocks
    assert Paragraph("Officers consulted:", list_item=True) in doc.blocks
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds.index("Table") < len(kinds) - 1 and doc.blocks[-1] == Paragraph("Contact: scrutiny@northmoor.example")


def test_docx_table_merged_cells_repeat_and_the_repeated_header_is_dropped():
    rows = only_table(read("northmoor-response.docx")).rows
    assert rows[0] == HEADER
    assert rows[1] == ["Theme 1: Safer streets"] * 5  # merged across: a heading over the table
    assert rows[2][3] == rows[3][3] == "Head of Highways"  # merged down over CS1 and CS2
    assert [r[0] for r in rows] == ["Ref", "Theme 1: Safer streets", "CS1", "CS2", "CS3", "CS4"]
    assert rows[4][2] == "Decision: Not agreed\nReason: Cost"  # a nested table of label and value, flattened
    assert rows[5][2] == "Agreed\nAlready in the digital plan."  # two paragraphs of a cell on two lines


# --- PDF ----------------------------------------------------------------------------------------


def test_pdf_paragraphs_rebuilt_and_page_furniture_dropped():
    doc = read("northmoor-action-plan.pdf")
    assert doc.format == "pdf" and doc.pages >= 3
    assert doc.blocks[0] == Heading("Community Safety Task Group: action plan", 1)
    # four wrapped lines make one paragraph
    assert doc.blocks[1] == Paragraph(
        "This action plan lists the recommendations of the task group, the executive's response to each, the "
        "officer who leads on it and the date by which it should be done. It is updated for every meeting of "
        "the committee."
    )
    assert doc.blocks[-1] == Paragraph("Background papers: none.")
    text = doc.text()
    assert "Scrutiny Action Plan" not in text and "Page 2" not in text


def test_pdf_table_across_pages_is_one_table_with_split_rows_rejoined():
    doc = read("northmoor-action-plan.pdf")
    rows = only_table(doc).rows
    assert rows[0] == HEADER  # repeated on every page, kept once
    assert [r[0] for r in rows[1:]] == [f"SC{n:02d}" for n in range(1, 41)]
    assert all(len(r) == 5 for r in rows)
    long_rows = [r for r in rows if "Step 8" in r[1]]
    assert [r[0] for r in long_rows] == ["SC09", "SC18", "SC27", "SC36"]
    # SC09 runs over the first page break: its second half is joined back, wrapped lines unwrapped
    assert long_rows[0][1].startswith("That the Cabinet reviews how the waste service tells residents")
    assert long_rows[0][1].endswith(
        "Step 8: the service should publish a plain-English note of what changes, why and when."
    )
    assert rows[1] == ["SC01", "That the Cabinet reviews how the transport service tells residents about changes in "
                       "good time.", "Agreed in part", "Head of Transport", "2 March 2027"]  # fmt: skip


# --- web pages ----------------------------------------------------------------------------------


def test_modern_gov_page_reads_without_page_furniture():
    doc = read("northmoor-agenda-item.html")
    assert doc.blocks[:4] == [
        Heading("Agenda item", 1),
        Heading("Executive response: play areas task group", 2),
        Paragraph("Meeting of Overview and Scrutiny Committee, Tuesday, 9 February 2027 7.00 pm"),
        Heading("Decision:", 3),
    ]
    assert Paragraph("Recommendations agreed: 2", list_item=True) in doc.blocks
    text = doc.text()
    for furniture in ("tracking", "Committees", "Copyright", "Search", "Northmoor District Council home"):
        assert furniture not in text


def test_html_table_colspan_rowspan_and_line_breaks():
    rows = only_table(read("northmoor-agenda-item.html")).rows
    assert rows[0] == HEADER
    assert rows[1] == ["Theme: safer play"] * 5
    assert rows[2] == ["PA1", "That every play area is inspected monthly.", "Agreed\nInspections start in April.",
                       "Parks Manager", "1 April 2027"]  # fmt: skip
    assert rows[3][3] == "Parks Manager" and rows[3][4] == "Q2 2027"  # rowspan carried down, columns stay put
    assert rows[4][2] == "Not agreed & no budget\n• cost\n• land"


# --- spreadsheets and CSV -----------------------------------------------------------------------


def test_xlsx_sheets_merges_dates_formulas_and_hidden_sheets():
    doc = read("northmoor-tracker.xlsx")
    assert [b.text for b in doc.blocks if isinstance(b, Heading)] == ["Action plan", "Notes"]  # hidden one left out
    sheet = doc.tables()[0].rows
    assert sheet[0] == ["Northmoor District Council – Scrutiny recommendations tracker"] * 6
    assert sheet[1] == HEADER + ["Status"]  # the blank row is dropped
    assert sheet[2][0] == "SC01" and sheet[2][4] == "2027-03-01"
    assert sheet[3][3] == sheet[4][3] == "Head of Young people"  # merged D5:D6
    assert [r[5] for r in sheet[2:]] == ["Closed", "Closed", "Closed", "Closed", "Open", "Closed"]  # cached values
    assert doc.tables()[1].rows == [["Updated by", "Scrutiny officer"]]


@pytest.mark.parametrize(
    "data",
    [
        b'Ref,Recommendation,Response\r\nR1,"Do it, soon",Agreed\r\n,,\r\n',
        "Ref;Recommendation;Response\nR1;Do it, soon;Agreed\n".encode("utf-8-sig"),
        b"Ref\tRecommendation\tResponse\nR1\tDo it, soon\tAgreed\n",
        "Ref;Recommendation;Response\nR1;Do it, soon;Agreed\n".encode("cp1252"),
    ],
)
def test_csv_dialects_and_encodings(data):
    doc = read_document(data, "tracker.csv")
    assert only_table(doc).rows == [["Ref", "Recommendation", "Response"], ["R1", "Do it, soon", "Agreed"]]


def test_csv_in_windows_1252_keeps_its_punctuation():
    data = "Ref,Recommendation\nR1,Officers’ report – by March\n".encode("cp1252")
    assert only_table(read_document(data, "t.csv")).rows[1] == ["R1", "Officers’ report – by March"]


def test_a_long_pdf_read_by_worker_processes_reads_the_same():
    from tracker.readers.pdf import read_pdf

    data = (FIXTURES / "northmoor-action-plan.pdf").read_bytes()
    alone = read_pdf(data, "plan.pdf", parallel_from=10_000)
    shared = read_pdf(data, "plan.pdf", parallel_from=1)
    assert shared.blocks == alone.blocks and shared.pages == alone.pages


def test_a_page_wrapper_named_for_its_layout_is_not_taken_for_furniture():
    page = (
        b'<html><body class="page has-sidebar"><div id="main-menu-wrapper"><h1>Cabinet response</h1>'
        b"<table><tr><td>Ref</td><td>Recommendation</td></tr><tr><td>R1</td><td>Do it</td></tr></table></div>"
        b'<div class="cookie-banner">We use cookies</div></body></html>'
    )
    doc = read_document(page, "saved.htm")
    assert doc.blocks[0] == Heading("Cabinet response", 1)
    assert only_table(doc).rows == [["Ref", "Recommendation"], ["R1", "Do it"]]
    assert "cookies" not in doc.text()


def test_pdf_bold_lines_in_body_type_are_headings_and_bullets_keep_their_hanging_indent():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 11)
    pdf.multi_cell(0, 5, "Purpose of the report", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 5, "To present the response of the Cabinet Member.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.cell(6, 5, chr(149))  # a bullet, and its text at a tab stop with the wrapped lines under it
    pdf.multi_cell(120, 5, "Scrutiny members will visit teams and services across the county during the year, "
                   "with the lead member.", new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    doc = read_document(bytes(pdf.output()), "paper.pdf")
    assert doc.blocks == [
        Heading("Purpose of the report", 1),
        Paragraph("To present the response of the Cabinet Member."),
        Paragraph(
            "Scrutiny members will visit teams and services across the county during the year, with the lead member.",
            list_item=True,
        ),  # fmt: skip
    ]


def test_document_text_writes_a_merged_cell_once_and_a_cells_lines_on_one_line():
    from tracker.document import Document

    doc = Document(blocks=[Table(rows=[["Recommendation No.2", "Recommendation No.2", "Considers\nthe board"],
                                       ["Cabinet member", "", ""], ["A", "B", "B"]])])  # fmt: skip
    assert doc.text() == "Recommendation No.2\tConsiders  the board\nCabinet member\t\t\nA\tB\n"


def test_xlsx_whose_stated_extent_is_wrong_is_read_whole():
    import re

    from openpyxl import Workbook

    book = Workbook()
    for values in (["Ref", "Recommendation"], ["R1", "One"], ["R2", "Two"]):
        book.active.append(values)
    saved = io.BytesIO()
    book.save(saved)
    written = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(saved.getvalue())) as src, zipfile.ZipFile(written, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":  # as some exporters write it
                body = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', body)
            dst.writestr(info, body)
    rows = only_table(read_document(written.getvalue(), "export.xlsx")).rows
    assert rows == [["Ref", "Recommendation"], ["R1", "One"], ["R2", "Two"]]


def test_xlsx_merges_and_formatting_far_to_the_right_do_not_widen_the_table():
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet["A1"] = "Tracker"
    sheet.merge_cells("A1:ZZ1")
    sheet.append(["Ref", "Recommendation"])
    sheet.append(["R1", "One"])
    sheet["XFD3"].font = Font(bold=True)
    saved = io.BytesIO()
    book.save(saved)
    rows = only_table(read_document(saved.getvalue(), "wide.xlsx")).rows
    assert rows == [["Tracker", "Tracker"], ["Ref", "Recommendation"], ["R1", "One"]]


def test_docx_span_beyond_words_limit_is_not_believed():
    from docx import Document as WordDocument
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    word = WordDocument()
    table = word.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["Ref", "Recommendation", "R1", "One"], strict=True):
        cell.text = text
    span = OxmlElement("w:gridSpan")
    span.set(qn("w:val"), "1000000")
    table.cell(0, 1)._tc.get_or_add_tcPr().append(span)
    saved = io.BytesIO()
    word.save(saved)
    rows = only_table(read_document(saved.getvalue(), "hostile.docx")).rows
    assert len(rows[0]) <= 64 and rows[1][:2] == ["R1", "One"]
