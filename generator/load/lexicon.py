"""The words around a figure: one lexicon for the validator and for anything that proposes
figures (``atlas draft``), so that what is proposed is what the validator accepts.

A quote is read as the validator reads it: whitespace removed and full-width digits made
ASCII (:func:`reading`). Every numeral in it is a :class:`NumberSpan` (Arabic digits with
an optional magnitude, 1.13万 14千余; Chinese numerals, 六 十二 一万五 and bare 百 千 万 as
in 百所 千名). :func:`words_in` then names the words around one number:

- the comparator they state (不少于 at-least, 超过 more-than, 左右 about, 不超过 at-most,
  a range 1至2个 between; none of them: exactly),
- whether the number is rounded (1.13万 for 11300, 14千余 for "more than 14,000"),
- the rate basis (每年 每学期 每月 每周 …) and the scope (县级 校级 区级 …).

Usage::

    from generator.load import lexicon
    for number in lexicon.numbers_in(quote):
        words = lexicon.words_in(quote, number)
        words.comparator, words.per, words.scope, words.rounding
    lexicon.expected_comparator(quote, 200)   # "at-least" for 不低于200M

Offsets are into :func:`reading` of the quote, never into the raw quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from generator.load.numerals import (
    CN_NUMERAL_CHARS,
    NumberSpan,
    find_number,
    numbers_in,
    reading,
    same_number,
)

LexComparator = Literal["at-least", "more-than", "about", "exactly", "at-most", "between"]
Basis = Literal[
    "total",
    "share",
    "per-year",
    "per-school-year",
    "per-term",
    "per-quarter",
    "per-month",
    "per-week",
    "per-day",
]
ScopeId = Literal["national", "provincial", "city", "district", "county", "school"]

# --- the lexicon ------------------------------------------------------------------------

#: Comparator words written before the number (不少于30课时), longest first when matched.
PREFIX_WORDS: dict[str, LexComparator] = {
    "不少于": "at-least",
    "不少於": "at-least",
    "不低于": "at-least",
    "不低於": "at-least",
    "不小于": "at-least",
    "不小於": "at-least",
    "至少": "at-least",
    "最少": "at-least",
    "超过": "more-than",
    "超過": "more-than",
    "超": "more-than",
    "多于": "more-than",
    "多於": "more-than",
    "高于": "more-than",
    "高於": "more-than",
    "大于": "more-than",
    "大於": "more-than",
    "不超过": "at-most",
    "不超過": "at-most",
    "不多于": "at-most",
    "不多於": "at-most",
    "不高于": "at-most",
    "不高於": "at-most",
    "不大于": "at-most",
    "不大於": "at-most",
    "至多": "at-most",
    "最多": "at-most",
    "大约": "about",
    "大約": "about",
    "约": "about",
    "約": "about",
    "将近": "about",
    "將近": "about",
    "接近": "about",
    "近": "about",
}
#: Comparator words written after the number and its unit (200人以上, 80个左右).
SUFFIX_WORDS: dict[str, LexComparator] = {
    "及以上": "at-least",
    "以上": "at-least",
    "及以下": "at-most",
    "以下": "at-most",
    "以内": "at-most",
    "以內": "at-most",
    "左右": "about",
}
#: Words right after the digits (or their magnitude) that round up: 14千余, 200多所.
MORE_WORDS: dict[str, LexComparator] = {"余": "more-than", "餘": "more-than", "多": "more-than"}
#: Words joining the two ends of a range (1至2个, 3~5个, 3-5款).
RANGE_WORDS = ("至", "到", "~", "-", "—", "–", "〜")
#: Rate bases, by the time they are counted over.
PER_WORDS: dict[str, Basis] = {
    "每学年": "per-school-year",
    "每學年": "per-school-year",
    "每学期": "per-term",
    "每學期": "per-term",
    "每年度": "per-year",
    "每年": "per-year",
    "年均": "per-year",
    "每季度": "per-quarter",
    "每個季度": "per-quarter",
    "每个季度": "per-quarter",
    "每季": "per-quarter",
    "每个月": "per-month",
    "每個月": "per-month",
    "每月": "per-month",
    "每星期": "per-week",
    "每周": "per-week",
    "每週": "per-week",
    "每天": "per-day",
    "每日": "per-day",
}
#: Bases that divide among units rather than over time (每校至少1个, 人均).
PER_UNIT_WORDS = ("每所学校", "每所學校", "每校", "每班", "每名教师", "每名教師", "每人", "人均")
#: Scope qualifiers: the tier a figure is counted at.
SCOPE_WORDS: dict[str, ScopeId] = {
    "国家级": "national",
    "國家級": "national",
    "省级": "provincial",
    "省級": "provincial",
    "市级": "city",
    "市級": "city",
    "区级": "district",
    "區級": "district",
    "县级": "county",
    "縣級": "county",
    "校级": "school",
    "校級": "school",
}
#: The scope words of each scope, simplified first.
SCOPE_NAMES: dict[ScopeId, str] = {
    "national": "国家级",
    "provincial": "省级",
    "city": "市级",
    "district": "区级",
    "county": "县级",
    "school": "校级",
}
#: Words that end the clause a number's words are looked for in.
CLAUSE_BREAKS = ",\uff0c;\uff1b\u3002\u3001!\uff01?\uff1f:\uff1a\n"
#: How many characters of unit may stand between a number and a word after it (人以上).
SUFFIX_GAP = 3
#: How many characters may stand between a word before a number and the number (至少开展1次).
PREFIX_GAP = 4

_COMPARATOR_FOR_WORD = {**PREFIX_WORDS, **SUFFIX_WORDS, **MORE_WORDS}
#: After 近 a number of years is a time span (近三年, "the last three years"), not "nearly".
_TIME_AFTER = ("年", "个月", "個月", "天", "日", "期")
_QUOTE_MARKS = re.compile("[“”‘’\"'《》「」]")
#: Numbers that measure an attribute (an age), never counted per anything.
_NOT_COUNTED = ("岁", "歲", "周岁", "週歲")
_NUMERAL_CHAR = re.compile(r"[\d" + CN_NUMERAL_CHARS + "]")
_DIGIT = re.compile(r"[\d]")
_SUFFIX_LONGEST_FIRST = sorted(SUFFIX_WORDS, key=len, reverse=True)
_PER_LONGEST_FIRST = sorted([*PER_WORDS, *PER_UNIT_WORDS], key=len, reverse=True)


@dataclass(frozen=True)
class FigureWords:
    """The words around one number of a quote, and what they say about the figure."""

    number: NumberSpan
    comparator: LexComparator
    comparator_words: tuple[str, ...] = ()
    rounding: str | None = None  # the rounded form as written: 1.13万, 14千余
    range_from: NumberSpan | None = None  # the other end when the number is in a range
    range_to: NumberSpan | None = None
    per: tuple[str, ...] = ()  # 每年, 每学期, 人均 …
    basis: Basis = "total"
    scope: tuple[ScopeId, ...] = ()
    scope_words: tuple[str, ...] = ()

    @property
    def is_rate(self) -> bool:
        """Whether the figure is counted per something (a time, a school, a person)."""
        return bool(self.per)


def comparator_for_word(word: str) -> LexComparator | None:
    """The comparator a word states (不少于 -> at-least), or ``None``."""
    word = word.strip()
    if word in RANGE_WORDS:
        return "between"
    return _COMPARATOR_FOR_WORD.get(word)


def _clause(text: str, span: NumberSpan) -> tuple[int, int]:
    start = max((text.rfind(ch, 0, span.start) for ch in CLAUSE_BREAKS), default=-1) + 1
    ends = [i for i in (text.find(ch, span.end) for ch in CLAUSE_BREAKS) if i >= 0]
    return start, min(ends, default=len(text))


def _words_before(text: str, words: dict[str, LexComparator]) -> str | None:
    """The comparator word ending nearest before the end of ``text``, within the gap."""
    longest_first = sorted(words, key=len, reverse=True)
    for gap in range(min(PREFIX_GAP, len(text)) + 1):
        head = text[: len(text) - gap] if gap else text
        if _NUMERAL_CHAR.search(text[len(head) :]):
            return None
        for word in longest_first:
            if head.endswith(word) and (word != "近" or gap == 0):
                return word
    return None


def _prefix_word(text: str, clause_start: int, span: NumberSpan) -> str | None:
    word = _words_before(text[clause_start : span.start], PREFIX_WORDS)
    if word in ("近",) and text[span.end :].startswith(_TIME_AFTER):
        return None
    if word == "超" and text[span.start - 3 : span.start].endswith(("不超",)):
        return None
    return word


def _suffix_word(text: str, span: NumberSpan, clause_end: int) -> str | None:
    after = text[span.end : clause_end]
    for gap in range(min(SUFFIX_GAP, len(after)) + 1):
        if _DIGIT.search(after[:gap]):
            return None
        for word in _SUFFIX_LONGEST_FIRST:
            if after[gap:].startswith(word):
                return word
    return None


def _range_partner(text: str, span: NumberSpan, spans: list[NumberSpan]) -> tuple[int, int]:
    """Indexes (from, to) of the range the number is in; -1 where there is no partner."""
    index = spans.index(span)
    before = spans[index - 1] if index else None
    after = spans[index + 1] if index + 1 < len(spans) else None
    if after is not None and text[span.end : after.start] in RANGE_WORDS:
        return -1, index + 1
    if before is not None and text[before.end : span.start] in RANGE_WORDS:
        return index - 1, -1
    return -1, -1


def _per_words(clause: str) -> tuple[tuple[str, ...], Basis]:
    found: list[tuple[int, str]] = []
    taken: set[int] = set()
    for word in _PER_LONGEST_FIRST:
        if word not in clause:
            continue
        for match in re.finditer(re.escape(word), clause):
            cells = set(range(match.start(), match.end()))
            if not cells & taken:
                found.append((match.start(), word))
                taken |= cells
    words = tuple(word for _, word in sorted(found))
    times = [PER_WORDS[w] for w in words if w in PER_WORDS]
    return words, times[-1] if times else "total"


def _scope_words(clause: str) -> tuple[tuple[ScopeId, ...], tuple[str, ...]]:
    found = sorted((clause.find(word), word) for word in SCOPE_WORDS if word in clause)
    words = tuple(word for _, word in found)
    return tuple(dict.fromkeys(SCOPE_WORDS[w] for w in words)), words


@lru_cache(maxsize=4096)  # a figure's rules and locate() ask for the same number's words
def words_in(quote: str, number: NumberSpan) -> FigureWords:
    """The comparator, rounding, range, rate and scope words around ``number`` (one of
    :func:`numbers_in` of the same quote), and the comparator they state."""
    text = reading(quote)
    spans = numbers_in(quote)
    clause_start, clause_end = _clause(text, number)
    if number not in spans:
        raise ValueError(f"{number.text!r} at {number.start} is not a numeral of the quote")
    first, last = _range_partner(text, number, spans)
    low = spans[first] if first >= 0 else number
    high = spans[last] if last >= 0 else number
    words: list[str] = []
    prefix = _prefix_word(text, clause_start, low)
    if prefix:
        words.append(prefix)
    more = text[high.end : high.end + 1]
    rounding = None
    if more in MORE_WORDS and not text[high.end :].startswith(tuple(SUFFIX_WORDS)):
        words.append(more)
        rounding = high.text + more
    elif high.magnitude > 1:
        rounding = high.text
    suffix = _suffix_word(text, high, clause_end)
    if suffix:
        words.append(suffix)
    clause = text[clause_start:clause_end]
    per, basis = _per_words(text[clause_start : low.start])
    if text[high.end :].startswith(_NOT_COUNTED):
        per, basis = (), "total"  # 45岁以下: an age, not a count over time
    tail = text[high.end : high.end + 1]
    if tail == "%" or text[max(clause_start, low.start - 3) : low.start].endswith("百分之"):
        basis = "share"
    scope, scope_words = _scope_words(clause)
    return FigureWords(
        number=number,
        comparator=_stated(words, rounding, is_range=low is not high),
        comparator_words=tuple(words),
        rounding=rounding,
        range_from=low if low is not number else None,
        range_to=high if high is not number else None,
        per=per,
        basis=basis,
        scope=scope,
        scope_words=scope_words,
    )


def _stated(words: list[str], rounding: str | None, *, is_range: bool) -> LexComparator:
    if is_range:
        return "between"
    for word in words:
        return _COMPARATOR_FOR_WORD[word]
    return "about" if rounding else "exactly"


def locate(
    quote: str, value: float, value_max: float | None = None, unit: str | None = None
) -> NumberSpan | None:
    """The numeral of the quote a figure of ``value`` (to ``value_max``, in ``unit``) was
    read from: among those writing ``value``, the one starting the range to ``value_max``,
    else the one followed by the unit, else one that is not a date or a span of time (the
    3 of 3~5个 rather than of 3年内), else the first; ``None`` when none writes it."""
    found = find_number(quote, value)
    if not found:
        return None
    text = reading(quote)

    def rank(span: NumberSpan) -> tuple[bool, int, bool]:
        words = words_in(quote, span)
        in_range = value_max is not None and (
            words.range_to is not None and same_number(words.range_to.value, value_max)
        )
        after = text[span.end :]
        unit_match = _shared_start(_QUOTE_MARKS.sub("", after), _unit_text(unit))
        return (not in_range, -unit_match, after.startswith(_TIME_AFTER))

    return min(found, key=rank)


def _unit_text(unit: str | None) -> str:
    """A unit as it would follow the number: 所 of 所(实验校), 次学校AI教育工作评估."""
    return re.split("[(\uff08/]", unit or "", maxsplit=1)[0]


def _shared_start(a: str, b: str) -> int:
    """How many first characters ``a`` and ``b`` share."""
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def words_for(
    quote: str, value: float, value_max: float | None = None, unit: str | None = None
) -> FigureWords | None:
    """The words around the numeral a figure was read from (see :func:`locate`)."""
    span = locate(quote, value, value_max, unit)
    return words_in(quote, span) if span is not None else None


def expected_comparator(
    quote: str, value: float, value_max: float | None = None, unit: str | None = None
) -> LexComparator | None:
    """The comparator a figure of ``value`` recorded from ``quote`` must have, or ``None``
    when the value is not written in the quote. A number written with a magnitude and
    recorded in that magnitude's unit (5031.87 of 5031.87万元) is as written, not rounded."""
    span = locate(quote, value, value_max, unit)
    if span is None:
        return None
    words = words_in(quote, span)
    if words.rounding and not words.comparator_words and same_number(span.digits, value):
        return "exactly"
    return words.comparator
