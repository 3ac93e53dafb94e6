"""Files that cannot be read are refused with a message that says why and what to do; nothing is imported."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from app import main
from settings.config import Config
from tests.conftest import FIXTURES
from tracker.errors import ImportFailed
from tracker.importers import read_papers
from tracker.readers import read_document


@pytest.mark.parametrize(
    "name, says",
    [
        ("northmoor-scan.pdf", ["no text layer", "needs OCR first"]),
        ("northmoor-encrypted.pdf", ["encrypted", "unprotected copy"]),
        ("northmoor-corrupt.docx", ["damaged", "save it again"]),
        ("northmoor-corrupt.xlsx", ["Excel file is damaged", "save it again"]),
    ],
)
def test_unreadable_files_are_refused_with_the_reason(name, says):
    with pytest.raises(ImportFailed) as err:
        read_papers((FIXTURES / name).read_bytes(), name)
    message = str(err.value)
    assert message.startswith(f"{name}: ")
    for words in says:
        assert words in message


def test_a_docx_missing_its_body_is_damaged_not_a_crash():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document")
    with pytest.raises(ImportFailed, match="Word file is damaged"):
        read_document(archive.getvalue(), "broken.docx")


@pytest.mark.parametrize(
    "data, says",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "save it as .docx or .xlsx"),
        (b"PK\x05\x06" + b"\0" * 18, "not a Word (.docx) or Excel (.xlsx) file"),
    ],
)
def test_old_office_files_and_other_zips_are_refused(data, says):
    with pytest.raises(ImportFailed, match=says.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        read_papers(data, "upload")


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (64 * 1024 * 1024))  # 64 MB of nothing, ~64 KB packed
    data = archive.getvalue()
    assert len(data) < 200_000
    with pytest.raises(ImportFailed, match="zip bomb"):
        read_papers(data, "bomb.docx")


def test_a_file_over_the_limit_is_refused_without_reading_it():
    data = b"%PDF-1.7\n" + b"0" * (21 * 1024 * 1024)
    with pytest.raises(ImportFailed, match=r"21\.0 MB, over the import limit of 20 MB"):
        read_papers(data, "huge.pdf")
    with pytest.raises(ImportFailed, match="over the import limit of 1 MB"):
        read_document(b"<html>" + b"x" * (2 * 1024 * 1024), "page.html", max_bytes=1024 * 1024)


def test_the_limit_is_a_setting():
    assert Config.from_env({}).max_import_bytes == 20 * 1024 * 1024
    assert Config.from_env({"RECBOT_MAX_IMPORT_MB": "50"}).max_import_bytes == 50 * 1024 * 1024


def test_cli_refuses_a_50_mb_file_at_once(env, capsys):
    big = env / "board-pack.pdf"
    with big.open("wb") as f:
        f.write(b"%PDF-1.7\n")
        f.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing to read in practice
    started = time.perf_counter()
    assert main(["import", str(big)]) == 1
    assert time.perf_counter() - started < 2
    err = capsys.readouterr().err
    assert "board-pack.pdf: the file is 50.0 MB, over the import limit of 20 MB (RECBOT_MAX_IMPORT_MB)" in err
    assert "Nothing imported from board-pack.pdf." in err
    assert not (env / "db" / "recbot.json").exists()


def test_cli_limit_follows_the_setting(env, capsys, monkeypatch):
    monkeypatch.setenv("RECBOT_MAX_IMPORT_MB", "1")
    page = env / "page.html"
    page.write_bytes(b"<html><body>" + b"<p>x</p>" * 200_000 + b"</body></html>")
    assert main(["import", str(page)]) == 1
    assert "over the import limit of 1 MB" in capsys.readouterr().err


def test_cli_reports_a_scan_and_imports_nothing(env, capsys):
    assert main(["import", str(FIXTURES / "northmoor-scan.pdf")]) == 1
    err = capsys.readouterr().err
    assert "needs OCR first" in err and "Nothing imported from northmoor-scan.pdf." in err
    assert not (env / "db" / "recbot.json").exists()


def test_a_typed_cover_on_a_scanned_paper_still_needs_ocr():
    from fpdf import FPDF
    from PIL import Image

    picture = io.BytesIO()
    Image.new("L", (600, 800), 200).save(picture, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text="Cabinet, 3 March 2027: response to the scrutiny review (typed cover sheet)")
    for _ in range(2):
        pdf.add_page()
        pdf.image(io.BytesIO(picture.getvalue()), x=0, y=0, w=210, h=297)
    with pytest.raises(ImportFailed, match="2 of its 3 pages are pictures of text .* needs OCR first"):
        read_papers(bytes(pdf.output()), "scanned-with-cover.pdf")
