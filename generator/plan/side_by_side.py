"""The side-by-side page and its data: the page holds the rows (one per comparable
indicator in use and per theme) but no region; each region's column is a small JSON file
of its own (``side-by-side/regions/ID.json``, every cell resolved in the page language)
and the chooser's list is another (``side-by-side/regions.json``). The page's script
fetches the list and only the chosen regions' columns, so the page weighs the same
however many regions the atlas holds.

A region's column reads only that region (and the codebooks): it has a cell for every
indicator of the codebook, not only those some region uses, so that it never depends on
another region (the build cache keys it on its own region)."""

from __future__ import annotations

from collections.abc import Callable
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
class ThemeCell:
    region: m.Region
    goals: list[Linked[m.Goal]]
    measures: int
    measures_href: str  # the theme's measures on the region page


FIRST_SHOWN = 2  # regions shown before the reader chooses (assets/js/side-by-side.js, MIN)


@dataclass(frozen=True)
class SideBySideRows:
    """The page: its rows, keyed as the columns' cells are (``indicator:ID``, ``theme:ID``),
    and the keys of the rows empty for the regions shown first (the atlas's first
    ``FIRST_SHOWN``): the script hides those rows, so they are hidden from the start and
    nothing jumps when the columns arrive."""

    indicators: list[tuple[str, Link]]
    themes: list[tuple[str, Link]]
    empty_at_first: tuple[str, ...]  # sorted: a view holds no set (generator/render/cached.py)


@dataclass(frozen=True)
class RegionColumn:
    """One region's column: its heading data and a cell per indicator and per theme."""

    column: Column
    indicators: list[tuple[str, IndicatorCell]]
    themes: list[tuple[str, ThemeCell]]

    @property
    def empty(self) -> set[str]:
        """The keys of the rows where this region has nothing (its cell says "none")."""
        return {key for key, cell in self.indicators if not (cell.goals or cell.status)} | {
            key for key, cell in self.themes if not (cell.goals or cell.measures)
        }


def side_by_side_rows(
    index: AtlasIndex, column: Callable[[m.Region], RegionColumn]
) -> dict[str, SideBySideRows]:
    """The page's context: ``{"rows": SideBySideRows}`` (``column`` makes a region's)."""
    used = set(index.goals_by_indicator) | set(index.status_by_indicator)
    indicators = [
        (f"indicator:{i.id}", indicator_link(i)) for i in index.atlas.indicators if i.id in used
    ]
    themes = [(f"theme:{t.id}", theme_link(t)) for t in index.atlas.themes]
    first = [column(region) for region in index.regions[:FIRST_SHOWN]]
    empty = set.intersection(*(c.empty for c in first)) if first else set()
    return {"rows": SideBySideRows(indicators, themes, tuple(sorted(empty)))}


def region_choices(index: AtlasIndex, lang: str) -> list[dict[str, str]]:
    """The chooser's list: each region's id, name and province (the province-level
    division its code is in, else its first parent)."""

    def text(value: m.Text) -> str:
        return value.en if lang == "en" and value.en else value.zh

    def province(region: m.Region) -> str:
        place = index.hierarchy.province_of(region)
        if place is not None:
            return text(place.name)
        return text(region.parent[0]) if region.parent else ""

    return [
        {"id": region.id, "name": text(region.name), "province": province(region)}
        for region in index.regions
    ]


def region_column(index: AtlasIndex, region: m.Region) -> RegionColumn:
    """A region's column: a cell for every indicator of the codebook and every theme."""
    cited = index.cited_by_region[region.id]
    indicator_cells = [
        (
            f"indicator:{i.id}",
            IndicatorCell(
                region,
                [goal for goal in cited.goals if goal.record.indicator == i.id],
                [figure for figure in cited.status if figure.record.indicator == i.id],
            ),
        )
        for i in index.atlas.indicators
    ]
    return RegionColumn(_column(index, region), indicator_cells, _theme_cells(index, region))


def _column(index: AtlasIndex, region: m.Region) -> Column:
    return Column(
        region,
        index.levels[region.level],
        [document_view(index, region, d.id) for d in region.documents],
        linked(region, "phase", region.phases, [p.id for p in region.phases]),
    )


def _theme_cells(index: AtlasIndex, region: m.Region) -> list[tuple[str, ThemeCell]]:
    cells = []
    for theme in index.atlas.themes:
        records = index.by_theme[theme.id]
        goals = records.goals.get(region.id, [])
        cells.append(
            (
                f"theme:{theme.id}",
                ThemeCell(
                    region,
                    linked(region, "goal", goals, [g.id for g in goals]),
                    len(records.measures.get(region.id, [])),
                    urls.record_path(region.id, urls.theme_group_anchor(theme.id)),
                ),
            )
        )
    return cells
