"""Milestones: the dated commitments inside a paper's response text, and due dates typed in chat.

Finding is a small grammar (``tracker.dates``); deciding what is a commitment is the paper's own
date: anything that ends before it is history ("evaluated in 2012"), not a target.
"""

from __future__ import annotations

import html
import re
from datetime import date

from .dates import NO_TARGET, PAPER_PHRASE, When, parse_due, resolve, resolve_timetable
from .models import Milestone

__all__ = ["extract", "from_timetable", "parse_due"]

MAX_LABEL = 80
_CUES_FOR_A_YEAR = {"by", "in", "during", "before", "until", "till"}  # "by 2014", never "Regulations 2016"

# Converted papers: "1 <sup>st</sup>" and list markup. Blocks end at tabs (table cells) and lines.
_SUP = re.compile(r"\s*<sup>\s*(st|nd|rd|th)\s*</sup>", re.I)
_SPLIT_ORDINAL = re.compile(r"\b(\d{1,2}) (st|nd|rd|th)\b")
_BLOCK_TAG = re.compile(r"</?(?:p|li|ul|ol|br|tr|td|div)\b[^>]*>", re.I)
_TAG = re.compile(r"</?[a-z]+\b[^>]*>", re.I)
_BLOCK = re.compile(r"[\t\n]+")
# Sentences: after . ! ? ; or at a double space or bullet (cells run "By end July  Third stage ...").
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\s{2,}|\s*[•□▪]\s*")

# Tense of the words around a yearless date: "was appointed in May" is history, "is planned for
# 6th June" is not. Clause resets keep "agreed that from July the actions will ..." a commitment.
_PAST = re.compile(
    r"\b(?:was|were|had|has been|have been|did|took place|endorsed|agreed|approved|confirmed|decided"
    r"|resolved|held|published|launched|appointed|commenced|attended|signed)\b",
    re.I,
)
_FUTURE = re.compile(
    r"\b(?:will|shall|to be|planned|plans? to|expected|intend\w*|intention|aim\w*|going to|scheduled"
    r"|provisional|target\w*|next|due)\b",
    re.I,
)
_RESET = re.compile(r"[,;]?\s+(?:that|which|and|but)\s+|[,;]\s+", re.I)
# A date alone in its line, or beside a weekday or "Update", heads the paper or a column.
_DATELINE = re.compile(r"[\W\d_]*(?:(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|update)\b[\W\d_]*)?", re.I)

# Labels: the clause that holds the phrase, else its sentence, else the sentence before that says
# what the work is ("First stage is to produce ...  This work will be completed by mid June.").
_CLAUSE = re.compile(
    r",?\s+(?:with|which|whilst|while|but|so that)\s+|[,;]\s+|\s+and\s+(?=(?:the|a|an|this|it|there|we|they)\s)"
)
_HEAD_CUT = re.compile(r",?\s+(?:with|which|whilst|to ensure|including|so that|in order to)\s+|,\s+")
_PREFIX = re.compile(
    r"^(?:(?:\d{1,2}[.)]|[-–•])\s+|that\s+|there\s+(?:will be|is|are)\s+|the intention is to\s+"
    r"|it is (?:planned|intended) (?:to|that)\s+|.*?\b(?:agreed|decided|resolved|confirmed)\s+that\s+)",
    re.I,
)
_STAGE = re.compile(r"^(\w+ stage)\s+(?:is|will be)\s+to\s+(?:produce\s+)?(?:(?:a|an|the)\s+)?", re.I)
_VAGUE = re.compile(r"^(?:this|it|these|they|that|those|to be|which|will|is|are|was|were|be|has|have)\b", re.I)


def extract(text: str, paper_date: date) -> list[Milestone]:
    """Every dated commitment in ``text`` in order of appearance, de-duplicated, each resolved
    against ``paper_date`` (a month without a year is its next occurrence from the paper's month)."""
    found: list[Milestone] = []
    seen: set[tuple[str, date]] = set()
    for block in _BLOCK.split(_clean(text)):
        sentences = _sentences(block)
        for i, sentence in enumerate(sentences):
            anchor = paper_date
            for m in PAPER_PHRASE.finditer(sentence):
                try:
                    whens = resolve(m, anchor)
                except ValueError:  # "31 June": a typo in the paper is not a target
                    continue
                if whens[0].year_given:
                    # "commenced in April 2016 and will be completed by September": that September.
                    anchor = whens[0].start
                if not _is_commitment(m, whens, sentence, paper_date):
                    continue
                source = " ".join(m[0].split())
                label = _label(sentences, i, m)
                for when in whens:
                    if (source.lower(), when.due) not in seen:
                        seen.add((source.lower(), when.due))
                        found.append(Milestone(label=label, due=when.due, source=source))
    return found


