"""The plan of the site: every page in both languages, with its template and context.

Pages are planned per language because charts carry their labels in the page language;
everything else in a context is language-neutral data the templates format. Paths are
language-neutral (``regions/heshui/``); the English page of a path lives under ``en/``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from generator import urls
from generator.exports.files import feed_file
from generator.load import model as m
from generator.load.divisions import NATIONAL_CODE
from generator.plan import deadlines as dl
from generator.plan import sourcetext
from generator.plan.charts import Figure
from generator.plan.directory import HOME_TABLE_LIMIT, directory_view
from generator.plan.formatting import Wording
from generator.plan.history import changelog, region_history
from generator.plan.index import AtlasIndex
from generator.plan.indicator_pages import indicator_page_view, summaries
from generator.plan.lazy import LazyContext
from generator.plan.side_by_side import region_choices, region_column, side_by_side_rows
from generator.plan.theme_views import codebook_view, theme_contexts
from generator.plan.tilemap import holdings_map, indicator_maps
from generator.plan.timeline import (
    YEAR_ROWS,
    ProvinceRows,
    YearGroup,
    by_province,
    rows_context,
    timeline_view,
)
from generator.plan.views import region_row, region_view
from generator.render.i18n import LANGS, translations

NOT_FOUND = urls.NOT_FOUND


@dataclass(frozen=True)
class Page:
    """One page to render: a language-neutral path, its language, template and context."""

    path: str
    lang: str
    template: str
    section: str
    context: Mapping[str, Any] = field(default_factory=dict)
    charts: dict[str, Figure] = field(default_factory=dict)
    # the region whose own page this is: it shows no other region but what the hierarchy
    # and the lineage name (the build cache keys it on that region, generator/render/cached.py)
    owner: str | None = None
    family: str = ""  # the aggregate pages' family it belongs to (FAMILIES), if any
    view: str | None = None  # a settled page's view hash: its context and charts not made

    @property
    def output_path(self) -> str:
        """The site-relative file: ``index.html``, ``en/regions/heshui/index.html``."""
        return urls.page_file(self.lang, self.path)


def page_paths(pages: list[Page]) -> list[str]:
    """The output paths of ``pages``, sorted."""
    return sorted(page.output_path for page in pages)


# --- view models -------------------------------------------------------------------------


# --- planning ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Download:
    """A file the data page lists: its site-relative path, name and size in bytes."""

    path: str
    name: str
    size: int


def data_page_context(sizes: dict[str, int], lang: str) -> dict[str, Any]:
    """The data page's downloads (files under ``data/``) and the language's feed."""
    downloads = [
        Download(path, path.removeprefix("data/"), size)
        for path, size in sorted(sizes.items())
        if path.startswith("data/")
    ]
    feed = feed_file(lang)
    return {"downloads": downloads, "feed": Download(feed, feed, sizes.get(feed, 0))}


# A family's pages that an earlier build planned, by the family's name, if what they are
# made from is unchanged (their views are not made again: generator/render/settled.py);
# ``None``: plan them.
Settled = Callable[[str], "list[Page] | None"]


def plan_pages(
    index: AtlasIndex,
    download_sizes: dict[str, int],
    settled: Settled | None = None,
    families: Collection[str] | None = None,
) -> list[Page]:
    """Every page of the site, both languages, in a stable order; ``download_sizes`` are
    the exported files the data page lists (site-relative path -> bytes). The aggregate
    pages come in families (:data:`FAMILIES`), each with its charts' embed pages; a family
    ``settled`` returns is not planned again. With ``families``, only those families'
    pages, each planned."""
    from generator.plan.embeds import embed_pages

    pages: list[Page] = []
    for name, planner in FAMILIES.items():
        if families is not None and name not in families:
            continue
        known = settled(name) if settled is not None and families is None else None
        if known is None:
            planned = planner(index)
            known = _family(name, planned + embed_pages(index, planned))
        pages += known
    if families is None:
        pages += _single_pages(index, download_sizes)
        pages += _region_pages(index)
    return pages


def _family(name: str, pages: list[Page]) -> list[Page]:
    return [replace(page, family=name) for page in pages]


def _home_pages(index: AtlasIndex) -> list[Page]:
    now = index.review_date
    home = {
        # Above the limit the home page links to the directory instead of a row a region.
        "regions": [region_row(index, r) for r in index.regions]
        if len(index.regions) <= HOME_TABLE_LIMIT
        else [],
        "directory": urls.regions_directory_path(),
        "totals": totals(index),
        "nation": index.hierarchy.place(NATIONAL_CODE),
        "tile_map": holdings_map(index.hierarchy, index.levels),
        "now": now,
        "due_soon": len(dl.due_within(dl.dated_goals(index.regions, now), now)),
    }
    return [Page(urls.home_path(), lang, "home.html", "home", home) for lang in LANGS]


def _directory_pages(index: AtlasIndex) -> list[Page]:
    directory = {"directory": directory_view(index)}
    path = urls.regions_directory_path()
    return [Page(path, lang, "regions.html", "home", directory) for lang in LANGS]


def _comparison_pages(index: AtlasIndex) -> list[Page]:
    compare = _compare_context(index)
    pages = []
    for lang in LANGS:
        fmt = Wording(lang, translations(lang).gettext)
        pages.append(Page("compare/", lang, "compare.html", "compare", compare))
        pages += _indicator_pages(index, lang, fmt)
    return pages


def _side_by_side_pages(index: AtlasIndex) -> list[Page]:
    rows = side_by_side_rows(index, lambda region: region_column(index, region))
    pages = []
    for lang in LANGS:
        pages.append(Page("side-by-side/", lang, "side-by-side.html", "side-by-side", rows))
        choices = {"choices": region_choices(index, lang)}
        path = urls.side_by_side_list_path()
        pages.append(Page(path, lang, "side-by-side-regions.json", "side-by-side", choices))
    return pages


def _timeline_family(index: AtlasIndex) -> list[Page]:
    views = _timeline_views(index)
    pages = []
    for lang in LANGS:
        fmt = Wording(lang, translations(lang).gettext)
        pages += _timeline_pages(views, index.review_date, lang, fmt)
    return pages


def _theme_pages(index: AtlasIndex) -> list[Page]:
    themes, theme_pages = theme_contexts(index, codebook_view(index))
    pages = []
    for lang in LANGS:
        pages.append(Page("themes/", lang, "themes.html", "themes", themes))
        pages += [
            Page(path, lang, "theme.html", "themes", context)
            for path, context in theme_pages.items()
        ]
    return pages


def _hierarchy_family(index: AtlasIndex) -> list[Page]:
    from generator.plan.hierarchy_pages import hierarchy_pages

    return hierarchy_pages(index)


# The aggregate pages, in families: what each family's views are made from is named in
# generator/plan/families.py, so that a build whose data changed elsewhere takes the
# family's pages as the last build planned them.
FAMILIES: dict[str, Callable[[AtlasIndex], list[Page]]] = {
    "home": _home_pages,
    "directory": _directory_pages,
    "comparison": _comparison_pages,
    "side-by-side": _side_by_side_pages,
    "timeline": _timeline_family,
    "themes": _theme_pages,
    "hierarchy": _hierarchy_family,
}


def _single_pages(index: AtlasIndex, download_sizes: dict[str, int]) -> list[Page]:
    """The pages of no family, planned every build (their views cost nothing to make)."""
    codebooks = {"codebooks": codebook_view(index)}
    changes = {"changelog": changelog(index.validated.history, {r.id: r for r in index.regions})}
    pages = []
    for lang in LANGS:
        pages += [
            Page("search/", lang, "search.html", "search"),
            Page("about/", lang, "about.html", "about", codebooks),
            Page("data/", lang, "data.html", "data", data_page_context(download_sizes, lang)),
            Page("changes/", lang, "changes.html", "data", changes),
            Page(NOT_FOUND, lang, "404.html", ""),
        ]
    return pages


def _region_pages(index: AtlasIndex) -> list[Page]:
    """Each region's own pages: its page, its source pages and its side-by-side column,
    views made when first rendered (a warm build takes most from the cache), once for both
    languages; a source text is cut at its quotes once too (the pieces hold no words of
    the interface)."""
    region_contexts = {r.id: _region_context(index, r) for r in index.regions}
    source_contexts = {
        (region.id, doc.id): _source_context(index, region, doc)
        for region in index.regions
        for doc in region.documents
    }
    columns = {r.id: _column_context(index, r) for r in index.regions}
    pages: list[Page] = []
    for lang in LANGS:
        pages += [
            Page(
                urls.side_by_side_column_path(region.id),
                lang,
                "side-by-side-region.json",
                "side-by-side",
                columns[region.id],
                owner=region.id,
            )
            for region in index.regions
        ]
        for region in index.regions:
            pages += _own_pages(region, lang, region_contexts[region.id], source_contexts)
    return pages


def _column_context(index: AtlasIndex, region: m.Region) -> LazyContext:
    return LazyContext(lambda: {"region": region, "view": region_column(index, region)})


def totals(index: AtlasIndex) -> dict[str, int]:
    """How many regions and records of each type the atlas holds (the home page's line)."""
    regions = index.regions
    return {
        "regions": len(regions),
        "goals": sum(len(r.goals) for r in regions),
        "status": sum(len(r.status) for r in regions),
        "phases": sum(len(r.phases) for r in regions),
        "measures": sum(len(r.measures) for r in regions),
    }


def region_pages(index: AtlasIndex, region_ids: list[str]) -> list[Page]:
    """The page and the source pages of each region in ``region_ids`` alone, both
    languages, as :func:`plan_pages` plans them (what `atlas serve` renders at once after
    an edit, before the whole site is built again)."""
    pages: list[Page] = []
    for region in (index.region(region_id) for region_id in region_ids):
        context = _region_context(index, region)
        sources = {(region.id, d.id): _source_context(index, region, d) for d in region.documents}
        for lang in LANGS:
            pages += _own_pages(region, lang, context, sources)
    return pages


def _own_pages(
    region: m.Region,
    lang: str,
    context: LazyContext,
    sources: dict[tuple[str, str], LazyContext],
) -> list[Page]:
    """A region's page and its source pages in one language."""
    path = urls.region_path(region.id)
    pages = [Page(path, lang, "region.html", "home", context, owner=region.id)]
    for doc in region.documents:
        source = sources[(region.id, doc.id)]
        path = urls.source_path(region.id, doc.id)
        pages.append(Page(path, lang, "source.html", "home", source, owner=region.id))
    return pages


def _region_context(index: AtlasIndex, region: m.Region) -> LazyContext:
    return LazyContext(
        lambda: {
            "view": region_view(index, region),
            "history": region_history(index.validated.history, region.id),
        }
    )


def _source_context(index: AtlasIndex, region: m.Region, document: m.Document) -> LazyContext:
    def make() -> dict[str, Any]:
        text = index.source_text(region, document.id)
        citations = index.citations(region, document.id)
        return {
            "region": region,
            "document": document,
            "kind": index.kinds[document.kind],
            "citations": citations,
            "paragraphs": sourcetext.paragraphs(text, sourcetext.locate(text, citations)),
        }

    return LazyContext(make)


def _compare_context(index: AtlasIndex) -> dict[str, Any]:
    """The comparison page's view (the same in both languages): an overview, one summary
    block an indicator (under its old anchor), linking to the indicator's page, which has
    every target (plan/indicator_pages.py)."""
    unused = [
        i
        for i in index.atlas.indicators
        if i.id not in index.goals_by_indicator and i.id not in index.status_by_indicator
    ]
    maps = indicator_maps(index.hierarchy, index.goals_by_indicator, index.levels)
    return {
        "summaries": [replace(s, tile_map=maps.get(s.indicator.id)) for s in summaries(index)],
        "unused_indicators": unused,
    }


def _indicator_pages(index: AtlasIndex, lang: str, fmt: Wording) -> list[Page]:
    pages = []
    for summary in summaries(index):
        view, charts = indicator_page_view(index, summary.indicator, fmt)
        path = urls.indicator_path(summary.indicator.id)
        pages.append(Page(path, lang, "indicator.html", "compare", {"view": view}, charts))
    return pages


@dataclass(frozen=True)
class _TimelineViews:
    """The timeline's views both languages share: the timeline page's context and, for
    each year split by province, its provinces' rows."""

    context: dict[str, Any]
    provinces: dict[str | None, list[ProvinceRows]]


def _timeline_views(index: AtlasIndex) -> _TimelineViews:
    context = timeline_view(index)
    provinces = {
        group.year: by_province(index, group)
        for group in context["years"]
        if len(group.rows) > YEAR_ROWS
    }
    return _TimelineViews(context, provinces)


def _timeline_pages(views: _TimelineViews, now: str, lang: str, fmt: Wording) -> list[Page]:
    """The timeline (due next, passed, the years) and a page a year; a year with many rows
    is split by province, a page each (plan/timeline.py). Only the charts are made for
    each language."""
    pages = [Page("timeline/", lang, "timeline.html", "timeline", views.context)]
    for group in views.context["years"]:
        if group.year not in views.provinces:
            rows, charts = rows_context(group.rows, fmt, now, _chart_name(group.path))
            year = {"group": group, "provinces": [], "province": None, **rows}
            pages.append(Page(group.path, lang, "timeline-year.html", "timeline", year, charts))
            continue
        provinces = views.provinces[group.year]
        year = {"group": group, "provinces": provinces, "province": None, "chart_id": None}
        pages.append(Page(group.path, lang, "timeline-year.html", "timeline", year))
        # a province's page names its year, not the year's other rows: its view holds its
        # own rows only, so an edit elsewhere in the year leaves it as it was (render cache)
        year_only = YearGroup(group.year, [])
        for part in provinces:
            rows, charts = rows_context(part.rows, fmt, now, _chart_name(part.path))
            context_part = {"group": year_only, "provinces": [], "province": part, **rows}
            pages.append(
                Page(part.path, lang, "timeline-year.html", "timeline", context_part, charts)
            )
    return pages


def _chart_name(page_path: str) -> str:
    """A chart's name from its page, unique across the site: ``timeline/2027/`` ->
    ``timeline-2027`` (its embed page and files are named after it)."""
    return "-".join(page_path.strip("/").split("/"))
