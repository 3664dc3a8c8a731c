"""Incremental builds: a build that reuses the cache gives the bytes a fresh build gives,
and an edit to one region re-validates that file and re-renders only the pages that read it.

Whether a warm build is faster is measured by ``scripts/benchmark.py``, not here."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.build import BuildReport, build_files, build_site
from generator.cache import BuildCache, MemoryCache
from generator.errors import ValidationFailed
from generator.load.validate import load_atlas
from generator.plan.directory import HOME_TABLE_LIMIT
from generator.plan.families import FAMILY_READS
from generator.project import Project
from generator.serve.incremental import IncrementalBuilder
from generator.serve.server import DevServer
from scripts.synthetic_atlas import write_synthetic_atlas

# An edit an editor makes: Suixi's English name of its education bureau.
EDITED_FILE = "regions/suixi.yaml"
HESHUI = "regions/heshui.yaml"
REPO_DATA = Path(__file__).resolve().parents[1] / "data"
BEFORE, AFTER = "en: Suixi County Education Bureau}", "en: Education Bureau of Suixi County}"
OWN_PAGES = ("regions/suixi/",)  # what only Suixi's own pages start with (both languages)


def site_bytes(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def is_own_page(path: str) -> bool:
    return path.removeprefix("en/").startswith(OWN_PAGES)


@pytest.fixture()
def data(small_atlas_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(small_atlas_dir, copy)
    return copy


def edit_one_region(data: Path) -> None:
    path = data / EDITED_FILE
    text = path.read_text(encoding="utf-8")
    assert text.count(BEFORE) == 1, "the fixture changed: choose another edit"
    path.write_text(text.replace(BEFORE, AFTER), encoding="utf-8")


def cached_build(data: Path, out: Path, cache: Path) -> BuildReport:
    return build_site(data, out, cache_dir=cache)


def test_warm_rebuild_gives_the_bytes_of_a_cold_build(data: Path, tmp_path: Path) -> None:
    cache, warm = tmp_path / "cache", tmp_path / "warm"
    first = cached_build(data, warm, cache)
    assert first.rendered and first.written == first.files  # an empty cache renders all
    again = cached_build(data, warm, cache)
    assert not again.rendered and again.written == 0
    build_site(data, tmp_path / "cold")
    assert site_bytes(warm) == site_bytes(tmp_path / "cold")

    edit_one_region(data)
    after_edit = cached_build(data, warm, cache)
    build_site(data, tmp_path / "cold-after-edit")
    assert site_bytes(warm) == site_bytes(tmp_path / "cold-after-edit")
    assert (
        AFTER.split(": ", 1)[1].rstrip("}").encode()
        in (warm / "en/regions/suixi/index.html").read_bytes()
    )
    assert 0 < after_edit.written < after_edit.files


def test_an_edit_to_one_region_re_renders_only_the_pages_that_show_it(
    data: Path, tmp_path: Path
) -> None:
    cache, out = tmp_path / "cache", tmp_path / "site"
    first = cached_build(data, out, cache)
    edit_one_region(data)
    report = cached_build(data, out, cache)
    rendered = set(report.rendered)
    own = {p for p in first.rendered if is_own_page(p)}
    other_regions = {  # pages of another region (regions/<id>/…), not the directory
        p
        for p in first.rendered
        if re.match(r"regions/[^/]+/", p.removeprefix("en/")) and p not in own
    }
    assert own and own <= rendered  # Suixi's page and source page, in both languages
    assert other_regions and not rendered & other_regions  # Heshui's and Chengdu's are not
    # The home page's table and the indicator pages' cite lines name a document's issuer;
    # the division pages (Suixi is in Huaibei 340600, Anhui 340000), the comparison and the
    # timeline do not, so they are not rendered again.
    gathering = rendered - own
    assert {"index.html", "en/indicators/smart-schools/index.html"} <= gathering
    assert not {"divisions/340600/index.html", "en/divisions/340000/index.html"} & rendered
    assert not {"compare/index.html", "en/timeline/index.html"} & rendered
    assert len(rendered) < len(first.rendered)


def test_a_region_file_is_validated_once_per_content(data: Path, tmp_path: Path) -> None:
    cache = BuildCache(tmp_path / "cache")
    load_atlas(data, cache=cache)
    assert cache.hits == 0
    cache.hits = cache.misses = 0
    load_atlas(data, cache=cache)
    # three region files, none checked again, nor their checks across files; the codebook
    assert cache.hits == 3 + 3 + 1 and cache.misses == 0
    edit_one_region(data)
    cache.hits = cache.misses = 0
    again = load_atlas(data, cache=cache)
    # Suixi's file and its checks across files again (the others read nothing it changed)
    assert cache.hits == 2 + 2 + 1 and cache.misses == 1 + 1
    suixi = next(r for r in again.atlas.regions if r.id == "suixi")
    assert "Education Bureau of Suixi County" in suixi.model_dump_json()


def test_a_changed_source_text_is_checked_again(data: Path, tmp_path: Path) -> None:
    """A cached check is not reused when a text it quoted changed: the quote is missing."""
    cache = BuildCache(tmp_path / "cache")
    load_atlas(data, cache=cache)
    source = next((data / "sources" / "suixi").glob("*.txt"))
    source.write_text("这份文件被换成了别的内容。\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        load_atlas(data, cache=cache)
    assert any(p.path.endswith("suixi.yaml") and "quote" in p.field for p in failed.value.problems)


def test_serve_shows_an_edit_at_once_and_search_catches_up(data: Path, tmp_path: Path) -> None:
    """`atlas serve` re-renders the edited region's pages and serves them before the search
    index is rebuilt; the search page says so until the new index is in."""
    builder = IncrementalBuilder(tmp_path / "cache")
    server = DevServer(data, port=0, builder=builder)
    try:
        site, gate = server.site, threading.Event()
        old_index = {k: v for k, v in site.files.items() if k.startswith("pagefind/en/")}

        def swap_when_let(files: dict[str, bytes]) -> None:
            gate.wait(60)  # the search stays pending until the test lets it in
            site.swap_search(files)

        builder.on_search = swap_when_let
        edit_one_region(data)
        assert site.rebuild({EDITED_FILE}).ok
        assert "regions/suixi/index.html" in builder.rendered
        assert "regions/heshui/index.html" not in builder.rendered
        page = _get(server.url + "en/regions/suixi/")
        assert "Education Bureau of Suixi County" in page  # before the search is rebuilt
        assert site.search_pending and "search-pending" in _get(server.url + "en/search/")
        gate.set()
        builder.wait_for_search(timeout=300)
        assert not site.search_pending
        assert "search-pending" not in _get(server.url + "en/search/")
        new_index = {k: v for k, v in site.files.items() if k.startswith("pagefind/en/")}
        assert new_index != old_index  # the edited name is in the new English index
    finally:
        gate.set()
        server.close()


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as reply:
        return str(reply.read().decode("utf-8"))


def test_a_region_page_follows_what_it_shows_of_another_region(tmp_path: Path) -> None:
    """Beijing's page names the national level in its chain of divisions: renaming the
    national region renders Beijing's page again (the warm site is the cold one's bytes),
    while an edit to the national region's records leaves Beijing's page as it was."""
    repo_data = Path(__file__).resolve().parents[1] / "data"
    data, cache, warm = tmp_path / "data", tmp_path / "cache", tmp_path / "warm"
    shutil.copytree(repo_data, data)
    build_site(data, warm, cache_dir=cache, read_git=False)
    national = data / "regions" / "national.yaml"
    text = national.read_text(encoding="utf-8")
    name = "en: People's Republic of China (national level)}"
    assert text.count(name) == 1, "the national region's name changed: choose another edit"
    national.write_text(text.replace(name, "en: China (national level)}"), encoding="utf-8")
    renamed = build_site(data, warm, cache_dir=cache, read_git=False)
    assert "en/regions/beijing/index.html" in renamed.rendered
    assert "China (national level)" in (warm / "en/regions/beijing/index.html").read_text()
    build_site(data, tmp_path / "cold", read_git=False)
    assert site_bytes(warm) == site_bytes(tmp_path / "cold")

    text = national.read_text(encoding="utf-8")
    national.write_text(text + "notes:\n  - {zh: 测试说明。, en: A test note.}\n", encoding="utf-8")
    noted = build_site(data, warm, cache_dir=cache, read_git=False)
    assert "en/regions/national/index.html" in noted.rendered
    assert "en/regions/beijing/index.html" not in noted.rendered


def test_validation_hashes_each_region_file_once(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The digest a region's pages are keyed on reuses the hash taken for the region
    file's check (its cache key): no region file is read for hashing twice."""
    from collections import Counter

    import generator.load.region_files as region_files
    import generator.load.validate as validate
    from generator import cache as cache_module

    hashed: Counter[str] = Counter()
    original = cache_module.file_digest

    def counting(path: Path) -> str:
        hashed[str(path)] += 1
        return original(path)

    for module in (region_files, validate, cache_module):
        if hasattr(module, "file_digest"):
            monkeypatch.setattr(module, "file_digest", counting)
    digests = []
    for cache in (BuildCache(None), BuildCache(tmp_path / "cache"), BuildCache(tmp_path / "cache")):
        hashed.clear()
        validated = load_atlas(data, cache=cache)
        yaml_files = {p: n for p, n in hashed.items() if p.endswith(".yaml") and "/regions/" in p}
        assert len(yaml_files) == len(validated.atlas.regions)
        assert set(yaml_files.values()) == {1}, yaml_files
        assert set(validated.region_digests) == {r.id for r in validated.atlas.regions}
        digests.append(validated.region_digests)
    assert digests[0] == digests[1] == digests[2]  # no cache, cold cache, warm cache


