"""The build: the stages in order, data flowing one way.

    load + validate   generator/load/     every data file, every problem at once
    index             generator/plan/     lookups over the validated atlas; assets loaded
    exports           generator/exports/  downloads and feeds (the data page lists them)
    plan              generator/plan/     every page in both languages, with its view
    search            generator/search/   the Pagefind index of the planned pages' records
    render            generator/render/   the pages as HTML; sitemap and robots.txt
    write             generator/output/   the only stage that touches the output folder

Every stage before ``write`` returns files as ``dict[str, bytes]`` keyed by site-relative
POSIX path, gathered in a :class:`~generator.sitefiles.SiteFiles`, so nothing is written
until the data has validated and every page has rendered. A page the build cache holds on
disk stays there, not in memory, until the writer needs its bytes (a cold build stores
each page as it arrives from the workers; a warm one reads back only what changed);
``atlas serve`` runs the same stages and serves the files from memory. The
search index is made from the validated records and the planned pages' paths, not from
the HTML, so it is built before the pages are rendered: its working set (the records,
Pagefind's replies) is freed before the rendered site fills memory.
"""

from __future__ import annotations

import gc
import re
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.cache import BuildCache, build_configuration, digest
from generator.edition import Stamps, stamps_for
from generator.errors import BuildError
from generator.exports import files as exports
from generator.load.history import read_history
from generator.load.release import read_region_releases, read_release
from generator.load.validate import ValidatedAtlas, load_atlas
from generator.memory import release_free_memory
from generator.output.guard import check_build_output
from generator.output.writer import (
    Manifest,
    check_replaceable,
    recover_site,
    site_lock,
    write_site,
)
from generator.plan.index import AtlasIndex
from generator.plan.pages import Page, page_paths, plan_pages
from generator.project import Project
from generator.render.assets import SiteAssets
from generator.render.cached import page_inputs, render_with_cache
from generator.render.renderer import Renderer
from generator.render.settled import SettledFamilies
from generator.search import indexer as search
from generator.sitefiles import SiteFiles

Progress = Callable[[str], None]


@dataclass
class StageTimes:
    """How long each stage took (seconds), in the order they ran."""

    seconds: dict[str, float] = field(default_factory=dict)
    progress: Progress | None = None

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        if self.progress is not None:
            self.progress(name)
        start = time.perf_counter()
        yield
        release_free_memory()  # what the stage freed, before the next one allocates
        self.seconds[name] = round(time.perf_counter() - start, 4)


