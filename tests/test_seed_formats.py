"""Each seed paper as the Word file and the PDF it came from imports the same recommendations as its text."""

from __future__ import annotations

import functools

import pytest

from app import main
from tests.conftest import SEEDS
from tests.seed_formats import FONT, seed_docx, seed_pdf
from tracker.errors import NoRecommendations
from tracker.importers import read_papers
from tracker.readers import detect_format

PAPERS = {
    "wiltshire-2013-06-executive-response.txt": 41,
    "wiltshire-2017-03-executive-response.txt": 12,
    "wirral-2017-06-progress-update.txt": 20,
    "shropshire-2012-09-leader-report.txt": 9,
}
BUILDERS = {"docx": seed_docx, "pdf": seed_pdf}


@functools.cache
def built(fmt: str, seed: str) -> bytes:
    """The seed as a Word file or PDF, built once a session (building a PDF takes seconds)."""
    return BUILDERS[fmt]((SEEDS / seed).read_text(encoding="utf-8"))


def opening(papers) -> list[tuple[str, str]]:
    """Each recommendation's id and first six words."""
    return [(r.id, " ".join(r.text.split()[:6])) for paper in papers for r in paper.recommendations]


@pytest.fixture(scope="module", params=sorted(BUILDERS))
def fmt(request):
    if request.param == "pdf" and not FONT.exists():
        pytest.skip(f"the PDF builder needs the DejaVu font ({FONT}, Debian package fonts-dejavu-core)")
    return request.param


@pytest.mark.parametrize("seed", sorted(PAPERS))
def test_seed_as_docx_and_pdf_imports_the_same_recommendations(seed, fmt):
    text = (SEEDS / seed).read_bytes()
    data = built(fmt, seed)
    assert detect_format(data, "upload") == fmt
    expected = read_papers(text, seed)
    got = read_papers(data, seed.replace(".txt", f".{fmt}"))
    assert len(opening(got)) == PAPERS[seed]
    assert opening(got) == opening(expected)
    assert [p.review.slug for p in got] == [p.review.slug for p in expected]
    assert [(r.id, r.decision) for p in got for r in p.recommendations] == [
        (r.id, r.decision) for p in expected for r in p.recommendations
    ]


def test_the_interim_report_as_docx_and_pdf_has_none(fmt):
    seed = "wiltshire-2012-07-interim-report.txt"
    data = built(fmt, seed)
    with pytest.raises(NoRecommendations):
        read_papers(data, f"interim.{fmt}")


def test_recbot_import_takes_a_word_file(env, capsys):
    paper = env / "executive-response.docx"
    paper.write_bytes(built("docx", "wiltshire-2013-06-executive-response.txt"))
    assert main(["import", str(paper)]) == 0
    assert capsys.readouterr().out.strip() == (
        "executive-response.docx: wiltshire-2013-safeguarding (new review), "
        "41 recommendations: 41 added, 0 updated, 0 unchanged"
    )
    assert main(["ask", "/rec R25"]) == 0
    assert "Credit card sized easy reference guide" in capsys.readouterr().out
