"""The search stage: each language's Pagefind bundle, built from the search records
(:mod:`generator.search.records`) of the pages the site holds, and reused from the build
cache while its records, the generator and the indexer binary are the same.

Only the files the site serves are kept (the search API, its worker, the index, its
fragments and filters, and ``atlas-search.json`` with the filter values and the query
map); Pagefind's UI bundles are left out.
"""

from __future__ import annotations

import gc
import json
import os
import pickle
from collections.abc import Collection
from functools import cache
from urllib.parse import urlsplit

from generator import urls
from generator.cache import BuildCache, code_fingerprint, digest, file_digest
from generator.load import model as m
from generator.load.validate import ValidatedAtlas
from generator.parallel import fork_map
from generator.search.entries import SearchPage, search_pages
from generator.search.page_data import pages_search_data
from generator.search.pagefind_service import pagefind_binary, run_pagefind_bundles
from generator.search.records import (
    LANGUAGES,
    PAGE_LANGUAGE,
    SearchContext,
    region_search_records,
    search_context,
)
from generator.search.stable import stabilise
from generator.search.words import HAN

# Files of Pagefind's bundle the site serves: the search API, its worker and the index.
SEARCH_DATA = "atlas-search.json"  # filter values and the query map
# The region filter's values, which grow with the atlas: loaded when the reader reaches
# for that filter, not with every search page.
REGION_DATA = "atlas-search-regions.json"
DEFERRED_FILTERS = ("region",)
SEARCH_CACHE = "search"  # kind of the build cache's entries: a language's bundle
RECORDS_CACHE = "search-records"  # a region's search records, its pages' entries and characters
SERVED_PREFIXES = (
    SEARCH_DATA,
    REGION_DATA,
    "pagefind.js",
    "pagefind-worker.js",
    "pagefind-entry.json",
    "pagefind.",
    "wasm.",
    "index/",
    "fragment/",
    "filter/",
)
UNSERVED = (
    "pagefind-ui",
    "pagefind-modular-ui",
    "pagefind-component-ui",
    "pagefind-highlight",
    "playground/",
)


def _page_file(url: str, base: str) -> str:
    """The file a URL lands on: ``/en/regions/x/#goal-y`` -> ``en/regions/x/index.html``."""
    path = url.split("#", 1)[0].removeprefix(base)
    return path + "index.html" if path.endswith("/") or not path else path


def _served(path: str) -> bool:
    return path.startswith(SERVED_PREFIXES) and not path.startswith(UNSERVED)


def index_files(
    validated: ValidatedAtlas, pages: Collection[str], cache: BuildCache | None = None
) -> dict[str, bytes]:
    """A Pagefind bundle per language, under ``pagefind/zh-hans/`` and ``pagefind/en/``,
    built in memory from the atlas's records.

    ``pages`` are the site-relative paths of the site's files (the planned pages, or the
    files of a built site): records whose page is not among them are left out, so no
    result links to a missing page. The records are made from the validated atlas, not
    from the rendered HTML, so the index can be built before the pages are rendered. With
    a ``cache``, a language whose records are the same as in an earlier build takes that
    build's bundle instead of indexing again.
    """
    gc.freeze()  # the site built so far lives on: collections need not walk it again
    try:
        return _index_files(validated, pages, cache or BuildCache(None))
    finally:
        gc.unfreeze()


def _pages_key(pages: list[SearchPage]) -> str:
    """A language's bundle is reused while its pages, the generator and the indexer
    binary (its bytes: another Pagefind version gives another bundle) are the same."""
    return digest(
        code_fingerprint(),
        _indexer_fingerprint(),
        os.environ.get("PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE", ""),  # other chunks, other bundle
        *(f"{p.url}\n{p.html}" for p in pages),
    )


@cache
def _indexer_fingerprint() -> str:
    binary = pagefind_binary()
    return file_digest(binary) if binary.is_file() else str(binary)


def _bundle_of(page: SearchPage) -> tuple[str, bool]:
    """The bundle a page goes to: its language's, of records or of source texts."""
    return page.language, page.source_text


