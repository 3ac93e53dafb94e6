"""Numbered recommendations in running text, with the responses papers put beside them.

Labelled items ("Recommendation 1", "Recommendation No.1", "RECOMMENDATION 2.1:", "Rec 1", "R1")
and prefixed schemes ("SC18", "SR (25/26) 01", "CEH.140715.20b") are recommendations wherever
they stand; bare lists ("1.", "1)", "a)", "(a)", "(i)") only when they start at 1, a or i and read
as recommendations (most items open "That ...", or a heading or lead-in names recommendations),
never a list of resolutions ("Resolved that"). A label followed only by references ("be
supported", "paragraphs 9.1.1") or by the executive speaking ("- the Executive recognises") is a
reference to a recommendation, not its text.

Responses (``general_responses``): a trailing "(Accepted)", labelled lines after the item,
unlabelled paragraphs after a labelled item in a response paper, a blanket "agrees with all the
recommendations"; and here, a second list restarting at a) whose items state decisions (paired
by letter).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import decisions
from ..document import Block, Heading, Paragraph
from . import general_responses as responses
from .cells import is_role
from .found import Findings, Found

_PARA_NUMBER = re.compile(r"^\d{1,3}\.\s+(?=(?:recommendation|rec)\b)", re.IGNORECASE)
_LABELLED = re.compile(
    r"^(?:recommendation|rec)\.?\s*(?:no\.?\s*)?(?P<ref>\d{1,4}(?:\.\d{1,3})*[a-z]?)(?![\w/(])\)?\s*[:.)\-–—]*\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_R_CODE = re.compile(r"^R(?P<ref>\d{1,4}[a-z]?)\b\s*[:.)\-–—]*\s*(?P<rest>.*)$")
_PREFIXED = re.compile(
    r"^(?P<ref>(?P<prefix>[A-Z]{2,5})(?:\s?\(\d{2}/\d{2}\)\s?|\s?)\d{1,3}[a-z]?|(?P<dotted>[A-Z]{2,5}(?:\.\d{1,8})+[a-z]?))"
    r"(?![\w/])\s*[:.)\-–—]*\s+(?P<rest>[A-Z\"“‘'].*)$"
)
_BARE = re.compile(
    r"^(?:\((?P<p>[a-z]|[ivx]{1,4}|\d{1,2})\)|(?P<a>[a-z])\)|(?P<d>\d{1,2}\.\d{1,2})\.?|(?P<n>\d{1,2})[.)])"
    r"(?=\s|$)\s*(?P<rest>.*)$"
)
# "Recommendation 4b) be supported ...", "... as set out in paragraphs 9.1.1": a mention, not the text.
_REFERENCE_ONLY = re.compile(
    r"^(?:[-–—:]\s*)?(?:(?:be|is|are|was|were|has|have|had)\b|recommendations?\s+\(?\d|(?:the\s+)?(?:executive|cabinet|council|government"
    r"|minister|department|committee|panel)\w*\s+(?:recognises|believes|accepts|agrees|notes|supports|considers"
    r"|welcomes|rejects|response|comments?))",
    re.IGNORECASE,
)
_MENTIONS = re.compile(r"\brecommendations?\s+\(?\d+[a-z]?\)?|\bparagraphs?\s+\d+(?:\.\d+)+", re.IGNORECASE)
_RESOLVED = re.compile(r"\bresolved\b", re.IGNORECASE)
_RECOMMENDS = re.compile(r"\brecommend", re.IGNORECASE)
# How recommendations read: "That the Council ...", "To lobby ...", "We recommend ...", "... should ...".
_THAT = re.compile(r"^(?:that\b|to\s+[a-z]+\b|(?:we|the \w+(?: \w+)?) recommends?\b)|\bshould\b", re.IGNORECASE)
_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]


@dataclass
class _Item:
    index: int
    ref: str
    rest: str
    labelled: bool
    scheme: str
    found: Found | None = None
    after: list[str] = field(default_factory=list)


def from_blocks(blocks: list[Block], response_paper: bool) -> Findings:
    """Numbered recommendations among the paragraphs and headings of a document."""
    out = Findings()
    paragraphs = [(i, b) for i, b in enumerate(blocks) if isinstance(b, (Paragraph, Heading))]
    items = _items(paragraphs)
    labelled = [it for it in items if it.labelled]
    for it in labelled:
        _read_labelled(it, paragraphs, response_paper, out)
    bare_lists = _bare_lists([it for it in items if not it.labelled])
    accepted: list[list[_Item]] = []
    for seq in bare_lists:
        if accepted and _answers(seq, accepted[-1]):
            _pair(seq, accepted[-1], paragraphs)
            continue
        reason = _reject_list(seq, paragraphs)
        if reason:
            out.skipped.append(reason)
            texts = [_text(it, paragraphs) for it in seq]
            out.references_only += [t[:80] for t in texts if _MENTIONS.search(t)]
            continue
        accepted.append(seq)
        for it in seq:
            it.found = Found(text=_text(it, paragraphs), ref=it.ref, where="numbered list")
            it.found.position = paragraphs[it.index][0]
            responses.trailing(it.found)
            _response_after(it, paragraphs)
            out.found.append(it.found)
    out.found.sort(key=lambda f: f.position)
    responses.blanket(paragraphs, out.found)
    return out


def _items(paragraphs: list[tuple[int, Block]]) -> list[_Item]:
    items = []
    for k, (_, block) in enumerate(paragraphs):
        text = _PARA_NUMBER.sub("", block.text)
        if m := _LABELLED.match(text) or _R_CODE.match(text):
            items.append(_Item(k, m["ref"], m["rest"], True, "label"))
        elif isinstance(block, Paragraph) and (m := _PREFIXED.match(text)):
            items.append(_Item(k, re.sub(r"\s+", " ", m["ref"]), m["rest"], True, m["prefix"] or "dotted"))
        elif isinstance(block, Paragraph) and (m := _BARE.match(text)):
            ref = m["p"] or m["a"] or m["d"] or m["n"]
            items.append(_Item(k, ref, m["rest"], False, _scheme(ref, m)))
    # A prefix used once is more likely a code in passing ("NI 186") than a numbering scheme.
    counts: dict[str, int] = {}
    for it in items:
        counts[it.scheme] = counts.get(it.scheme, 0) + 1
    return [it for it in items if it.scheme in ("label", "dotted") or not it.labelled or counts[it.scheme] >= 2]


def _scheme(ref: str, m: re.Match) -> str:
    kind = "paren" if m["p"] else "close" if m["a"] else "dot"
    if m["d"]:
        return "dotted-num"  # "2.1", "2.2": paragraphs of a report's recommendations section
    if ref.isdigit():
        return f"num-{kind}"
    return f"roman-{kind}" if ref in _ROMAN and ref not in ("v", "x") else f"alpha-{kind}"


def _read_labelled(it: _Item, paragraphs, response_paper: bool, out: Findings) -> None:
    rest = it.rest.strip()
    taken = 0
    if not rest and it.index + 1 < len(paragraphs):
        nxt = paragraphs[it.index + 1][1].text
        if not _starts_item(nxt):
            rest, taken = nxt.strip(), 1
    if not rest or _REFERENCE_ONLY.match(rest):
        out.references_only.append(paragraphs[it.index][1].text[:80])
        return
    it.found = Found(text=rest, ref=it.ref, where="numbered recommendations", position=paragraphs[it.index][0])
    responses.trailing(it.found)
    after = _following(it.index + 1 + taken, paragraphs)
    if not responses.fields(after, it.found) and response_paper:
        it.found.response = "\n".join(after).strip()
    out.found.append(it.found)


def _following(start: int, paragraphs) -> list[str]:
    out = []
    for _, block in paragraphs[start:]:
        # A "Government response" heading opens the response; any other heading ends the item.
        if isinstance(block, Heading) and not responses.RESPONSE_LABEL.match(block.text) or _starts_item(block.text):
            break
        out.append(block.text)
    return out


def _starts_item(text: str) -> bool:
    text = _PARA_NUMBER.sub("", text)
    return bool(_LABELLED.match(text) or _R_CODE.match(text) or _PREFIXED.match(text) or _BARE.match(text))


def _next_ref(ref: str, scheme: str) -> str:
    if scheme == "dotted-num":
        head, _, tail = ref.partition(".")
        return f"{head}.{int(tail) + 1}"
    if ref.isdigit():
        return str(int(ref) + 1)
    if scheme.startswith("roman") and ref in _ROMAN[:-1]:
        return _ROMAN[_ROMAN.index(ref) + 1]
    return chr(ord(ref) + 1) if len(ref) == 1 else ""


def _bare_lists(items: list[_Item]) -> list[list[_Item]]:
    """Runs of bare items numbered in sequence from 1, a or i; anything else is not a list of ours."""
    lists: list[list[_Item]] = []
    for it in items:
        current = lists[-1] if lists else None
        if current and it.scheme == current[-1].scheme and it.ref == _next_ref(current[-1].ref, it.scheme):
            current.append(it)
        elif it.ref in ("1", "a", "i") or it.scheme == "dotted-num" and it.ref.endswith(".1"):
            lists.append([it])
    return lists


def _reject_list(seq: list[_Item], paragraphs) -> str:
    """Why a bare list is not a list of recommendations ("" when it is)."""
    lead = _lead(seq[0].index, paragraphs)
    texts = [_text(it, paragraphs) for it in seq]
    where = f"list {seq[0].ref}) … {seq[-1].ref}) (“{texts[0][:40]}”)"
    if _RESOLVED.search(lead):
        return f"{where}: resolutions of the meeting, not recommendations"
    if sum(bool(_MENTIONS.search(t)) for t in texts) * 2 >= len(texts):
        return f"{where}: refers to recommendations by number, without their text"
    if _RECOMMENDS.search(lead):
        return ""
    # A report numbers all its paragraphs "2.1", "2.2": only its recommendations open "That".
    that = _THAT if seq[0].scheme != "dotted-num" else re.compile(r"^that\b", re.IGNORECASE)
    if sum(bool(that.search(t)) for t in texts) * 2 > len(texts):
        return ""
    return f"{where}: does not read as recommendations (no “That …” items, no heading naming recommendations)"


def _lead(index: int, paragraphs) -> str:
    """The heading or lead-in sentence just before a list."""
    before = [b.text for _, b in paragraphs[max(0, index - 3) : index]]
    return " ".join(before[-2:])


def _text(it: _Item, paragraphs) -> str:
    if it.rest.strip() or it.index + 1 >= len(paragraphs):
        return it.rest.strip()
    nxt = paragraphs[it.index + 1][1].text
    return "" if _starts_item(nxt) else nxt.strip()


def _response_after(it: _Item, paragraphs) -> None:
    """ "Response:", "Lead officer:", "Target date:" paragraphs between this item and the next."""
    responses.fields(_following(it.index + (1 if it.rest.strip() else 2), paragraphs), it.found)


def _answers(seq: list[_Item], recs: list[_Item]) -> bool:
    """A second list with the same letters whose items mostly state decisions: the responses."""
    refs = {it.ref for it in recs}
    if not all(it.ref in refs for it in seq):
        return False
    return sum(decisions.from_response(it.rest) is not None for it in seq) * 2 >= len(seq)


def _pair(responses: list[_Item], recs: list[_Item], paragraphs) -> None:
    by_ref = {it.ref: it for it in recs}
    for it in responses:
        rec = by_ref[it.ref].found
        rec.response = it.rest.strip()
    # Who answers: a name or post standing alone between the recommendations and the responses.
    between = [b.text for _, b in paragraphs[recs[-1].index + 1 : responses[0].index]]
    owner = next((t for t in between if is_role(t)), "")
    if owner:
        for it in recs:
            it.found.owners.append((owner, "Cabinet member" if re.match(r"cllr|council", owner, re.I) else ""))
