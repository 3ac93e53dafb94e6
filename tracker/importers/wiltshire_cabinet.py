"""Layout: an executive response as one block per recommendation (Wiltshire 2017).

Each block is ``Recommendation No.N`` with the recommendation in bold, a ``Reason`` row, a
``Cabinet member ... Lead Officer ...`` row and ``Executive Response:`` followed by the response,
on the same row or on the next lines. Blocks sit under addressee headings ("That the Cabinet
Member for Children's Services considers:"), written as Markdown headings or in bold.
"""

from __future__ import annotations

import re

from .. import status as statuses
from ..errors import ImportFailed, NoRecommendations
from ..ids import normalise_id
from ..models import Owner, Paper, Recommendation, Review
from .paper_text import find_date, make_review, short_title, stating_sentence, strip_markup

NAME = "wiltshire-cabinet"
DESCRIPTION = (
    "executive response in blocks: 'Recommendation No.N', Cabinet member / Lead Officer, "
    "'Executive Response:' (Wiltshire 2017)"
)

_REC_RE = re.compile(r"^[\s#*]*(?:<b>)?\s*Recommendation\s+No\.?\s*\d+\b", re.IGNORECASE | re.MULTILINE)
_RESPONSE_LABEL_RE = re.compile(r"^[\s#*]*(?:<b>)?\s*Executive Response\s*:", re.IGNORECASE | re.MULTILINE)
_OWNER_ROW_RE = re.compile(r"^\W*Cabinet member\b", re.IGNORECASE)
_REASON_ROW_RE = re.compile(r"^\W*Reason for recommendation\b", re.IGNORECASE)
_GROUP_RE = re.compile(r"^That the\b.*:$")
# A Markdown heading, a horizontal rule or a page-break marker ends a response.
_BREAK_RE = re.compile(r"^\s*(?:#|-{2,}\s*$)")


def sniff(text: str) -> bool:
    """Recognise the numbered blocks, each with its own ``Executive Response:`` label."""
    return bool(_REC_RE.search(text)) and bool(_RESPONSE_LABEL_RE.search(text))


def parse(text: str, source: str = "") -> Paper:
    """Read every block; a gap in the numbering or a block without text fails the whole paper."""
    first = _REC_RE.search(text)
    if not first:
        raise NoRecommendations(f"{source}: no 'Recommendation No.' blocks found")
    review = _review(text[: first.start()], source)
    recs = [_recommendation(block, review.slug) for block in _blocks(text, source)]
    expected = [f"R{n}" for n in range(1, len(recs) + 1)]
    if [r.id for r in recs] != expected:
        raise ImportFailed(f"{source}: recommendations are not numbered 1..{len(recs)}: {[r.id for r in recs]}")
    return Paper(review=review, recommendations=recs)


def _review(front: str, source: str) -> Review:
    lines = [strip_markup(line) for line in front.splitlines()]
    lines = [line for line in lines if line]
    council = next((line for line in lines if re.fullmatch(r"[\w' ]+ Council", line)), "")
    committee = next((line for line in lines if re.search(r"\bCommittee$", line) and len(line) < 80), "")
    title = next((line for line in lines if re.match(r"Executive Response to\b", line, re.IGNORECASE)), "")
    if not council or not title:
        raise ImportFailed(f"{source}: cannot find the council and title at the top of the paper")
    when = find_date(front)
    return make_review(council, committee, when, title, source, NAME)


def _blocks(text: str, source: str) -> list[dict]:
    """One dict per block: number label, recommendation, owners, response lines, addressee."""
    blocks: list[dict] = []
    group = ""
    in_response = False
    for raw in text.splitlines():
        cells = [c.strip() for c in raw.split("\t")]
        plain = strip_markup(raw)
        if _REC_RE.match(plain):
            if len(cells) < 2 or not strip_markup(cells[1]):
                raise ImportFailed(f"{source}: '{plain[:40]}' has no recommendation text")
            # The trailing ";" only punctuates the addressee's list; it is no part of the text.
            rec_text = strip_markup(cells[1]).rstrip(";").rstrip()
            blocks.append(
                {"label": strip_markup(cells[0]), "text": rec_text, "owners": [], "response": [], "group": group}
            )
            in_response = False
        elif _GROUP_RE.match(plain):
            group, in_response = plain, False
        elif not blocks:
            continue
        elif _OWNER_ROW_RE.match(plain):
            blocks[-1]["owners"] = _owners(cells)
        elif _REASON_ROW_RE.match(plain):
            continue
        elif _RESPONSE_LABEL_RE.match(plain):
            in_response = True
            blocks[-1]["response"] += [strip_markup(c) for c in cells[1:] if strip_markup(c)]
        elif in_response and _BREAK_RE.match(raw):
            in_response = False
        elif in_response and plain:
            blocks[-1]["response"].append(plain)
        elif in_response and blocks[-1]["response"]:
            # The blank line after the response text; a blank line before it is only layout.
            in_response = False
    return blocks


def _owners(cells: list[str]) -> list[Owner]:
    """``Cabinet member | name | Lead Officer | name``: label and name pairs, in the paper's order."""
    pairs = zip(cells[0::2], cells[1::2], strict=False)
    return [Owner(name=strip_markup(v), role=strip_markup(k)) for k, v in pairs if strip_markup(v)]


def _recommendation(block: dict, slug: str) -> Recommendation:
    rec_id = normalise_id(block["label"]) or ""
    response = " ".join(block["response"])
    # Only a response that is a bare position ("Noted") states a status; the narrative responses
    # of this layout describe practice and plans, which a person reads better than a guess.
    status = statuses.stated_position(response)
    return Recommendation(
        review=slug,
        id=rec_id,
        title=short_title(block["text"]),
        text=block["text"],
        response=response,
        status=status,
        status_text=stating_sentence(response, status),
        group=block["group"],
        owners=block["owners"],
    )
