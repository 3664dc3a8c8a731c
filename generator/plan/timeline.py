"""The timeline page's view: every phase, milestone and target deadline in date order,
split by year, with the review date drawn as "now" and what is due next and what has
passed listed first. No I/O."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from generator import urls
from generator.load import fields
from generator.load import model as m
from generator.plan import deadlines as dl
from generator.plan.charts import Figure, TimelineSpan, timeline_chart
from generator.plan.formatting import Wording, plain_text
from generator.plan.index import AtlasIndex

DUE_NEXT = 5  # how many upcoming deadlines the page opens with
PASSED = 10  # how many passed deadlines it lists, latest first
# A year with more rows than this is split by province: its page lists the provinces with
# their counts, and each province's rows of the year have their own page and chart.
YEAR_ROWS = 300


@dataclass(frozen=True)
class TimelineRow:
    """A row of the timeline table (dated or not); targets due in the same period in one
    region are one row, whose ``state`` is that of the deadline on the review date."""

    kind: str
    region: m.Region
    label: m.Text
    start: str | None
    end: str | None
    anchor: str
    document: m.Document
    count: int = 1
    state: dl.DeadlineState | None = None

    @property
    def href(self) -> str:
        """Where the row links: the record, or the goals section for several targets."""
        several = self.kind == "deadline" and self.count > 1
        return urls.record_path(self.region.id, "goals" if several else self.anchor)

    @property
    def year(self) -> str | None:
        date = self.start or self.end
        return date[:4] if date else None


@dataclass(frozen=True)
class YearGroup:
    """The rows of one year (``year`` None: the undated rows, listed last)."""

    year: str | None
    rows: list[TimelineRow]

    @property
    def path(self) -> str:
        return urls.timeline_year_path(self.year)

    def count(self, kind: str) -> int:
        return sum(1 for row in self.rows if row.kind == kind)


@dataclass(frozen=True)
class ProvinceRows:
    """One province's rows of a year that is split by province."""

    province: m.Text
    path: str
    rows: list[TimelineRow]


def province_of(region: m.Region) -> m.Text:
    """The province-level division a region lies in (itself when it is one)."""
    return region.parent[0] if region.parent else region.name


def timeline_rows(index: AtlasIndex, now: str) -> list[TimelineRow]:
    """Every phase, milestone and target deadline of every region, in date order."""
    rows: list[TimelineRow] = []
    for region in index.regions:
        for phase in region.phases:
            document = index.document(region, phase.document)
            anchor = urls.anchor("phase", phase.id)
            rows.append(
                TimelineRow("phase", region, phase.name, phase.start, phase.end, anchor, document)
            )
            rows += [
                TimelineRow(
                    "milestone",
                    region,
                    milestone.text,
                    milestone.date,
                    milestone.date,
                    urls.anchor("milestone", milestone.id),
                    document,
                )
                for milestone in phase.milestones
            ]
        rows += _deadline_rows(index, region, now)
    return sorted(rows, key=_row_order)


def _deadline_rows(index: AtlasIndex, region: m.Region, now: str) -> list[TimelineRow]:
    by_deadline: dict[str, list[m.Goal]] = {}
    for goal in region.goals:
        if goal.deadline is not None:
            by_deadline.setdefault(goal.deadline, []).append(goal)
    return [
        TimelineRow(
            "deadline",
            region,
            goals[0].statement,
            deadline,
            deadline,
            urls.anchor("goal", goals[0].id),
            index.document(region, goals[0].document),
            count=len(goals),
            state=_group_state(goals, now),
        )
        for deadline, goals in sorted(by_deadline.items())
    ]


def _group_state(goals: Sequence[m.Goal], now: str) -> dl.DeadlineState | None:
    """One state for goals due together: passed with an outcome only if every one has one."""
    states = {dl.deadline_state(goal, now) for goal in goals}
    if "due" in states:
        return "due"
    return "passed-no-outcome" if "passed-no-outcome" in states else "passed-with-outcome"


def _row_order(row: TimelineRow) -> tuple[tuple[int, int, int], int, str, str]:
    kinds = {"phase": 0, "milestone": 1, "deadline": 2}
    start = row.start or row.end
    when = fields.date_sort_key(start) if start else (9999, 0, 0)
    return when, kinds[row.kind], row.region.id, row.anchor


def by_year(rows: list[TimelineRow]) -> list[YearGroup]:
    """The rows split by the year they start in (rows are already in date order)."""
    groups: dict[str | None, list[TimelineRow]] = {}
    for row in rows:
        groups.setdefault(row.year, []).append(row)
    return [YearGroup(year, items) for year, items in groups.items()]


def _span(row: TimelineRow, fmt: Wording) -> TimelineSpan | None:
    if row.start is None or row.end is None:
        return None
    label = plain_text(row.label, fmt.lang)
    if row.kind == "deadline" and row.count > 1:
        label = fmt.gettext("%(count)s targets due") % {"count": row.count}
    return TimelineSpan(row.kind, row.region, label, row.start, row.end, row.anchor)


def timeline_view(index: AtlasIndex) -> dict[str, Any]:
    """The timeline page's context: what is due next and what has passed (capped, date
    order), and each year with its counts and page. No chart: each year page has its own."""
    now = index.review_date
    rows = timeline_rows(index, now)
    goals = dl.dated_goals(index.regions, now)
    passed = [d for d in goals if d.state != "due"]
    return {
        "now": now,
        "years": by_year(rows),
        "due_next": [d for d in goals if d.state == "due"][:DUE_NEXT],
        "due_count": sum(1 for d in goals if d.state == "due"),
        "passed": list(reversed(passed))[:PASSED],
        "passed_count": len(passed),
    }


def rows_context(
    rows: list[TimelineRow], fmt: Wording, now: str, name: str
) -> tuple[dict[str, Any], dict[str, Figure]]:
    """A page of timeline rows: the table's rows, their chart (``chart-<name>``)."""
    spans = [span for row in rows if (span := _span(row, fmt)) is not None]
    figure = timeline_chart(spans, fmt, now=now)
    chart_id = urls.chart_id(name)
    context = {
        "rows": rows,
        "undated": sum(1 for row in rows if row.start is None or row.end is None),
        "chart_id": chart_id if figure is not None else None,
        "province_of": province_of,
    }
    return context, ({chart_id: figure} if figure is not None else {})


def by_province(index: AtlasIndex, group: YearGroup) -> list[ProvinceRows]:
    """A year's rows by the province their region lies in, in the provinces' code order."""
    found: dict[str, tuple[m.Text, list[TimelineRow]]] = {}
    for row in group.rows:
        code, name = index.hierarchy.province_group(row.region)
        found.setdefault(code, (name, []))[1].append(row)
    return [
        ProvinceRows(name, urls.timeline_year_path(group.year, code), rows)
        for code, (name, rows) in sorted(found.items())
    ]
