"""Chart figures and marked source texts, unit by unit: partial dates drawn over the whole
period they name, ranges as whiskers, overlapping and multi-paragraph quotes marked."""

from __future__ import annotations

import datetime as dt

import pytest
from markupsafe import Markup

from generator.load import model as m
from generator.load.validate import ValidatedAtlas
from generator.plan.charts import TimelineSpan, day_after, first_day, target_chart, timeline_chart
from generator.plan.formatting import date_words, number_words
from generator.plan.index import AtlasIndex, Citation
from generator.plan.sourcetext import locate, paragraphs
from generator.render.markup import Formatter
from generator.render.snippets import source_pieces
from tests.html_support import parse, text_of

EN = Formatter("en", lambda s: s)


@pytest.mark.parametrize(
    ("value", "first", "after"),
    [
        ("2026", dt.date(2026, 1, 1), dt.date(2027, 1, 1)),
        ("2026-07", dt.date(2026, 7, 1), dt.date(2026, 8, 1)),
        ("2026-12", dt.date(2026, 12, 1), dt.date(2027, 1, 1)),
        ("2026-02-28", dt.date(2026, 2, 28), dt.date(2026, 3, 1)),
    ],
)
def test_partial_dates_cover_their_whole_period(value: str, first: dt.date, after: dt.date) -> None:
    assert first_day(value) == first and day_after(value) == after


@pytest.mark.parametrize(
    ("value", "lang", "words"),
    [
        ("2026", "zh", "2026年"),
        ("2026-07", "zh", "2026年7月"),
        ("2026-07-01", "zh", "2026年7月1日"),
        ("2026", "en", "2026"),
        ("2026-07", "en", "July 2026"),
        ("2026-07-01", "en", "1 July 2026"),
    ],
)
def test_dates_read_as_precisely_as_recorded(value: str, lang: str, words: str) -> None:
    assert date_words(value, lang) == words


def test_numbers_keep_their_decimals_and_group_thousands_in_english() -> None:
    assert number_words(5031.87, "en") == "5,031.87"
    assert number_words(5031.87, "zh") == "5031.87"
    assert number_words(90, "en") == "90" and number_words(12000, "zh") == "12000"


def test_a_year_is_drawn_as_the_whole_year(small_atlas: ValidatedAtlas) -> None:
    region = small_atlas.atlas.regions[0]
    figure = timeline_chart(
        [TimelineSpan("deadline", region, "Targets due", "2027", "2027", "goals")], EN
    )
    assert figure is not None
    trace = figure["data"][0]
    assert trace["base"] == ["2027-01-01"]
    assert trace["x"] == [365 * 86_400_000]
    assert figure["layout"]["xaxis"]["type"] == "date"


def test_target_chart_draws_ranges_with_whiskers_and_names_kind_and_rank(
    small_atlas: ValidatedAtlas,
) -> None:
    index = AtlasIndex.build(small_atlas)
    goals = index.goals_by_indicator["master-studios"]
    figure = target_chart(index.indicators["master-studios"], goals, EN)
    assert figure is not None
    (trace,) = figure["data"]
    assert trace["x"] == [1] and trace["error_x"]["array"] == [1]  # 1 to 2 studios
    assert trace["name"] == "Implementation plan · binding rank 2"
    assert trace["text"] == ["1–2 studios (county level)"]  # the scope shows with the figure
    assert figure["config"]["displayModeBar"] is False


def _marked(text: str, quotes: dict[str, str]) -> list[Markup]:
    """Each paragraph of ``text`` as the source page's template marks it."""
    citations = [
        Citation(anchor, "goal", m.Text(zh=anchor), quote) for anchor, quote in quotes.items()
    ]
    labels = {"goal": "Goal"}
    found = paragraphs(text, locate(text, citations))
    return [source_pieces(p, labels, lambda text: text.zh) for p in found]


def test_a_quote_is_found_across_whitespace_and_paragraphs() -> None:
    html = _marked("第一段 到2026年\n\n7月完成。第二段", {"goal-a": "到2026年7月完成"})
    first, second = (parse(str(h)) for h in html)
    assert [m.get("id") for m in first.iter("mark")] == ["q-goal-a"]
    assert text_of(next(first.iter("mark"))) == "到2026年"
    assert [text_of(m) for m in second.iter("mark")] == ["7月完成"]
    assert [a.get("href") for a in second.iter("a")] == ["../../#goal-a"]
    assert not list(first.iter("a")), "the link back follows the end of the quote"


def test_overlapping_quotes_each_get_an_anchor_and_a_link_back() -> None:
    (html,) = _marked("甲乙丙丁戊", {"goal-a": "甲乙丙", "measure-b": "乙丙丁", "phase-c": "乙丙"})
    root = parse(str(html))
    anchors = {e.get("id") for e in root.iter() if e.get("id")}
    assert anchors == {"q-goal-a", "q-measure-b", "q-phase-c"}
    assert {a.get("href") for a in root.iter("a")} == {
        "../../#goal-a",
        "../../#measure-b",
        "../../#phase-c",
    }
    assert "".join(text_of(m) for m in root.iter("mark")) == "甲乙丙丁"


def test_source_text_is_escaped() -> None:
    (html,) = _marked("<script>alert(1)</script> 引文", {"goal-a": "引文"})
    root = parse(str(html))
    assert not list(root.iter("script")) and "<script>" in text_of(root)
