"""Checking quotes against archived source texts, and figures against their quotes."""

from __future__ import annotations

import functools
import math
import re

from generator.load.numerals import find_number

_WHITESPACE = re.compile(r"\s+")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")

_DIGITS = "零一二三四五六七八九"
_NUMERAL_CHARS = "零一二三四五六七八九十百千万两兩萬"
_SMALL_UNITS = ((1000, "千"), (100, "百"), (10, "十"))


@functools.lru_cache(maxsize=256)
def squash(text: str) -> str:
    """Text with all whitespace removed: quotes match whitespace-insensitively.

    Cached: each archived source text is squashed once, not once for every quote in it."""
    return _WHITESPACE.sub("", text)


def find_quote(quote: str, source: str) -> int:
    """The offset of ``quote`` in ``source`` after squashing both, or -1."""
    return squash(source).find(squash(quote))


def matched_prefix(quote: str, source: str) -> str:
    """The longest start of the squashed ``quote`` that occurs in the squashed ``source``:
    where a quote that is not found stops matching."""
    needle, haystack = squash(quote), squash(source)
    low, high = 0, len(needle)
    while low < high:
        middle = (low + high + 1) // 2
        if needle[:middle] in haystack:
            low = middle
        else:
            high = middle - 1
    return needle[:low]


def _below_ten_thousand(n: int) -> str:
    out: list[str] = []
    zero_pending = False
    for size, unit in _SMALL_UNITS:
        digit, n = divmod(n, size)
        if digit:
            if zero_pending:
                out.append("零")
            out.append(_DIGITS[digit] + unit)
            zero_pending = False
        elif out:
            zero_pending = True
    if n:
        if zero_pending or (out and not out[-1].endswith("十")):
            out.append("零")
        out.append(_DIGITS[n])
    return "".join(out)


def chinese_numerals(n: int) -> set[str]:
    """Common ways to write a non-negative integer in Chinese numerals (simplified and
    traditional): 80 -> 八十; 12 -> 十二, 一十二; 2 -> 二, 两, 兩; 20000 -> 二万, 两万."""
    if n < 0 or n >= 100_000_000:
        return set()
    if n == 0:
        return {"零"}
    high, low = divmod(n, 10_000)
    text = ""
    if high:
        text = _below_ten_thousand(high) + "万"
        if low and low < 1000:
            text += "零"
    if low:
        text += _below_ten_thousand(low)
    forms = {text}
    if text.startswith("一十"):
        forms.add(text[1:])
    for form in list(forms):
        if form.startswith("二") and len(form) > 1 and form[1] in "百千万":
            forms.add("两" + form[1:])
        if form == "二":
            forms.add("两")
    forms |= {short for short in map(_spoken, forms) if short is not None}
    forms |= {f.replace("万", "萬").replace("两", "兩") for f in forms}
    return forms


_SPOKEN = re.compile(r"^(.*([百千万]))([一二三四五六七八九])([十百千])$")
_NEXT_UNIT_DOWN = {"百": "十", "千": "百", "万": "千"}


def _spoken(form: str) -> str | None:
    """The everyday short form that drops the last unit: 一百五十 -> 一百五, 一万五千 -> 一万五."""
    match = _SPOKEN.match(form)
    if match and _NEXT_UNIT_DOWN[match.group(2)] == match.group(4):
        return match.group(1) + match.group(3)
    return None


def whole_number(value: float) -> int | None:
    """``value`` as an int when it is a whole number (90.0 -> 90), else ``None``."""
    if isinstance(value, int):
        return value
    return int(value) if math.isfinite(value) and value.is_integer() else None


def format_number(value: float) -> str:
    """A number as an editor wrote it: 90, 2.5, never 9e+01 (and no overflow for huge ints)."""
    whole = whole_number(value)
    return str(whole) if whole is not None else repr(float(value))


def _in_wan(n: int) -> str:
    """``n`` in units of 万, exactly: 15000 -> 1.5, 123456789 -> 12345.6789."""
    wan, rest = divmod(n, 10_000)
    return f"{wan}.{rest:04d}".rstrip("0") if rest else str(wan)


def arabic_forms(value: float) -> set[str]:
    """Ways the number can stand in Arabic digits: 90 -> 90; 5031.87 -> 5031.87;
    15000 -> 15000, 15,000, 1.5万."""
    n = whole_number(value)
    if n is None:
        return {repr(float(value)).rstrip("0")} if math.isfinite(value) else set()
    forms = {str(n)}
    if n >= 1000:
        forms.add(f"{n:,}")
    if n >= 10_000:
        forms |= {_in_wan(n) + "万", _in_wan(n) + "萬"}
    return forms


def number_in_quote(value: float, quote: str) -> bool:
    """Whether ``value`` occurs in ``quote`` as Arabic digits or Chinese numerals, or as
    the lexicon reads a numeral (14千 for 14000, 百 of 百所 for 100)."""
    if find_number(quote, value):
        return True
    text = squash(quote).translate(_FULLWIDTH_DIGITS)
    for form in arabic_forms(value):
        zeros = "0*" if "." in form and not form.endswith(("万", "萬")) else ""
        if re.search(rf"(?<![\d.]){re.escape(form)}{zeros}(?!\d|\.\d)", text):
            return True
    n = whole_number(value)
    if n is not None:
        for form in chinese_numerals(n):
            if re.search(rf"(?<![{_NUMERAL_CHARS}]){re.escape(form)}(?![{_NUMERAL_CHARS}])", text):
                return True
    return False
