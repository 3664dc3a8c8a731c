"""A region name holding markup, drawn by plotly in Chromium: the charts show the markup
as text, and their SVG holds no link and no styled text that came from the data.

plotly reads labels, hover text and legend names as its own small markup language
(``<a href>``, ``<b>``, ``<span style>``), so without escaping, an editor's (or a pull
request's) name would become a live link inside every chart."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.attacks.cases import make_project

from .pages import CHART_FIGURES, Probe
from .site_server import HeaderRules, serve_site

MARKUP = '<a href="https://evil.example/">合水</a><b>县</b><span style="fill:red">红</span>'
NAME_LINE = "name: {zh: 合水县, en: Heshui County}"
SVG_FROM_DATA = """(figures) => figures.map(figure => ({
  links: figure.querySelectorAll('svg a').length,
  styled: [...figure.querySelectorAll('svg tspan[style]')].map(t => t.getAttribute('style')),
  text: [...figure.querySelectorAll('svg text')].map(t => t.textContent).join(' '),
}))"""


@pytest.fixture(scope="module")
def markup_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture atlas with Heshui's name, in both languages, made of markup; built
    by the command line in a subprocess (Playwright holds this process's event loop)."""
    root = make_project(tmp_path_factory.mktemp("markup-site") / "project")
    data = root / "data"
    region = data / "regions" / "heshui.yaml"
    text = region.read_text(encoding="utf-8")
    assert NAME_LINE in text
    text = text.replace('code: "621024"\n', "")  # a name of markup matches no division code
    region.write_text(
        text.replace(NAME_LINE, f"name: {{zh: '{MARKUP}', en: '{MARKUP} County'}}"),
        encoding="utf-8",
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            "--data",
            str(data),
            "--out",
            str(root / "site"),
        ],
        cwd=root,  # an atlas project: data beside links to the templates and assets
        check=True,
        capture_output=True,
    )
    return root / "site"


@pytest.fixture(scope="module")
def markup_probe(browser: Any, markup_site: Path, header_rules: HeaderRules) -> Iterator[Probe]:
    with serve_site(markup_site, header_rules) as base_url:
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
        context.set_default_timeout(15_000)
        yield Probe(context.new_page(), base_url)
        context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", ["timeline/2026/", "indicators/pilot-schools/"])
def test_a_name_with_markup_stays_text_in_the_charts(
    markup_probe: Probe, lang: str, path: str
) -> None:
    visit = markup_probe.visit(lang, path)
    page = markup_probe.page
    figures = page.locator(CHART_FIGURES)
    assert figures.count() > 0
    for index in range(figures.count()):
        figure = figures.nth(index)
        figure.scroll_into_view_if_needed()
        figure.locator("svg.main-svg").first.wait_for(state="visible", timeout=10_000)
        if path.startswith("indicators/"):  # the dots name their region in the hover only
            figure.locator("path.point").first.hover(force=True)
            figure.locator(".hoverlayer text").first.wait_for(state="attached")
    drawn = figures.evaluate_all(SVG_FROM_DATA)
    assert [d["links"] for d in drawn] == [0] * len(drawn)
    assert [s for d in drawn for s in d["styled"] if "fill:red" in s or "bold" in s] == []
    assert any("<b>县</b>" in d["text"] for d in drawn), [d["text"][:200] for d in drawn]
    assert visit.page_errors == []
