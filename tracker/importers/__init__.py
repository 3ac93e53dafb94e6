"""Importer registry: each paper layout is one module with ``sniff(text)`` and ``parse(text, source)``.

A layout module defines ``NAME`` (used with ``--layout``), ``DESCRIPTION`` (shown when a file
is not understood), ``sniff(text) -> bool`` and ``parse(text, source) -> Paper``. ``parse``
raises ``ImportFailed`` (or ``NoRecommendations``) rather than return a partial paper. A layout
whose files can hold several reviews (recbot's own exports) defines
``parse_many(text, source) -> list[Paper]`` instead of ``parse``.

The pipeline (``read_import``): the size limit; the format by content; text is decoded and
offered to the layouts by ``sniff``, other formats are read by ``tracker.readers.read_document``
and their text offered the same way; a paper no layout claims goes to the general reader
(``general``), which ``--layout general`` also forces.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import ModuleType

from .. import decisions
from ..document import Document
from ..errors import ImportFailed, NoRecommendations
from ..milestones import extract
from ..models import Paper
from ..readers import DEFAULT_MAX_MB, check_size, detect_format, mb_to_bytes, read_document
from . import (
    general,
    interim,
    peer_review,
    recbot_csv,
    recbot_json,
    wiltshire_appendix,
    wiltshire_cabinet,
    wirral_progress,
)
from .reported import with_reported
from .text_reader import read_text

LAYOUTS: list[ModuleType] = [
    recbot_json,
    recbot_csv,
    wiltshire_appendix,
    wiltshire_cabinet,
    wirral_progress,
    peer_review,
    interim,
]


@dataclass
class Imported:
    """The papers read from one file, and what the general reader left out (for ``--dry-run``)."""

    papers: list[Paper]
    layout: str
    skipped: list[str] = field(default_factory=list)


def layout_names() -> list[str]:
    return [m.NAME for m in LAYOUTS] + [general.NAME]


def understood() -> str:
    """One line per layout, for messages about files that are not understood."""
    return "\n".join(f"  {m.NAME}: {m.DESCRIPTION}" for m in [*LAYOUTS, general])


def _decode(data: bytes, source: str) -> tuple[str, str]:
    """A text file's text and the encoding it was read with; ImportFailed for anything not text."""
    if b"\x00" in data[:4096]:
        raise ImportFailed(f"{source}: not a text file. Layouts understood:\n{understood()}")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ImportFailed(f"{source}: not a text file. Layouts understood:\n{understood()}")


def detect(text: str) -> ModuleType | None:
    """The first layout whose ``sniff`` recognises the text, or None for the general reader."""
    for module in LAYOUTS:
        if module.sniff(text):
            return module
    return None


def read_papers(
    data: bytes, source: str, layout: str | None = None, *, max_bytes: int | None = mb_to_bytes(DEFAULT_MAX_MB)
) -> list[Paper]:
    """Parse one file into its Papers (one per review), by the named layout or by detection."""
    return read_import(data, source, layout, max_bytes=max_bytes).papers


def read_import(
    data: bytes, source: str, layout: str | None = None, *, max_bytes: int | None = mb_to_bytes(DEFAULT_MAX_MB)
) -> Imported:
    """Read one file: a layout module when one claims it, else the general rules.

    :raises ImportFailed: for a file too big, not readable, or holding no recommendations.
    """
    check_size(len(data), source, max_bytes)
    module = _named(layout)
    fmt = detect_format(data, source)
    if fmt in ("text", "csv"):
        text, encoding = _decode(data, source)
        document = None
    else:
        document = read_document(data, source, max_bytes=max_bytes)
        text, encoding = document.text(), "utf-8"

    def as_document() -> Document:
        # recbot's own sheet is claimed by its layout from the text; a council's CSV tracker is a table.
        if document is not None:
            return document
        return read_document(data, source, max_bytes=max_bytes) if fmt == "csv" else read_text(text, source)

    forced = module is not None
    if module is None and layout != general.NAME:
        module = detect(text)
    if module is not None:
        try:
            return _by_layout(module, text, source, encoding)
        except NoRecommendations:
            raise
        except ImportFailed as exc:
            if forced:
                raise
            # A layout recognised the paper but cannot read it: the general rules may still can.
            try:
                return _general(as_document(), source)
            except ImportFailed:
                raise exc from None
    return _general(as_document(), source)


def _by_layout(module: ModuleType, text: str, source: str, encoding: str) -> Imported:
    if hasattr(module, "parse_many"):
        papers = module.parse_many(text, source)
        for paper in papers:
            # A sheet saved as Windows-1252 (Excel's "CSV" on Windows) has lost what that cannot hold.
            paper.encoding = encoding
        return Imported(papers, module.NAME)
    return Imported([with_reported(with_decisions(with_milestones(module.parse(text, source))), text)], module.NAME)


def _general(document: Document, source: str) -> Imported:
    try:
        reading = general.read(document, source)
    except ImportFailed as exc:
        raise ImportFailed(
            f"{exc}\nLayouts understood:\n{understood()}\n"
            "Force one with --layout NAME, or try --dry-run to see what was read."
        ) from None
    return Imported([with_reported(with_milestones(reading.paper), document.text())], general.NAME, reading.skipped)


def _named(layout: str | None) -> ModuleType | None:
    if not layout or layout == general.NAME:
        return None
    by_name = {m.NAME: m for m in LAYOUTS}
    if layout not in by_name:
        raise ImportFailed(f"unknown layout “{layout}”. Layouts understood:\n{understood()}")
    return by_name[layout]


def with_decisions(paper: Paper) -> Paper:
    """The decision a layout's response (or stated position) gives, where the layout did not read one.

    Only the decision and its wording: the status the layout read is left as it is.
    """
    for rec in paper.recommendations:
        if rec.decision is None and not rec.decision_text:
            for wording in (rec.response, rec.status_text):
                decision, words = decisions.read(wording)
                if decision:
                    rec.decision, rec.decision_text = decision, words
                    break
    return paper


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
