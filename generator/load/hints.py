"""Hints that name the obvious fix: a retyped quote whose punctuation differs from the
source's, a comparator written in Chinese, a deadline written the Chinese way, a
codebook entry given by its name instead of its id."""

from __future__ import annotations

import re

from generator.load import lexicon as lx
from generator.load.quotes import squash

#: Full-width punctuation and the ASCII a capture may have instead (and back).
_PUNCTUATION = {
    "\uff0c": ",",
    "\uff1b": ";",
    "\uff1a": ":",
    "\uff08": "(",
    "\uff09": ")",
    "\uff01": "!",
    "\uff1f": "?",
}
_TO_ASCII = str.maketrans(_PUNCTUATION)
_CHINESE_DATE = re.compile(
    r"^\s*(\d{4})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?)?\s*(?:前|底|末)?\s*$"
)


def punctuation_hint(quote: str, source: str) -> str | None:
    """When the quote is in the source but for full-width against ASCII punctuation, say
    which marks the source uses (a quote retyped with , where the capture has ,)."""
    needle = squash(quote).translate(_TO_ASCII)
    haystack = squash(source)
    start = haystack.translate(_TO_ASCII).find(needle)
    if start < 0:
        return None
    passage = haystack[start : start + len(needle)]
    differences = sorted({(q, s) for q, s in zip(squash(quote), passage, strict=False) if q != s})
    if not differences:
        return None
    said = "; ".join(
        f"the source writes '{s}' ({_kind(s)}) where the quote has '{q}' ({_kind(q)})"
        for q, s in differences
    )
    return f"{said}: copy the source's punctuation"


def _kind(mark: str) -> str:
    return "ASCII" if mark.isascii() else "full-width"


def comparator_hint(written: object) -> str | None:
    """``comparator: 不少于`` -> write at-least."""
    if not isinstance(written, str):
        return None
    comparator = lx.comparator_for_word(written)
    if comparator is None:
        return (
            "write one of at-least (不少于/至少), more-than (超过), about (约/左右), "
            "exactly, at-most (不超过/以内), between (a range with value_max)"
        )
    return f"{written} is comparator: {comparator}"


def date_hint(written: object) -> str | None:
    """``deadline: 2027年`` -> write "2027"; ``2026年7月`` -> "2026-07"."""
    if not isinstance(written, str):
        return None
    match = _CHINESE_DATE.match(written)
    if match is None:
        return None
    year, month, day = match.groups()
    parts = [year] + [f"{int(p):02d}" for p in (month, day) if p]
    return f'the source states it: write "{"-".join(parts)}"'


def name_hint(written: object, names: dict[str, str], what: str) -> str | None:
    """A codebook entry given by its Chinese or English name -> its id."""
    if not isinstance(written, str):
        return None
    entry = names.get(written.strip())
    if entry is None:
        close = [n for n in names if written.strip() and written.strip() in n]
        if len(close) != 1:
            return None
        entry = names[close[0]]
        return f"'{written}' is part of the name of {what} '{entry}' ({close[0]}): write its id"
    return f"'{written}' is the name of {what} '{entry}': write its id, {entry}"