def test_serve_reads_again_only_the_files_a_save_changed(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``atlas serve``'s cache remembers each file's digest by its stat, so a save reads
    the files it changed; a file rewritten with other bytes of the same size is read."""
    from generator import cache as cache_module

    read: list[str] = []
    original = cache_module.file_digest

    def counting(path: str | Path) -> str:
        read.append(Path(path).name)
        return original(path)

    monkeypatch.setattr(cache_module, "file_digest", counting)
    cache = MemoryCache(None)
    first = load_atlas(data, cache=cache)
    assert len([n for n in read if n.endswith(".yaml")]) >= len(first.atlas.regions)
    read.clear()
    path = data / EDITED_FILE
    text = path.read_text(encoding="utf-8")
    same_size = BEFORE.replace("County Education", "county education")
    path.write_text(text.replace(BEFORE, same_size), encoding="utf-8")
    again = load_atlas(data, cache=cache)
    assert path.name in read and read.count(path.name) == 1
    region_files = {p.name for p in (data / "regions").glob("*.yaml")}
    assert set(read) & region_files == {path.name}  # the other region files: not read
    assert again.region_digests != first.region_digests


def test_a_warm_build_takes_the_charts_of_embed_pages_from_the_cache(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An embed page's SVG and CSV are cached with the page: a rebuild with nothing
    changed draws no chart, and its chart files have the bytes of a cold build's."""
    from generator.render import chart_files, renderer

    cache, warm = tmp_path / "cache", tmp_path / "warm"
    cached_build(data, warm, cache)
    drawn: list[str] = []
    svg_chart, chart_csv = chart_files.svg_chart, chart_files.chart_csv

    def counting_svg(figure: Any, title: str) -> Any:
        drawn.append("svg")
        return svg_chart(figure, title)

    def counting_csv(figure: Any) -> bytes:
        drawn.append("csv")
        return chart_csv(figure)

    monkeypatch.setattr(renderer, "svg_chart", counting_svg)
    monkeypatch.setattr(renderer, "chart_csv", counting_csv)
    again = cached_build(data, warm, cache)
    assert not again.rendered and not drawn
    monkeypatch.undo()
    build_site(data, tmp_path / "cold")
    charts = {p: b for p, b in site_bytes(warm).items() if p.endswith(("chart.svg", "chart.csv"))}
    assert charts, "the fixture atlas has no embedded chart"
    cold = site_bytes(tmp_path / "cold")
    assert charts == {p: cold[p] for p in charts}


def _edit(data: Path, file: str, *replacements: tuple[str, str]) -> None:
    path = data / file
    text = path.read_text(encoding="utf-8")
    for before, after in replacements:
        assert before in text, f"the fixture changed: {before!r} is not in {file}"
        text = text.replace(before, after)
    path.write_text(text, encoding="utf-8")


def _rebuild_after(data: Path, tmp_path: Path, edit: Callable[[], None]) -> set[str]:
    """Build with a cache, edit, build again: the pages the second build rendered (and its
    site is the bytes of a cold build of the edited data)."""
    cache, warm = tmp_path / "cache", tmp_path / "warm"
    cached_build(data, warm, cache)
    edit()
    report = cached_build(data, warm, cache)
    build_site(data, tmp_path / "cold")
    assert site_bytes(warm) == site_bytes(tmp_path / "cold")
    return set(report.rendered)


def test_a_measure_text_renders_its_region_page_again_not_the_home_page(
    tmp_path: Path,
) -> None:
    """Above 50 regions the home page holds every region in its view (the map) but shows
    no record of theirs: it is keyed on the fields it read, and a measure is not one."""
    data = tmp_path / "data"
    write_synthetic_atlas(REPO_DATA, data, HOME_TABLE_LIMIT + 10)
    region = "regions/synthetic-0031.yaml"
    before, after = "en: 'Measure 1: spread what *works*.'", "en: 'Measure 1: spread it.'"
    rendered = _rebuild_after(data, tmp_path, lambda: _edit(data, region, (before, after)))
    assert {"regions/synthetic-0031/index.html", "en/regions/synthetic-0031/index.html"} <= (
        rendered
    )
    assert not {"index.html", "en/index.html", "compare/index.html"} & rendered
    assert not {p for p in rendered if p.removeprefix("en/").startswith("indicators/")}


def test_a_target_value_renders_its_indicator_page_again(data: Path, tmp_path: Path) -> None:
    """An indicator page shows every target on it: a changed value is in its view."""
    source = "sources/heshui/implementation-plan.txt"

    def edit() -> None:
        _edit(data, HESHUI, ("推动6所试点校", "推动7所试点校"), ("value: 6\n", "value: 7\n"))
        _edit(data, HESHUI, ("en: Six pilot schools", "en: Seven pilot schools"))
        _edit(data, source, ("推动6所试点校", "推动7所试点校"))

    rendered = _rebuild_after(data, tmp_path, edit)
    assert {"indicators/pilot-schools/index.html", "en/indicators/pilot-schools/index.html"} <= (
        rendered
    )
    assert "en/indicators/smart-schools/index.html" not in rendered
    assert "7 schools" in (tmp_path / "warm/en/indicators/pilot-schools/index.html").read_text()


def test_serve_renders_an_edited_region_first_and_the_whole_site_after(
    data: Path, tmp_path: Path
) -> None:
    """After a save that changed one region file, `atlas serve`'s builder renders only that
    region's own pages before it returns; the whole site, built in the background, is then
    the site a cold build makes."""
    builder = IncrementalBuilder(tmp_path / "cache")
    whole: list[dict[str, bytes]] = []
    builder.on_site = whole.append
    builder(data)
    edit_one_region(data)
    served = builder(data)
    assert builder.rendered and all(is_own_page(p) for p in builder.rendered)
    assert b"Education Bureau of Suixi County" in served["en/regions/suixi/index.html"]
    builder.wait_for_search(timeout=300)
    cold = build_files(load_atlas(data), Project.for_data(data), with_search=False).files
    assert whole and whole[-1] == cold


def test_serve_renders_an_edit_with_the_templates_as_they_are_now(
    small_atlas_dir: Path, tmp_path: Path
) -> None:
    """`atlas serve` keeps the templates it compiled between saves and the pages it made:
    a template edited since is compiled again, so the edited region's page shows the
    change at once, and no page made with the old template is reused, so the whole site
    built after it shows the change on every region's page."""
    project = tmp_path / "project"
    for folder in ("templates", "assets"):
        shutil.copytree(REPO_DATA.parent / folder, project / folder)
    (project / "node_modules").symlink_to(REPO_DATA.parent / "node_modules")
    shutil.copy(REPO_DATA.parent / "netlify.toml", project / "netlify.toml")
    data = project / "data"
    shutil.copytree(small_atlas_dir, data)
    builder = IncrementalBuilder(tmp_path / "cache")
    whole: list[dict[str, bytes]] = []
    builder.on_site = whole.append
    builder(data)
    edit_one_region(data)
    builder(data)  # the quick path compiles the region page's templates
    builder.wait_for_search(timeout=300)
    template = project / "templates" / "region.html"
    heading = "<h1>{{ t(region.name) }}</h1>"
    assert template.read_text(encoding="utf-8").count(heading) == 1
    template.write_text(
        template.read_text(encoding="utf-8").replace(heading, heading + "<p>newly added</p>"),
        encoding="utf-8",
    )
    text = (data / EDITED_FILE).read_text(encoding="utf-8")
    (data / EDITED_FILE).write_text(text.replace(AFTER, BEFORE), encoding="utf-8")
    served = builder(data)
    assert builder.rendered and all(is_own_page(p) for p in builder.rendered)
    assert b"<p>newly added</p>" in served["en/regions/suixi/index.html"]
    builder.wait_for_search(timeout=300)
    assert b"<p>newly added</p>" in whole[-1]["en/regions/heshui/index.html"]  # not edited


def test_a_warm_build_in_another_process_renders_nothing(data: Path, tmp_path: Path) -> None:
    """Each `atlas build` is a process of its own, with its own string hash seed: a page's
    key must not depend on it (a set in a view pickles in the seed's order)."""
    cache, out = tmp_path / "cache", tmp_path / "site"
    command = [sys.executable, "-m", "generator", "build", "--data", str(data)]
    command += ["--out", str(out), "--cache", str(cache)]
    summaries = []
    for seed in ("1", "2"):
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=False,
        )
        assert done.returncode == 0, done.stderr
        summaries.append(done.stdout + done.stderr)
    assert re.search(r"\(0 rendered\), \d+ files \(0 written\)", summaries[1]), summaries[1]


