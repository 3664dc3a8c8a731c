"""The lexicon of figure words: numerals, comparators, rounding, ranges, rates and scopes,
read the way the validator reads a quote (cases from the atlas's own sources)."""

from __future__ import annotations

import pytest

from generator.load import lexicon as lx
from generator.load import numerals as nm


@pytest.mark.parametrize(
    ("quote", "value"),
    [
        ("推动百所学校", 100),
        ("培训千名教师", 1000),
        ("覆盖一万五学生", 15000),
        ("覆盖一万五千学生", 15000),
        ("注册人数1.13万", 11300),
        ("参与人数累计达14千余人", 14000),
        ("十百千千工程", 1000),
        ("一百零五所", 105),
        ("两千名", 2000),
        ("６所试点校", 6),
    ],
)
def test_numerals_read_as_numbers(quote: str, value: int) -> None:
    assert [span.value for span in nm.find_number(quote, value)], quote


def test_a_run_that_is_not_one_numeral_is_read_a_character_at_a_time() -> None:
    assert nm.parse_chinese_numeral("十百千千") is None
    assert [s.value for s in nm.numbers_in("十百千千")] == [10, 100, 1000, 1000]


@pytest.mark.parametrize(
    ("quote", "value", "comparator", "words"),
    [
        ("乡村学校带宽不低于200M", 200, "at-least", ("不低于",)),
        ("校级培训人均每年不少于2次", 2, "at-least", ("不少于",)),
        ("每学期至少开展1次AI主题公开课", 1, "at-least", ("至少",)),
        ("培育县级AI教学能手200人以上、校级500人以上", 500, "at-least", ("以上",)),
        ("确保60% 以上班级", 60, "at-least", ("以上",)),
        ("国家中小学智慧教育平台教师账号活跃率超 90%", 90, "more-than", ("超",)),
        ("参与人数累计达14千余人", 14000, "more-than", ("余",)),
        ("每年培育并推廣80個左右基礎教育學校", 80, "about", ("左右",)),
        ("近300所学校", 300, "about", ("近",)),
        ("每班不超过45人", 45, "at-most", ("不超过",)),
        ("控制在30分钟以内", 30, "at-most", ("以内",)),
        ("近三年获奖教师达1397人", 1397, "exactly", ()),
        ("建成228所智慧学校", 228, "exactly", ()),
    ],
)
def test_comparator_words(quote: str, value: int, comparator: str, words: tuple[str, ...]) -> None:
    found = lx.words_for(quote, value)
    assert found is not None
    assert (found.comparator, found.comparator_words) == (comparator, words)


def test_near_before_years_is_a_span_of_time_not_nearly() -> None:
    found = lx.words_for("近三年参与课题研究", 3)
    assert found is not None and found.comparator == "exactly"


@pytest.mark.parametrize(
    ("quote", "value", "rounding", "comparator"),
    [
        ("注册人数1.13万", 11300, "1.13万", "about"),
        ("注册人数13.24万", 132400, "13.24万", "about"),
        ("参与人数累计达14千余人", 14000, "14千余", "more-than"),
        ("已有200余所学校", 200, "200余", "more-than"),
        ("已有200多所学校", 200, "200多", "more-than"),
    ],
)
def test_rounded_figures(quote: str, value: int, rounding: str, comparator: str) -> None:
    found = lx.words_for(quote, value)
    assert found is not None and (found.rounding, found.comparator) == (rounding, comparator)
    assert lx.expected_comparator(quote, value) == comparator


def test_a_magnitude_kept_in_the_unit_is_as_written() -> None:
    assert lx.expected_comparator("累计投入财政资金5031.87万元", 5031.87) == "exactly"
    assert lx.expected_comparator("累计投入财政资金5031.87万元", 50_318_700) == "about"


@pytest.mark.parametrize(
    ("quote", "low", "high"),
    [("成立1至2个县级AI教育名师工作室", 1, 2), ("推動3~5個區(市)縣", 3, 5), ("推广3-5款", 3, 5)],
)
def test_ranges(quote: str, low: int, high: int) -> None:
    start = lx.words_for(quote, low, high)
    end = lx.words_for(quote, high)
    assert start is not None and end is not None
    assert start.comparator == end.comparator == "between"
    assert start.range_to is not None and start.range_to.value == high
    assert end.range_from is not None and end.range_from.value == low


def test_a_range_is_located_by_its_other_end_not_by_an_earlier_equal_number() -> None:
    span = lx.locate("3年內推動3~5個區(市)縣", 3, 5)
    assert span is not None and span.start == 5


@pytest.mark.parametrize(
    ("quote", "value", "per", "basis"),
    [
        ("校级培训人均每年不少于2次", 2, ("人均", "每年"), "per-year"),
        ("每周1課時、每學年不少于30課時", 30, ("每學年",), "per-school-year"),
        ("每周1課時、每學年不少于30課時", 1, ("每周",), "per-week"),
        ("各学校(学区)每学期重点打造5节样板课程", 5, ("每学期",), "per-term"),
        ("每月开展不少于8次", 8, ("每月",), "per-month"),
        ("每校至少1个AI社团", 1, ("每校",), "total"),
        ("建成228所智慧学校", 228, (), "total"),
        ("学生注册率为90.5%", 90.5, (), "share"),
    ],
)
def test_rates_and_bases(quote: str, value: float, per: tuple[str, ...], basis: str) -> None:
    found = lx.words_for(quote, value)
    assert found is not None and (found.per, found.basis) == (per, basis)


@pytest.mark.parametrize(
    ("quote", "value", "scope"),
    [
        ("培育县级AI教学能手200人以上、校级500人以上", 200, ("county",)),
        ("培育县级AI教学能手200人以上、校级500人以上", 500, ("school",)),
        ("培育区级骨干200名", 200, ("district",)),
        ("成立1至2个县级AI教育名师工作室", 1, ("county",)),
        ("建成228所智慧学校", 228, ()),
    ],
)
def test_scope_words(quote: str, value: int, scope: tuple[str, ...]) -> None:
    found = lx.words_for(quote, value)
    assert found is not None and found.scope == scope


def test_comparator_for_a_chinese_word() -> None:
    assert lx.comparator_for_word("不少于") == "at-least"
    assert lx.comparator_for_word("超过") == "more-than"
    assert lx.comparator_for_word("以内") == "at-most"
    assert lx.comparator_for_word("至") == "between"
    assert lx.comparator_for_word("达到") is None


def test_words_in_refuses_a_span_of_another_quote() -> None:
    with pytest.raises(ValueError, match="not a numeral"):
        lx.words_in("建成228所", nm.NumberSpan(0, 1, "9", 9))


def test_memoised_reading_gives_the_words_of_a_fresh_reading() -> None:
    quotes = ["不少于200所学校，每年培训3~5次", "近三年覆盖1.13万名学生左右", "县级示范校20所以上"]
    for quote in quotes * 2:  # the second round is answered from the memo
        spans = nm.numbers_in(quote)
        spans.clear()  # a caller's list is its own: the memo is not changed
        for span in nm.numbers_in(quote):
            assert lx.words_in(quote, span) == lx.words_in.__wrapped__(quote, span)
    assert nm.numbers_in(quotes[0]) == nm.numbers_in(quotes[0] + "")
