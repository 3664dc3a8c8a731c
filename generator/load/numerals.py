"""Numerals in a quote: where each one is written and the number it denotes.

A quote is read as the validator reads it (:func:`reading`: whitespace removed, full-width
digits and signs made ASCII). :func:`numbers_in` finds every numeral of the reading as a
:class:`NumberSpan`: Arabic digits with an optional magnitude (1.13万, 14千) and Chinese
numerals (六, 十二, 一万五, bare 百 千 万 as in 百所 千名). :func:`find_number` finds the
numerals that write a given value. The words around a numeral are the lexicon's business
(:mod:`generator.load.lexicon`); this module only reads numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

_WHITESPACE = re.compile(r"\s+")
_FULLWIDTH = str.maketrans(
    "\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19\uff0e\uff05\uff5e\uff0d",
    "0123456789.%~-",
)

#: Magnitude characters after digits (1.13万, 14千).
MAGNITUDES = {
    "万": 10_000,
    "萬": 10_000,
    "千": 1_000,
    "百": 100,
    "亿": 100_000_000,
    "億": 100_000_000,
}
_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
CN_NUMERAL_CHARS = "".join([*_CN_DIGITS, *_CN_UNITS, *_CN_BIG])
_ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_CHINESE = re.compile(rf"[{CN_NUMERAL_CHARS}]+")


@dataclass(frozen=True)
class NumberSpan:
    """One numeral in a quote's :func:`reading`: ``text[start:end]`` is how it is written.

    ``digits`` is the number as written before its magnitude (1.13 of 1.13万), ``magnitude``
    that magnitude (10000; 1 when none), ``value`` the number it denotes (11300)."""

    start: int
    end: int
    text: str
    digits: float
    magnitude: int = 1

    @property
    def value(self) -> float:
        value = self.digits * self.magnitude
        return round(value) if abs(value - round(value)) < 1e-9 else value


def reading(quote: str) -> str:
    """The quote as figures are read in it: no whitespace, full-width digits and signs ASCII."""
    return _WHITESPACE.sub("", quote).translate(_FULLWIDTH)


def parse_chinese_numeral(text: str) -> int | None:
    """The value of a Chinese numeral (六 十二 两千 一万五 百), or ``None`` when ``text`` is
    not one numeral (十百千千 is four)."""
    total, section, digit = 0, 0, None
    last_unit = 0  # the last unit written, for the spoken short form 一万五 / 一百五
    zero = False
    for char in text:
        if char in _CN_DIGITS:
            if digit is not None and not zero:
                return None  # 一二 is not a numeral
            digit, zero = _CN_DIGITS[char], _CN_DIGITS[char] == 0
            if zero:
                digit = None
                zero = True
        elif char in _CN_UNITS:
            unit = _CN_UNITS[char]
            if section and last_unit and unit >= last_unit:
                return None
            section += (1 if digit is None else digit) * unit
            digit, last_unit, zero = None, unit, False
        else:
            big = _CN_BIG[char]
            if total and big >= last_unit and last_unit >= 10_000:
                return None
            section += digit or 0
            total += (section or 1) * big
            section, digit, last_unit, zero = 0, None, big, False
    if digit is not None:
        spoken = last_unit and not zero and text[-2] in (*_CN_UNITS, *_CN_BIG)
        section += digit * (last_unit // 10) if spoken else digit
    return total + section


def _chinese_spans(text: str) -> Iterator[NumberSpan]:
    for match in _CHINESE.finditer(text):
        run = match.group()
        value = parse_chinese_numeral(run)
        if value is not None:
            yield NumberSpan(match.start(), match.end(), run, value)
            continue
        for offset, char in enumerate(run):  # 十百千千: each character its own numeral
            single = parse_chinese_numeral(char)
            if single is not None:
                start = match.start() + offset
                yield NumberSpan(start, start + 1, char, single)


def _arabic_spans(text: str) -> Iterator[NumberSpan]:
    for match in _ARABIC.finditer(text):
        start, end = match.span()
        if start and (text[start - 1].isdigit() or text[start - 1] == "."):
            continue
        digits = float(match.group().replace(",", ""))
        magnitude = MAGNITUDES.get(text[end : end + 1], 1)
        if magnitude > 1:
            end += 1
        written = digits if "." in match.group() else int(digits)
        yield NumberSpan(start, end, text[start:end], written, magnitude)


def numbers_in(quote: str) -> list[NumberSpan]:
    """Every numeral in the quote's :func:`reading`, in order of position."""
    return list(_numbers_in(quote))


@lru_cache(maxsize=4096)  # a figure's checks read the numerals of its quote many times
def _numbers_in(quote: str) -> tuple[NumberSpan, ...]:
    text = reading(quote)
    arabic = list(_arabic_spans(text))
    taken = {i for span in arabic for i in range(span.start, span.end)}
    chinese = [s for s in _chinese_spans(text) if not taken & set(range(s.start, s.end))]
    return tuple(sorted([*arabic, *chinese], key=lambda s: s.start))


def find_number(quote: str, value: float) -> list[NumberSpan]:
    """The numerals of the quote that write ``value``: as the number they denote (11300 for
    1.13万) or as the digits before a magnitude kept in the unit (5031.87 of 5031.87万元)."""
    return [
        s for s in _numbers_in(quote) if same_number(s.value, value) or same_number(s.digits, value)
    ]


def same_number(a: float, b: float) -> bool:
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    try:
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    except OverflowError:  # an integer too large for a float is no figure of a quote
        return False