def _sentences(block: str) -> list[str]:
    out = []
    for sentence in filter(None, (s.strip() for s in _SENTENCE.split(block) if s)):
        # "By end July Third stage will be ...": a cell's closing date fragment run into the next
        # sentence once the importer joined the lines; the date belongs to what came before.
        m = PAPER_PHRASE.match(sentence)
        if m and (m["cue"] or m["qual"]) and re.match(r"\s+[A-Z][a-z]", sentence[m.end() :]):
            out += [sentence[: m.end()], sentence[m.end() :].strip()]
        else:
            out.append(sentence)
    return out


def _clean(text: str) -> str:
    text = _SUP.sub(r"\1", text or "")
    text = _TAG.sub("", _BLOCK_TAG.sub("\n", text))
    return _SPLIT_ORDINAL.sub(r"\1\2", html.unescape(text))


def _is_commitment(m: re.Match, whens: list[When], sentence: str, paper_date: date) -> bool:
    cue, qual = (m["cue"] or "").lower(), m["qual"]
    if m["year_only"] and not (cue in _CUES_FOR_A_YEAR or (qual or "").lower() == "end"):
        return False
    if m["month"] and not (whens[0].year_given or m["day"] or qual or cue):
        return False  # a bare month word: "the April Improvement Board"
    if not cue and _DATELINE.fullmatch(sentence[: m.start()] + " " + sentence[m.end() :]):
        return False
    if max(w.end for w in whens) < paper_date:
        return False  # history, not a target
    # Wholly after the paper, it can only be a plan; yearless, or a period the paper falls in
    # ("in 2013" of a June 2013 paper), the tense decides.
    if whens[0].year_given and whens[0].start >= paper_date:
        return True
    return not _in_the_past(sentence[: m.start()], sentence[m.end() :])


def _in_the_past(before: str, after: str) -> bool:
    before = _RESET.split(before)[-1]
    after = re.split(r"[.;]\s|,\s+|\s+(?:and|but|which)\s+", after, maxsplit=1)[0]
    if _FUTURE.search(before):
        return False
    return bool(_PAST.search(before)) or (bool(_PAST.search(after)) and not _FUTURE.search(after))


def _label(sentences: list[str], i: int, m: re.Match) -> str:
    sentence = sentences[i]
    starts = [0] + [c.end() for c in _CLAUSE.finditer(sentence) if c.end() <= m.start()]
    ends = [c.start() for c in _CLAUSE.finditer(sentence) if c.start() >= m.end()] + [len(sentence)]
    clause = sentence[starts[-1] : m.start()] + " " + sentence[m.end() : ends[0]]
    whole = sentence[: m.start()] + " " + sentence[m.end() :]
    for candidate in [clause, whole, *reversed(sentences[max(0, i - 2) : i])]:
        label = _tidy(candidate)
        if len(label.split()) >= 3 and not _VAGUE.match(label):
            return label
    return _tidy(whole) or " ".join(m[0].split())


def _tidy(text: str) -> str:
    text = " ".join(text.split()).strip(" .,;:-–")
    text = _STAGE.sub(r"\1: ", _PREFIX.sub("", text, count=1))
    head = _HEAD_CUT.split(text, maxsplit=1)[0]
    if len(head.split()) >= 3:
        text = head
    text = re.sub(r"\s+(?:by|from|in|on|for|of|until|before|to|and|the)$", "", text.strip(" .,;:-–"), flags=re.I)
    if len(text) > MAX_LABEL:
        text = text[: MAX_LABEL - 1].rsplit(" ", 1)[0].rstrip(" ,;:-–") + "…"
    return text[:1].upper() + text[1:]


def from_timetable(phrase: str, paper_date: date | None, label: str = "Target date") -> list[Milestone]:
    """The milestone a timetable or target-date cell names, keeping the phrase it came from.

    "On-going" or "-" is no milestone; a phrase that cannot be dated (or a paper without a date to
    resolve "6 months" against) is kept with no due date, so that nothing the paper said is lost.
    """
    phrase = " ".join((phrase or "").split())
    if not phrase or NO_TARGET.fullmatch(phrase.strip(" .")):
        return []
    due = resolve_timetable(phrase, paper_date) if paper_date else None
    return [Milestone(label=label, due=due, source=phrase)]
