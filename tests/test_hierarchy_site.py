"""The hierarchy on the built site of the real atlas (data/, eight regions): division
pages, breadcrumbs, the lineage pages, the tile-grid maps, and the previous release's
addresses."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import html5lib  # type: ignore[import-untyped]
import pytest

from generator.build import build_site
from tests.site_support import BuiltSite

REPO = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def atlas_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = tmp_path_factory.mktemp("real-site") / "site"
    return BuiltSite(root=root, report=build_site(REPO / "data", root))


def _links(html: str) -> list[str]:
    return re.findall(r'href="(/[^"#]*)(?:#[^"]*)?"', html)


def _resolves(site: BuiltSite, href: str) -> bool:
    path = href.lstrip("/")
    target = site.root / path
    return (target / "index.html").is_file() if href.endswith("/") else target.is_file()


def _home_map(site: BuiltSite, lang_prefix: str = ""):  # type: ignore[no-untyped-def]
    tree = html5lib.parse(site.text(f"{lang_prefix}index.html"))
    figure = next(
        f for f in tree.iter(f"{XHTML}figure") if "tile-map" in f.get("class", "").split()
    )
    return next(figure.iter(f"{SVG}svg"))


def test_the_gansu_province_page_lists_heshui(atlas_site: BuiltSite) -> None:
    for prefix, name in (("", "甘肃省"), ("en/", "Gansu Province")):
        html = atlas_site.text(f"{prefix}divisions/620000/index.html")
        assert f"<h1>{name}</h1>" in html
        assert f'href="/{prefix}regions/heshui/"' in html
        assert f'href="/{prefix}divisions/621000/"' in html  # 庆阳市, between the two


def test_the_gansu_page_shows_heshuis_targets_on_shared_indicators(
    atlas_site: BuiltSite,
) -> None:
    html = atlas_site.text("divisions/620000/index.html")
    section = html[html.index('id="targets"') :]
    assert 'href="/regions/heshui/#goal-pilot-schools-scenarios"' in section


def test_region_pages_show_the_chain_as_breadcrumbs(atlas_site: BuiltSite) -> None:
    html = atlas_site.text("regions/heshui/index.html")
    crumbs = html[
        html.index('class="breadcrumb"') : html.index("</nav>", html.index('class="breadcrumb"'))
    ]
    assert re.search(r"中华人民共和国.*甘肃省.*庆阳市.*合水县", crumbs)
    assert 'href="/divisions/620000/"' in crumbs and 'href="/divisions/621000/"' in crumbs


def test_the_lineage_page_of_the_national_notice_lists_beijings_plan(
    atlas_site: BuiltSite,
) -> None:
    html = atlas_site.text("references/moe-notice-ai-education-2024/index.html")
    assert "教基厅函〔2024〕32号" in html
    assert 'href="/regions/beijing/#doc-work-plan"' in html
    assert "北京市推进中小学人工智能教育工作方案(2025—2027年)" in html
    for other in ("heshui", "xiamen", "suixi"):
        assert f'href="/regions/{other}/#doc-' in html


def test_the_lineage_view_runs_from_national_to_provincial_to_county(
    atlas_site: BuiltSite,
) -> None:
    html = atlas_site.text("lineage/index.html")
    national = html.index('id="level-national"')
    provincial = html.index('id="level-province"')
    prefecture = html.index('id="level-prefecture-city"')
    assert national < provincial < prefecture
    assert 'href="/references/plan-education-power-2024-2035/"' in html[national:provincial]
    assert 'href="/regions/zhejiang/#doc-action-plan"' in html[national:provincial]


def test_each_document_shows_what_it_implements(atlas_site: BuiltSite) -> None:
    html = atlas_site.text("regions/beijing/index.html")
    article = html[html.index('id="doc-work-plan"') :]
    assert 'href="/references/moe-notice-ai-education-2024/"' in article
    assert "按照《教育部办公厅关于加强中小学人工智能教育的通知》" in article


def test_records_from_a_partial_document_are_marked(atlas_site: BuiltSite) -> None:
    html = atlas_site.text("regions/beijing/index.html")
    measures = html[html.index('id="measures"') :]
    assert measures.count('class="partial-mark"') >= 4  # every measure's source line
    complete = atlas_site.text("regions/heshui/index.html")
    assert 'class="partial-mark"' not in complete


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_home_map_has_34_tiles_whose_links_resolve(atlas_site: BuiltSite, prefix: str) -> None:
    svg = _home_map(atlas_site, prefix)
    tiles = [r for r in svg.iter(f"{SVG}rect") if "tile" in r.get("class", "")]
    assert len(tiles) == 34
    links = [a.get("href") for a in svg.iter(f"{SVG}a")]
    assert len(links) == 7  # the provinces that hold records; the others hold no link
    assert all(_resolves(atlas_site, href) for href in links), links
    assert f"/{prefix}divisions/620000/" in links and f"/{prefix}regions/beijing/" in links


def test_a_tile_without_records_holds_no_link(atlas_site: BuiltSite) -> None:
    svg = _home_map(atlas_site)
    empty = [g for g in svg.iter(f"{SVG}g") if g.get("aria-hidden") == "true"]
    assert len(empty) == 27
    assert all(not list(g.iter(f"{SVG}a")) for g in empty)


def test_the_map_has_a_legend_and_the_same_data_as_a_table(atlas_site: BuiltSite) -> None:
    html = atlas_site.text("index.html")
    assert "60条记录及以上" in html  # the legend's last step
    table = html[html.index('class="overview map-table"') :]
    table = table[: table.index("</table>")]
    assert table.count('<th scope="row">') == 34
    assert 'href="/regions/heshui/"' in table


def test_the_comparison_page_has_a_map_per_indicator_with_targets(
    atlas_site: BuiltSite,
) -> None:
    from generator.load.validate import load_atlas

    atlas = load_atlas(REPO / "data").atlas
    indicators = {g.indicator for r in atlas.regions for g in r.goals if g.indicator}
    html = atlas_site.text("compare/index.html")
    assert html.count('class="tile-map small"') == len(indicators) > 0
    assert 'aria-label="Map of' not in html  # translated on the Chinese page
    assert "甘肃省 (县)" in html  # pilot schools: Heshui holds a target, at county level


def test_every_page_of_the_previous_release_still_resolves(atlas_site: BuiltSite) -> None:
    listed = (REPO / "tests" / "fixtures" / "release-urls.txt").read_text(encoding="utf-8")
    redirects = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))
    moved = {r["from"] for r in redirects.get("redirects", []) if r.get("status") == 301}
    lost = [
        path
        for path in listed.splitlines()
        if path
        and not path.startswith("#")
        and not (atlas_site.root / path).is_file()
        and "/" + path.removesuffix("index.html") not in moved
    ]
    assert lost == []


def test_every_link_on_the_new_pages_resolves(atlas_site: BuiltSite) -> None:
    pages = [
        p for p in atlas_site.html_paths() if re.match(r"(en/)?(divisions|references|lineage)/", p)
    ]
    assert len(pages) == 2 * (8 + 9 + 1)
    broken = [
        (page, href)
        for page in pages
        for href in _links(atlas_site.text(page))
        if not href.startswith("/assets/") and not _resolves(atlas_site, href)
    ]
    assert broken == []
