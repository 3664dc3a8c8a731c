"""Benchmark the whole bilingual build, with search, against the design's budgets.

    python scripts/benchmark.py --regions 1000 [--keep DIR] [--no-browser]
    python scripts/benchmark.py --regions real        (or 0: the real atlas in data/)

Generates N synthetic regions (scripts/synthetic_atlas.py) in a temporary data folder,
builds the site in a child process and prints: seconds per stage, region pages rendered
per second, peak memory (the largest resident set of the build or any process it started
-- render workers, the search indexers -- and the peak of all of them together, their
proportional set sizes summed, which counts the pages forked workers share once), the
gzip weight of one page of each kind (its HTML plus the CSS and JS it references,
plotly.js included on chart pages) and the bytes the first search fetches in Chromium,
each beside its budget. Not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

from synthetic_atlas import write_synthetic_atlas  # noqa: E402

from generator.cache import BuildCache  # noqa: E402

BUDGETS = {
    "real_build_s": 3.0,
    "thousand_build_s": 30.0,  # and linear beyond: 90 s at 2,800 regions
    "peak_mb": 1024.0,
    "region_pages_per_s": 200.0,
    "page_kb": 50.0,
    "chart_page_kb": 500.0,
    "first_search_kb": 150.0,
}
SEARCHES = {"zh": ("/search/?q=人工智能", "人工智能"), "en": ("/en/search/?q=teachers", "teachers")}
# Stylesheets, scripts, and plotly.js, which charts.js loads from the page's data-plotly.
ASSET_REF = re.compile(
    rb'<(?:script[^>]*\ssrc|link[^>]*rel="stylesheet"[^>]*\shref)="(/[^"]+)"|data-plotly="(/[^"]+)"'
)


# --- the build, in a child process ---------------------------------------------------------


def child_build(data_dir: Path, out_dir: Path, result_file: Path) -> None:
    """Build the site (with a fresh cache beside ``out_dir``) and time the rendering of the
    region pages alone; write a report."""
    from generator.build import build_site
    from generator.load.validate import load_atlas
    from generator.plan.index import AtlasIndex
    from generator.plan.pages import plan_pages
    from generator.project import Project
    from generator.render.renderer import Renderer

    start = time.perf_counter()
    report = build_site(data_dir, out_dir, cache_dir=out_dir.parent / "cache")
    total = time.perf_counter() - start
    # the build's peaks, before the region pages are rendered again below for their rate
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    built_marker(result_file).touch()  # the parent's memory sampler stops here
    index = AtlasIndex.build(load_atlas(data_dir))
    pages = plan_pages(index, {})
    region_pages = [p for p in pages if p.template == "region.html"]
    renderer = Renderer(index, Project.for_data(data_dir))
    renderer.render_site(region_pages[:1])  # templates compiled, as in the build
    rendered, start = 0, time.perf_counter()
    while rendered < 400:  # a small atlas is rendered several times over for a steady rate
        renderer.render_site(region_pages)
        rendered += len(region_pages)
    render_seconds = time.perf_counter() - start
    result_file.write_text(
        json.dumps(
            {
                "total_s": total,
                "stages": report.stages,
                "pages": report.pages,
                "files": report.files,
                "bytes": report.total_bytes,
                "region_pages": rendered,
                "region_render_s": render_seconds,
                "own_peak_mb": own / 1024,
                "children_peak_mb": children / 1024,
                "page_templates": {p.output_path: p.template for p in pages},
            }
        )
    )


# An edit an editor makes to one region: a measure's English summary (once in the file).
EDIT = ("Measure 1: spread what *works*.", "Measure 1: spread what *works well*.")


def edit_one_region(data_dir: Path, undo: bool = False, offset: int = 0) -> Path:
    """Edit the middle region file (or the one ``offset`` after it): a measure's English
    summary in a synthetic region; in the real atlas (which has no such text), a comment
    line saved at the end of the file."""
    files = sorted((data_dir / "regions").glob("*.yaml"))
    path = files[(len(files) // 2 + offset) % len(files)]
    text = path.read_text(encoding="utf-8")
    before, after = EDIT[::-1] if undo else EDIT
    if EDIT[0] in text or EDIT[1] in text:
        if text.count(before) != 1:
            raise SystemExit(f"benchmark edit: {before!r} is not once in {path}")
        path.write_text(text.replace(before, after), encoding="utf-8")
    else:
        comment = "# edited by scripts/benchmark.py\n"
        path.write_text(text.removesuffix(comment) if undo else text + comment, encoding="utf-8")
    return path


GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Benchmark",
    "GIT_AUTHOR_EMAIL": "benchmark@example.org",
    "GIT_COMMITTER_NAME": "Benchmark",
    "GIT_COMMITTER_EMAIL": "benchmark@example.org",
}


def commit_data(data_dir: Path, message: str) -> None:
    """Commit the data folder (made a repository first), as a merged pull request does."""
    env = {**os.environ, **GIT_IDENTITY}
    if not (data_dir / ".git").exists():
        subprocess.run(["git", "init", "-q", "-b", "main", str(data_dir)], check=True, env=env)
    subprocess.run(["git", "-C", str(data_dir), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(data_dir), "commit", "-qm", message], check=True, env=env)


def child_warm(data_dir: Path, out_dir: Path, result_file: Path) -> None:
    """After a cold build with a cache, in a process of its own: one region edited,
    rebuilt with search; edited back, rebuilt without search. Write the seconds of each."""
    from generator.build import StageTimes, build_files, build_site, save_stamps, site_manifests
    from generator.load.validate import load_atlas
    from generator.output.writer import write_site
    from generator.project import Project

    cache = out_dir.parent / "cache"
    edit_one_region(data_dir)
    start = time.perf_counter()
    report = build_site(data_dir, out_dir, cache_dir=cache)
    with_search = time.perf_counter() - start
    # without search: a site of its own (written once, untimed), rebuilt after the undo
    plain_site = out_dir.parent / "site-without-search"
    stored = BuildCache(cache)
    atlas = load_atlas(data_dir, cache=stored)
    project = Project.for_data(data_dir)
    first = build_files(atlas, project, None, stored, with_search=False)
    write_site(first.files, plain_site, site_manifests(stored))
    if first.stamps is not None:  # as build_site does: the stamped pages' digests kept
        save_stamps(first.stamps, stored)
    del atlas, first  # the timed build starts with nothing of the first in memory, as a
    gc.collect()  # process of its own would (the collector walked them all, 2.4 s longer)
    edit_one_region(data_dir, undo=True)
    start = time.perf_counter()
    quiet = StageTimes()
    with quiet.stage("validate"):
        atlas = load_atlas(data_dir, cache=stored)
    site = build_files(atlas, project, quiet, stored, with_search=False)
    with quiet.stage("write"):
        written = write_site(site.files, plain_site, site_manifests(stored))
        if site.stamps is not None:
            save_stamps(site.stamps, stored)
    without_search = time.perf_counter() - start
    _write_result(
        result_file,
        {
            "with_search_s": with_search,
            "with_search_stages": report.stages,
            "with_search_rendered": len(report.rendered),
            "with_search_written": report.written,
            "without_search_s": without_search,
            "without_search_stages": quiet.seconds,
            "without_search_written": written,
        },
    )


def child_serve(data_dir: Path, out_dir: Path, result_file: Path) -> None:
    """`atlas serve`'s builder, in a process of its own as `atlas serve` is: its first
    build (from the cache), then one region saved; the seconds to its page updated."""
    from generator.serve.incremental import IncrementalBuilder

    builder = IncrementalBuilder(out_dir.parent / "cache")
    builder(data_dir)
    builder.wait_for_search()
    edit_one_region(data_dir, offset=1)  # not the region the rebuilds edited: its pages
    start = time.perf_counter()  # are not in the cache yet, so the save renders them
    builder(data_dir)
    serve_seconds = time.perf_counter() - start
    builder.wait_for_search()
    edit_one_region(data_dir, undo=True, offset=1)
    _write_result(result_file, {"serve_s": serve_seconds, "serve_rendered": len(builder.rendered)})


def child_history(data_dir: Path, out_dir: Path, result_file: Path) -> None:
    """The data committed and built, untimed: the first build that shows the history."""
    from generator.build import build_site

    commit_data(data_dir, "The atlas")
    build_site(data_dir, out_dir, cache_dir=out_dir.parent / "cache")
    _write_result(result_file, {})


def child_commit(data_dir: Path, out_dir: Path, result_file: Path) -> None:
    """As CI builds, in a process of its own: one region edited in a new commit, rebuilt
    with search (after :func:`child_history`)."""
    from generator.build import build_site

    cache = out_dir.parent / "cache"
    edit_one_region(data_dir)
    commit_data(data_dir, "One region edited")
    start = time.perf_counter()
    committed = build_site(data_dir, out_dir, cache_dir=cache)
    commit_seconds = time.perf_counter() - start
    changes_kb = {  # the changes pages list the commits: in git only
        lang: gz((out_dir / path).read_bytes()) / 1024
        for lang, path in (("zh", "changes/index.html"), ("en", "en/changes/index.html"))
    }
    _write_result(
        result_file,
        {
            "commit_s": commit_seconds,
            "commit_stages": committed.stages,
            "commit_rendered": len(committed.rendered),
            "commit_written": committed.written,
            "commit_changes_kb": changes_kb,
        },
    )


def _write_result(result_file: Path, result: dict[str, Any]) -> None:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result_file.write_text(json.dumps({**result, "peak_mb": peak}))


def built_marker(result_file: Path) -> Path:
    return result_file.with_suffix(".built")


def _tree(pid: int) -> list[int]:
    """``pid`` and every process it started, and they started (from /proc)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                children = Path(f"/proc/{current}/task/{task}/children").read_text()
                todo += [int(child) for child in children.split()]
        except OSError:
            continue
    return found


