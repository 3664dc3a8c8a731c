"""The builder `atlas serve` uses: pages first, search a moment later.

Each save builds the site again through a :class:`~generator.cache.MemoryCache`
(backed by ``.atlas-cache/`` when there is one): only the edited region file is validated
again and only the pages that read it are rendered again, everything else comes from
memory. The search bundles, which depend on every record, are not waited for: the new
pages are served at once with the previous build's search files, and the bundles are
indexed in a background thread and swapped in when ready (:attr:`search_pending` is true
meanwhile, and the search page says so). The first build indexes before it returns.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from generator.build import StageTimes, build_files
from generator.cache import MemoryCache
from generator.load.validate import ValidatedAtlas, load_atlas
from generator.project import Project
from generator.search import indexer as search

SEARCH_PREFIX = "pagefind/"
SearchSink = Callable[[dict[str, bytes]], None]


class IncrementalBuilder:
    """A :data:`~generator.serve.server.Builder` that keeps its cache between builds."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.cache = MemoryCache(cache_dir)
        self.times = StageTimes()
        self.rendered: tuple[str, ...] = ()  # pages the latest build rendered
        self._search_files: dict[str, bytes] = {}
        self._generation = 0
        self._lock = threading.Lock()
        self._indexing: threading.Thread | None = None
        self.on_search: SearchSink | None = None  # told the new search files when ready

    @property
    def search_pending(self) -> bool:
        thread = self._indexing
        return thread is not None and thread.is_alive()

    def __call__(self, data_dir: Path) -> dict[str, bytes]:
        self.times = StageTimes()
        with self.times.stage("validate"):
            validated = load_atlas(data_dir, cache=self.cache)
        project = Project.for_data(data_dir)
        site = build_files(validated, project, self.times, self.cache, with_search=False)
        self.rendered, files = site.rendered, site.files
        with self._lock:
            self._generation += 1
            generation = self._generation
            first = not self._search_files
        if first:
            self._search_files = search.index_files(validated, files, self.cache)
        else:
            self._index_later(validated, files, generation)
        files.update(self._search_files)
        return files

    def _index_later(
        self, validated: ValidatedAtlas, files: dict[str, bytes], generation: int
    ) -> None:
        def index() -> None:
            bundles = search.index_files(validated, files, self.cache)
            with self._lock:
                if generation != self._generation:
                    return  # a later save is being indexed; its bundles will be swapped in
                self._search_files = bundles
            if self.on_search is not None:
                self.on_search(bundles)

        previous = self._indexing
        thread = threading.Thread(target=self._after(previous, index), daemon=True)
        self._indexing = thread
        thread.start()

    @staticmethod
    def _after(previous: threading.Thread | None, then: Callable[[], None]) -> Callable[[], None]:
        """Index one build at a time: wait for the previous indexing to end first."""

        def run() -> None:
            if previous is not None:
                previous.join()
            then()

        return run

    def wait_for_search(self, timeout: float | None = None) -> None:
        """Block until the search bundles of the latest build are in (tests, benchmark)."""
        thread = self._indexing
        if thread is not None:
            thread.join(timeout)
