"""Word's automatic list numbers ("1.", "a)", "(iii)"), which live in numbering.xml rather than in the text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class Numbering:
    """Counts numbered paragraphs per list as Word does and renders each one's label."""

    nums: dict[str, dict[int, _Level]] = field(default_factory=dict)
    style_nums: dict[str, tuple[str, int]] = field(default_factory=dict)
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def from_part(cls, document_part) -> Numbering:
        """The numbering definitions of a python-docx document part (none when it has no list)."""
        numbering = cls()
        try:
            root = document_part.numbering_part.element
        except (KeyError, NotImplementedError):
            return numbering
        abstract: dict[str, dict[int, _Level]] = {}
        for an in root.iterchildren(q("abstractNum")):
            abstract[an.get(q("abstractNumId"))] = {
                int(lvl.get(q("ilvl")) or 0): _level(lvl) for lvl in an.iterchildren(q("lvl"))
            }
        for num in root.iterchildren(q("num")):
            ref = num.find(q("abstractNumId"))
            levels = dict(abstract.get(ref.get(q("val")) if ref is not None else "", {}))
            for override in num.iterchildren(q("lvlOverride")):
                ilvl = int(override.get(q("ilvl")) or 0)
                start = override.find(q("startOverride"))
                if ilvl in levels and start is not None:
                    levels[ilvl] = _Level(levels[ilvl].fmt, levels[ilvl].text, int(start.get(q("val")) or 1))
            numbering.nums[num.get(q("numId"))] = levels
        for style in document_part.styles.element.iterchildren(q("style")):
            num_pr = style.find(f"{q('pPr')}/{q('numPr')}")
            if num_pr is not None:
                numbering.style_nums[style.get(q("styleId"))] = _num_ref(num_pr, ("", 0))
        return numbering

    def label(self, ppr, style_id: str) -> str | None:
        """The paragraph's list label ("" for a bullet), or None when it is not a list item."""
        num_pr = ppr.find(q("numPr")) if ppr is not None else None
        if num_pr is None and style_id not in self.style_nums:
            return None
        num_id, ilvl = _num_ref(num_pr, self.style_nums.get(style_id, ("", 0)))
        levels = self.nums.get(num_id)
        if not levels or num_id == "0":
            return None
        level = levels.get(ilvl, _Level())
        counts = self.counters.setdefault(num_id, [])
        while len(counts) <= ilvl:
            counts.append(0)
        counts[ilvl] += 1
        del counts[ilvl + 1 :]
        if level.fmt in ("bullet", "none"):
            return ""
        values = [
            (levels.get(i, _Level()).start - 1 + n) if n else levels.get(i, _Level()).start
            for i, n in enumerate(counts)
        ]
        return re.sub(
            r"%(\d)",
            lambda m: (
                _format(values[int(m.group(1)) - 1], levels.get(int(m.group(1)) - 1, _Level()).fmt)
                if int(m.group(1)) - 1 < len(values)
                else ""
            ),
            level.text,
        ).strip()


def _level(lvl) -> _Level:
    def val(tag: str, default: str) -> str:
        el = lvl.find(q(tag))
        return el.get(q("val")) if el is not None and el.get(q("val")) is not None else default

    return _Level(val("numFmt", "decimal"), val("lvlText", ""), int(val("start", "1") or 1))


def _num_ref(num_pr, default: tuple[str, int]) -> tuple[str, int]:
    if num_pr is None:
        return default
    num_id = num_pr.find(q("numId"))
    ilvl = num_pr.find(q("ilvl"))
    return (
        num_id.get(q("val")) if num_id is not None else default[0],
        int(ilvl.get(q("val")) or 0) if ilvl is not None else default[1],
    )


def _format(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while n > 0:
            n, rem = divmod(n - 1, 26)
            letters = chr(97 + rem) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman.upper() if fmt == "upperRoman" else roman
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):  # fmt: skip
        while n >= value:
            out += numeral
            n -= value
    return out
