"""The regions directory (``regions/``): the atlas's regions counted by province, by level,
by document kind and by what each region holds; and the facets each region carries on its
province page, where a small script filters the list (the lists work without it).

The directory's weight does not grow with the number of regions: it lists the 34
province-level divisions with counts, and each province page lists its own regions.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from generator import urls
from generator.load import model as m
from generator.plan.hierarchy import Place
from generator.plan.index import AtlasIndex
from generator.plan.views import RegionEntry, region_entry

# What a region holds, as the filters name it: (facet value, records of the region).
HOLDINGS = ("targets", "status", "phases")

# Up to this many regions the home page keeps its table of every region; above it, the
# home page links to the directory instead (the table would outgrow the page's budget:
# about 0.6 KB gzip a row, so 50 rows is about 30 KB of the 50 KB budget).
HOME_TABLE_LIMIT = 50


def holdings(region: m.Region) -> list[str]:
    """What ``region`` holds, of :data:`HOLDINGS` (targets: goals with a target figure)."""
    held = []
    if any(goal.target is not None for goal in region.goals):
        held.append("targets")
    if region.status:
        held.append("status")
    if region.phases:
        held.append("phases")
    return held


def kinds_of(region: m.Region) -> list[str]:
    """The document kinds of ``region``'s documents, each once, in codebook order."""
    return sorted({doc.kind for doc in region.documents})


@dataclass(frozen=True)
class Facet:
    """One value a filter offers: its id, its bilingual label, how many regions have it."""

    id: str
    label: m.Text | None  # None: the template words it (what a region holds)
    count: int


@dataclass(frozen=True)
class FacetGroup:
    """A filter: its name (``level``, ``kind``, ``holds``) and its values with counts."""

    name: str
    facets: list[Facet]


@dataclass(frozen=True)
class ProvinceEntry:
    """A province-level division in the directory: the regions of the atlas in it, counted
    by level and by what they hold. ``mix`` is every (level, kinds, holdings) combination
    and its count, for the script to filter by without listing regions."""

    place: Place
    path: str | None
    regions: int
    by_level: dict[str, int]
    by_holding: dict[str, int]
    mix: str


@dataclass(frozen=True)
class Directory:
    """The directory page's view."""

    total: int
    provinces: list[ProvinceEntry]
    groups: list[FacetGroup]
    levels: list[m.Level]
    unplaced: list[RegionEntry]  # regions without a division code (the nation, a few others)
    path: str = urls.regions_directory_path()


def region_facets(region: m.Region) -> str:
    """The facets of ``region`` as a list's ``data-facets`` attribute says them:
    ``level:county kind:action-plan holds:targets``."""
    words = [f"level:{region.level}"]
    words += [f"kind:{kind}" for kind in kinds_of(region)]
    words += [f"holds:{held}" for held in holdings(region)]
    return " ".join(words)


def _mix(regions: list[m.Region]) -> str:
    combos = Counter(region_facets(r) for r in regions)
    return ";".join(f"{combo}={count}" for combo, count in sorted(combos.items()))


def directory_view(index: AtlasIndex) -> Directory:
    """Every province with the regions of the atlas in it, and the filters' counts."""
    by_province: dict[str, list[m.Region]] = {}
    unplaced: list[m.Region] = []
    for region in index.regions:
        province = index.hierarchy.province_of(region)
        if province is None:
            unplaced.append(region)
        else:
            by_province.setdefault(province.code, []).append(region)
    provinces = []
    for place in index.hierarchy.provinces():
        regions = by_province.get(place.code, [])
        if not regions:
            continue
        held = Counter(h for r in regions for h in holdings(r))
        provinces.append(
            ProvinceEntry(
                place,
                place.path,
                len(regions),
                dict(Counter(r.level for r in regions)),
                {h: held.get(h, 0) for h in HOLDINGS},
                _mix(regions),
            )
        )
    return Directory(
        len(index.regions),
        provinces,
        facet_groups(index, index.regions),
        [level for level in index.atlas.levels if any(r.level == level.id for r in index.regions)],
        [region_entry(index, r) for r in unplaced],
    )


def facet_groups(index: AtlasIndex, regions: list[m.Region]) -> list[FacetGroup]:
    """The filters over ``regions``: each level, document kind and holding they have, with
    how many of them have it."""
    levels = Counter(r.level for r in regions)
    kinds = Counter(k for r in regions for k in kinds_of(r))
    held = Counter(h for r in regions for h in holdings(r))
    return [
        FacetGroup(
            "level",
            [Facet(lv.id, lv.name, levels[lv.id]) for lv in index.atlas.levels if levels[lv.id]],
        ),
        FacetGroup(
            "kind",
            [
                Facet(kind.id, kind.name, kinds[kind.id])
                for kind in index.atlas.document_kinds
                if kinds[kind.id]
            ],
        ),
        FacetGroup("holds", [Facet(h, None, held[h]) for h in HOLDINGS if held[h]]),
    ]
