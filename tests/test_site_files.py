"""Pages the build cache holds go to the writer unread: a cold build keeps none of them in
memory once stored, a warm build reads back only those it must write, and a stored page
that cannot be read fails the build before the site changes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.build import build_files
from generator.cache import BuildCache, MemoryCache
from generator.errors import BuildError
from generator.load.validate import load_atlas
from generator.output.writer import Manifest, write_site
from generator.parallel import fork_each, worker_count
from generator.project import Project
from generator.sitefiles import SiteFiles, StoredFile, content_digest

HESHUI_PAGE = "regions/heshui/index.html"


class _Manifests:
    def __init__(self) -> None:
        self.saved: dict[Path, Manifest] = {}

    def load(self, out_dir: Path) -> Manifest | None:
        return self.saved.get(out_dir)

    def save(self, out_dir: Path, manifest: Manifest) -> None:
        self.saved[out_dir] = manifest


def _stored(tmp_path: Path, name: str, content: bytes) -> StoredFile:
    path = tmp_path / "entries" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return StoredFile(path, content_digest(content), len(content))


def test_a_stored_file_reads_as_its_bytes_and_is_sized_unread(tmp_path: Path) -> None:
    files = SiteFiles({"a.html": b"in memory"})
    files.store("b.html", _stored(tmp_path, "b", b"on disk"))
    assert files["b.html"] == b"on disk" and files.size("b.html") == 7
    assert files.digest("b.html") == content_digest(b"on disk")
    assert files.total_bytes() == len(b"in memory") + 7
    merged = SiteFiles()
    merged.update(files)
    assert merged.is_stored("b.html") and not merged.is_stored("a.html")
    assert list(files.sorted()) == ["a.html", "b.html"]


def test_the_writer_reads_a_stored_file_only_to_write_it(tmp_path: Path) -> None:
    out, manifests = tmp_path / "site", _Manifests()
    first = SiteFiles()
    first.store("page.html", _stored(tmp_path, "page", b"the page"))
    first["other.html"] = b"other"
    assert write_site(first, out, manifests) == 2
    gone = StoredFile(tmp_path / "no-such-entry", content_digest(b"the page"), 8)
    again = SiteFiles({"other.html": b"other, edited"})
    again.store("page.html", gone)  # unchanged: compared by digest, never read
    assert write_site(again, out, manifests) == 1
    assert (out / "page.html").read_bytes() == b"the page"
    assert (out / "other.html").read_bytes() == b"other, edited"


def test_a_stored_file_that_cannot_be_read_leaves_the_site_as_it_was(tmp_path: Path) -> None:
    out, manifests = tmp_path / "site", _Manifests()
    write_site({"page.html": b"the page"}, out, manifests)
    changed = SiteFiles()
    changed.store("page.html", StoredFile(tmp_path / "lost", content_digest(b"new"), 3))
    with pytest.raises(BuildError, match=r"lost /page\.html"):
        write_site(changed, out, manifests)
    assert (out / "page.html").read_bytes() == b"the page"
    assert sorted(os.listdir(tmp_path)) == ["site"]  # no staging folder left behind


def test_a_cold_build_hands_its_pages_on_stored_and_a_warm_one_unread(
    small_atlas_dir: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(small_atlas_dir, data)
    cache = BuildCache(tmp_path / "cache")
    project = Project.for_data(data)
    cold = build_files(load_atlas(data, cache=cache), project, cache=cache, with_search=False)
    # an embed page comes with its chart files, a few small files kept in memory with it
    pages = [n for n in cold.files if n.endswith(".html") and "embed/" not in n]
    assert pages and all(cold.files.is_stored(name) for name in pages)
    warm = build_files(load_atlas(data, cache=cache), project, cache=cache, with_search=False)
    assert all(warm.files.is_stored(name) for name in pages)
    assert warm.files.in_memory() == cold.files.in_memory()
    uncached = build_files(load_atlas(data), project, with_search=False)
    assert not any(uncached.files.is_stored(name) for name in uncached.files)
    assert uncached.files.in_memory() == cold.files.in_memory()


def test_serve_keeps_its_pages_in_memory(small_atlas_dir: Path, tmp_path: Path) -> None:
    cache = MemoryCache(tmp_path / "cache")
    site = build_files(
        load_atlas(small_atlas_dir, cache=cache),
        Project.for_data(small_atlas_dir),
        cache=cache,
        with_search=False,
    )
    assert not site.files.is_stored(HESHUI_PAGE)


def _double(item: int) -> int:
    return item * 2


def test_fork_each_hands_results_over_in_order_as_they_come() -> None:
    if worker_count(300, 1) < 2:
        pytest.skip("one CPU, or other threads running: items run in-process")
    results = fork_each(_double, list(range(300)), minimum=1)
    assert next(results) == 0  # the first chunk, before the others have all arrived
    assert list(results) == [i * 2 for i in range(1, 300)]
