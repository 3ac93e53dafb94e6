"""Importer registry: each paper layout is one module with ``sniff(text)`` and ``parse(text, source)``.

A layout module defines ``NAME`` (used with ``--layout``), ``DESCRIPTION`` (shown when a file
is not understood), ``sniff(text) -> bool`` and ``parse(text, source) -> Paper``. ``parse``
raises ``ImportFailed`` (or ``NoRecommendations``) rather than return a partial paper. A layout
whose files can hold several reviews (recbot's own exports) defines
``parse_many(text, source) -> list[Paper]`` instead of ``parse``.
"""

from __future__ import annotations

from types import ModuleType

from ..errors import ImportFailed
from ..milestones import extract
from ..models import Paper
from ..readers import DEFAULT_MAX_MB, check_size, detect_format, mb_to_bytes, read_document
from . import interim, peer_review, recbot_csv, recbot_json, wiltshire_appendix, wiltshire_cabinet, wirral_progress

LAYOUTS: list[ModuleType] = [
    recbot_json,
    recbot_csv,
    wiltshire_appendix,
    wiltshire_cabinet,
    wirral_progress,
    peer_review,
    interim,
]


def layout_names() -> list[str]:
    return [m.NAME for m in LAYOUTS]


def understood() -> str:
    """One line per layout, for messages about files that are not understood."""
    return "\n".join(f"  {m.NAME}: {m.DESCRIPTION}" for m in LAYOUTS)


def decode(data: bytes, source: str) -> str:
    """Bytes of a file as text, or ImportFailed for anything that is not text."""
    if b"\x00" in data[:4096]:
        raise ImportFailed(f"{source}: not a text file. Layouts understood:\n{understood()}")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFailed(f"{source}: not a text file. Layouts understood:\n{understood()}")


def detect(text: str, source: str) -> ModuleType:
    """The first layout whose ``sniff`` recognises the text."""
    for module in LAYOUTS:
        if module.sniff(text):
            return module
    raise ImportFailed(
        f"{source}: layout not recognised. Layouts understood:\n{understood()}\n"
        "Force one with --layout NAME if the file is one of these."
    )


def paper_text(data: bytes, source: str, max_bytes: int | None = mb_to_bytes(DEFAULT_MAX_MB)) -> str:
    """A file's text for the layouts: Word, PDF, web pages and spreadsheets are read into a Document first."""
    check_size(len(data), source, max_bytes)
    # CSV stays text: recbot's own export is one of the layouts; any other binary is refused by decode
    if detect_format(data, source) not in ("text", "csv", "binary"):
        return read_document(data, source, max_bytes=max_bytes).text()
    return decode(data, source)


def read_papers(
    data: bytes, source: str, layout: str | None = None, *, max_bytes: int | None = mb_to_bytes(DEFAULT_MAX_MB)
) -> list[Paper]:
    """Parse one file into its Papers (one per review), by the named layout or by detection."""
    text = paper_text(data, source, max_bytes)
    if layout:
        by_name = {m.NAME: m for m in LAYOUTS}
        if layout not in by_name:
            raise ImportFailed(f"unknown layout “{layout}”. Layouts understood:\n{understood()}")
        module = by_name[layout]
    else:
        module = detect(text, source)
    if hasattr(module, "parse_many"):
        return module.parse_many(text, source)
    return [with_milestones(module.parse(text, source))]


def with_milestones(paper: Paper) -> Paper:
    """Every dated commitment in a response becomes a milestone, resolved against the paper's date."""
    if paper.review.date is None:
        return paper
    for rec in paper.recommendations:
        if not rec.milestones:
            rec.milestones = extract(rec.response, paper.review.date)
    return paper


def read_paper(data: bytes, source: str, layout: str | None = None) -> Paper:
    """Parse a file that holds one paper (see ``read_papers``)."""
    papers = read_papers(data, source, layout)
    if len(papers) != 1:
        raise ImportFailed(f"{source}: holds {len(papers)} reviews; import it with `recbot import`")
    return papers[0]
