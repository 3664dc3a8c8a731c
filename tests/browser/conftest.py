"""The browser suite: the real atlas (data/), built once, served like Netlify, in Chromium.

Every test here is marked ``browser``. Without Chromium (or Playwright) the tests skip with
the reason, except when the environment variable CI is set: then they fail, so a CI run
never passes by skipping its browser checks.

One browser per session; one reused page at desktop width (1280) and one at phone width
(390). ``Probe.visit`` records what a reader's browser would complain about: console
errors, uncaught exceptions, Content-Security-Policy violations and failed requests.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .pages import DATA_DIR, MEASUREMENTS, REPO, PageKinds, Probe, page_kinds
from .site_server import HeaderRules, serve_site

AXE_SOURCE = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test here ``browser``, and run each module's tests page by page (all
    checks of one page in a row), so tests that only read a page share one load of it."""
    here = Path(__file__).parent
    ours = [i for i, item in enumerate(items) if here in Path(str(item.fspath)).parents]
    for index in ours:
        items[index].add_marker(pytest.mark.browser)

    def page_order(index: int) -> tuple[str, str, str, int]:
        item = items[index]
        params = getattr(item, "callspec", None)
        lang, kind = (
            (params.params.get("lang", ""), params.params.get("kind", "")) if params else ("", "")
        )
        return (str(item.fspath), str(lang), str(kind), index)

    reordered = [items[i] for i in sorted(ours, key=page_order)]
    for index, item in zip(ours, reordered, strict=True):
        items[index] = item


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if MEASUREMENTS:
        terminalreporter.section("browser suite measurements")
        for name, value in MEASUREMENTS.items():
            terminalreporter.write_line(
                f"{name}: {value:,.0f}" if value >= 100 else f"{name}: {value:.2f}"
            )


def _unavailable(reason: str) -> None:
    """Skip with ``reason``; under CI (environment variable CI set) fail instead."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so the browser suite may not skip)", pytrace=False)
    pytest.skip(reason)


def find_chromium() -> str | None:
    """ATLAS_CHROMIUM, else Debian's /usr/bin/chromium, else chromium on PATH."""
    candidates = [os.environ.get("ATLAS_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        _unavailable("no Chromium found (install Debian's chromium, or set ATLAS_CHROMIUM)")
    assert path is not None
    return path


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real atlas in data/, built once per session into a temporary folder (or, when
    ATLAS_BROWSER_SITE names a folder, that already-built site)."""
    prebuilt = os.environ.get("ATLAS_BROWSER_SITE")
    if prebuilt:
        return Path(prebuilt)
    from generator.build import build_site

    out_dir = tmp_path_factory.mktemp("browser-site") / "site"
    build_site(DATA_DIR, out_dir)
    return out_dir


@pytest.fixture(scope="session")
def kinds() -> PageKinds:
    """One page of every kind, chosen from the real atlas."""
    from generator.load.validate import load_atlas

    return page_kinds(load_atlas(DATA_DIR).atlas)


@pytest.fixture(scope="session")
def header_rules() -> HeaderRules:
    return HeaderRules.load(REPO / "netlify.toml")


@pytest.fixture(scope="session")
def site_url(built_site: Path, header_rules: HeaderRules) -> Iterator[str]:
    with serve_site(built_site, header_rules) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser(chromium_path: str, built_site: Path) -> Iterator[Any]:
    # The site is built first: the build runs Pagefind through asyncio.run, which cannot
    # run while Playwright's sync API holds the event loop.
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright's Python package is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _probe(browser: Any, site_url: str, viewport: dict[str, int], **options: Any) -> Probe:
    context = browser.new_context(viewport=viewport, locale="zh-CN", **options)
    context.set_default_timeout(15_000)
    return Probe(context.new_page(), site_url)


@pytest.fixture(scope="session")
def desktop(browser: Any, site_url: str) -> Iterator[Probe]:
    probe = _probe(browser, site_url, DESKTOP)
    yield probe
    probe.page.context.close()


@pytest.fixture(scope="session")
def phone(browser: Any, site_url: str) -> Iterator[Probe]:
    probe = _probe(browser, site_url, PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    yield probe
    probe.page.context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_SOURCE.is_file():
        _unavailable(f"{AXE_SOURCE.relative_to(REPO)} is missing: run `npm ci`")
    return AXE_SOURCE.read_text(encoding="utf-8")
