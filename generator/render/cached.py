"""Render only the pages whose inputs changed; take the others from the build cache.

Each page is stored under a key that hashes everything its HTML is made from:

- every page: the generator's code and catalogs
  (:func:`~generator.cache.code_fingerprint`), the project's templates, assets and
  front-end packages (:func:`~generator.cache.project_fingerprint`), the site
  settings and codebooks, the dataset version and review date in its footer, its path
  and template (the version names the data commit, so the record history a region page
  shows, which only a commit changes, is in every key);
- a region's own pages (the templates in :data:`OWN_REGION_TEMPLATES`, which read their
  region, its documents and its archived texts, and of the other regions only what the
  hierarchy and the documents' lineage show: names, codes, levels, document titles): that
  region's digest, the hash of its file and of the source texts it quotes, and the hash
  of every region without its records (:func:`_links_digest`);
- a division's page: the digests of its own region and of the regions beneath it;
- every other page (home, comparison, side-by-side, timeline, themes, ...): the digests of
  all regions and the sizes of the downloads it lists.

An embed page is stored with the SVG and CSV of its chart (``CACHE_KIND_EMBEDS``), so a
warm build draws no chart it does not render. So an edit to one region re-renders that
region's pages and the pages that gather all regions, and nothing else; the same inputs
always give the same key, and a page rendered from the cache has the bytes a fresh
render would give (``tests/test_incremental.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.cache import BuildCache, code_fingerprint, digest, project_fingerprint
from generator.load import model as m
from generator.plan.hierarchy import Place
from generator.plan.index import AtlasIndex
from generator.plan.pages import Page
from generator.project import Project
from generator.render.renderer import Renderer, page_files

CACHE_KIND = "pages"
CACHE_KIND_EMBEDS = "embeds"  # an embed page with its chart's SVG and CSV, as one object
# Templates whose page reads only the region in its context (never another region): a
# template that starts to show other regions (neighbours, a parent) must leave this set.
OWN_REGION_TEMPLATES = frozenset({"region.html", "source.html", "side-by-side-region.json"})
# A division's page reads its own region and the regions beneath it (and, as every page,
# the LINKED_FIELDS of all): it is keyed on those regions, not on every region.
DIVISION_TEMPLATE = "division.html"


@dataclass(frozen=True)
class PageInputs:
    """The hashes page keys are made of."""

    shared: str  # code, site settings and codebooks
    regions: dict[str, str]  # region id -> digest of what its pages are made from
    everything: str  # shared, every region and the downloads' sizes


def _region_digest(index: AtlasIndex, region: m.Region) -> str:
    known = index.validated.region_digests.get(region.id)
    if known is not None:
        return known
    texts = [index.source_text(region, doc.id) for doc in region.documents]
    return digest(region.model_dump_json(), *texts)


# What a region's own pages show of another region: the chain of divisions above it
# (generator/plan/hierarchy.py) and its documents' lineage (templates/_document_lineage.html:
# a cited or citing document's title, number and level, and its region's name).
LINKED_FIELDS: dict[str, Any] = {
    "id": True,
    "name": True,
    "code": True,
    "level": True,
    "sub_provincial": True,
    "parent": True,
    "documents": {"__all__": {"id": True, "title": True, "number": True, "cites": True}},
}


def _links_digest(index: AtlasIndex) -> str:
    """What a region's own pages can show of the other regions (:data:`LINKED_FIELDS` of
    each), the documents outside the atlas they cite and the divisions' names."""
    atlas = index.atlas
    return digest(
        *(region.model_dump_json(include=LINKED_FIELDS) for region in index.regions),
        *(entry.model_dump_json() for entry in atlas.referenced_documents),
        *(entry.model_dump_json() for entry in atlas.division_names),
    )


