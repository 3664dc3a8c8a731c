"""Run the build stages in order: validate, index, plan, render, export, index for search, write.

Every stage returns files as ``dict[str, bytes]`` keyed by site-relative POSIX path; only
:mod:`generator.write` touches the output folder, and only after every stage succeeded.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.errors import BuildError
from generator.exports import files as exports
from generator.load.validate import ValidatedAtlas, load_atlas
from generator.output.cache import BuildCache
from generator.output.writer import write_site
from generator.plan.index import AtlasIndex
from generator.plan.pages import page_paths, plan_pages
from generator.render.cached import render_with_cache
from generator.render.renderer import Renderer
from generator.search import indexer as search

Progress = Callable[[str], None]


@dataclass
class BuildReport:
    """What a build produced, and how long each stage took (seconds)."""

    out_dir: Path
    pages: int = 0
    files: int = 0
    total_bytes: int = 0
    stages: dict[str, float] = field(default_factory=dict)
    warnings: int = 0
    rendered: list[str] = field(default_factory=list)  # pages rendered, not from the cache
    written: int = 0  # files whose bytes changed on disk

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


@contextmanager
def _stage(report: BuildReport, name: str, progress: Progress | None) -> Iterator[None]:
    if progress is not None:
        progress(name)
    start = time.perf_counter()
    yield
    report.stages[name] = round(time.perf_counter() - start, 4)


def build_site(
    data_dir: Path,
    out_dir: Path,
    *,
    progress: Progress | None = None,
    strict: bool = False,
    base_url: str | None = None,
    cache_dir: Path | None = None,
) -> BuildReport:
    """Validate ``data_dir`` and build the whole bilingual site into ``out_dir``.

    Raises :class:`~generator.errors.ValidationFailed` (nothing written) when the data
    has errors, and :class:`~generator.errors.BuildError` when a later stage fails; in
    both cases ``out_dir`` is left exactly as it was. ``base_url`` replaces the one in
    ``atlas.yaml`` (a preview deploy's own address). With ``cache_dir`` (see
    :mod:`generator.output.cache`), files and pages whose inputs did not change since a
    build that used the same cache are not validated or rendered again, and only files
    whose bytes changed are written; the site is the same bytes either way.
    """
    report = BuildReport(out_dir=out_dir)
    cache = BuildCache(cache_dir)
    with _stage(report, "validate", progress):
        validated: ValidatedAtlas = load_atlas(data_dir, strict=strict, cache=cache)
        if base_url:
            validated = with_base_url(validated, base_url)
    report.warnings = len(validated.warnings)
    files = build_files(validated, report, progress, cache)
    with _stage(report, "write", progress):
        report.written = write_site(files, out_dir)
    report.files = len(files)
    report.total_bytes = sum(len(content) for content in files.values())
    return report


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
    report: BuildReport,
    progress: Progress | None = None,
    cache: BuildCache | None = None,
    *,
    with_search: bool = True,
) -> dict[str, bytes]:
    """Every file of the site, in memory, keyed by site-relative path (no I/O but the
    cache's); ``with_search=False`` leaves out the search bundles (``atlas serve`` indexes
    after it serves the new pages)."""
    with _stage(report, "index", progress):
        index = AtlasIndex.build(validated)
        renderer = Renderer(index)  # loads the assets: fails early without node_modules
    with _stage(report, "plan", progress):
        pages = plan_pages(index)
    with _stage(report, "exports", progress):
        exported = exports.export_files(validated, page_paths(pages))
    with _stage(report, "render", progress):
        sizes = {path: len(content) for path, content in exported.items()}
        result = render_with_cache(renderer, pages, sizes, cache or BuildCache(None))
        files = result.files
    report.pages = len(pages)
    report.rendered = result.rendered
    files.update(exported)
    if not with_search:
        return dict(sorted(files.items()))
    with _stage(report, "search", progress):
        files.update(search.index_files(validated, files, cache or BuildCache(None)))
    return dict(sorted(files.items()))
