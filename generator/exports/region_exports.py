"""Each region's own exports, made on every CPU: its rows of the CSV tables, its citation
and API files and its part of ``atlas.json``.

They read that region, the lookups and the edition alone, never another region, so the
regions are shared among forked workers (:func:`~generator.parallel.fork_map`) and put
back in atlas order: the same bytes as making them one by one. With a build cache, a
region's rows and files are kept under the hash of what they are made from and only
regions without both are made again; the keys the JSON and CSV reuse
(:mod:`generator.exports.reuse`) used in a worker are noted in this process.

A region's files (its citations and API files, about 90 KB a region) are kept as one
entry of their bytes beside a list of each file's place, size and digest: a warm build
hands them on as :class:`~generator.sitefiles.StoredFile` without reading them (the writer
compares digests), instead of reading and unpickling 180 MB at 1,000 regions.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field

from generator.cache import BuildCache, code_fingerprint, collector_paused, digest
from generator.exports import api, citations, reuse
from generator.exports.tables import Lookups, RegionTables, region_tables
from generator.load import model as m
from generator.load.validate import ValidatedAtlas
from generator.parallel import fork_map
from generator.sitefiles import SiteFiles, content_digest

REGION_CACHE_KIND = "exports-region"
PARALLEL_FROM = 40  # regions: fewer are made faster than workers start


@dataclass(frozen=True)
class RegionExports:
    """What each region exports, by region id."""

    tables: dict[str, RegionTables] = field(default_factory=dict)
    files: dict[str, SiteFiles] = field(default_factory=dict)  # cache entries or bytes
    json: dict[str, str] = field(default_factory=dict)  # made again: its atlas.json part


@dataclass(frozen=True)
class _Made:
    tables: RegionTables
    files: dict[str, bytes]
    json: str
    reused: list[str]  # the reuse keys it used


def region_json(region: m.Region) -> str:
    """A region as ``atlas.json`` holds it (indent 1, before its place's indent)."""
    return json.dumps(region.model_dump(mode="json"), ensure_ascii=False, indent=1)


def region_files(region: m.Region, edition: citations.Edition, now: str) -> dict[str, bytes]:
    """A region's citation files and its API files."""
    files = citations.region_files(region, edition)
    files.update(api.region_api_files(region, edition, now))
    return files


def _make(
    region: m.Region, lookups: Lookups, edition: citations.Edition, now: str, whole: bool
) -> _Made:
    """A region's exports; with ``whole`` (the build cache keeps its files whole on the
    region) its files' JSON texts are not also stored in the reuse cache, where a warm
    build would never ask for them."""
    mark = reuse.used_mark()
    tables = region_tables(region, lookups)
    with reuse.suspended() if whole else nullcontext():
        files = region_files(region, edition, now)
    return _Made(tables, files, region_json(region), reuse.used_since(mark))


class _Keys:
    """A region's cache keys: its rows read the lookups, its files the edition and the
    review date; both its file and source texts (``region_digests``)."""

    def __init__(self, lookups: Lookups, edition: citations.Edition, now: str) -> None:
        self.lookups = repr(lookups)
        self.edition = repr(edition)
        self.now = now

    def tables(self, region: m.Region, known: str) -> str:
        return digest(code_fingerprint(), "tables", self.lookups, region.id, known)

    def files(self, region: m.Region, known: str) -> str:
        return digest(code_fingerprint(), self.edition, self.now, region.id, known)


def region_exports(
    validated: ValidatedAtlas,
    lookups: Lookups,
    edition: citations.Edition,
    now: str,
    cache: BuildCache | None,
    used: list[str],
) -> RegionExports:
    """Every region's exports, from ``cache`` where it holds them (their keys are added to
    ``used``), the others made in forked workers and stored."""
    keys = _Keys(lookups, edition, now)
    found = RegionExports()
    todo: list[m.Region] = []
    kept = cache is not None and cache.enabled
    with collector_paused():  # 1,000 regions' rows and files, most of them unpickled
        for region in validated.atlas.regions:
            known = validated.region_digests.get(region.id)
            if cache is None or not kept or known is None:
                todo.append(region)
                continue
            pair = (keys.tables(region, known), keys.files(region, known))
            used += [*pair, _bytes_key(pair[1])]
            tables = cache.get_object(REGION_CACHE_KIND, pair[0])
            files = _stored_files(cache, pair[1])
            if isinstance(tables, dict) and files is not None:
                found.tables[region.id], found.files[region.id] = tables, files
            else:
                todo.append(region)

    def make(region: m.Region) -> _Made:
        whole = kept and region.id in validated.region_digests
        return _make(region, lookups, edition, now, whole)

    made = fork_map(make, todo, minimum=PARALLEL_FROM)
    for region, part in zip(todo, made, strict=True):
        found.tables[region.id] = part.tables
        found.json[region.id] = part.json
        reuse.note_used(part.reused)
        known = validated.region_digests.get(region.id)
        if cache is not None and known is not None:
            cache.put_object(REGION_CACHE_KIND, keys.tables(region, known), part.tables)
            # stored on disk, the files need not stay in memory until they are written
            found.files[region.id] = _store_files(cache, keys.files(region, known), part.files)
        else:
            found.files[region.id] = SiteFiles(part.files)
    return found


# A region's files in the cache: (path, offset, size, digest) of each, in one entry.
Placed = list[tuple[str, int, int, str]]


def _bytes_key(key: str) -> str:
    return digest(key, "bytes")


def _store_files(cache: BuildCache, key: str, files: dict[str, bytes]) -> SiteFiles:
    """The files' bytes one after the other under :func:`_bytes_key`, then where each is
    under ``key`` (a list is never stored without the bytes it points into); the files
    as :func:`_stored_files` gives them back."""
    placed: Placed = []
    offset = 0
    for path, content in files.items():
        placed.append((path, offset, len(content), content_digest(content)))
        offset += len(content)
    content = b"".join(files.values())
    cache.put(REGION_CACHE_KIND, _bytes_key(key), content)
    cache.put_object(REGION_CACHE_KIND, key, placed)
    return _placed_files(cache, key, placed, lambda: content) or SiteFiles(files)


def _stored_files(cache: BuildCache, key: str) -> SiteFiles | None:
    """A region's files stored under ``key``; ``None`` when they are not all there."""
    placed = cache.get_object(REGION_CACHE_KIND, key)
    if not isinstance(placed, list):
        return None
    return _placed_files(cache, key, placed, lambda: cache.get(REGION_CACHE_KIND, _bytes_key(key)))


def _placed_files(
    cache: BuildCache, key: str, placed: Placed, content: Callable[[], bytes | None]
) -> SiteFiles | None:
    """The files ``placed`` in the entry under :func:`_bytes_key`: as stored files when the
    entry is on disk, else as bytes cut from ``content()`` (a cache in memory); ``None``
    when the entry is missing or of another size."""
    whole = sum(size for _, _, size, _ in placed)
    files = SiteFiles()
    for path, offset, size, hashed in placed:
        stored = cache.stored_file(
            REGION_CACHE_KIND, _bytes_key(key), hashed, size, offset=offset, whole=whole
        )
        if stored is None:
            break
        files.store(path, stored)
    else:
        return files
    found = content()
    if found is None or len(found) != whole:
        return None
    return SiteFiles({path: found[offset : offset + size] for path, offset, size, _ in placed})
