"""Text helpers shared by the layouts: cleaning converted markup, the paper's date, review slugs."""

from __future__ import annotations

import html
import re
from datetime import date, datetime

from ..ids import slugify

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE_RE = re.compile(rf"\b(\d{{1,2}})\s*(?:st|nd|rd|th)?\s+({_MONTHS})\s+(\d{{4}})\b", re.IGNORECASE)
# Only the markup the conversions produce: "<!channel>" in a paper is text, not a tag.
_TAG_RE = re.compile(
    r"</?(?:b|i|u|em|strong|p|ul|ol|li|sup|sub|span|div|br|table|tr|td|th|a|font)\b[^>]*>", re.IGNORECASE
)
_LIST_ITEM_RE = re.compile(r"<li[^>]*>", re.IGNORECASE)
_BLOCK_END_RE = re.compile(r"</(?:p|ul|ol|li)>|<br\s*/?>", re.IGNORECASE)

# Words that say what kind of paper it is rather than what the review is about.
_GENERIC = set(
    """a an and the of to for in on by with from at executive response final report
    interim task group scrutiny review update progress children young people select
    committee council cabinet member members s december january february march april may
    june july august september october november leader head paid service""".split()
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
    text = _LIST_ITEM_RE.sub("\n• ", fragment or "")
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
