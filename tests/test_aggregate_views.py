"""The aggregate pages of a large atlas stay within their weight budgets, and the regions
directory counts what a reader filters by.

A synthetic atlas of 300 regions (scripts/synthetic_atlas.py) is validated, planned and
its aggregate pages rendered once for the module; each page's weight is its HTML and the
CSS and JS it loads, gzip-compressed as Netlify serves them.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import cast

import pytest

from generator.load.validate import ValidatedAtlas
from generator.plan import theme_views
from generator.plan.hierarchy_pages import LINEAGE_UNCITED, SHARED_LIMIT
from generator.plan.index import AtlasIndex
from generator.plan.pages import Page, plan_pages
from generator.project import Project
from generator.render.assets import SiteAssets
from generator.render.renderer import Renderer
from tests.conftest import SYNTHETIC_REGIONS
from tests.html_support import all_of, by_id, parse, text_of, with_class

REPO = Path(__file__).resolve().parent.parent

REGIONS = SYNTHETIC_REGIONS
BUDGET = 50_000  # a page without charts: HTML + CSS + JS, gzip
BUDGET_CHARTS = 500_000  # a page with plotly
ASSET_REF = re.compile(rb'<(?:script[^>]*\ssrc|link[^>]*rel="stylesheet"[^>]*\shref)="/([^"]+)"')


def gz(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=6, mtime=0))


def weight(files: dict[str, bytes], page_file: str) -> int:
    html = files[page_file]
    refs = sorted({ref.decode() for ref in ASSET_REF.findall(html)})
    plotly = (
        [f for f in files if f.startswith("assets/js/plotly")] if b"data-plotly" in html else []
    )
    return gz(html) + sum(gz(files[ref]) for ref in refs + plotly)


class Synthetic:
    def __init__(self, index: AtlasIndex, pages: list[Page], files: dict[str, bytes]) -> None:
        self.index, self.pages, self.files = index, pages, files

    def html(self, page_file: str) -> str:
        return self.files[page_file].decode("utf-8")


@pytest.fixture(scope="module")
def synthetic(synthetic_atlas: tuple[Path, ValidatedAtlas]) -> Synthetic:
    index = AtlasIndex.build(synthetic_atlas[1])
    pages = plan_pages(index, {})
    # Every page that lists many regions, both languages (of the division pages, the
    # provinces'): not the region and source pages, nor the prefectures' pages.
    aggregate = [
        p
        for p in pages
        if p.template not in ("region.html", "source.html")
        and not (p.template == "division.html" and not p.path.endswith("0000/"))
    ]
    project = Project.for_data(REPO / "data")
    assets = SiteAssets.load(project.assets, project.node_modules)
    files = Renderer(index, project, assets=assets).render_site(aggregate)
    return Synthetic(index, pages, files)


def _largest(synthetic: Synthetic, template: str) -> str:
    files = [
        p.output_path
        for p in synthetic.pages
        if p.template == template and p.output_path in synthetic.files
    ]
    assert files, template
    return max(files, key=lambda f: len(synthetic.files[f]))


@pytest.mark.parametrize(
    "template",
    [
        "home.html",
        "regions.html",
        "division.html",
        "compare.html",
        "indicator.html",
        "timeline.html",
        "timeline-year.html",
        "themes.html",
        "theme.html",
        "lineage.html",
    ],
)
def test_aggregate_pages_within_budget(synthetic: Synthetic, template: str) -> None:
    page_file = _largest(synthetic, template)
    size = weight(synthetic.files, page_file)
    budget = BUDGET_CHARTS if b"data-plotly" in synthetic.files[page_file] else BUDGET
    assert size <= budget, f"{page_file}: {size} bytes gzip, budget {budget}"


def test_home_links_to_the_directory_instead_of_every_region(synthetic: Synthetic) -> None:
    for page_file in ("index.html", "en/index.html"):
        root = parse(synthetic.html(page_file))
        region_links = [
            a
            for a in all_of(root, "a")
            if re.search(r"/regions/synthetic-\d+/$", a.get("href", ""))
        ]
        # the map's table names at most five regions a province
        assert len(region_links) <= 5 * 34
        directory = [a for a in with_class(root, "directory-link")]
        assert directory, page_file
        prefix = "/en/" if page_file.startswith("en/") else "/"
        assert all_of(directory[0], "a")[0].get("href") == f"{prefix}regions/"
        assert str(REGIONS) in text_of(directory[0])


def test_directory_counts_every_region_once(synthetic: Synthetic) -> None:
    for page_file in ("regions/index.html", "en/regions/index.html"):
        root = parse(synthetic.html(page_file))
        rows = all_of(all_of(root, "tbody")[0], "tr")
        counts = [int(text_of(row.findall("td")[0])) for row in rows]
        assert by_id(root, "not-in-a-province") is None  # every synthetic region has a code
        assert sum(counts) == REGIONS
        # each row's data-mix adds up to its count, so the filter counts the same regions
        for row, count in zip(rows, counts, strict=True):
            mix = [int(part.rsplit("=", 1)[1]) for part in row.get("data-mix", "").split(";")]
            assert sum(mix) == count
        # every province row links to its province page, which lists exactly its regions
        for row, count in zip(rows, counts, strict=True):
            href = all_of(row, "a")[0].get("href", "")
            target = href.lstrip("/") + "index.html"
            province = parse(synthetic.html(target))
            beneath = by_id(province, "beneath")
            assert beneath is not None
            code = target.removeprefix("en/").split("/")[1]
            itself = sum(1 for r in synthetic.index.regions if r.code == code)  # its own plan
            assert len(all_of(all_of(province, "tbody")[0], "tr")) == count - itself


def test_directory_facet_counts_match_the_regions(synthetic: Synthetic) -> None:
    regions = synthetic.index.regions
    root = parse(synthetic.html("en/regions/index.html"))
    level_list = by_id(root, "facet-level")
    assert level_list is not None
    facets = {
        text_of(li).rsplit(" ", 1)[0]: int(text_of(li).rsplit(" ", 1)[1])
        for ul in with_class(root, "facet-list")
        for li in all_of(ul, "li")
    }
    for level in synthetic.index.atlas.levels:
        expected = sum(1 for r in regions if r.level == level.id)
        if expected:
            assert facets[level.name.en or level.name.zh] == expected
    with_phases = sum(1 for r in regions if r.phases)
    assert facets["Phases"] == with_phases


def test_province_page_rows_carry_their_filter_facets(synthetic: Synthetic) -> None:
    page_file = _largest(synthetic, "division.html")
    root = parse(synthetic.html(page_file))
    form = next(with_class(root, "facet-filter"))
    assert form.get("hidden") is not None  # shown by the script; the table works without it
    rows = all_of(all_of(root, "tbody")[0], "tr")
    assert rows and all("level:" in row.get("data-facets", "") for row in rows)
    # the targets listed beneath the division are capped (its own come first, uncapped),
    # the rest on the indicator's page
    code = page_file.removeprefix("en/").split("/")[1]
    own = {
        f"/{prefix}regions/{r.id}/"
        for r in synthetic.index.regions
        if r.code == code
        for prefix in ("", "en/")
    }
    for table in with_class(root, "compare-table"):
        links = [
            all_of(row, "a")[0].get("href", "") for row in all_of(all_of(table, "tbody")[0], "tr")
        ]
        assert len([href for href in links if href.split("#")[0] not in own]) <= SHARED_LIMIT


def test_compare_keeps_each_indicator_anchor_and_links_to_its_page(synthetic: Synthetic) -> None:
    for prefix in ("", "en/"):
        root = parse(synthetic.html(f"{prefix}compare/index.html"))
        used = [
            i
            for i in synthetic.index.atlas.indicators
            if i.id in synthetic.index.goals_by_indicator
        ]
        assert used
        for indicator in used:
            block = by_id(root, indicator.id)
            assert block is not None, indicator.id  # the anchor of earlier releases
            hrefs = [a.get("href") for a in all_of(block, "a")]
            assert f"/{prefix}indicators/{indicator.id}/" in hrefs
        # the overview names no region's target: no link to a region's record
        assert not [a for a in all_of(root, "a") if "/regions/" in a.get("href", "")]


def test_indicator_page_draws_every_target_and_tables_them(synthetic: Synthetic) -> None:
    indicator = "pilot-schools"
    goals = synthetic.index.goals_by_indicator[indicator]
    page = next(
        p for p in synthetic.pages if p.path == f"indicators/{indicator}/" and p.lang == "en"
    )
    (figure,) = page.charts.values()
    dots = sum(len(trace["x"]) for trace in figure["data"])
    assert dots == sum(1 for g in goals if g.record.target is not None)
    levels = {trace["name"] for trace in figure["data"]}
    assert levels == {g.level.name.en for g in goals}
    assert all("Deadline" in text for trace in figure["data"] for text in trace["text"])
    root = parse(synthetic.html(page.output_path))
    table = next(t for t in all_of(root, "table") if t.get("data-sortable") is not None)
    rows = all_of(all_of(table, "tbody")[0], "tr")
    assert len(rows) == min(len(goals), 600)
    values = [float(row.findall("td")[0].get("data-value") or "inf") for row in rows]
    assert values == sorted(values)  # lowest first, without the script
    assert {th.get("data-sort") for th in all_of(table, "th")} >= {"number", "text"}


def test_a_busy_year_of_the_timeline_is_split_by_province(synthetic: Synthetic) -> None:
    root = parse(synthetic.html("en/timeline/index.html"))
    years = [li for li in all_of(root, "li") if li.get("id", "").startswith("year-")]
    assert years
    year = years[0].get("id", "")[5:]
    page = parse(synthetic.html(f"en/timeline/{year}/index.html"))
    assert not list(page.iter("figure"))  # no chart of every region's phases
    links = [a.get("href", "") for ul in with_class(page, "year-list") for a in all_of(ul, "a")]
    assert len(links) > 10
    rows = 0
    for href in links:
        province = parse(synthetic.html(href.lstrip("/") + "index.html"))
        table = next(with_class(province, "timeline-table"))
        rows += len(all_of(all_of(table, "tbody")[0], "tr"))
    counts = [
        int(text_of(c)) for ul in with_class(page, "year-list") for c in with_class(ul, "count")
    ]
    assert rows == sum(counts) > 300  # every row of the year is on one province's page


def test_a_theme_of_many_regions_is_split_by_province(
    synthetic: Synthetic, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Above SPLIT_REGIONS a theme's page lists its provinces and each province's regions
    # have a page; every region's section is on exactly one of them, under its anchor.
    monkeypatch.setattr(theme_views, "SPLIT_REGIONS", 100)
    index = synthetic.index
    themes, pages = theme_views.theme_contexts(index, theme_views.codebook_view(index))
    theme = index.atlas.themes[0]
    overview = pages[f"themes/{theme.id}/"]
    provinces = cast(list[theme_views.ThemeProvince], overview["provinces"])
    assert provinces and overview["regions"] == []
    holding = [e.region.id for e in theme_views.theme_regions(index, theme)]
    listed = []
    for province in provinces:
        part = pages[province.path]
        assert part["province"] is province and part["regions"] == province.regions
        for entry in province.regions:
            place = index.hierarchy.province_of(entry.region)
            assert place is not None and place.code == province.code
            listed.append(entry.region.id)
    assert sorted(listed) == sorted(holding)
    # The themes page's matrix has a row a province, its cells the sums of its regions'.
    rows = cast(list[theme_views.MatrixRow], themes["matrix"])
    assert themes["by_province"] and all(row.region is None for row in rows)
    total = sum(row.cells[0].count for row in rows)
    assert total == sum(index.by_theme[theme.id].count(r.id) for r in index.regions)
    assert rows[0].cells[0].href.startswith(f"themes/{theme.id}/")


def test_the_lineage_page_lists_a_bounded_number_of_documents(synthetic: Synthetic) -> None:
    # 600 synthetic documents cite none: the page lists the first LINEAGE_UNCITED and says
    # how many there are, instead of growing with the atlas.
    html = synthetic.html("lineage/index.html")
    root = parse(html)
    uncited = by_id(root, "uncited")
    assert uncited is not None
    listed = html.split('id="uncited"', 1)[1].split("</ul>", 1)[0].count("<li>")
    assert listed == LINEAGE_UNCITED
    total = sum(1 for r in synthetic.index.regions for d in r.documents if not d.cites)
    assert total > LINEAGE_UNCITED
    assert f"仅列出 {total} 份中的前 {LINEAGE_UNCITED} 份" in text_of(root)
    english = synthetic.html("en/lineage/index.html")
    assert f"The first {LINEAGE_UNCITED} of {total};" in english
