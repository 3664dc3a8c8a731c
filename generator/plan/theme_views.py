"""View models of the theme pages and the codebooks: the themes page's matrix of records
per region and theme, each theme's page, and the codebooks the about page lists. Like
:mod:`generator.plan.views`, every reference is resolved and every link is a path from
:mod:`generator.urls`."""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator import urls
from generator.load import model as m
from generator.plan.deadlines import deadline_state
from generator.plan.index import AtlasIndex
from generator.plan.views import Link, Linked, indicator_link, linked, theme_link


@dataclass(frozen=True)
class ThemeEntry:
    theme: m.Theme
    href: str


@dataclass(frozen=True)
class IndicatorEntry:
    indicator: m.Indicator
    theme: Link
    href: str  # its section on the comparison page


@dataclass(frozen=True)
class CodebookView:
    """The codebooks as the about, themes and theme pages list them."""

    themes: list[ThemeEntry]
    indicators: list[IndicatorEntry]
    levels: list[m.Level]
    kinds: list[m.DocumentKind]


def codebook_view(index: AtlasIndex) -> CodebookView:
    atlas = index.atlas
    return CodebookView(
        themes=[ThemeEntry(t, urls.theme_path(t.id)) for t in atlas.themes],
        indicators=[
            IndicatorEntry(i, theme_link(index.themes[i.theme]), indicator_link(i).href)
            for i in atlas.indicators
        ],
        levels=list(atlas.levels),
        kinds=list(atlas.document_kinds),
    )


@dataclass(frozen=True)
class ThemeRegion:
    """One region's records in a theme."""

    region: m.Region
    anchor: str
    goals: list[Linked[m.Goal]]
    status: list[Linked[m.Status]]
    measures: list[Linked[m.Measure]]


def theme_regions(index: AtlasIndex, theme: m.Theme) -> list[ThemeRegion]:
    records = index.by_theme[theme.id]
    found = []
    for region in index.regions:
        if not records.count(region.id):
            continue
        goals = records.goals.get(region.id, [])
        status = records.status.get(region.id, [])
        measures = records.measures.get(region.id, [])
        found.append(
            ThemeRegion(
                region,
                urls.theme_region_anchor(region.id),
                [
                    replace(item, state=deadline_state(item.record, index.review_date))
                    for item in linked(region, "goal", goals, [g.id for g in goals])
                ],
                linked(region, "status", status, [s.id for s in status]),
                linked(region, "measure", measures, [x.id for x in measures]),
            )
        )
    return found


@dataclass(frozen=True)
class MatrixCell:
    count: int
    href: str  # the region's section on the theme page
    heat: int  # 0 (none) to 4, for the cell's shade


@dataclass(frozen=True)
class MatrixRow:
    region: m.Region
    href: str
    cells: list[MatrixCell]


HEAT_STEPS = (1, 3, 6, 11)  # a cell with at least 1, 3, 6, 11 records is shade 1, 2, 3, 4


def theme_matrix(index: AtlasIndex) -> list[MatrixRow]:
    """Records per region and theme, for the themes page."""
    return [
        MatrixRow(
            region,
            urls.region_path(region.id),
            [
                MatrixCell(
                    n := index.by_theme[theme.id].count(region.id),
                    urls.theme_region_path(theme.id, region.id),
                    sum(1 for step in HEAT_STEPS if n >= step),
                )
                for theme in index.atlas.themes
            ],
        )
        for region in index.regions
    ]