def test_a_build_after_serve_renders_nothing_again(data: Path, tmp_path: Path) -> None:
    """`atlas serve` previews the atlas without a dataset version or history; `atlas
    build` names the version (its downloads, and so the data page listing their sizes,
    differ; in git, so does every region page's history). Each keeps what the other's
    latest build did not use, so switching between them renders nothing again, in either
    direction."""
    cache, out = tmp_path / "cache", tmp_path / "site"
    assert cached_build(data, out, cache).rendered
    serve = IncrementalBuilder(cache)
    serve(data)
    assert serve.rendered, "serve's data page differs from the build's: rendered once"
    serve.wait_for_search(timeout=300)
    again = cached_build(data, out, cache)
    assert again.rendered == () and again.written == 0
    serve_again = IncrementalBuilder(cache)
    serve_again(data)
    assert serve_again.rendered == ()
    serve_again.wait_for_search(timeout=300)


def test_the_cache_keeps_the_latest_builds_of_three_configurations(
    data: Path, tmp_path: Path
) -> None:
    """Builds for other base URLs (deploy previews) each keep their pages in the cache,
    up to three configurations; the oldest beyond them is dropped, so the cache does not
    grow with every preview."""
    cache = tmp_path / "cache"
    urls = [f"https://preview-{n}.example.org/" for n in range(4)]

    def build(url: str) -> BuildReport:
        return build_site(data, tmp_path / "site", cache_dir=cache, base_url=url)

    for url in urls[:3]:
        assert build(url).rendered
    assert build(urls[0]).rendered == ()  # the oldest of three is still there
    assert build(urls[3]).rendered  # a fourth: the least recent (preview-1) is dropped
    assert build(urls[2]).rendered == ()
    assert build(urls[1]).rendered  # dropped, so rendered again


