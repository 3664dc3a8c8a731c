"""Quotes found in their sources whatever the whitespace; figures found in their quotes
whether the source writes them in Arabic digits or Chinese numerals."""

from __future__ import annotations

import pytest

from generator.load.quotes import (
    chinese_numerals,
    find_quote,
    format_number,
    matched_prefix,
    number_in_quote,
)

SOURCE = "二、总体目标\n到 2026年7月,推动6所试点校形成 “一校一品牌、一校一特色”的AI教育应用场景。\n"


@pytest.mark.parametrize(
    "quote",
    [
        "到 2026年7月,推动6所试点校",
        "到2026年7月,推动6所试点校",
        "到   2026年7月,\n推动6所 试点校",
        "形成 “一校一品牌、一校一特色”",
        "总体目标 到2026年7月",  # across a line break
    ],
)
def test_quotes_match_whatever_the_whitespace(quote: str) -> None:
    assert find_quote(quote, SOURCE) >= 0


@pytest.mark.parametrize(
    "quote",
    [
        "到2026年8月,推动6所试点校",  # a changed figure
        "推动6所试点学校",  # a changed word
        "形成“一校一品牌,一校一特色”",  # a changed punctuation mark
        "应用场景。二、总体目标",  # words of the source, out of order
    ],
)
def test_quotes_do_not_match_a_changed_text(quote: str) -> None:
    assert find_quote(quote, SOURCE) < 0


def test_where_a_quote_stops_matching() -> None:
    assert matched_prefix("推动6所试点学校", SOURCE) == "推动6所试点"
    assert matched_prefix("完全不同", SOURCE) == ""


@pytest.mark.parametrize(
    ("value", "quote"),
    [
        (80, "全县八十所学校"),
        (80, "80所"),
        (80, "８０所"),
        (200, "两百人"),
        (200, "二百人"),
        (200, "兩百人"),
        (10_000, "1万人"),
        (10_000, "一万人"),
        (10_000, "10000人"),
        (10_000, "10,000人"),
        (15_000, "1.5万"),
        (15_000, "一万五千"),
        (15_000, "一万五"),
        (20_000, "两万"),
        (20_000, "2萬"),
        (105, "一百零五间"),
        (110, "一百一十"),
        (1010, "一千零一十"),
        (150, "一百五十人"),
        (150, "一百五人"),
        (2500, "两千五百"),
        (12, "十二"),
        (10, "十个"),
        (2, "两级"),
        (3, "三大"),
        (1, "1至2个"),
        (2, "1至2个"),
        (3, "3-5款"),
        (5, "3~5款"),
        (30, "30%以上"),
        (90, "超 90%"),
        (90, "超９０％"),
        (90, "百分之九十"),
        (2.5, "2.5%"),
        (2.5, "2.50%"),
        (0.5, "0.5个百分点"),
        (5031.87, "5031.87万元"),
        (90.0, "90%"),
    ],
)
def test_figures_are_found_in_their_quote(value: float, quote: str) -> None:
    assert number_in_quote(value, quote)


@pytest.mark.parametrize(
    ("value", "quote"),
    [
        (12, "112所"),
        (12, "120所"),
        (8, "八十"),
        (80, "一百八十"),
        (80, "八十五"),
        (5, "2.5%"),
        (50, "50.5"),
        (0.5, "5"),
        (2.5, "2.55"),
        (100, "1000"),
        (95, "超 90%"),
        (15_000, "一万五千五"),
        (10**400, "1"),
        (float("inf"), "inf"),
    ],
)
def test_figures_not_in_their_quote_are_not_found(value: float, quote: str) -> None:
    assert not number_in_quote(value, quote)


@pytest.mark.parametrize(
    ("number", "forms"),
    [
        (0, {"零"}),
        (2, {"二", "两", "兩"}),
        (10, {"十", "一十"}),
        (12, {"十二", "一十二"}),
        (105, {"一百零五"}),
        (1005, {"一千零五"}),
        (10_050, {"一万零五十", "一萬零五十"}),
    ],
)
def test_chinese_numeral_forms(number: int, forms: set[str]) -> None:
    assert forms <= chinese_numerals(number)


def test_numbers_are_written_as_an_editor_wrote_them() -> None:
    assert format_number(90) == "90"
    assert format_number(90.0) == "90"
    assert format_number(2.5) == "2.5"
    assert format_number(10**30) == "1" + "0" * 30
