"""Date phrases as committee papers and chat write them ("by mid June", "31/3/2027"), resolved
against a date given as an argument: nothing here reads the clock."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from .errors import UserError

# Spelled out rather than taken from ``calendar.month_name``, which follows the process locale.
_NAMES = "January February March April May June July August September October November December".split()
MONTHS = {name.lower(): n for n, name in enumerate(_NAMES, 1)} | {"sept": 9}
ABBREVIATIONS = {name[:3].lower(): n for n, name in enumerate(_NAMES, 1)}
_DAY_NAMES = "monday tuesday wednesday thursday friday saturday sunday".split()
WEEKDAYS = dict(zip(_DAY_NAMES, (MO, TU, WE, TH, FR, SA, SU), strict=True))
WEEKDAYS |= {name[:3]: wd for name, wd in WEEKDAYS.items()}

_ORD = r"(?:\s?(?:st|nd|rd|th)\b)?"  # "1st", and "6 th" as left by stripping "6 <sup>th</sup>"
_STARTS = {"from", "starting", "commencing", "start", "beginning"}


def _phrase(chat: bool) -> re.Pattern:
    """One grammar for papers and chat. Papers: month names only when capitalised ("may be" is no
    date) and never month-first ("April 16 to March 17" are two-digit years there)."""
    names = sorted(MONTHS | (ABBREVIATIONS if chat else {}), key=len, reverse=True)
    month = "|".join(names) if chat else "(?-i:" + "|".join(n.capitalize() for n in names) + ")"
    month_day = rf"(?:\s+(?P<day2>\d{{1,2}}){_ORD}(?!\d),?)?" if chat else r"(?!\s+\d{1,2}\b)"
    year, dot = (r"\d{4}|\d{2}", r"\.?") if chat else (r"\d{4}", "")
    return re.compile(
        rf"""\b(?:(?P<cue>by|from|in|until|till|before|during|on|for|starting|commencing|due)\s+)?
        (?:the\s+)?(?:(?P<qual>mid|early|late|end|start|beginning)(?:\s*-\s*|\s+of\s+(?:the\s+)?|\s+))?
        (?:(?P<iso>\d{{4}})-(?P<iso_m>\d{{1,2}})-(?P<iso_d>\d{{1,2}})\b
          |(?P<num_d>\d{{1,2}})[/.](?P<num_m>\d{{1,2}})[/.](?P<num_y>{year})\b(?![/.]\d)
          |(?:(?P<day0>\d{{1,2}}){_ORD}\s*(?P<join>and|&|-|–|to)\s*)?(?:(?P<day>\d{{1,2}}){_ORD}\s+(?:of\s+)?)?
           (?P<month>{month})\b{dot}{month_day}(?:,?\s+(?P<year>\d{{4}})\b(?!\s*[/–-]\s*\d))?
          |(?P<year_only>(?:19|20)\d{{2}})\b(?!\s*[/–-]\s*\d))""",
        re.IGNORECASE | re.VERBOSE,
    )


PAPER_PHRASE = _phrase(chat=False)
CHAT_PHRASE = _phrase(chat=True)
# "during March and April 2016": the first month shares the year written after the second.
_SHARED_YEAR = re.compile(rf"\s*(?:and|or|to|&|-|–|/)\s*(?:\d{{1,2}}{_ORD}\s+)?(?-i:{'|'.join(_NAMES)})\s+(\d{{4}})\b")


@dataclass(frozen=True)
class When:
    """A resolved phrase: ``due`` is the deadline; ``start``-``end`` the period it names (a day,
    a month for "in July", a year for "by 2014")."""

    due: date
    start: date
    end: date
    year_given: bool


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def year_from(month: int, anchor: date) -> int:
    """The year of ``month``'s next occurrence on or after ``anchor``'s month."""
    return anchor.year + (month < anchor.month)


def resolve(m: re.Match, anchor: date) -> list[When]:
    """Dates of one matched phrase; raises ValueError for an impossible date ("31 June")."""
    cue, qual = (m["cue"] or "").lower(), (m["qual"] or "").lower()
    before = cue == "before"
    if m["iso"] or m["num_y"]:
        if m["iso"]:
            y, mo, d = int(m["iso"]), int(m["iso_m"]), int(m["iso_d"])
        else:
            y, mo, d = int(m["num_y"]), int(m["num_m"]), int(m["num_d"])
            y += 2000 if y < 100 else 0
        due = date(y, mo, d)
        return [When(due - timedelta(days=before), due, due, True)]
    if m["year_only"]:
        y = int(m["year_only"])
        due = date(y, 1, 1) if cue in _STARTS or qual in _STARTS else date(y - before, 12, 31)
        return [When(due, date(y, 1, 1), date(y, 12, 31), True)]
    month = MONTHS.get(m["month"].lower().rstrip(".")) or ABBREVIATIONS[m["month"][:3].lower()]
    shared = None if m["year"] else _SHARED_YEAR.match(m.string, m.end())
    year_text = m["year"] or (shared and shared[1])
    year = int(year_text) if year_text else year_from(month, anchor)
    day = m["day"] or m.groupdict().get("day2")  # "March 31" is chat only
    days = [day] if day else []
    if m["day0"] and m["join"].lower() in ("and", "&"):
        days.insert(0, m["day0"])  # "22 and 28 June": two dates; "14-18 May" is one ending on the 18th
    if days:
        dates = [date(year, month, int(d)) for d in days]
        return [When(d - timedelta(days=before), d, d, bool(year_text)) for d in dates]
    end = month_end(year, month)
    # A commitment "in March" is late only once March is over; "mid", "early" and "from" say otherwise.
    if qual == "mid":
        due = date(year, month, 15)
    elif qual == "early":
        due = date(year, month, 10)
    elif qual in _STARTS or cue in _STARTS:
        due = date(year, month, 1)
    elif before:
        due = date(year, month, 1) - timedelta(days=1)
    else:
        due = end
    return [When(due, end.replace(day=1), end, bool(year_text))]


FORMS = (
    "Try 31 March 2027, 2027-03-31, 31/3/2027 (day first), end of March, mid June, March 2027, "
    "next Friday, tomorrow or in 2 weeks."
)
HELP = "I can't read “{}” as a date. " + FORMS
_RELATIVE = re.compile(
    r"(?:(?P<today>today)|(?P<tomorrow>tomorrow)|(?P<yesterday>yesterday)|(?:(?P<next>next|this|coming)\s+)?(?P<weekday>[a-z]{3,9})"
    r"|in\s+(?P<n>\d{1,3})\s+(?P<unit>day|week|month)s?|end\s+of\s+(?:the\s+)?(?P<which>this|next)?\s*(?P<span>month|year))"
)


def _relative(s: str, today: date) -> date | None:
    m = _RELATIVE.fullmatch(s)
    if not m or (m["weekday"] and m["weekday"] not in WEEKDAYS):
        return None
    if m["today"] or m["tomorrow"] or m["yesterday"]:
        return today + timedelta(days=bool(m["tomorrow"]) - bool(m["yesterday"]))
    if m["weekday"]:
        # "next Friday" is the first Friday after today (as most calendars read it); "this Friday"
        # may be today.
        return today + relativedelta(days=0 if m["next"] == "this" else 1, weekday=WEEKDAYS[m["weekday"]])
    if m["unit"]:
        n = int(m["n"])
        return today + relativedelta(**{m["unit"] + "s": n})
    if m["span"] == "year":
        return date(today.year + (m["which"] == "next"), 12, 31)
    shifted = today + relativedelta(months=m["which"] == "next")
    return month_end(shifted.year, shifted.month)


def parse_due(text: str, today: date) -> date:
    """A due date typed in chat, resolved against ``today``; raises UserError saying what is accepted."""
    s = " ".join(re.sub(r"<sup>\s*(st|nd|rd|th)\s*</sup>", r"\1", text or "", flags=re.I).split())
    s = s.lower().rstrip(".,;!")
    if not s:
        raise UserError(HELP.format(text or ""))
    if (found := _relative(re.sub(r"^(?:by|on|due)\s+", "", s), today)) is not None:
        return found
    m = CHAT_PHRASE.fullmatch(s)
    # A bare "2027" is too vague to chase; "end of 2027" or "by 2027" is not.
    if not m or (m["year_only"] and not (m["cue"] or m["qual"])):
        raise UserError(HELP.format(text))
    try:
        whens = resolve(m, today)
    except ValueError:
        raise UserError(f"There is no such date as “{text}”. {FORMS}") from None
    if len(whens) > 1:
        raise UserError(f"“{text}” names {len(whens)} dates: give one target date at a time.")
    return whens[0].due


# A timetable cell of an action plan: "01/03/26", "Cabinet – 12 October 2011", "6 months", "Q2",
# "end of March", "October 2011 to March 2012" (the end), or no date at all ("On-going", "-").
NO_TARGET = re.compile(r"[-–—]+|on-?going|continuous|immediate(?:ly)?|tbc|tba|n/?a|none|various|complete[d]?", re.I)
_PERIOD = re.compile(r"\b(?:within\s+|in\s+)?(\d{1,2})\s*(day|week|month|year)s?\b", re.I)
# Quarters of the financial year (April to March), as councils number them.
_QUARTER = re.compile(r"\bQ([1-4])\b(?:\s*(?:of\s+)?(\d{4})(?:\s*/\s*(\d{2,4}))?)?", re.I)
_QUARTER_END = {1: (6, 30), 2: (9, 30), 3: (12, 31), 4: (3, 31)}


def resolve_timetable(phrase: str, anchor: date) -> date | None:
    """The target date a timetable cell names, resolved against the paper's date; None for no date."""
    s = " ".join((phrase or "").replace("\u2013", "–").split()).strip(" .,;")
    if not s or NO_TARGET.fullmatch(s):
        return None
    if m := _PERIOD.search(s):
        return anchor + relativedelta(**{m[2].lower() + "s": int(m[1])})
    if m := _QUARTER.search(s):
        month, day = _QUARTER_END[int(m[1])]
        if m[2]:
            start = int(m[2])  # "Q2 2026/27": the financial year starting April 2026
            return date(start + (month <= 3), month, day)
        due = date(anchor.year, month, day)
        return due if due >= anchor else date(anchor.year + 1, month, day)
    found = None
    for m in CHAT_PHRASE.finditer(s):
        try:
            whens = resolve(m, anchor)
        except ValueError:
            continue
        found = whens[-1].due  # a range's end: "October 2011 to March 2012"
    return found