@dataclass(frozen=True)
class BuiltSite:
    """Every file of a site, in memory, and how many of them are pages."""

    files: SiteFiles
    pages: int
    rendered: tuple[str, ...] = ()  # output paths of the pages rendered, not from the cache
    stamps: Stamps | None = None  # what filled in the placeholders of its pages and files
    settled: tuple[str, ...] = ()  # the families of pages taken as an earlier build planned them
    index: AtlasIndex | None = None  # what its pages were planned from


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote, and how long each stage took (seconds)."""

    out_dir: Path
    pages: int
    files: int
    total_bytes: int
    stages: dict[str, float]
    warnings: int
    rendered: tuple[str, ...] = ()  # pages rendered, not taken from the cache
    written: int = 0  # files whose bytes changed on disk
    settled: tuple[str, ...] = ()  # families of pages not planned again (render/settled.py)

    @property
    def seconds(self) -> float:
        return sum(self.stages.values())

    def summary(self) -> str:
        """One line for logs: pages, files, bytes and the seconds each stage took."""
        timings = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in self.stages.items())
        return (
            f"built {self.pages} pages ({len(self.rendered)} rendered), {self.files} files "
            f"({self.written} written), {self.total_bytes:,} bytes in {self.seconds:.2f}s "
            f"({timings})"
        )


def build_site(
    data_dir: Path,
    out_dir: Path,
    *,
    progress: Progress | None = None,
    strict: bool = False,
    base_url: str | None = None,
    read_git: bool = True,
    cache_dir: Path | None = None,
) -> BuildReport:
    """Validate ``data_dir`` and build the whole bilingual site into ``out_dir``.

    Raises :class:`~generator.errors.ValidationFailed` (nothing written) when the data
    has errors, and :class:`~generator.errors.BuildError` when a later stage fails; in
    both cases ``out_dir`` is left exactly as it was. ``base_url`` replaces the one in
    ``atlas.yaml`` (a preview deploy's own address). ``read_git`` reads the dataset
    version from git (read-only). ``out_dir`` must pass the output
    guard (:mod:`generator.output.guard`), and the build holds its lock throughout; an
    earlier build's interrupted swap is completed first. With ``cache_dir`` (see
    :mod:`generator.cache`), files and pages whose inputs did not change since a
    build that used the same cache are not validated or rendered again, and only files
    whose bytes changed are written; the site is the same bytes either way.
    """
    target = check_build_output(out_dir, data_dir)
    check_replaceable(target)
    cache = BuildCache(cache_dir)
    with site_lock(target):
        recover_site(target)  # after a killed build: a complete site/ before anything else
        times = StageTimes(progress=progress)
        with times.stage("validate"):
            validated = load_atlas(data_dir, strict=strict, cache=cache)
            if base_url:
                validated = with_base_url(validated, base_url)
            if read_git:
                validated = with_git(validated, data_dir, cache)
        site = build_files(validated, Project.for_data(data_dir), times, cache)
        with times.stage("write"):
            written = write_site(site.files, target, site_manifests(cache))
            if site.stamps is not None:
                save_stamps(site.stamps, cache)
    return BuildReport(
        out_dir=out_dir,
        pages=site.pages,
        files=len(site.files),
        total_bytes=site.files.total_bytes(),
        stages=times.seconds,
        warnings=len(validated.warnings),
        rendered=site.rendered,
        written=written,
        settled=site.settled,
    )


MANIFEST_KIND = "site-manifest"


class CacheManifests:
    """The manifests of the sites written (:class:`~generator.output.writer.Manifests`),
    in the build cache, one per output folder."""

    def __init__(self, cache: BuildCache) -> None:
        self.cache = cache

    def load(self, out_dir: Path) -> Manifest | None:
        found = self.cache.get_object(MANIFEST_KIND, digest(str(out_dir)))
        return found if isinstance(found, dict) else None

    def save(self, out_dir: Path, manifest: Manifest) -> None:
        self.cache.put_object(MANIFEST_KIND, digest(str(out_dir)), manifest)


def site_manifests(cache: BuildCache) -> CacheManifests | None:
    """Where a build keeps its site's manifest, when it has a cache (else ``None``: the
    whole site is written, unchanged files linked)."""
    return CacheManifests(cache) if cache.enabled else None


STAMP_KIND = "stamped"


def download_sizes(files: SiteFiles) -> dict[str, int]:
    """The sizes the data page lists: the downloads under ``data/`` and the feeds (not a
    region's stamped files, whose size is known only once they are stamped)."""
    feeds = {exports.feed_file(lang) for lang in exports.LANGUAGES}
    return {path: files.size(path) for path in files if path.startswith("data/") or path in feeds}


STAMPS_KEY = "editions"  # one entry: each edition's identity -> what its stamp knows


def load_stamps(validated: ValidatedAtlas, cache: BuildCache) -> Stamps:
    """The stamps of the atlas's edition and its regions', knowing the stamped digests an
    earlier build with the same editions found (so unchanged files go to the writer
    unread, and are not written)."""
    known = cache.get_object(STAMP_KIND, STAMPS_KEY)
    return stamps_for(validated, known if isinstance(known, dict) else None)


def save_stamps(stamps: Stamps, cache: BuildCache) -> None:
    """Keep what ``stamps`` know of this build's files for the next build."""
    cache.put_object(STAMP_KIND, STAMPS_KEY, stamps.kept())
    cache.retain(STAMP_KIND, [STAMPS_KEY])


def with_git(validated: ValidatedAtlas, data_dir: Path, cache: BuildCache) -> ValidatedAtlas:
    """The atlas with what git knows of its data: the release, each region's, the history."""
    release = read_release(data_dir)
    return replace(
        validated,
        release=release,
        region_releases=read_region_releases(data_dir, release, validated.region_files),
        history=read_history(data_dir, cache),
    )


def with_base_url(validated: ValidatedAtlas, base_url: str) -> ValidatedAtlas:
    """The atlas published at another address (``base_url`` must end with ``/``)."""
    if not re.fullmatch(r"https?://\S+/", base_url):
        raise BuildError(
            f"base URL {base_url!r} must start with http:// or https:// and end with /"
        )
    site = validated.atlas.site.model_copy(update={"base_url": base_url})
    atlas = validated.atlas.model_copy(update={"site": site})
    return replace(validated, atlas=atlas)


def build_files(
    validated: ValidatedAtlas,
    project: Project,
    times: StageTimes | None = None,
    cache: BuildCache | None = None,
    *,
    with_search: bool = True,
    previous: AtlasIndex | None = None,
) -> BuiltSite:
    """Every file of the site, in memory, keyed by site-relative path (no I/O but reading
    the project's templates and assets, and the cache's). With a ``cache``, pages whose
    inputs did not change are taken from it; ``with_search=False`` leaves out the search
    bundles (``atlas serve`` indexes after it serves the new pages); ``previous``, the
    index of an earlier build in this process (:meth:`AtlasIndex.build`)."""
    times = times if times is not None else StageTimes()
    cache = cache if cache is not None else BuildCache(None)
    with collector_skips_the_atlas(), build_configuration(configuration_of(validated)):
        return _build_files(
            validated, project, times, cache, with_search=with_search, previous=previous
        )


def configuration_of(validated: ValidatedAtlas) -> str:
    """What every page of a build shows alike besides the data and the code: the site
    settings (the base URL) and the dataset version. The cache keeps the latest build of
    each of a few such configurations (:func:`~generator.cache.build_configuration`):
    ``atlas serve`` (no version) and ``atlas build``, or a deploy preview's base URL,
    do not undo each other's cache."""
    return digest(validated.atlas.site.model_dump_json(), repr(validated.release))


@contextmanager
def collector_skips_the_atlas() -> Iterator[None]:
    """While the stages run, the cyclic garbage collector leaves alone every object that
    existed before (the validated atlas: millions of objects at 1,000 regions, which each
    full collection would otherwise walk again, for nothing: none of them is garbage).
    Nothing is collected first (a full collection of that heap took over a second): what
    an earlier build left for the collector to free is frozen too, and collected once the
    block has unfrozen it."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _build_files(
    validated: ValidatedAtlas,
    project: Project,
    times: StageTimes,
    cache: BuildCache,
    *,
    with_search: bool,
    previous: AtlasIndex | None,
) -> BuiltSite:
    with times.stage("index"):
        index = AtlasIndex.build(validated, previous)
        assets = SiteAssets.load(project.assets, project.node_modules)  # fails early
    stamps = load_stamps(validated, cache)
    with times.stage("exports"):
        files = exports.data_files(validated, cache, stamps)
    sizes = download_sizes(files)
    with times.stage("plan"):
        inputs = page_inputs(index, project) if cache.enabled else None
        settled = None
        if inputs is not None:

            def replan(families: Collection[str]) -> list[Page]:
                return plan_pages(index, sizes, families=families)

            settled = SettledFamilies.of(index, inputs.shared, cache, replan)
        pages = plan_pages(index, sizes, settled.lookup if settled is not None else None)
    search_files: dict[str, bytes] = {}
    if with_search:  # before the pages: its records and theirs are never in memory together
        with times.stage("search"):
            search_files = search.index_files(validated, set(page_paths(pages)), cache)
    with times.stage("render"):
        compiled = cache.root / "templates" if cache.root is not None else None
        renderer = Renderer(index, project, assets=assets, compiled=compiled)
        rendered = render_with_cache(
            renderer, pages, cache, stamps=stamps, inputs=inputs, settled=settled
        )
        files.update(rendered.files)
        html_pages = [path for path in page_paths(pages) if path.endswith(".html")]
        files.update(exports.site_maps(validated.atlas.site, html_pages, cache))
    files.update(search_files)
    taken = tuple(sorted(settled.taken)) if settled is not None else ()
    return BuiltSite(
        files.sorted(), len(html_pages), tuple(rendered.rendered), stamps, taken, index
    )
