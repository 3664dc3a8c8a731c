"""Tile-grid maps of the 34 province-level divisions, as view models for an SVG template.

A tile grid places each province on a square of a grid roughly where it lies, with no
boundary geometry: a geometric map of China shown to the public needs a map review number
(审图号), a tile grid does not. The layout below is the atlas's own design (positions,
not data); names and codes come from the division codebook.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.load import model as m
from generator.plan.hierarchy import Hierarchy, Place
from generator.plan.index import Cited
from generator.plan.views import RegionEntry

# (column, row) of each province-level division on an 8 x 8 grid.
GRID: dict[str, tuple[int, int]] = {
    "230000": (7, 0),  # 黑龙江
    "150000": (4, 1),  # 内蒙古
    "110000": (5, 1),  # 北京
    "210000": (6, 1),  # 辽宁
    "220000": (7, 1),  # 吉林
    "650000": (0, 2),  # 新疆
    "620000": (2, 2),  # 甘肃
    "640000": (3, 2),  # 宁夏
    "140000": (4, 2),  # 山西
    "130000": (5, 2),  # 河北
    "120000": (6, 2),  # 天津
    "630000": (1, 3),  # 青海
    "610000": (3, 3),  # 陕西
    "410000": (4, 3),  # 河南
    "370000": (5, 3),  # 山东
    "540000": (0, 4),  # 西藏
    "510000": (2, 4),  # 四川
    "500000": (3, 4),  # 重庆
    "420000": (4, 4),  # 湖北
    "340000": (5, 4),  # 安徽
    "320000": (6, 4),  # 江苏
    "530000": (2, 5),  # 云南
    "520000": (3, 5),  # 贵州
    "430000": (4, 5),  # 湖南
    "360000": (5, 5),  # 江西
    "330000": (6, 5),  # 浙江
    "310000": (7, 5),  # 上海
    "450000": (3, 6),  # 广西
    "440000": (4, 6),  # 广东
    "350000": (5, 6),  # 福建
    "710000": (7, 6),  # 台湾
    "460000": (3, 7),  # 海南
    "820000": (4, 7),  # 澳门
    "810000": (5, 7),  # 香港
}
TILE_WIDTH, TILE_HEIGHT, GAP = 84, 60, 4
COLUMNS, ROWS = 8, 8
# Records at and beneath a province from which each colour step starts (step 0: none).
RECORD_STEPS = (1, 20, 60)
# The colour step of a level holding targets on an indicator (the highest level counts).
LEVEL_STEPS = {"province": 3, "prefecture-city": 2, "district": 1, "county": 1}


@dataclass(frozen=True)
class Tile:
    """One province on the map: where it is drawn, what the atlas holds, where it links."""

    place: Place
    x: int
    y: int
    step: int  # 0 (nothing) to 3, the colour class
    regions: list[RegionEntry]  # atlas regions at and beneath the province
    documents: int
    records: int
    levels: list[m.Level]  # of the regions holding what the tile counts, by id
    path: str | None  # the page to link to; None for a tile with nothing

    @property
    def label_x(self) -> int:
        return self.x + TILE_WIDTH // 2


@dataclass(frozen=True)
class TileMap:
    tiles: list[Tile]
    width: int = COLUMNS * (TILE_WIDTH + GAP)
    height: int = ROWS * (TILE_HEIGHT + GAP)
    tile_width: int = TILE_WIDTH
    tile_height: int = TILE_HEIGHT

    def held(self) -> list[Tile]:
        return [tile for tile in self.tiles if tile.step > 0]


def records_of(region: m.Region) -> int:
    return len(region.goals) + len(region.status) + len(region.phases) + len(region.measures)


def _record_step(records: int) -> int:
    return sum(1 for start in RECORD_STEPS if records >= start)


def _at_and_beneath(hierarchy: Hierarchy, place: Place) -> list[m.Region]:
    own = [place.region] if place.region is not None else []
    return own + hierarchy.beneath.get(place.code, [])


def _tile(
    place: Place,
    step: int,
    regions: list[m.Region],
    records: int,
    link: bool,
    levels: dict[str, m.Level],
) -> Tile:
    column, row = GRID[place.code]
    return Tile(
        place=place,
        x=column * (TILE_WIDTH + GAP),
        y=row * (TILE_HEIGHT + GAP),
        step=step,
        regions=[RegionEntry(r, levels[r.level]) for r in regions],
        documents=sum(len(r.documents) for r in regions),
        records=records,
        levels=[levels[level] for level in sorted({r.level for r in regions})],
        path=place.path if link and step > 0 else None,
    )


def holdings_map(hierarchy: Hierarchy, levels: dict[str, m.Level]) -> TileMap:
    """What the atlas holds at and beneath each province: coloured by records, linked to
    the province's page when it holds anything."""
    tiles = []
    for place in hierarchy.provinces():
        regions = _at_and_beneath(hierarchy, place)
        records = sum(records_of(r) for r in regions)
        step = _record_step(records) if regions else 0
        tiles.append(_tile(place, step, regions, records, True, levels))
    return TileMap(tiles)


def indicator_map(
    hierarchy: Hierarchy, goals: list[tuple[m.Region, m.Goal]], levels: dict[str, m.Level]
) -> TileMap:
    """Which provinces hold targets on one indicator, coloured by the highest level that
    sets one (province, prefecture, county or district)."""
    tiles = []
    for place in hierarchy.provinces():
        inside = {r.id for r in _at_and_beneath(hierarchy, place)}
        holders = [r for r, _ in goals if r.id in inside]
        unique = list({r.id: r for r in holders}.values())
        step = max((LEVEL_STEPS.get(r.level, 0) for r in unique), default=0)
        tiles.append(_tile(place, step, unique, len(holders), False, levels))
    return TileMap(tiles)


def indicator_maps(
    hierarchy: Hierarchy,
    goals_by_indicator: dict[str, list[Cited[m.Goal]]],
    levels: dict[str, m.Level],
) -> dict[str, TileMap]:
    """A map per indicator with targets: which provinces hold them, at which levels."""
    return {
        indicator: indicator_map(hierarchy, [(g.region, g.record) for g in goals], levels)
        for indicator, goals in goals_by_indicator.items()
        if goals
    }
