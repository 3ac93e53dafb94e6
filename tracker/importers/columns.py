"""What a table's header cells mean: the vocabulary councils use for an action plan's columns.

Each header is mapped to one role: ``ref``, ``recommendation``, ``decision`` (the executive's
response), ``progress``, ``owner``, ``due`` or ``other``. Footnote marks ("Recommendation[i]",
"Response*", "Timetable 2") are ignored. Order matters: "Recommendation made to" names an owner
and "Date for completion" a due date before the shorter words match.
"""

from __future__ import annotations

import re

# Each role's header phrases, matched against the whole (cleaned, lower-case) header cell.
_VOCABULARY: list[tuple[str, list[str]]] = [
    (
        "owner",
        [
            r"recommendation (?:is )?made to",
            r"(?:executive )?decision maker",
            r"responsib\w*",
            r"lead (?:officer|member|member/officer)",
            r"cabinet (?:member|lead|portfolio)",
            r"portfolio(?: holder)?",
            r"chief officer",
            r"(?:responsible |named |link |accountable )?officers?",
            r"accountable",
            r"owner",
            r"action by",
            r"who",
            r"lead",
            r"member",
            r"director",
            r"head of service",
            r"service area",
            # "Lead Cabinet Member", "Responsible Director", "Service owner"
            r"(?:[\w'’]+ ){1,2}(?:officers?|members?|owners?|holders?|directors?|managers?|leads?)",
        ],
    ),
    (
        "due",
        [
            r"time ?(?:table|scale|frame|line)s?",
            r"target(?: date)?",
            r"deadline",
            r"implementation date",
            r"date (?:for|of) (?:completion|implementation)",
            r"completion date",
            r"due(?: date)?",
            r"by when",
            r"when",
            r"date",
            # "Target completion date", "Expected completion", "Revised deadline"
            r"(?:[\w'’]+ ){1,3}(?:date|deadline|completion|timescales?|timetable)",
        ],
    ),
    (
        "ref",
        [
            r"(?:rec(?:ommendation)?\.? )?(?:no\.?|number|ref(?:erence)?\.?|#)",
            r"item",
            r"meeting,? date (?:&|and) minute",
            r"minute",
        ],
    ),
    (
        "decision",
        [
            r"(?:(?:executive|cabinet|council|government|ministerial|officer|management|service) )?"
            r"(?:response|decision)s?",
            r"(?:[\w'’]+ ){1,3}(?:response|decision)s?",  # "Cabinet Member response", "Portfolio Holder's decision"
            r"agreed\??",
            r"accepted\??",
            r"accept/reject",
            r"outcome",
            r"(?:accepted|agreed) ?(?:or|/) ?(?:rejected|not agreed)\??",
            r"position",
        ],
    ),
    (
        "progress",
        [
            r"actions? (?:taken|planned|proposed|to be taken|being taken)",
            r"action expected outcome",
            r"expected outcome",
            r"rag",
            # "Progress", "RAG status", "Previous update from Jun 16", "June 2017 - Update"
            r"(?:[\w'’-]+ ){0,3}(?:progress|update|comments?|position|status)(?: .*)?",
            r"(?:actions?|notes?)(?: .*)?",
        ],
    ),
    (
        "recommendation",
        [
            r"(?:original |scrutiny |committee |panel |task group |review )*recommendations?"
            r"(?: made| agreed| text| and undertakings)?",
            r"recommendations? of the \w+(?: \w+)?",
        ],
    ),
]
_COMPILED = [(role, re.compile("|".join(phrases), re.IGNORECASE)) for role, phrases in _VOCABULARY]
# "Recommendation[i]", "Response *", "Timetable (iv)", "Lead Officer1"
_FOOTNOTE = re.compile(r"\s*(?:\[[^\]]{1,5}\]|\((?:[ivx]{1,4}|\d{1,2})\)|[*†‡]+|(?<=[a-z])\d{1,2})\s*", re.IGNORECASE)
MAX_HEADER_WORDS = 7


def clean_header(cell: str) -> str:
    """A header cell without footnote marks, line breaks or stray punctuation."""
    text = _FOOTNOTE.sub(" ", cell or "")
    text = re.sub(r"\s*\([^)]*\)\s*$", "", text)  # "Recommendation (Dec 15)": when, not what
    text = re.sub(r"\s*/\s*", "/", re.sub(r"\s+", " ", text))
    return text.strip(" :-–|")


def role_of(cell: str) -> str | None:
    """The role a header cell names, or None when it is not a header word a council uses."""
    text = clean_header(cell)
    if not text or len(text.split()) > MAX_HEADER_WORDS:
        return None
    lowered = text.lower()
    # "Recommendation made to" names who it is made to; "Recommendation" alone names the text.
    for role, regex in _COMPILED:
        if regex.fullmatch(lowered):
            return role
    for part in re.split(r"/| and | & ", lowered):
        for role, regex in _COMPILED:
            if part.strip() and regex.fullmatch(part.strip()):
                return role
    return None


def is_header_row(cells: list[str]) -> bool:
    """A row that names a recommendation column and whose other filled cells are header words too."""
    roles = [role_of(c) for c in cells if c.strip()]
    return "recommendation" in roles and sum(r is not None for r in roles) >= max(1, len(roles) - 1)


def roles(cells: list[str]) -> list[str]:
    """The role of each header cell (``other`` for a column the vocabulary does not know)."""
    return [role_of(c) or "other" for c in cells]