def commit_data(root: Path, message: str) -> None:
    """Commit everything under ``root`` (a repository made here if there is none)."""
    identity = ["-c", "user.name=Editor", "-c", "user.email=editor@example.org"]
    if not (root / ".git").exists():
        subprocess.run(["git", "-C", str(root), "init", "-q", "-b", "main"], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(root), *identity, "commit", "-qm", message], check=True)


def _head(data: Path) -> str:
    return subprocess.run(
        ["git", "-C", str(data), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()[:12]


def _own_files(out: Path, region: str) -> dict[str, tuple[int, int]]:
    """A region's own pages and files on disk: path -> (inode, mtime), to see they stay."""
    found = {}
    for path in out.rglob("*"):
        name = path.relative_to(out).as_posix()
        if path.is_file() and re.search(rf"(^|/)(regions|api/v1/regions)/{region}[/.]", name):
            found[name] = (path.stat().st_ino, path.stat().st_mtime_ns)
    return found


def test_a_new_data_commit_renders_only_the_pages_its_change_shows_on(
    data: Path, tmp_path: Path
) -> None:
    """The footers and citations name a dataset version, which is a commit of the data:
    a region's own pages and files the newest commit that changed that region's data (its
    file, its source texts, the settings and codebooks), every other page the newest
    commit of the data. The pages are rendered with placeholders for it and stamped as
    they are written: a commit that edits one region renders that region's pages and the
    pages showing what changed, and writes that region's files and the pages that name
    the atlas's version, nothing of the other regions."""
    cache, out = tmp_path / "cache", tmp_path / "site"
    commit_data(data, "The atlas")
    before = _head(data)
    first = cached_build(data, out, cache)
    heshui = _own_files(out, "heshui")
    assert len(heshui) > 5
    edit_one_region(data)
    commit_data(data, "Suixi: the bureau's English name")
    after = _head(data)
    report = cached_build(data, out, cache)
    rendered = set(report.rendered)
    own = {p for p in first.rendered if is_own_page(p)}
    assert own and own <= rendered
    assert not any(re.match(r"regions/[^/]+/", p.removeprefix("en/")) for p in rendered - own)
    assert len(rendered) < len(first.rendered) / 3
    for page in ("index.html", "en/compare/index.html", "en/regions/suixi/index.html"):
        assert f"+{after}" in (out / page).read_text(encoding="utf-8")
    for page in ("en/regions/heshui/index.html", "regions/heshui/index.html"):
        text = (out / page).read_text(encoding="utf-8")
        assert f"+{before}" in text and f"+{after}" not in text
    assert _own_files(out, "heshui") == heshui  # not one of its files written again
    assert report.written < first.written / 2
    build_site(data, tmp_path / "cold")
    assert site_bytes(out) == site_bytes(tmp_path / "cold")


def test_a_measure_text_plans_again_only_the_families_that_show_measures(
    data: Path, tmp_path: Path
) -> None:
    """A family of aggregate pages whose records did not change is taken as the last build
    planned it: the charts, the comparison and the divisions are not planned for a
    measure's summary; the themes and side by side, which hold measures, are."""
    cache, warm = tmp_path / "cache", tmp_path / "warm"
    first = cached_build(data, warm, cache)
    assert first.settled == ()
    again = cached_build(data, warm, cache)
    assert set(again.settled) == set(FAMILY_READS)  # nothing changed: nothing planned
    _edit(
        data,
        HESHUI,
        ("builds **five model lessons a term**", "builds **five model lessons each term**"),
    )
    edited = cached_build(data, warm, cache)
    # (the home page, whose table here reads each region's measures as it renders, is
    # planned again when it is not found in the cache)
    assert {"comparison", "timeline", "hierarchy", "directory"} <= set(edited.settled)
    assert not {"themes", "side-by-side"} & set(edited.settled)
    build_site(data, tmp_path / "cold")
    assert site_bytes(warm) == site_bytes(tmp_path / "cold")


def test_a_settled_family_whose_pages_left_the_cache_is_planned_and_rendered_again(
    data: Path, tmp_path: Path
) -> None:
    """The families' entries outlive the pages' (here the pages are deleted): a page the
    cache no longer holds has its family planned again, its view made, and is rendered."""
    cache, warm = tmp_path / "cache", tmp_path / "warm"
    cached_build(data, warm, cache)
    shutil.rmtree(cache / "pages")
    shutil.rmtree(warm)
    report = cached_build(data, warm, cache)
    assert report.settled == ()  # each was taken, then planned again for its views
    assert any(p.removeprefix("en/").startswith("timeline/") for p in report.rendered)
    build_site(data, tmp_path / "cold")
    assert site_bytes(warm) == site_bytes(tmp_path / "cold")
    again = cached_build(data, warm, cache)
    assert set(again.settled) == set(FAMILY_READS) and not again.rendered


def test_serves_first_save_compiles_no_template_its_first_build_compiled(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first build keeps its compiled templates in the cache; the first save's quick
    path reads them there instead of compiling its templates again (0.3 s of the save)."""
    import jinja2

    builder = IncrementalBuilder(tmp_path / "cache")
    builder(data)
    compiled: list[str | None] = []
    original = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: Any, name: str | None = None, *a: Any) -> Any:
        compiled.append(name)
        return original(self, source, name, *a)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    edit_one_region(data)
    served = builder(data)
    assert builder.rendered and all(is_own_page(p) for p in builder.rendered)
    assert b"Education Bureau of Suixi County" in served["en/regions/suixi/index.html"]
    assert compiled == []
    builder.wait_for_search(timeout=300)
