"""The administrative hierarchy of the atlas: each region's chain of enclosing divisions,
the regions beneath each division, and the pages a division gets.

Built once from the validated atlas and its division codebook; no I/O. For any listing
grouped by province or prefecture use :meth:`Hierarchy.province_of` and
:meth:`Hierarchy.prefecture_of` (a :class:`Place` each, or ``None``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from generator import urls
from generator.load import model as m
from generator.load.divisions import NATIONAL_CODE, Division, DivisionCodebook

DIVISION_PAGE_LEVELS = ("province", "prefecture")


@dataclass(frozen=True)
class Place:
    """A division as the site names it: the codebook's entry, its bilingual name, the atlas
    region that has its code (if any), and the page to link to (``None``: no page)."""

    division: Division
    name: m.Text
    short: m.Text
    region: m.Region | None
    path: str | None

    @property
    def code(self) -> str:
        return self.division.code


@dataclass(frozen=True)
class Hierarchy:
    """Chains, the regions beneath each division, and which divisions get a page."""

    codebook: DivisionCodebook
    places: dict[str, Place]
    chains: dict[str, list[Place]]  # region id -> enclosing places, outermost (nation) first
    beneath: dict[str, list[m.Region]]  # division code -> atlas regions under it

    def chain(self, region: m.Region) -> list[Place]:
        """The divisions enclosing ``region``, the nation first; empty for the nation."""
        return self.chains.get(region.id, [])

    def place(self, code: str) -> Place | None:
        return self.places.get(code)

    def place_of(self, region: m.Region) -> Place | None:
        return self.places.get(region.code) if region.code else None

    def province_of(self, region: m.Region) -> Place | None:
        """The province-level division ``region`` is in (itself for a province)."""
        division = self.codebook.get(region.code) if region.code else None
        code = division.province_code if division else None
        return self.places.get(code) if code else None

    def province_group(self, region: m.Region) -> tuple[str, m.Text]:
        """Where a listing grouped by province puts ``region``: its province's code and
        name, or "000000" and its outermost parent (else its own name) for a region
        outside the codebook's provinces."""
        place = self.province_of(region)
        if place is None:
            return "000000", region.parent[0] if region.parent else region.name
        return place.code, place.name

    def prefecture_of(self, region: m.Region) -> Place | None:
        """The prefecture-level division ``region`` is in (itself for a prefecture)."""
        if region.code is None:
            return None
        division = self.codebook.get(region.code)
        if division is None:
            return None
        if division.level == "prefecture":
            return self.places.get(division.code)
        codes = [c for c in division.parents if self.codebook.divisions[c].level == "prefecture"]
        return self.places.get(codes[0]) if codes else None

    def division_pages(self) -> list[Place]:
        """Every province or prefecture with atlas regions beneath it, by code."""
        return [
            self.places[code]
            for code in sorted(self.beneath)
            if self.places[code].division.level in DIVISION_PAGE_LEVELS
        ]

    def provinces(self) -> list[Place]:
        """All province-level divisions (34), by code."""
        return [self.places[d.code] for d in self.codebook.provinces()]

    @classmethod
    def build(
        cls,
        regions: list[m.Region],
        codebook: DivisionCodebook,
        names: list[m.DivisionName],
    ) -> Hierarchy:
        by_code = {r.code: r for r in regions if r.code}
        beneath: dict[str, list[m.Region]] = defaultdict(list)
        for region in regions:
            if region.code and region.code in codebook.divisions:
                for enclosing in codebook.chain(region.code):
                    beneath[enclosing.code].append(region)
        named = {entry.code: entry for entry in names}
        wanted = {d.code for d in codebook.provinces()} | set(beneath) | set(by_code)
        wanted.add(NATIONAL_CODE)
        places = {
            code: _place(
                codebook.divisions[code], by_code.get(code), named.get(code), code in beneath
            )
            for code in sorted(wanted)
            if code in codebook.divisions
        }
        chains = {
            region.id: [places[d.code] for d in codebook.chain(region.code)]
            for region in regions
            if region.code and region.code in codebook.divisions
        }
        return cls(codebook, places, chains, dict(beneath))


def _place(
    division: Division, region: m.Region | None, named: m.DivisionName | None, has_beneath: bool
) -> Place:
    if region is not None:
        name = region.name
    elif named is not None:
        name = named.name
    else:
        name = m.Text(zh=division.name)
    if named is not None and named.short is not None:
        short = named.short
    else:
        short = m.Text(zh=division.short, en=name.en)
    if has_beneath and division.level in DIVISION_PAGE_LEVELS:
        path: str | None = urls.division_path(division.code)
    elif region is not None:
        path = urls.region_path(region.id)
    else:
        path = None
    return Place(division, name, short, region, path)