def page_inputs(index: AtlasIndex, project: Project, downloads: dict[str, int]) -> PageInputs:
    atlas = index.atlas
    codebooks = [
        entry.model_dump_json()
        for book in (atlas.themes, atlas.indicators, atlas.levels, atlas.document_kinds)
        for entry in book
    ]
    release = index.validated.release
    shared = digest(
        code_fingerprint(),
        project_fingerprint(project.root),
        atlas.site.model_dump_json(),
        repr(release),
        index.review_date,
        _links_digest(index),
        *codebooks,
    )
    regions = {region.id: _region_digest(index, region) for region in index.regions}
    sizes = [f"{path}={size}" for path, size in sorted(downloads.items())]
    everything = digest(shared, *(f"{k}={v}" for k, v in regions.items()), *sizes)
    return PageInputs(shared, regions, everything)


def _own_region(page: Page) -> m.Region | None:
    """The region a region's own page shows (in its context, or its view's)."""
    region = page.context.get("region", getattr(page.context.get("view"), "region", None))
    return region if isinstance(region, m.Region) else None


def _division_regions(page: Page) -> list[str] | None:
    """The regions a division's page shows (its own and those beneath it), or ``None``
    for any other page."""
    if page.template != DIVISION_TEMPLATE:
        return None
    place, beneath = page.context.get("place"), page.context.get("beneath")
    if not isinstance(place, Place) or not isinstance(beneath, list):
        return None
    own = [place.region.id] if place.region is not None else []
    return sorted({*own, *(row.region.id for row in beneath)})


def page_key(page: Page, inputs: PageInputs) -> str:
    region = _own_region(page)
    if page.template in OWN_REGION_TEMPLATES and region is not None:
        return digest(inputs.shared, page.output_path, page.template, inputs.regions[region.id])
    shown = _division_regions(page)
    if shown is not None:
        parts = [f"{region_id}={inputs.regions[region_id]}" for region_id in shown]
        return digest(inputs.shared, page.output_path, page.template, *parts)
    return digest(inputs.everything, page.output_path, page.template)


@dataclass(frozen=True)
class RenderResult:
    files: dict[str, bytes]  # every page and the published assets
    rendered: list[str]  # output paths of the pages rendered (not from the cache)


def render_with_cache(
    renderer: Renderer, pages: list[Page], downloads: dict[str, int], cache: BuildCache
) -> RenderResult:
    """Every page, rendering only those the cache does not hold; stores what it renders."""
    if not cache.enabled:
        return RenderResult(renderer.render_site(pages), [p.output_path for p in pages])
    inputs = page_inputs(renderer.index, renderer.project, downloads)
    keys = {page.output_path: page_key(page, inputs) for page in pages}
    stored: dict[str, bytes] = {}
    todo = []
    for page in pages:
        found = _stored(page, keys[page.output_path], cache)
        if found is None:
            todo.append(page)
        else:
            stored.update(found)
    files = renderer.render_site(todo)
    for page in todo:
        key = keys[page.output_path]
        made = page_files(page)
        if len(made) == 1:
            cache.put(CACHE_KIND, key, files[page.output_path])
        else:
            cache.put_object(CACHE_KIND_EMBEDS, key, {name: files[name] for name in made})
    cache.retain(CACHE_KIND, keys.values())
    cache.retain(CACHE_KIND_EMBEDS, keys.values())
    files.update(stored)
    return RenderResult(files, [page.output_path for page in todo])


def _stored(page: Page, key: str, cache: BuildCache) -> dict[str, bytes] | None:
    """The files of ``page`` from the cache (the page, and an embed page's chart files),
    or ``None`` if any is missing."""
    made = page_files(page)
    if len(made) == 1:
        content = cache.get(CACHE_KIND, key)
        return None if content is None else {page.output_path: content}
    bundle = cache.get_object(CACHE_KIND_EMBEDS, key)
    if not isinstance(bundle, dict) or set(bundle) != set(made):
        return None
    if not all(isinstance(content, bytes) for content in bundle.values()):
        return None
    return bundle
