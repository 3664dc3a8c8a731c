"""Figures proposed from a source, read with the validator's lexicon of figure words.

Every numeral of a clause with a unit after it is a figure, except dates, durations,
document numbers and the source's own numbering. The lexicon
(:mod:`generator.load.lexicon`) gives its comparator, range, rate basis and scope, so what
is proposed is what the validator accepts. A deadline comes from the same sentence
(到2027年, 2026年底前) or else from the opening of its paragraph, and the proposal says which.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

import opencc

from generator.draft.dates import iso
from generator.draft.quoting import occurrences, sentence_bounds
from generator.load import lexicon as lx
from generator.load import numerals as nm

#: Units a figure's number is followed by, longest first (the unit's first characters).
_UNIT_WORDS = (
    "人次 课时 課時 学时 學時 小时 小時 万元 萬元 亿元 億元 "
    "个 個 所 名 人 节 節 次 款 类 類 篇 项 項 门 門 台 套 "
    "间 間 位 家 场 場 期 支 条 條 本 堂 元 座 件 册 冊 张 "
    "張 份 块 塊 辆 輛 户 戶 处 處 种 種 届 屆 % M"
)
UNITS = tuple(_UNIT_WORDS.split())
_NOT_AFTER = ("年", "月", "日", "号", "號", "届", "级", "級", "版", "代", ".")
_VAGUE = ("批", "些", "体", "體", "流", "线", "線", "支")
#: Nouns after a count that count the document's own parts (八个领域, 五个方面, 三个阶段,
#: 20项支持举措), not something the policy sets.
_STRUCTURE = re.compile(
    r"^(?:个|個|项|項|大)?[\u4e00-\u9fff]{0,2}?"
    r"(?:领域|領域|方面|目标|目標|阶段|階段|举措|舉措|部分|任务|任務)"
)
#: Counting words that count people alike: a pool "of 50 people" restated "of 50 members".
_SAME_UNIT = {"名": "人"}
_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}[.．、])"
)
_DEADLINE = re.compile(
    r"(?:到|至|截至|截止到?|于|於)\s*(\d{4})\s*年\s*(?:(\d{1,2})\s*月)?(?:底|末|前)?"
    r"|(\d{4})\s*年\s*(?:(\d{1,2})\s*月)?\s*(?:底|末)?\s*前"
    r"|\d{4}\s*年?\s*[—–\-~至到]\s*(\d{4})\s*年()"
)
_STARTS_FROM = re.compile(r"\d{1,2}\s*月\s*起|起\s*[,,]")
_CLAUSE_SPLIT = re.compile(r"[,,]")
#: Words that state a figure of 100% without a numeral (全覆盖, 全学科全年级覆盖, 全员培训,
#: 所有学校均已使用).
FULL_COVERAGE = re.compile(
    r"全[\u4e00-\u9fff]{0,6}?覆[盖蓋]|全[员員]培[训訓]"
    r"|所有[\u4e00-\u9fff]{1,4}?[均都]已?[\u4e00-\u9fff]{0,2}"
)
_SIMPLIFIED = opencc.OpenCC("t2s").convert


@dataclass(frozen=True)
class ProposedFigure:
    value: float
    value_max: float | None
    unit: str
    comparator: str
    per: str | None
    scope: tuple[str, ...]  # the scope words as written (县级)
    wording: str | None
    rounding: str | None
    quote: str
    sentence: str
    phrase: str  # the words between breaks (、,;。) around the number: 优质资源使用率达85%以上
    deadline: str | None
    deadline_from: str  # "sentence", "paragraph", "phase" or "none"
    start: int  # offset of the quote in the text
    restated: tuple[str, ...] = ()
    scope_ids: tuple[
        str, ...
    ] = ()  # the lexicon's scopes (county)  # quotes of later passages restating the same figure


def _raw_offsets(clause: str) -> list[int]:
    """For each character of ``lexicon.reading(clause)``, its offset in ``clause``."""
    return [i for i, ch in enumerate(clause) if not ch.isspace()]


def _unit_after(reading: str, span: nm.NumberSpan) -> str | None:
    """The unit written after the number (after 余/多: 14千余人), or for a rounded count
    with none, the 人 of a 人数 just before it (注册人数1.13万)."""
    after = reading[span.end :]
    if after[:1] in lx.MORE_WORDS:
        after = after[1:]
    for unit in UNITS:
        if after.startswith(unit):
            return unit
    if span.magnitude > 1 and reading[: span.start].endswith("人数"):
        return "人"
    return None


def _is_date_or_label(reading: str, span: nm.NumberSpan) -> bool:
    after = reading[span.end : span.end + 1]
    before = reading[max(0, span.start - 1) : span.start]
    if after in _NOT_AFTER or before in ("第", "届", "屆", "〔", "[", "-", "—"):
        return True
    unit_end = span.end + 1
    if not re.search(r"\d", span.text) and reading[unit_end : unit_end + 1] in "一二两兩":
        return True  # 一人一策, 一校一品牌, 三位一体: a pattern, not a count
    if _STRUCTURE.match(reading[span.end :]):
        return True
    if _counts_its_list(reading, span):
        return True
    head = reading[: span.start]
    if head.count("《") > head.count("》"):
        return True  # inside a cited title
    if span.text.isdigit() and 1990 <= int(span.text) <= 2100:
        return True
    return span.start == 0 and reading[span.end : span.end + 1] in (".", "、", "．")


def _counts_its_list(reading: str, span: nm.NumberSpan) -> bool:
    """A count in words of the items its own phrase has just listed (推进A、B、C三项变革):
    it names how many things were listed, not a figure the policy sets. A count in digits
    (建设了A、B、C、D4个资源平台) is a statistic and stays a figure."""
    head = reading[: span.start]
    start = max(head.rfind(mark) for mark in ",,;;。:：") + 1
    items = [item for item in head[start:].split("、") if item]
    written = not re.search(r"\d", span.text)  # 三项, not 4个: a count of statistics
    return written and len(items) >= 2 and span.value == len(items)


_PHRASE_BREAKS = re.compile(r"[、,,;;。]")


def _phrase(reading: str, span: nm.NumberSpan) -> str:
    breaks = [m.start() for m in _PHRASE_BREAKS.finditer(reading)]
    left = max((b + 1 for b in breaks if b < span.start), default=0)
    right = min((b for b in breaks if b >= span.end), default=len(reading))
    return reading[left:right]


def _deadline(text: str) -> str | None:
    match = _DEADLINE.search(text)
    if match is None:
        return None
    year = match.group(1) or match.group(3) or match.group(5)
    month = match.group(2) or match.group(4)
    return iso(year, month) if month and 1 <= int(month) <= 12 else iso(year)


_PARAGRAPH_END = re.compile(r"\n|[。;;]\s+(?=\S)")


def _paragraph_start(text: str, start: int, floor: int) -> int:
    """Where the paragraph holding ``start`` begins: after a line break, or after a
    sentence end followed by spaces (a capture that lost its line breaks keeps them so)."""
    ends = [m.end() for m in _PARAGRAPH_END.finditer(text, floor, start)]
    return max([floor, *ends])


def _clauses(text: str) -> Iterator[tuple[int, int, int, int]]:
    """(clause start, clause end, sentence start, sentence end) for every clause."""
    position = 0
    while position < len(text):
        s_start, s_end = sentence_bounds(text, position, position)
        s_end = max(s_end, s_start + 1)
        cuts = [s_start] + [m.end() for m in _CLAUSE_SPLIT.finditer(text, s_start, s_end)]
        for index, cut in enumerate(cuts):
            end = cuts[index + 1] - 1 if index + 1 < len(cuts) else s_end
            yield cut, end, s_start, s_end
        position = s_end + 1


def _quote(text: str, c_start: int, c_end: int, s_start: int, s_end: int) -> tuple[int, str]:
    quote = text[c_start:c_end].strip()
    if occurrences(text, quote) == 1:
        return c_start, quote
    return s_start, text[s_start:s_end].strip()


def propose_figures(
    text: str,
    floors: list[int] | None = None,
    phases: list[tuple[int, int, str | None]] | None = None,
) -> list[ProposedFigure]:
    """Every figure of the text, in order. ``floors`` are offsets where a paragraph's
    opening may not be looked for before (the start of each numbered heading); ``phases``
    are the text spans of dated phases (start, end, the phase's end date): a figure in one
    with no deadline of its own is due when its phase ends."""
    heads = sorted(floors or [0])
    figures: list[ProposedFigure] = []
    for c_start, c_end, s_start, s_end in _clauses(text):
        clause = text[c_start:c_end]
        if not clause.strip():
            continue
        for figure in _clause_figures(text, clause, (c_start, c_end, s_start, s_end), heads):
            figures.append(_phase_deadline(figure, c_start, phases or []))
    return figures


def _key_words(phrase: str) -> set[str]:
    """The two-character words of a phrase that are not digits: what a figure counts."""
    grams = {phrase[i : i + 2] for i in range(len(phrase) - 1)}
    return {g for g in grams if not re.search(r"[\d.%]", g)}


def merge_restatements(
    figures: list[ProposedFigure], floors: list[int] | None = None
) -> list[ProposedFigure]:
    """One proposal per figure: a later passage giving the same value, range, unit and
    comparator of the same thing (its phrase shares three words with the first's) is kept as
    a restatement of the first (任务4重申总体目标), not proposed again. Only a passage under
    another numbered heading (``floors``: where headings start) restates; two figures of
    one section are two figures."""
    heads = sorted(floors or [0])

    def section(figure: ProposedFigure) -> int:
        return max((h for h in heads if h <= figure.start), default=0)

    kept: list[ProposedFigure] = []
    for figure in figures:
        key = (
            figure.value,
            figure.value_max,
            _SAME_UNIT.get(figure.unit, figure.unit),
            figure.comparator,
            figure.wording,
        )
        words = _key_words(figure.phrase)
        for index, earlier in enumerate(kept):
            same = (
                earlier.value,
                earlier.value_max,
                _SAME_UNIT.get(earlier.unit, earlier.unit),
                earlier.comparator,
                earlier.wording,
            )
            shared = len(words & _key_words(earlier.phrase))
            if same == key and shared >= 3 and section(earlier) != section(figure):
                if earlier.quote != figure.quote:
                    kept[index] = replace(earlier, restated=(*earlier.restated, figure.quote))
                break
        else:
            kept.append(figure)
    return kept


def _phase_deadline(
    figure: ProposedFigure, at: int, phases: list[tuple[int, int, str | None]]
) -> ProposedFigure:
    if figure.deadline is not None or _STARTS_FROM.search(figure.sentence):
        return figure  # "12月起": the source gives a start, not a deadline
    for start, end, due in phases:
        if start <= at < end and due is not None:
            return replace(figure, deadline=due, deadline_from="phase")
    return figure


def _deadline_for(text: str, s_start: int, s_end: int, heads: list[int]) -> tuple[str | None, str]:
    in_sentence = _deadline(text[s_start:s_end])
    if in_sentence:
        return in_sentence, "sentence"
    floor = max((h for h in heads if h <= s_start), default=0)
    p_start = _paragraph_start(text, s_start, floor)
    opening_end = sentence_bounds(text, p_start, p_start)[1]
    opening = _deadline(text[p_start:opening_end])
    if opening and p_start < s_start:
        return opening, "paragraph"
    return None, "none"


def _clause_figures(
    text: str, clause: str, bounds: tuple[int, int, int, int], heads: list[int]
) -> Iterator[ProposedFigure]:
    c_start, c_end, s_start, s_end = bounds
    reading = nm.reading(clause)
    spans = nm.numbers_in(clause)
    covered: set[int] = set()
    deadline, deadline_from = _deadline_for(text, s_start, s_end, heads)
    start, quote = _quote(text, c_start, c_end, s_start, s_end)
    sentence = text[s_start:s_end].strip()
    for span in spans:
        if span.start in covered or _is_date_or_label(reading, span):
            continue
        words = lx.words_in(clause, span)
        top = words.range_to or span
        unit = _unit_after(reading, top)
        if unit is None or (span.text in "一二两兩" and reading[top.end : top.end + 1] in _VAGUE):
            continue
        if words.range_to is not None:
            covered.add(words.range_to.start)
        value: float = span.value
        if span.magnitude > 1 and reading[span.end : span.end + 1] in ("元",):
            value, unit = span.digits, span.text[-1] + "元"
        value_max = words.range_to.value if words.range_to is not None else None
        comparator = lx.expected_comparator(quote, value, value_max, unit) or words.comparator
        yield ProposedFigure(
            value=value,
            value_max=value_max,
            unit=_SIMPLIFIED(unit),
            comparator=comparator,
            per="".join(words.per) or None,
            scope=words.scope_words,
            scope_ids=words.scope,
            wording=None,
            rounding=words.rounding,
            quote=quote,
            sentence=sentence,
            phrase=_phrase(reading, span),
            deadline=deadline,
            deadline_from=deadline_from,
            start=start,
        )
    coverage = FULL_COVERAGE.search(clause)
    if coverage and not _HEADING.match(clause):  # a heading's 全员培训 is a title
        word = coverage.group(0)
        yield ProposedFigure(
            100,
            None,
            "%",
            "exactly",
            None,
            (),
            word,
            None,
            quote,
            sentence,
            word,
            deadline,
            deadline_from,
            start,
        )