def _proportional_mb(pid: int) -> float:
    """A process's proportional set size: its own pages, and its share of the pages it
    shares (a forked worker's copy-on-write pages count once over all of them)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


# Reading a process's PSS walks its page tables and holds it up meanwhile: sampled every
# 50 ms, planning the pages of 2,800 regions took 6.67 s instead of 5.44 s. A Pagefind
# indexer or a worker lives for seconds, so a sample every 250 ms still finds its peak.
SAMPLE_SECONDS = 0.25


def _sample_tree(process: subprocess.Popen[bytes], stop: Path, peak: list[float]) -> None:
    """Every :data:`SAMPLE_SECONDS` until ``stop`` exists or the process ends: the memory
    of the process and all its children together (the sum of their PSS); ``peak[0]`` is
    the largest."""
    while process.poll() is None and not stop.exists():
        peak[0] = max(peak[0], sum(_proportional_mb(pid) for pid in _tree(process.pid)))
        time.sleep(SAMPLE_SECONDS)


def _child(mode: str, data_dir: Path, out_dir: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as scratch:
        result_file = Path(scratch) / "result.json"
        process = subprocess.Popen(
            [sys.executable, __file__, mode, str(data_dir), str(out_dir), str(result_file)],
            cwd=REPO,
        )
        peak = [0.0]
        sampler = threading.Thread(
            target=_sample_tree, args=(process, built_marker(result_file), peak), daemon=True
        )
        sampler.start()
        if process.wait() != 0:
            raise SystemExit(f"the benchmark's {mode} child failed ({process.returncode})")
        sampler.join()
        result: dict[str, Any] = json.loads(result_file.read_text())
    result["all_processes_peak_mb"] = peak[0]
    return result


def run_build(data_dir: Path, out_dir: Path) -> dict[str, Any]:
    result = _child("--child", data_dir, out_dir)
    result["peak_mb"] = max(result["own_peak_mb"], result["children_peak_mb"])  # the build's
    return result


def run_warm(data_dir: Path, out_dir: Path) -> dict[str, Any]:
    """The rebuilds, `atlas serve` and the rebuild after a data commit, each in a process
    of its own (one process holding them all was slower for what the others left)."""
    warm = _child("--child-warm", data_dir, out_dir)
    serve = _child("--child-serve", data_dir, out_dir)
    _child("--child-history", data_dir, out_dir)
    commit = _child("--child-commit", data_dir, out_dir)
    return {
        **warm,
        **serve,
        **commit,
        "builds_peak_mb": max(warm["peak_mb"], commit["peak_mb"]),
        "peak_mb": serve["peak_mb"],
        "all_processes_peak_mb": serve["all_processes_peak_mb"],
    }


# --- page weights ------------------------------------------------------------------------


def gz(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=6, mtime=0))


def side_by_side_fetches(site: Path, page: str) -> int:
    """The gzip bytes side by side's script fetches before it shows anything: the chooser's
    list and the columns of the two regions shown first."""
    folder = site / page.removesuffix("index.html")
    listed = json.loads((folder / "regions.json").read_bytes())["regions"]
    columns = [folder / "regions" / f"{region['id']}.json" for region in listed[:2]]
    return gz((folder / "regions.json").read_bytes()) + sum(gz(c.read_bytes()) for c in columns)


def page_language(path: str) -> str:
    return "en" if path.startswith("en/") else "zh"


def page_weights(
    site: Path, templates: dict[str, str]
) -> dict[tuple[str, str], tuple[str, int, bool]]:
    """One HTML page per template and language (the first in path order): (path, gzip bytes
    of the page, its CSS and JS, plotly.js on chart pages, and for side by side the data
    its script fetches first; whether it has charts)."""
    chosen: dict[tuple[str, str], str] = {}
    for path, template in sorted(templates.items()):
        if template.endswith(".html"):
            chosen.setdefault((template, page_language(path)), path)
    weights = {}
    for key, path in sorted(chosen.items()):
        html = (site / path).read_bytes()
        refs = sorted({ref for pair in ASSET_REF.findall(html) for ref in pair if ref})
        total = gz(html) + sum(gz((site / ref.decode().lstrip("/")).read_bytes()) for ref in refs)
        if key[0] == "side-by-side.html":
            total += side_by_side_fetches(site, path)
        weights[key] = (path, total, any(b"plotly" in ref for ref in refs))
    return weights


# --- first search in Chromium -----------------------------------------------------------


class _CountingHandler(SimpleHTTPRequestHandler):
    """Serves the site gzip-compressed like Netlify and counts the bytes it sends."""

    sent: list[tuple[str, int]]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        kind = self.guess_type(str(path))
        if path.suffix in (".html", ".js", ".json", ".css", ".svg", ".xml"):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Encoding", "gzip")
        else:
            self.send_response(200)
        self.send_header("Content-Type", "text/javascript" if path.suffix == ".js" else kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.sent.append((self.path, len(body)))


@contextmanager
def counting_server(site: Path) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    sent: list[tuple[str, int]] = []
    handler = partial(type("Handler", (_CountingHandler,), {"sent": sent}), directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", sent
    finally:
        server.shutdown()
        thread.join()


def first_search_bytes(site: Path) -> dict[str, tuple[int, int, int, int, int]]:
    """Per language: (bytes the search fetched, of which the index and the result
    fragments, pages and records shown)."""
    from playwright.sync_api import sync_playwright

    out = {}
    with counting_server(site) as (base, sent), sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--headless"]
        )
        for lang, (address, _) in SEARCHES.items():
            page = browser.new_page()
            sent.clear()
            page.goto(base + address)
            for _ in range(300):
                if page.inner_text("#search-status").strip():
                    break
                page.wait_for_timeout(100)
            if not page.inner_text("#search-status").strip():
                raise RuntimeError(f"the search page announced nothing for {address}")
            if re.search(r"[1-9]", page.inner_text("#search-status")):
                page.wait_for_selector("#search-results .search-result", timeout=60000)
            page.wait_for_load_state("networkidle")
            pages = page.locator("#search-results .search-result").count()
            records = page.locator("#search-results .search-records li").count()
            search = [(p, n) for p, n in sent if p.startswith("/pagefind/")]
            index = sum(n for p, n in search if "/index/" in p)
            fragments = sum(n for p, n in search if "/fragment/" in p)
            out[lang] = (sum(n for _, n in search), index, fragments, pages, records)
            page.close()
        browser.close()
    return out


# --- report ------------------------------------------------------------------------------


def cold_budget_s(regions: int) -> float:
    """The cold build's budget (docs/architecture.md, Budgets): 30 s at 1,000 regions, then
    linear to 90 s at 2,800; proportionally less below 1,000."""
    base = BUDGETS["thousand_build_s"]
    if regions <= 1000:
        return base * regions / 1000
    return base + (regions - 1000) * 60 / 1800


def verdict(ok: bool) -> str:
    return "ok" if ok else "OVER BUDGET"


def print_report(
    label: str,
    regions: int,
    build: dict[str, Any],
    weights: dict[tuple[str, str], tuple[str, int, bool]],
    searches: dict[str, tuple[int, int, int, int, int]] | None,
) -> None:
    budget_s = BUDGETS["real_build_s"] if regions == 0 else cold_budget_s(regions)
    print(
        f"\n== {label}: {build['pages']} pages, {build['files']} files, "
        f"{build['bytes'] / 1e6:.1f} MB"
    )
    for name, seconds in build["stages"].items():
        print(f"  {name:<10} {seconds:8.2f} s")
    print(
        f"  {'total':<10} {build['total_s']:8.2f} s   budget {budget_s:.1f} s "
        f"({'real atlas' if regions == 0 else '30 s at 1,000 regions, 90 s at 2,800'}): "
        f"{verdict(build['total_s'] <= budget_s)}"
    )
    if regions:
        print(f"  per region {1000 * build['total_s'] / regions:8.1f} ms")
    rate = build["region_pages"] / build["region_render_s"]
    print(
        f"  region pages rendered: {build['region_pages']} in {build['region_render_s']:.2f} s"
        f" = {rate:.0f}/s   budget >= 200/s: {verdict(rate >= 200)}"
    )
    together = build["all_processes_peak_mb"]
    print(
        f"  peak memory: {build['peak_mb']:.0f} MB in one process (build process "
        f"{build['own_peak_mb']:.0f} MB, largest child {build['children_peak_mb']:.0f} MB); "
        f"{together:.0f} MB for all its processes together "
        f"(PSS, sampled every {SAMPLE_SECONDS * 1000:.0f} ms)"
        f"   budget <= 1024 MB: {verdict(max(build['peak_mb'], together) <= BUDGETS['peak_mb'])}"
    )
    print(
        "  one page of each kind and language, gzip, HTML + its CSS and JS (plotly.js on"
        " chart pages; side by side with its list and first two columns):"
    )
    for (template, lang), (path, size, charts) in weights.items():
        limit = BUDGETS["chart_page_kb"] if charts else BUDGETS["page_kb"]
        print(
            f"    {template:<22} {lang} {size / 1024:7.1f} KB  budget {limit:.0f} KB "
            f"{'(charts)' if charts else '':<9} {verdict(size <= limit * 1024)}  /{path}"
        )
    if searches is None:
        print("  first search: not measured (--no-browser)")
        return
    for lang, (fetched, index, fragments, pages, records) in searches.items():
        print(
            f"  first search ({lang}, {SEARCHES[lang][1]}): {fetched / 1024:.1f} KB fetched "
            f"(index {index / 1024:.1f} KB, results {fragments / 1024:.1f} KB: {pages} pages "
            f"with {records} records shown)   budget 150 KB:"
            f" {verdict(fetched <= BUDGETS['first_search_kb'] * 1024)}"
        )


def print_warm(warm: dict[str, Any]) -> None:
    stages = ", ".join(f"{k} {v:.2f}" for k, v in warm["with_search_stages"].items())
    print(
        f"  rebuild after one region changes, warm cache, with search: "
        f"{warm['with_search_s']:.2f} s   goal <= 10 s: {verdict(warm['with_search_s'] <= 10)}"
        f"\n    ({stages}; {warm['with_search_rendered']} pages rendered, "
        f"{warm['with_search_written']} files written)"
    )
    stages = ", ".join(f"{k} {v:.2f}" for k, v in warm["without_search_stages"].items())
    print(
        f"  rebuild after one region changes, warm cache, without search: "
        f"{warm['without_search_s']:.2f} s   goal <= 2 s: "
        f"{verdict(warm['without_search_s'] <= 2)}\n    ({stages}; "
        f"{warm['without_search_written']} files written)"
    )
    stages = ", ".join(f"{k} {v:.2f}" for k, v in warm["commit_stages"].items())
    print(
        f"  rebuild after a data commit that changes one region (git, as CI builds), warm "
        f"cache, with search: {warm['commit_s']:.2f} s   goal <= 10 s: "
        f"{verdict(warm['commit_s'] <= 10)}\n    ({stages}; {warm['commit_rendered']} pages "
        f"rendered, {warm['commit_written']} files written: the edited region's and the pages "
        f"naming the atlas's version)"
    )
    for lang, size in warm["commit_changes_kb"].items():
        print(
            f"    changes page after it ({lang}, the commits listed): {size:.1f} KB gzip, HTML "
            f"only   budget 50 KB: {verdict(size <= BUDGETS['page_kb'])}"
        )
    print(
        f"  atlas serve, one region saved to its page updated: {warm['serve_s']:.2f} s "
        f"({warm['serve_rendered']} pages rendered; search follows in the background)   "
        f"goal <= 1 s: {verdict(warm['serve_s'] <= 1)}"
    )
    print(
        f"  peak memory of the rebuilds: {warm['builds_peak_mb']:.0f} MB in one process "
        f"(the two after an edit in one, the commit's in another)   budget <= 1024 MB: "
        f"{verdict(warm['builds_peak_mb'] <= BUDGETS['peak_mb'])}\n"
        f"  atlas serve (its site and cache held in memory): "
        f"{warm['peak_mb']:.0f} MB in one process; "
        f"{warm['all_processes_peak_mb']:.0f} MB for all processes together (PSS)"
    )


def prepare_data(regions: int, target: Path) -> None:
    if regions == 0:
        shutil.copytree(REPO / "data", target)
    else:
        write_synthetic_atlas(REPO / "data", target, regions)


def main() -> None:
    children = {
        "--child": child_build,
        "--child-warm": child_warm,
        "--child-serve": child_serve,
        "--child-history": child_history,
        "--child-commit": child_commit,
    }
    if len(sys.argv) == 5 and sys.argv[1] in children:
        children[sys.argv[1]](Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--regions",
        required=True,
        help="number of synthetic regions, or 0 / real for the real atlas",
    )
    parser.add_argument("--keep", type=Path, help="keep the data and the built site here")
    parser.add_argument("--no-browser", action="store_true", help="skip the search in Chromium")
    parser.add_argument(
        "--no-warm", action="store_true", help="skip the rebuilds after one region changes"
    )
    args = parser.parse_args()
    regions = 0 if args.regions == "real" else int(args.regions)
    with tempfile.TemporaryDirectory() as scratch:
        work = args.keep or Path(scratch)
        if args.keep and work.exists():
            shutil.rmtree(work)
        data_dir, out_dir = work / "data", work / "site"
        started = time.perf_counter()
        prepare_data(regions, data_dir)
        print(
            f"data: {regions or 'real'} regions in {time.perf_counter() - started:.1f} s "
            f"({data_dir})"
        )
        build = run_build(data_dir, out_dir)
        weights = page_weights(out_dir, build["page_templates"])
        searches = None
        if not args.no_browser:
            try:  # a search that times out must not lose the build's figures
                searches = first_search_bytes(out_dir)
            except Exception as error:  # reported; the report goes on
                print(f"first search failed: {type(error).__name__}: {error}".splitlines()[0])
        label = "real atlas" if regions == 0 else f"{regions} synthetic regions"
        count = regions or len(list((data_dir / "regions").glob("*.yaml")))
        print_report(label, regions, build, weights, searches)
        search_files = sum(1 for p in (out_dir / "pagefind").rglob("*") if p.is_file())
        print(
            f"  files per region: {build['files'] / count:.1f}   goal <= 25 "
            f"(search bundles {search_files / count:.1f}, "
            f"everything else {(build['files'] - search_files) / count:.1f})"
        )
        if not args.no_warm:
            print_warm(run_warm(data_dir, out_dir))


if __name__ == "__main__":
    main()
