"""Text helpers shared by the layouts: cleaning converted markup, the paper's date, review slugs."""

from __future__ import annotations

import html
import re
from datetime import date, datetime

from .. import status as statuses
from ..ids import slugify
from ..models import Review

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE_RE = re.compile(rf"\b(\d{{1,2}})\s*(?:st|nd|rd|th)?\s+({_MONTHS})\s+(\d{{4}})\b", re.IGNORECASE)
# Only the markup the conversions produce: "<!channel>" in a paper is text, not a tag.
_TAG_RE = re.compile(
    r"</?(?:b|i|u|em|strong|p|ul|ol|li|sup|sub|span|div|br|table|tr|td|th|a|font)\b[^>]*>", re.IGNORECASE
)
_LIST_ITEM_RE = re.compile(r"<li[^>]*>", re.IGNORECASE)
_BLOCK_END_RE = re.compile(r"</(?:p|ul|ol|li)>|<br\s*/?>|<(?:p|ul|ol)\b[^>]*>", re.IGNORECASE)
# Some conversions drop the <li> tags and keep the glyphs inline ("<ul> • one • two").
_BULLET_GLYPH_RE = re.compile(r"\s*[•□▪]\s*")
_ORDERED_RE = re.compile(r"(<ol\b[^>]*>)(.*?)(?=</ol>|$)", re.IGNORECASE | re.DOTALL)

# Words that say what kind of paper it is rather than what the review is about.
_GENERIC = set(
    """a an and the of to for in on by with from at executive response final report
    interim task group scrutiny review update progress children young people select
    committee council cabinet member members s december january february march april may
    june july august september october november leader head paid service
    respect""".split()
)


def strip_tags(text: str, replace: str = "") -> str:
    """Remove HTML tags of the converted papers, leaving anything else in angle brackets alone."""
    return _TAG_RE.sub(replace, text or "")


def strip_markup(text: str) -> str:
    """Drop converted Markdown/HTML emphasis and headings, keep the words on one line."""
    text = re.sub(r"<sup>\s*(st|nd|rd|th)\s*</sup>", r"\1", text or "", flags=re.IGNORECASE)
    text = _TAG_RE.sub("", text)
    text = re.sub(r"^\s*#+\s*", "", text)
    text = text.replace("**", "")
    return html.unescape(re.sub(r"\s+", " ", text)).strip()


def html_to_text(fragment: str) -> str:
    """Turn a converted HTML table cell into clean text; list items stay bullets on their own lines."""
    text = _ORDERED_RE.sub(lambda m: m.group(1) + _number_lines(m.group(2)), fragment or "")
    text = _LIST_ITEM_RE.sub("\n• ", text)
    text = _BULLET_GLYPH_RE.sub("\n• ", text)
    text = _BLOCK_END_RE.sub("\n", text)
    text = _TAG_RE.sub("", text)
    text = html.unescape(text)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line or line == "•":
            continue
        out.append(line)
    return "\n".join(out)


def _number_lines(items: str) -> str:
    """Put inline numbered items ("1. one 2. two") on their own lines; only in sequence, so that
    "3. 8 workshops" or a year ending a sentence are not taken for items."""
    out, n, pos = [], 1, 0
    while m := re.compile(rf"(?:^|\s){n}\.\s").search(items, pos):
        out.append(items[pos : m.start()])
        out.append(f"\n{n}. ")
        pos, n = m.end(), n + 1
    return "".join(out) + items[pos:]


def find_date(text: str) -> date | None:
    """The first full date written out in the text ("6<sup>th</sup> June 2013", "20 June 2017")."""
    m = _DATE_RE.search(strip_markup(text))
    if not m:
        return None
    return datetime.strptime(f"{m.group(1)} {m.group(2).title()} {m.group(3)}", "%d %B %Y").date()


def topic(title: str) -> str:
    """The first word of a title that says what the review is about ("safeguarding")."""
    for word in re.findall(r"[A-Za-z]+", title or ""):
        if word.lower() not in _GENERIC and len(word) > 2:
            return word.lower()
    return "review"


