"""A recommendation as the general rules find it, before it becomes a ``Recommendation``."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Found:
    """What one table row or numbered item says; every field as the paper wrote it."""

    text: str
    ref: str | None = None
    response: str = ""
    decision_text: str = ""
    progress: str = ""
    owners: list[tuple[str, str]] = field(default_factory=list)
    due: str = ""
    due_label: str = ""
    group: str = ""
    where: str = ""
    position: int = 0  # the index of the block it was found in, for document order


@dataclass
class Findings:
    """Recommendations found in a document and one line per table or block left out, saying why."""

    found: list[Found] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    references_only: list[str] = field(default_factory=list)

    def extend(self, other: Findings) -> None:
        self.found += other.found
        self.skipped += other.skipped
        self.references_only += other.references_only
