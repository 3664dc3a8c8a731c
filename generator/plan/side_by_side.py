"""The side-by-side page's view: one column per region, one row per comparable
indicator and per theme, every cell resolved (the page's script hides the regions not
chosen)."""

from __future__ import annotations

from dataclasses import dataclass

from generator import urls
from generator.load import model as m
from generator.plan.index import AtlasIndex, Cited
from generator.plan.views import (
    DocumentView,
    Link,
    Linked,
    document_view,
    indicator_link,
    linked,
    theme_link,
)

FIRST_SHOWN = 2  # regions shown before assets/js/side-by-side.js picks (its MIN)


@dataclass(frozen=True)
class Column:
    """A region's column: its name, level, documents and phases."""

    region: m.Region
    level: m.Level
    documents: list[DocumentView]
    phases: list[Linked[m.Phase]]


@dataclass(frozen=True)
class IndicatorCell:
    region: m.Region
    goals: list[Cited[m.Goal]]
    status: list[Cited[m.Status]]


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Link
    cells: list[IndicatorCell]

    @property
    def empty_at_first(self) -> bool:
        """Empty for the regions shown before the page's script runs (the first
        ``FIRST_SHOWN``), which then hides the row: hidden from the start, nothing jumps."""
        return not any(c.goals or c.status for c in self.cells[:FIRST_SHOWN])


@dataclass(frozen=True)
class ThemeCell:
    region: m.Region
    goals: list[Linked[m.Goal]]
    measures: int
    measures_href: str  # the theme's measures on the region page


@dataclass(frozen=True)
class ThemeRow:
    theme: Link
    cells: list[ThemeCell]

    @property
    def empty_at_first(self) -> bool:
        """As :attr:`IndicatorRow.empty_at_first`."""
        return not any(c.goals or c.measures for c in self.cells[:FIRST_SHOWN])


@dataclass(frozen=True)
class SideBySideView:
    columns: list[Column]
    indicators: list[IndicatorRow]
    themes: list[ThemeRow]


def side_by_side_view(index: AtlasIndex) -> dict[str, SideBySideView]:
    """The page's context: ``{"view": SideBySideView}``."""
    columns = [
        Column(
            region,
            index.levels[region.level],
            [document_view(index, region, d.id) for d in region.documents],
            linked(region, "phase", region.phases, [p.id for p in region.phases]),
        )
        for region in index.regions
    ]
    return {"view": SideBySideView(columns, _indicator_rows(index), _theme_rows(index))}


def _indicator_rows(index: AtlasIndex) -> list[IndicatorRow]:
    rows = []
    for indicator in index.atlas.indicators:
        goals = index.goals_by_indicator.get(indicator.id, [])
        status = index.status_by_indicator.get(indicator.id, [])
        if not goals and not status:
            continue
        cells = [
            IndicatorCell(
                region,
                [g for g in goals if g.region.id == region.id],
                [s for s in status if s.region.id == region.id],
            )
            for region in index.regions
        ]
        rows.append(IndicatorRow(indicator_link(indicator), cells))
    return rows


def _theme_rows(index: AtlasIndex) -> list[ThemeRow]:
    rows = []
    for theme in index.atlas.themes:
        records = index.by_theme[theme.id]
        cells = []
        for region in index.regions:
            goals = records.goals.get(region.id, [])
            cells.append(
                ThemeCell(
                    region,
                    linked(region, "goal", goals, [g.id for g in goals]),
                    len(records.measures.get(region.id, [])),
                    f"{urls.region_path(region.id)}#{urls.theme_group_anchor(theme.id)}",
                )
            )
        rows.append(ThemeRow(theme_link(theme), cells))
    return rows
