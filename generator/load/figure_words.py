"""Rules on what a figure claims, read against the words of its quote (see
:mod:`generator.load.lexicon`): its comparator, rounding, range, rate basis and scope.

Each rule reports one problem a figure, naming the words it found and the fix.
"""

from __future__ import annotations

import re

from generator.load import lexicon as lx
from generator.load import numerals as nm
from generator.load.quotes import format_number
from generator.load.reporting import Figure, Reporter

_UNIT_RATE = re.compile(r"[/每]")
_SCOPE_IN_UNIT = re.compile("|".join(map(re.escape, lx.SCOPE_WORDS)))


def check_figure_words(report: Reporter, figure: Figure) -> None:
    """Check one figure's comparator, rounding, range, rate and scope against its quote."""
    _check_unit_text(report, figure)
    span = lx.locate(figure.quote, figure.value, figure.value_max, figure.unit.zh)
    if span is None:
        _check_worded(report, figure)
        return  # otherwise the number is not in the quote (reported by the quote rules)
    words = lx.words_in(figure.quote, span)
    if not _check_range(report, figure, words):
        _check_comparator(report, figure, span, words)
    _check_per(report, figure, words)
    _check_scope(report, figure, words)


def _check_worded(report: Reporter, figure: Figure) -> None:
    """A figure the source words without a numeral (全覆盖 for 100) is exactly that value."""
    if figure.wording is None or figure.comparator == "exactly":
        return
    report.add(
        (*figure.loc, "comparator"),
        f"comparator '{figure.comparator}' is not in the quote: the wording "
        f"'{figure.wording}' stands for exactly {format_number(figure.value)}",
        hint="comparator: exactly",
    )


def _found(words: lx.FigureWords) -> str:
    return "、".join(words.comparator_words)


def _check_range(report: Reporter, figure: Figure, words: lx.FigureWords) -> bool:
    """Range rules; ``True`` when the figure is (or should be) a range, so the comparator
    was judged here."""
    written = f"{words.number.text}…{words.range_to.text}" if words.range_to else ""
    if figure.value_max is not None:
        if figure.comparator != "between":
            report.add(
                (*figure.loc, "comparator"),
                f"a range ({format_number(figure.value)} to {format_number(figure.value_max)}) "
                f"recorded with comparator '{figure.comparator}'",
                hint="ranges have a comparator of their own: comparator: between",
            )
        return True
    if words.range_to is not None or words.range_from is not None:
        low = words.range_from or words.number
        high = words.range_to or words.number
        written = f"{low.text}…{high.text}"
        report.add(
            (*figure.loc, "value"),
            f"the quote gives a range ({written}) but the {figure.kind} records one number",
            hint=f"value: {format_number(low.value)}, value_max: {format_number(high.value)}, "
            "comparator: between",
        )
        return True
    if figure.comparator == "between":
        report.add(
            (*figure.loc, "comparator"),
            "comparator 'between' without value_max",
            hint="between is for a range (1至2个): give value_max, or choose another comparator",
        )
        return True
    return False


def _check_comparator(
    report: Reporter, figure: Figure, span: nm.NumberSpan, words: lx.FigureWords
) -> None:
    expected = lx.expected_comparator(figure.quote, figure.value, None, figure.unit.zh)
    if expected is None or expected == figure.comparator:
        return
    loc = (*figure.loc, "comparator")
    number = span.text
    as_written = words.rounding is not None and span.digits == figure.value
    if words.rounding and not as_written and figure.comparator == "exactly":
        report.add(
            loc,
            f"rounded figure recorded as exact: the quote writes {words.rounding}",
            hint=f"{words.rounding} is rounded: comparator: {expected}",
        )
        return
    if words.comparator_words:
        report.add(
            loc,
            f"comparator '{figure.comparator}' contradicts the quote's words "
            f"'{_found(words)}' at {number}",
            hint=f"{_found(words)} reads as comparator: {expected}",
        )
        return
    report.add(
        loc,
        f"comparator '{figure.comparator}' is not in the quote: no comparator word "
        f"stands by {number}",
        hint=f"comparator: {expected}, as the quote words it",
    )


def _check_per(report: Reporter, figure: Figure, words: lx.FigureWords) -> None:
    if not words.per:
        return
    said = "".join(words.per)
    if figure.per is None:
        report.add(
            (*figure.loc, "per"),
            f"a rate recorded without its `per`: the quote says {said}",
            hint=f"per: {{zh: {said}, en: …}}",
        )
        return
    stated = lx.words_for(said + "1", 1)
    recorded = lx.words_for(figure.per.zh + "1", 1)
    if stated and recorded and stated.basis != recorded.basis:
        report.add(
            (*figure.loc, "per", "zh"),
            f"per '{figure.per.zh}' does not say the quote's basis {said}",
            hint=f"per: {{zh: {said}, en: …}}",
        )


def _check_scope(report: Reporter, figure: Figure, words: lx.FigureWords) -> None:
    if figure.scope is None and len(words.scope) == 1:
        report.add(
            (*figure.loc, "scope"),
            f"the quote counts the figure at {words.scope_words[0]}, but it has no scope",
            hint=f"scope: {words.scope[0]}",
        )
    elif figure.scope is not None and figure.scope not in words.scope:
        found = "、".join(words.scope_words) or "none"
        report.add(
            (*figure.loc, "scope"),
            f"scope '{figure.scope}' is not in the quote (its scope words: {found})",
            hint="give the scope the quote states next to the number, or none",
        )


def _check_unit_text(report: Reporter, figure: Figure) -> None:
    unit = figure.unit.zh
    scope = _SCOPE_IN_UNIT.search(unit)
    if scope:
        bare = re.sub("[(\uff08][^)\uff09]*[)\uff09]", "", unit).strip() or unit
        report.add(
            (*figure.loc, "unit", "zh"),
            f"scope '{scope.group()}' written inside the unit '{unit}'",
            hint=f"scope is a field: unit: {{zh: {bare}, …}}, "
            f"scope: {lx.SCOPE_WORDS[scope.group()]}",
        )
    if _UNIT_RATE.search(unit) and unit not in ("%",):
        report.add(
            (*figure.loc, "unit", "zh"),
            f"rate basis written inside the unit '{unit}'",
            hint="the basis goes in `per` (per: {zh: 人均每年, en: per person a year}); "
            "the unit is what is counted",
        )
