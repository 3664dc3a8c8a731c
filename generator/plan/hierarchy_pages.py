"""Pages of the hierarchy and the lineage: a page per division with atlas regions beneath
it, a page per referenced document, and the lineage view. Contexts hold view models:
every level, kind and place is resolved and every link is a path from generator.urls."""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator import urls
from generator.load import model as m
from generator.plan.directory import facet_groups, region_facets
from generator.plan.hierarchy import Place
from generator.plan.index import AtlasIndex, Cited
from generator.plan.lineage import CitedDocument, Citing
from generator.plan.pages import Page
from generator.plan.tilemap import records_of
from generator.plan.views import DocumentView, document_view
from generator.render.i18n import LANGS

LINEAGE_PATH = urls.section_path("lineage")
# A province page shows at most this many targets beneath it on each indicator (the
# comparison page has them all), so the page grows with the regions' list only.
SHARED_LIMIT = 25


@dataclass(frozen=True)
class RegionBeneath:
    """A region under a division, with what it holds."""

    region: m.Region
    level: m.Level
    chain: list[Place]  # the divisions between the page's division and the region
    documents: int
    goals: int
    records: int
    facets: str  # what the regions list's filter matches (plan/directory.py)


@dataclass(frozen=True)
class SharedIndicator:
    """One indicator with targets at or beneath a division: the division's own beside
    those of the regions beneath it."""

    indicator: m.Indicator
    own: list[Cited[m.Goal]]
    beneath: list[Cited[m.Goal]]  # the first SHARED_LIMIT
    more: int  # targets beneath not shown
    compare: str  # the indicator's page, with every target


def chain_of(index: AtlasIndex, place: Place) -> list[Place]:
    """The places enclosing ``place``, the nation first."""
    codebook = index.hierarchy.codebook
    return [index.hierarchy.places[d.code] for d in codebook.chain(place.code)]


def _beneath(index: AtlasIndex, place: Place) -> list[RegionBeneath]:
    found = []
    for region in index.hierarchy.beneath.get(place.code, []):
        chain = index.hierarchy.chain(region)
        codes = [p.code for p in chain]
        between = chain[codes.index(place.code) + 1 :] if place.code in codes else []
        found.append(
            RegionBeneath(
                region,
                index.levels[region.level],
                between,
                len(region.documents),
                len(region.goals),
                records_of(region),
                region_facets(region),
            )
        )
    return found


def shared_indicators(index: AtlasIndex, place: Place) -> list[SharedIndicator]:
    """Indicators with targets at or beneath ``place``, the division's own first."""
    own_id = place.region.id if place.region is not None else None
    beneath = {r.id for r in index.hierarchy.beneath.get(place.code, [])}
    by_region = _goals_by_region(index)
    shared = []
    for indicator in index.atlas.indicators:
        found = by_region.get(indicator.id, {})
        own = [g for _, g in found.get(own_id, [])] if own_id is not None else []
        # in the indicator's own order (each goal's place in it), as the list holds them
        held = [x for rid in beneath for x in found.get(rid, [])]
        under = [g for _, g in sorted(held, key=lambda x: x[0])]
        if under:
            shared.append(
                SharedIndicator(
                    indicator,
                    own,
                    under[:SHARED_LIMIT],
                    max(0, len(under) - SHARED_LIMIT),
                    urls.indicator_path(indicator.id),
                )
            )
    return shared


_BY_REGION: list[tuple[AtlasIndex, dict[str, dict[str, list[tuple[int, Cited[m.Goal]]]]]]] = []


def _goals_by_region(index: AtlasIndex) -> dict[str, dict[str, list[tuple[int, Cited[m.Goal]]]]]:
    """Indicator id -> region id -> (place in the indicator's list, goal): made once for an
    index (a division page looks up its regions instead of scanning every goal)."""
    if _BY_REGION and _BY_REGION[0][0] is index:
        return _BY_REGION[0][1]
    grouped: dict[str, dict[str, list[tuple[int, Cited[m.Goal]]]]] = {}
    for indicator_id, goals in index.goals_by_indicator.items():
        per_region = grouped.setdefault(indicator_id, {})
        for position, goal in enumerate(goals):
            per_region.setdefault(goal.region.id, []).append((position, goal))
    _BY_REGION[:] = [(index, grouped)]
    return grouped


def division_page(index: AtlasIndex, place: Place, lang: str) -> Page:
    assert place.path is not None
    own = place.region
    return Page(
        place.path,
        lang,
        "division.html",
        "home",
        {
            "place": place,
            "level": index.levels[place.division.level_id],
            "documents": [document_view(index, own, d.id) for d in own.documents] if own else [],
            "chain": chain_of(index, place),
            "beneath": _beneath(index, place),
            "shared": shared_indicators(index, place),
            "filters": facet_groups(index, index.hierarchy.beneath.get(place.code, [])),
        },
    )


def reference_page(index: AtlasIndex, cited: CitedDocument, lang: str) -> Page:
    return Page(
        cited.path,
        lang,
        "reference.html",
        "lineage",
        {"cited": cited, "citing": index.lineage.citing.get(cited.key, [])},
    )


# The lineage page lists at most this many documents under each cited one (its own page
# lists them all), and at most this many documents that cite none, so its weight does not
# grow with the atlas.
LINEAGE_CHILDREN = 12
LINEAGE_UNCITED = 100


def lineage_page(index: AtlasIndex, lang: str) -> Page:
    sections: list[tuple[m.Level, list[tuple[CitedDocument, list[Citing], int]]]] = [
        (
            index.levels[level],
            [
                (doc, citing[:LINEAGE_CHILDREN], len(citing))
                for doc in docs
                for citing in [index.lineage.citing[doc.key]]
            ],
        )
        for level, docs in index.lineage.cascade()
    ]
    uncited: list[tuple[m.Region, DocumentView]] = [
        (region, document_view(index, region, doc.id))
        for region in index.regions
        for doc in region.documents
        if not doc.cites
    ]
    return Page(
        LINEAGE_PATH,
        lang,
        "lineage.html",
        "lineage",
        {
            "sections": sections,
            "uncited": uncited[:LINEAGE_UNCITED],
            "uncited_total": len(uncited),
            "count": index.lineage.citation_count(),
        },
    )


def hierarchy_pages(index: AtlasIndex) -> list[Page]:
    """The division pages, the referenced-document pages and the lineage view, in each
    language; their views hold no words of a language, so each is made once and both
    languages' pages share it (and the build cache hashes it once)."""
    first = LANGS[0]
    pages = [division_page(index, place, first) for place in index.hierarchy.division_pages()]
    pages += [
        reference_page(index, cited, first)
        for cited in index.lineage.cited.values()
        if cited.referenced is not None
    ]
    pages.append(lineage_page(index, first))
    return [replace(page, lang=lang) for lang in LANGS for page in pages]