def review_slug(council: str, when: date | None, title: str) -> str:
    """A readable slug: ``wiltshire-2013-safeguarding``."""
    place = (council or "council").split()[0]
    year = str(when.year) if when else ""
    return slugify(place, year, topic(title))


def first_sentence(text: str, max_words: int = 20) -> str:
    """A short title from longer text: up to the first full stop, capped at ``max_words``."""
    text = re.sub(r"\s*\([^)]*\)?\s*$", "", text.strip())
    sentence = re.split(r"(?<=[a-z0-9)])\.\s", text, maxsplit=1)[0].rstrip(".")
    words = sentence.split()
    if len(words) > max_words:
        cut = re.split(r",| and that | which | so that ", sentence, maxsplit=1)[0].split()
        words = cut if len(cut) <= max_words else cut[:max_words] + ["…"]
    return " ".join(words)


def council_from_email(text: str) -> str:
    """The council named by the author's address ("…@wirral.gov.uk": "Wirral Council"), or ""."""
    m = re.search(r"@([a-z]+)\.gov\.uk\b", text or "", re.IGNORECASE)
    return f"{m.group(1).title()} Council" if m else ""


# Where a recommendation's first clause ends: what follows says how or why, not what.
_CLAUSE_END_RE = re.compile(
    r",|;|:|\s(?:so that|when|which|while|whilst|thus|thereby|rather than|in order to|to allow"
    r"|as well as|as a (?:potential )?way|needs? to|that (?:is|are))\b",
    re.IGNORECASE,
)
_FILLER_RE = re.compile(r"^(?:There is a need (?:to|for)|It is recommended that)\s+", re.IGNORECASE)
_INTRO_RE = re.compile(r"^(?:In keeping with|Working with|While|Whilst)\b", re.IGNORECASE)
_TRAILING_SMALL = {"a", "an", "and", "or", "the", "of", "to", "in", "for", "with", "on", "by", "within"}


def short_title(text: str, max_words: int = 12) -> str:
    """A short title from a recommendation: its first clause, about ``max_words`` long.

    A leading context clause ("In keeping with ..., defines ...") is skipped to the main verb, and
    long asides in brackets are dropped; acronyms in brackets ("(WSCB)") stay.
    """
    text = re.sub(r"\s+", " ", text or "").strip().rstrip(";.,: ")
    text = _FILLER_RE.sub("", text)
    text = re.sub(r"\s*\((?:[^()]*\s){2,}[^()]*\)", "", text)
    clauses = re.split(r",\s+", text)
    if _INTRO_RE.match(text) and len(clauses) > 1:
        main = next((i for i, c in enumerate(clauses[1:], 1) if re.match(r"[a-z]+(?:ing|es|s)\b", c)), 0)
        text = ", ".join(clauses[main:])
    for m in _CLAUSE_END_RE.finditer(text):
        if len(text[: m.start()].split()) >= 3:
            text = text[: m.start()]
            break
    words = text.split()
    # A little over the limit reads better than a cut just before the last word or two.
    if len(words) > max_words + 2:
        words = words[:max_words]
        while len(words) > 1 and words[-1].lower() in _TRAILING_SMALL:
            words.pop()
        words[-1] += "…"
    title = " ".join(words)
    return title[:1].upper() + title[1:]


def stating_sentence(response: str, status: str | None) -> str:
    """The sentence of a response that states ``status``: the paper's own words for it ("" for none).

    Not simply the first sentence: in "The established audit programme ... Consideration has been
    given ... but it is not viewed ... to be an improvement" the position is the last one.
    """
    if not status:
        return ""
    for sentence in re.split(r"(?<=[.!?])\s+", re.sub(r"\s+", " ", response)):
        if statuses.from_response(sentence) == status:
            return sentence
    return response


def make_review(
    council: str, committee: str, when: date | None, title: str, source: str, layout: str, kind: str = "task-group"
) -> Review:
    """The Review of a paper, with its readable slug."""
    return Review(
        slug=review_slug(council, when, title),
        title=title,
        council=council,
        committee=committee,
        date=when,
        kind=kind,
        source=source,
        layout=layout,
    )
