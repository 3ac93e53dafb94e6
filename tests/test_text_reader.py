"""Plain text and Markdown into the neutral Document, including the tables converters flatten."""

from __future__ import annotations

from tracker.document import Heading, Paragraph, Table
from tracker.importers.text_reader import read_text


def _tables(text: str) -> list[list[list[str]]]:
    return [b.rows for b in read_text(text).blocks if isinstance(b, Table)]


def test_headings_paragraphs_and_bullets():
    doc = read_text("# Review of parks\n\nSome text here.\n- a bullet\n\n## Recommendations\n")
    assert doc.blocks == [
        Heading("Review of parks", 1),
        Paragraph("Some text here."),
        Paragraph("a bullet", list_item=True),
        Heading("Recommendations", 2),
    ]


def test_markdown_emphasis_is_dropped():
    assert read_text("**Recommendation 3**: That the __council__ acts.").blocks == [
        Paragraph("Recommendation 3: That the council acts.")
    ]


def test_markdown_pipe_table():
    assert _tables("| No. | Recommendation |\n|:--|---|\n| 1 | Do this |\n") == [
        [["No.", "Recommendation"], ["1", "Do this"]]
    ]


def test_tab_separated_rows_are_a_table():
    assert _tables("Ref\tRecommendation\tResponse\n1\tDo this\tAgreed\n2\tDo that\n") == [
        [["Ref", "Recommendation", "Response"], ["1", "Do this", "Agreed"], ["2", "Do that", ""]]
    ]


def test_cells_ending_in_a_bar_with_spacer_rows_and_wrapped_text():
    text = (
        "No. |\nRecommendation |\nAgreed\n|\n|\n|\n|\n"
        "1 |\nThat the Council\nconsider training. |\nYes |\n|\n|\n|\n"
        "2 |\nLast one |\nNo"
    )
    assert _tables(text) == [
        [
            ["No.", "Recommendation", "Agreed"],
            ["1", "That the Council consider training.", "Yes"],
            ["2", "Last one", "No"],
        ]
    ]


def test_html_fragments_are_cleaned():
    doc = read_text("<p><b>Recommendation 1:</b> That the &amp; council acts.</p>\n")
    assert doc.blocks == [Paragraph("Recommendation 1: That the & council acts.")]


def test_one_cell_per_paragraph_after_header_words_with_empty_cells_dropped():
    text = (
        "Recommendation[i]\n\nChief Officer /Cabinet\n\nMember[ii]\n\nResponse[iii]\n\nTimetable[iv]\n\n"
        "Lead Officer[v]\n\n"
        "The parking strategy should be reviewed with the parish councils.\n\nCabinet Member for Transport\n\n"
        "A review will start this year with every parish invited.\n\nMarch 2027\n\nJo Bloggs\n\n"
        "Bus shelters should be repaired before the winter.\n\n"
        "November 2026\n\nSam Reid\n\n"
        "[i] Notes on the form.\n"
    )
    assert _tables(text) == [
        [
            [
                "Recommendation[i]",
                "Chief Officer /Cabinet Member[ii]",
                "Response[iii]",
                "Timetable[iv]",
                "Lead Officer[v]",
            ],
            [
                "The parking strategy should be reviewed with the parish councils.",
                "Cabinet Member for Transport",
                "A review will start this year with every parish invited.",
                "March 2027",
                "Jo Bloggs",
            ],
            ["Bus shelters should be repaired before the winter.", "", "", "November 2026", "Sam Reid"],
        ]
    ]
    assert read_text(text).blocks[-1] == Paragraph("[i] Notes on the form.")


def test_cell_stream_keeps_bullets_with_their_cell_and_reads_group_headings():
    text = (
        "Ref\n\nRecommendation\n\nLead Officer\n\nHousing\n\nHO.1\n\nThat the council reports back on:\n\n"
        "o empty homes\n\no rough sleeping\n\nAnna Berg\n"
    )
    assert _tables(text) == [
        [
            ["Ref", "Recommendation", "Lead Officer"],
            ["Housing", "Housing", "Housing"],
            ["HO.1", "That the council reports back on:\no empty homes\no rough sleeping", "Anna Berg"],
        ]
    ]


def test_columns_laid_out_with_spaces_are_cut_where_the_header_words_stand():
    text = (
        "No.  Recommendation                      Response       Lead officer\n"
        "1    That the council publishes its      Agreed         Jo Marsh\n"
        "     repair times every quarter.\n"
        "2    That tenants can report repairs     Not agreed     Sam Reid\n"
        "     by text message.\n"
        "\n"
        "The next paragraph is prose.\n"
    )
    assert _tables(text) == [
        [
            ["No.", "Recommendation", "Response", "Lead officer"],
            ["1", "That the council publishes its repair times every quarter.", "Agreed", "Jo Marsh"],
            ["2", "That tenants can report repairs by text message.", "Not agreed", "Sam Reid"],
        ]
    ]
    assert read_text(text).blocks[-1] == Paragraph("The next paragraph is prose.")


def test_html_table_rows_left_in_text_become_a_table():
    text = (
        "<table><tr><th>No.</th><th>Recommendation</th><th>Response</th></tr>\n"
        "<tr><td>1</td><td><p>That the council acts.</p><p>Within a year.</p></td><td>Agreed</td></tr>"
        "<tr><td>2</td><td>That &amp; more</td><td></td></tr></table>\n"
    )
    assert _tables(text) == [
        [
            ["No.", "Recommendation", "Response"],
            ["1", "That the council acts. Within a year.", "Agreed"],
            ["2", "That & more", ""],
        ]
    ]
