"""Screenshots of every page kind at desktop (1280) and phone (390) width, for a person to
look at. Opt in with ATLAS_SCREENSHOTS=1; they go to tests/browser/screenshots/
(git-ignored), named <lang>-<kind>-<desktop|phone>.png."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .pages import CHART_FIGURES, KINDS, LANGS, PageKinds, Probe

SCREENSHOTS = Path(__file__).parent / "screenshots"
MAX_HEIGHT = 6000  # CSS px: enough to judge a page's layout, small enough to view

pytestmark = pytest.mark.skipif(not os.environ.get("ATLAS_SCREENSHOTS"),
                                reason="screenshots only on request: set ATLAS_SCREENSHOTS=1")


def _shoot(probe: Probe, lang: str, kind: str, path: str, width_name: str) -> Path:
    probe.visit(lang, path)
    charts = probe.page.locator(CHART_FIGURES + " svg.main-svg")
    if charts.count():
        charts.first.wait_for(state="visible")
    height = min(MAX_HEIGHT, probe.page.evaluate("document.scrollingElement.scrollHeight"))
    viewport = probe.page.viewport_size or {"width": 1280}
    target = SCREENSHOTS / f"{lang}-{kind}-{width_name}.png"
    probe.page.screenshot(path=str(target), full_page=True,
                          clip={"x": 0, "y": 0, "width": viewport["width"], "height": height})
    return target


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_screenshot_every_page_kind(desktop: Probe, phone: Probe, kinds: PageKinds, lang: str,
                                    kind: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    for probe, width_name in ((desktop, "desktop"), (phone, "phone")):
        target = _shoot(probe, lang, kind, kinds[kind], width_name)
        assert target.stat().st_size > 5_000, f"{target} looks blank"
