"""The builder `atlas serve` uses: the edited region's pages first, the rest a moment later.

Each save validates the data again through a :class:`~generator.cache.MemoryCache`
(backed by ``.atlas-cache/`` when there is one): only an edited region file is checked
again. When the save changed only a few region files (nothing else: settings, codebooks,
the set of regions), the edited regions' own pages (their page and source pages) are
rendered at once and served with the previous build's other files; the whole site is then
built in a background thread (only the pages whose inputs changed are rendered, the others
come from memory) and swapped in, and the search bundles after it (:attr:`search_pending`
is true meanwhile, and the search page says so). Any other change, and the first build,
builds the whole site before it returns (the first with its search bundles).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from generator.build import StageTimes, build_files, collector_skips_the_atlas
from generator.cache import MemoryCache
from generator.load.validate import ValidatedAtlas, load_atlas
from generator.plan.index import AtlasIndex
from generator.plan.pages import region_pages
from generator.project import Project
from generator.render.assets import SiteAssets
from generator.render.cached import render_with_cache
from generator.render.renderer import MemoryBytecodeCache, Renderer
from generator.search import indexer as search

SEARCH_PREFIX = "pagefind/"
QUICK_REGIONS = 3  # a save that changes more region files builds the whole site first
FilesSink = Callable[[dict[str, bytes]], None]


class IncrementalBuilder:
    """A :data:`~generator.serve.server.Builder` that keeps its cache between builds."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.cache = MemoryCache(cache_dir)
        self.compiled: MemoryBytecodeCache | None = None  # templates the quick path renders
        self.times = StageTimes()
        self.rendered: tuple[str, ...] = ()  # pages the latest build rendered (before serving)
        self._search_files: dict[str, bytes] = {}
        self._site: dict[str, bytes] = {}  # the latest whole site, without search
        self._validated: ValidatedAtlas | None = None  # what the latest whole site shows
        self._atlas_index: AtlasIndex | None = (
            None  # the latest index (its regions' records reused)
        )
        self._generation = 0
        self._lock = threading.Lock()
        self._indexing: threading.Thread | None = None
        self.on_search: FilesSink | None = None  # told the new search files when ready
        self.on_site: FilesSink | None = None  # told the whole site when built again

    @property
    def search_pending(self) -> bool:
        thread = self._indexing
        return thread is not None and thread.is_alive()

    def __call__(self, data_dir: Path) -> dict[str, bytes]:
        self.times = StageTimes()
        with self.times.stage("validate"):
            validated = load_atlas(data_dir, cache=self.cache)
        project = Project.for_data(data_dir)
        with self._lock:
            self._generation += 1
            generation = self._generation
            previous = self._validated
        edited = _edited_regions(previous, validated)
        if edited is not None and self._site:
            with collector_skips_the_atlas():
                files = self._edited_pages(validated, project, edited)
            self._build_later(validated, project, generation)
            return files
        site = build_files(
            validated,
            project,
            self.times,
            self.cache,
            with_search=False,
            previous=self._atlas_index,
        )
        self.rendered, files = site.rendered, site.files.in_memory()  # a memory cache's
        with self._lock:
            self._site, self._validated, self._atlas_index = files, validated, site.index
            first = not self._search_files
        if first:
            self._search_files = search.index_files(validated, files, self.cache)
        else:
            self._later(generation, lambda: self._index(validated, files, generation))
        return {**files, **self._search_files}

    def _edited_pages(
        self, validated: ValidatedAtlas, project: Project, edited: list[str]
    ) -> dict[str, bytes]:
        """The previous site with the edited regions' own pages rendered again."""
        with self.times.stage("plan"):
            with self._lock:
                previous = self._atlas_index
            index = AtlasIndex.build(validated, previous)
            pages = region_pages(index, edited)
            with self._lock:
                self._atlas_index = index
        with self.times.stage("render"):
            assets = SiteAssets.load(project.assets, project.node_modules)
            if self.compiled is None:  # after the first build, which compiled them
                root = self.cache.root
                self.compiled = MemoryBytecodeCache(root / "templates" if root else None)
            renderer = Renderer(index, project, assets=assets, bytecode=self.compiled)
            result = render_with_cache(renderer, pages, self.cache, retain=False)
        self.rendered = tuple(result.rendered)
        with self._lock:
            files = {**self._site, **result.files}
        return {**files, **self._search_files}

    def _build_later(self, validated: ValidatedAtlas, project: Project, generation: int) -> None:
        def build() -> None:
            if generation != self._generation:
                return  # a later save is on its way; its build follows
            with self._lock:
                previous = self._atlas_index
            site = build_files(
                validated, project, StageTimes(), self.cache, with_search=False, previous=previous
            )
            files = site.files.in_memory()  # all in memory already: serve's cache keeps them
            with self._lock:  # a later save's pages are never replaced by this site
                if generation != self._generation:
                    return
                self._site, self._validated, self._atlas_index = files, validated, site.index
                if self.on_site is not None:
                    self.on_site(files)
            self._index(validated, files, generation)

        self._later(generation, build)

    def _index(self, validated: ValidatedAtlas, files: dict[str, bytes], generation: int) -> None:
        bundles = search.index_files(validated, files, self.cache)
        with self._lock:
            if generation != self._generation:
                return  # a later save is being built; its bundles will be swapped in
            self._search_files = bundles
            if self.on_search is not None:
                self.on_search(bundles)

    def _later(self, generation: int, work: Callable[[], None]) -> None:
        """Run ``work`` in a thread, after the work of the previous save (one at a time)."""
        previous = self._indexing
        thread = threading.Thread(target=self._after(previous, work), daemon=True)
        self._indexing = thread
        thread.start()

    @staticmethod
    def _after(previous: threading.Thread | None, then: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            if previous is not None:
                previous.join()
            then()

        return run

    def wait_for_search(self, timeout: float | None = None) -> None:
        """Block until the whole site and the search bundles of the latest build are in
        (tests, benchmark)."""
        thread = self._indexing
        if thread is not None:
            thread.join(timeout)


def _edited_regions(previous: ValidatedAtlas | None, new: ValidatedAtlas) -> list[str] | None:
    """The regions whose files (or source texts) a save changed, when it changed nothing
    else and at most :data:`QUICK_REGIONS` of them; otherwise ``None``."""
    if previous is None or previous.region_digests.keys() != new.region_digests.keys():
        return None
    before, after = previous.atlas, new.atlas
    if before.model_copy(update={"regions": []}) != after.model_copy(update={"regions": []}):
        return None
    if previous.release != new.release or previous.history != new.history:
        return None
    edited = [k for k, v in new.region_digests.items() if previous.region_digests[k] != v]
    return edited if len(edited) <= QUICK_REGIONS else None
