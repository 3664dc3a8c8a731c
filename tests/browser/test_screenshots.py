"""Screenshots of every page kind at desktop (1280) and phone (390) width, for a person to
look at. Opt in with ATLAS_SCREENSHOTS=1; they go to tests/browser/screenshots/
(git-ignored), named <lang>-<kind>-<desktop|phone>-<n>.png, one image per screenful."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .pages import CHART_FIGURES, KINDS, LANGS, PageKinds, Probe
from .test_search import search

SCREENSHOTS = Path(__file__).parent / "screenshots"
MAX_SCREENS = 6
CHARTS_ON_SCREEN_DRAWN = f"""() => [...document.querySelectorAll("{CHART_FIGURES} [data-chart]")]
  .every((canvas) => {{
    const box = canvas.getBoundingClientRect();
    return box.bottom < 0 || box.top > innerHeight || canvas.querySelector("svg.main-svg");
  }})"""

pytestmark = pytest.mark.skipif(
    not os.environ.get("ATLAS_SCREENSHOTS"),
    reason="screenshots only on request: set ATLAS_SCREENSHOTS=1",
)


def _shoot(probe: Probe, lang: str, kind: str, path: str, width_name: str) -> list[Path]:
    """The page as a reader scrolls it, one screenful per image (scrolled, not stitched,
    so responsive charts are never redrawn at a stretched viewport):
    <lang>-<kind>-<width>-<n>.png, n from 1."""
    probe.visit(lang, path)
    page = probe.page
    total = page.evaluate("document.scrollingElement.scrollHeight")
    viewport = page.viewport_size or {"height": 800}
    for old in SCREENSHOTS.glob(f"{lang}-{kind}-{width_name}-*.png"):
        old.unlink()
    targets = []
    for number, top in enumerate(range(0, total, viewport["height"]), start=1):
        if number > MAX_SCREENS:
            break
        page.evaluate("top => window.scrollTo(0, top)", top)
        # Charts are drawn as they come near the screen (plotly.js is fetched for the first).
        page.wait_for_function(CHARTS_ON_SCREEN_DRAWN, timeout=10_000)
        page.wait_for_timeout(100)
        target = SCREENSHOTS / f"{lang}-{kind}-{width_name}-{number}.png"
        page.screenshot(path=str(target))
        targets.append(target)
    return targets


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_screenshot_every_page_kind(
    desktop: Probe, phone: Probe, kinds: PageKinds, lang: str, kind: str
) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    for probe, width_name in ((desktop, "desktop"), (phone, "phone")):
        targets = _shoot(probe, lang, kind, kinds[kind], width_name)
        assert targets and targets[0].stat().st_size > 5_000, f"{targets} look blank"


@pytest.mark.parametrize("lang", LANGS)
def test_screenshot_search_results(desktop: Probe, phone: Probe, lang: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    query = "人工智能 教师" if lang == "zh" else "teachers"
    for probe, width_name in ((desktop, "desktop"), (phone, "phone")):
        assert search(probe, lang, query) > 0
        target = SCREENSHOTS / f"{lang}-search-results-{width_name}.png"
        probe.page.screenshot(path=str(target))
        assert target.stat().st_size > 5_000