def _bundles(
    pages: list[SearchPage], cache: BuildCache
) -> dict[tuple[str, bool], dict[str, bytes]]:
    """The stabilised bundle of each language and part (records, source texts), from the
    cache where its pages match."""
    groups: dict[tuple[str, bool], list[SearchPage]] = {}
    for page in pages:
        groups.setdefault(_bundle_of(page), []).append(page)
    keys = {bundle: _pages_key(group) for bundle, group in groups.items()}
    bundles: dict[tuple[str, bool], dict[str, bytes]] = {}
    for bundle, key in keys.items():
        stored = cache.get_object(SEARCH_CACHE, key)
        if isinstance(stored, dict):
            bundles[bundle] = stored
    todo = {bundle: group for bundle, group in groups.items() if bundle not in bundles}
    for bundle, built in run_pagefind_bundles(todo).items() if todo else ():
        bundles[bundle] = stabilise(built)
        cache.put_object(SEARCH_CACHE, keys[bundle], bundles[bundle])
    if cache.enabled:
        cache.retain(SEARCH_CACHE, keys.values())
    return dict(sorted(bundles.items()))


def _index_files(
    validated: ValidatedAtlas, site_pages: Collection[str], cache: BuildCache
) -> dict[str, bytes]:
    base = urlsplit(validated.atlas.site.base_url).path or "/"
    pages, characters = _region_parts(validated, cache)
    # a page the site lacks: no result may land on it, nor its records be counted
    pages = [page for page in pages if _page_file(page.url, base) in site_pages]
    data = pages_search_data(pages, characters)
    files_out: dict[str, bytes] = {}
    for (language, sources), stable in _bundles(pages, cache).items():
        folder = urls.search_bundle_folder(PAGE_LANGUAGE[language], sources)
        files_out.update(
            {f"{folder}{path}": content for path, content in stable.items() if _served(path)}
        )
    for language, page_data in data.items():
        folder = urls.search_bundle_folder(PAGE_LANGUAGE[language])
        filters = page_data["filters"]
        deferred = {name: filters.pop(name) for name in DEFERRED_FILTERS if name in filters}
        files_out[f"{folder}{SEARCH_DATA}"] = _json(page_data)
        files_out[f"{folder}{REGION_DATA}"] = _json({"filters": deferred})
    return dict(sorted(files_out.items()))


# A region's part: its pages' entries by page language, and the Chinese characters of its
# Chinese records (its records themselves are not kept: the entries hold what is needed).
RegionPart = tuple[dict[str, list[SearchPage]], str]
PARALLEL_FROM = 40  # regions to make records for: fewer are made faster than workers start


def _region_parts(
    validated: ValidatedAtlas, cache: BuildCache
) -> tuple[list[SearchPage], set[str]]:
    """The entries of every page the search records land on (Chinese first) and the
    Chinese characters of the Chinese records. A region's part is taken from the cache
    while the region (its file and the texts it quotes), what all regions share (codebooks,
    base URL, provinces) and the generator are the same; the others are made in forked
    workers when there are many."""
    context = search_context(validated)
    shared = digest(code_fingerprint(), context.fingerprint)
    regions = validated.atlas.regions
    keys = []
    for region in regions:
        own = validated.region_digests.get(region.id)
        keys.append(digest(shared, region.id, own) if own else "")
    parts: list[RegionPart | None] = [_stored_part(cache, key) if key else None for key in keys]
    todo = [k for k, part in enumerate(parts) if part is None]
    made = fork_map(
        lambda k: _pickled_part(context, regions[k], validated.sources),
        todo,
        minimum=PARALLEL_FROM,
    )
    for k, pickled in zip(todo, made, strict=True):
        parts[k] = pickle.loads(pickled)
        if keys[k]:
            cache.put_pickled(RECORDS_CACHE, keys[k], pickled, parts[k])
    if cache.enabled:
        cache.retain(RECORDS_CACHE, [key for key in keys if key])
    pages: dict[str, list[SearchPage]] = {lang: [] for lang in LANGUAGES}
    characters: set[str] = set()
    for part in parts:
        assert part is not None
        for lang in LANGUAGES:
            pages[lang] += part[0][lang]
        characters.update(part[1])
    return [p for lang in LANGUAGES for p in pages[lang]], characters


def _stored_part(cache: BuildCache, key: str) -> RegionPart | None:
    part = cache.get_object(RECORDS_CACHE, key)
    return part if isinstance(part, tuple) else None


def _pickled_part(
    context: SearchContext, region: m.Region, texts: dict[tuple[str, str], str]
) -> bytes:
    """A region's pages' entries and its Chinese records' characters,
    pickled (as the cache stores them, and as they come back from a worker)."""
    found = region_search_records(context, region, texts)
    joined = "".join(record.content for record in found["zh"])
    han = "".join(sorted(c for c in set(joined) if HAN.match(c)))
    part: RegionPart = ({lang: search_pages(found[lang]) for lang in found}, han)
    return pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
