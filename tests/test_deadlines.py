"""Deadline states against the atlas's review date, on the region, timeline and home pages."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from generator.load import fields
from generator.load import model as m
from generator.load.validate import ValidatedAtlas
from generator.plan import deadlines as dl
from tests.html_support import all_of, by_id, parse, text_of, with_class
from tests.site_support import BuiltSite


def _goal(deadline: str | None, outcome: bool = False) -> m.Goal:
    return m.Goal(
        id="g",
        document="d",
        theme="t",
        statement=m.Text(zh="目标"),
        deadline=deadline,
        quote="引语",
        outcome=m.Outcome(status="met", as_of="2026-09", statement=m.Text(zh="已完成"))
        if outcome
        else None,
    )


@pytest.mark.parametrize(
    ("deadline", "now", "state"),
    [
        ("2026-07", "2026-07-31", "due"),  # a month is due up to its last day
        ("2026-07", "2026-08-01", "passed-no-outcome"),
        ("2026", "2026-12-31", "due"),
        ("2026", "2027-01", "passed-no-outcome"),
        ("2026-02", "2026-02-28", "due"),
        ("2026-02", "2026-03-01", "passed-no-outcome"),
        ("2026-07-01", "2026-07-02", "passed-no-outcome"),
    ],
)
def test_a_deadline_is_due_until_the_last_day_it_covers(
    deadline: str, now: str, state: str
) -> None:
    assert dl.deadline_state(_goal(deadline), now) == state


def test_an_outcome_marks_a_passed_deadline_and_no_deadline_has_no_state() -> None:
    assert dl.deadline_state(_goal("2026-07", outcome=True), "2026-11-25") == "passed-with-outcome"
    assert dl.deadline_state(_goal("2027", outcome=True), "2026-11-25") == "due"
    assert dl.deadline_state(_goal(None), "2026-11-25") is None


def test_the_review_date_is_the_latest_region_review(small_atlas: ValidatedAtlas) -> None:
    assert dl.atlas_review_date(small_atlas.atlas.regions) == "2026-11-25"


def test_due_within_twelve_months_counts_from_the_review_date(
    small_atlas: ValidatedAtlas,
) -> None:
    regions = small_atlas.atlas.regions
    heshui = next(r for r in regions if r.id == "heshui")
    soon = heshui.model_copy(update={"goals": [_goal("2027-10"), _goal("2027-11")]})
    goals = dl.dated_goals([soon], "2026-11-25")
    assert [d.deadline for d in dl.due_within(goals, "2026-11-25")] == [
        "2027-10"
    ]  # 2027-11 runs to 30 Nov


def test_home_page_says_how_many_targets_fall_due_within_a_year(built_site: BuiltSite) -> None:
    # the fixture's only target still due is Chengdu's, due "2027" (all of 2027: beyond a year)
    for path, words in (
        ("en/index.html", "0 targets fall due in the 12 months after the review date"),
        ("index.html", "审核日期(2026年11月25日)后 12 个月内有 0 项目标到期"),
    ):
        line = next(with_class(parse(built_site.read(path)), "due-soon"))
        assert words in text_of(line)


def test_timeline_opens_with_what_is_due_and_what_has_passed(built_site: BuiltSite) -> None:
    root = parse(built_site.read("en/timeline/index.html"))
    assert "25 November 2026" in text_of(by_id(root, "now") or root)
    due = next(with_class(next(with_class(root, "due-next")), "deadline-list"))
    passed = next(with_class(next(with_class(root, "passed")), "deadline-list"))
    assert [text_of(s) for s in with_class(due, "deadline-state")] == ["due"]
    assert "Chengdu" in text_of(due)
    passed_states = [text_of(s) for s in with_class(passed, "deadline-state")]
    assert passed_states == ["deadline passed, no outcome recorded"] * 3
    assert "Heshui" in text_of(passed) and "Chengdu" not in text_of(passed)


def test_timeline_table_is_split_by_year_in_date_order(built_site: BuiltSite) -> None:
    root = parse(built_site.read("en/timeline/index.html"))
    years = [li.get("id", "") for li in all_of(root, "li") if li.get("id", "").startswith("year-")]
    assert years == sorted(years) and len(years) >= 2  # the anchors of the old year groups
    for year in (y[5:] for y in years):
        page = parse(built_site.read(f"en/timeline/{year}/index.html"))
        table = next(with_class(page, "timeline-table"))
        dates = [  # each row's start: its From date, or its To date when it has no span
            next(e.get("datetime", "") for cell in list(row)[-2:] for e in cell.iter("time"))
            for row in next(table.iter("tbody")).iter("tr")
            if any(True for cell in list(row)[-2:] for _ in cell.iter("time"))
        ]
        assert dates and dates == sorted(dates, key=fields.date_sort_key)
        assert all(d.startswith(year) for d in dates)


def test_timeline_chart_draws_the_review_date(built_site: BuiltSite) -> None:
    root = parse(built_site.read("en/timeline/2026/index.html"))
    data = by_id(root, "chart-timeline-2026-data")
    assert data is not None
    figure = json.loads(data.text or "")
    (line,) = figure["layout"]["shapes"]
    assert line["x0"] == line["x1"] == "2026-11-26"  # the end of the review day
    assert figure["layout"]["annotations"][0]["text"] == "Review date: 25 November 2026"


def test_every_page_that_shows_a_deadline_shows_its_state(built_site: BuiltSite) -> None:
    for path in (
        "en/regions/heshui/index.html",
        "en/themes/pilots/index.html",
        "en/side-by-side/regions/heshui.json",  # side by side's column, fetched when chosen
    ):
        content = built_site.text(path)
        if path.endswith(".json"):
            content = "".join(json.loads(content)["cells"].values())
        root = parse(content)
        states = {text_of(e) for e in with_class(root, "deadline-state")}
        assert "deadline passed, no outcome recorded" in states, path
    indicator_states = {
        text_of(e)
        for path in built_site.html_paths()
        if path.startswith("en/indicators/")
        for e in with_class(parse(built_site.read(path)), "deadline-state")
    }
    assert "deadline passed, no outcome recorded" in indicator_states


def test_a_passed_deadline_with_an_outcome_says_so(small_atlas: ValidatedAtlas) -> None:
    from pathlib import Path

    from generator.plan.index import AtlasIndex
    from generator.plan.pages import plan_pages
    from generator.project import Project
    from generator.render.renderer import Renderer

    heshui = next(r for r in small_atlas.atlas.regions if r.id == "heshui")
    goal = heshui.goals[0].model_copy(update={"outcome": _goal("2026", outcome=True).outcome})
    regions = [
        r.model_copy(update={"goals": [goal, *r.goals[1:]]}) if r.id == "heshui" else r
        for r in small_atlas.atlas.regions
    ]
    validated = replace(
        small_atlas, atlas=small_atlas.atlas.model_copy(update={"regions": regions})
    )
    index = AtlasIndex.build(validated)
    page = next(p for p in plan_pages(index, {}) if p.lang == "en" and p.path == "regions/heshui/")
    renderer = Renderer(index, Project(Path(__file__).parents[1]))
    record = by_id(parse(renderer.render_page(page)), f"goal-{goal.id}")
    assert record is not None
    assert [text_of(e) for e in with_class(record, "deadline-state")] == [
        "deadline passed, outcome recorded"
    ]
