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


# A theme with records in more regions than this is split by province: its page lists the
# provinces with their counts, and each province's regions have a page of their own. An
# atlas with more regions than this shows the themes page's matrix by province.
SPLIT_REGIONS = 600


@dataclass(frozen=True)
class ThemeProvince:
    """One province's part of a theme split by province."""

    name: m.Text
    code: str
    path: str
    regions: list[ThemeRegion]

    def count(self, kind: str) -> int:
        return sum(len(getattr(region, kind)) for region in self.regions)


def theme_provinces(
    index: AtlasIndex, theme: m.Theme, regions: list[ThemeRegion]
) -> list[ThemeProvince]:
    """A theme's regions by province, in code order; empty for a theme small enough to
    list all its regions on one page."""
    if len(regions) <= SPLIT_REGIONS:
        return []
    found: dict[str, tuple[m.Text, list[ThemeRegion]]] = {}
    for entry in regions:
        code, name = index.hierarchy.province_group(entry.region)
        found.setdefault(code, (name, []))[1].append(entry)
    return [
        ThemeProvince(name, code, urls.theme_path(theme.id, code), entries)
        for code, (name, entries) in sorted(found.items())
    ]


@dataclass(frozen=True)
class MatrixCell:
    count: int
    href: str  # the region's section on the theme page
    heat: int  # 0 (none) to 4, for the cell's shade


@dataclass(frozen=True)
class MatrixRow:
    """A region's row, or (in an atlas of more than SPLIT_REGIONS regions) a province's."""

    region: m.Region | None
    name: m.Text
    href: str
    cells: list[MatrixCell]


HEAT_STEPS = (1, 3, 6, 11)  # a cell with at least 1, 3, 6, 11 records is shade 1, 2, 3, 4


def _heat(count: int) -> int:
    return sum(1 for step in HEAT_STEPS if count >= step)


def theme_matrix(index: AtlasIndex, split: set[str]) -> list[MatrixRow]:
    """Records per region and theme for the themes page; per province in a large atlas,
    each cell linking to that province's part of the theme (``split``: the themes split
    by province) or to the theme's page."""
    themes = index.atlas.themes
    if len(index.regions) > SPLIT_REGIONS:
        return _province_matrix(index, split)
    return [
        MatrixRow(
            region,
            region.name,
            urls.region_path(region.id),
            [
                MatrixCell(
                    n := index.by_theme[theme.id].count(region.id),
                    urls.theme_region_path(theme.id, region.id),
                    _heat(n),
                )
                for theme in themes
            ],
        )
        for region in index.regions
    ]


def _province_matrix(index: AtlasIndex, split: set[str]) -> list[MatrixRow]:
    provinces: dict[str, tuple[m.Text, list[m.Region]]] = {}
    for region in index.regions:
        code, name = index.hierarchy.province_group(region)
        provinces.setdefault(code, (name, []))[1].append(region)
    rows = []
    for code, (name, regions) in sorted(provinces.items()):
        cells = []
        for theme in index.atlas.themes:
            n = sum(index.by_theme[theme.id].count(r.id) for r in regions)
            href = urls.theme_path(theme.id, code if theme.id in split else None)
            cells.append(MatrixCell(n, href, _heat(n // max(len(regions), 1))))
        place = index.hierarchy.place(code)
        rows.append(MatrixRow(None, name, place.path if place and place.path else "", cells))
    return rows


def theme_contexts(
    index: AtlasIndex, codebooks: CodebookView
) -> tuple[dict[str, object], dict[str, dict[str, object]]]:
    """The themes page's context, and each theme page's by its path: the theme's own page
    and, for a theme split by province, each province's part of it."""
    pages: dict[str, dict[str, object]] = {}
    split: set[str] = set()
    for theme in index.atlas.themes:
        regions = theme_regions(index, theme)
        provinces = theme_provinces(index, theme, regions)
        common = {
            "theme": theme,
            "theme_href": urls.theme_path(theme.id),
            "indicators": [e for e in codebooks.indicators if e.indicator.theme == theme.id],
        }
        pages[urls.theme_path(theme.id)] = {
            **common,
            "regions": [] if provinces else regions,
            "provinces": provinces,
            "province": None,
        }
        for province in provinces:
            pages[province.path] = {
                **common,
                "regions": province.regions,
                "provinces": [],
                "province": province,
            }
        if provinces:
            split.add(theme.id)
    by_province = len(index.regions) > SPLIT_REGIONS
    themes = {
        "codebooks": codebooks,
        "matrix": theme_matrix(index, split),
        "by_province": by_province,
    }
    return themes, pages
