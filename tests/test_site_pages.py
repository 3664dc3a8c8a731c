"""Every page kind, in both languages, read as a parser reads it: the layout every page
shares (language, skip link, language switch, alternates, no inline code or style), and
what each kind must show a reader."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

import pytest

from generator.load.validate import ValidatedAtlas
from tests.html_support import all_of, by_id, ids, parse, text_of, with_class
from tests.site_support import BuiltSite

BASE = "https://policy-atlas.netlify.app/"
LANGS = {"zh": ("", "zh-Hans"), "en": ("en/", "en")}
KINDS = {
    "home": "",
    "region": "regions/heshui/",
    "source": "regions/heshui/sources/implementation-plan/",
    "compare": "compare/",
    "side-by-side": "side-by-side/",
    "timeline": "timeline/",
    "themes": "themes/",
    "theme": "themes/teachers/",
    "search": "search/",
    "about": "about/",
    "data": "data/",
}
PAGES = [(lang, kind) for lang in LANGS for kind in KINDS]


def page(site: BuiltSite, lang: str, path: str) -> ET.Element:
    prefix = LANGS[lang][0]
    file = f"{prefix}{path}" if path.endswith(".html") else f"{prefix}{path}index.html"
    return parse(site.read(file))


def main_of(root: ET.Element) -> ET.Element:
    found = all_of(root, "main")
    assert len(found) == 1 and found[0].get("id") == "main"
    return found[0]


@pytest.mark.parametrize(("lang", "kind"), PAGES)
def test_every_page_shares_the_layout(built_site: BuiltSite, lang: str, kind: str) -> None:
    path = KINDS[kind]
    root = page(built_site, lang, path)
    other = "en" if lang == "zh" else "zh"
    assert root.get("lang") == LANGS[lang][1]
    links = all_of(root, "a")
    assert links[0].get("href") == "#main", "the skip link comes first"
    main_of(root)
    assert len(all_of(root, "h1")) == 1
    switch = next(with_class(root, "lang-switch"))
    assert switch.get("href") == "/" + LANGS[other][0] + path
    assert switch.get("hreflang") == LANGS[other][1]
    alternates = {
        e.get("hreflang"): e.get("href")
        for e in all_of(root, "link", rel="alternate")
        if e.get("hreflang")
    }
    assert alternates == {
        "zh-Hans": BASE + path,
        "en": BASE + "en/" + path,
        "x-default": BASE + path,
    }
    canonical = all_of(root, "link", rel="canonical")
    assert [c.get("href") for c in canonical] == [BASE + LANGS[lang][0] + path]
    assert all_of(root, "title") and text_of(all_of(root, "title")[0])


@pytest.mark.parametrize(("lang", "kind"), PAGES)
def test_no_inline_script_or_style(built_site: BuiltSite, lang: str, kind: str) -> None:
    root = page(built_site, lang, KINDS[kind])
    assert not all_of(root, "style")
    assert not [e.tag for e in root.iter() if e.get("style") is not None]
    assert not [e.tag for e in root.iter() if any(a.startswith("on") for a in e.attrib)]
    for script in all_of(root, "script"):
        if script.get("src") is None:
            assert script.get("type") == "application/json", "inline code would break the CSP"
            json.loads(script.text or "")


@pytest.mark.parametrize(("lang", "kind"), PAGES)
def test_tables_have_captions_and_header_scopes(
    built_site: BuiltSite, lang: str, kind: str
) -> None:
    root = page(built_site, lang, KINDS[kind])
    for table in all_of(root, "table"):
        assert len(all_of(table, "caption")) == 1
        assert all(th.get("scope") in ("col", "row", "rowgroup") for th in table.iter("th"))
    for wrapper in with_class(root, "table-scroll"):
        assert wrapper.get("tabindex") == "0" and wrapper.get("aria-label")


@pytest.mark.parametrize("lang", LANGS)
def test_not_found_pages_exist_in_both_languages(built_site: BuiltSite, lang: str) -> None:
    root = page(built_site, lang, "404.html")
    assert root.get("lang") == LANGS[lang][1]
    other_404 = "/" + LANGS["en" if lang == "zh" else "zh"][0] + "404.html"
    assert next(with_class(root, "lang-switch")).get("href") == other_404
    assert all(a.get("href", "").startswith(("/", "#", "http")) for a in all_of(root, "a")), (
        "a 404 page is served at any address, so its links must be root-relative"
    )


# --- region page ----------------------------------------------------------------------


def test_region_page_has_an_anchor_and_cite_line_for_every_record(
    built_site: BuiltSite, small_atlas: ValidatedAtlas
) -> None:
    for region in small_atlas.atlas.regions:
        for lang in LANGS:
            root = page(built_site, lang, f"regions/{region.id}/")
            anchors = (
                [f"goal-{g.id}" for g in region.goals]
                + [f"status-{s.id}" for s in region.status]
                + [f"phase-{p.id}" for p in region.phases]
                + [f"milestone-{m.id}" for p in region.phases for m in p.milestones]
                + [f"measure-{m.id}" for m in region.measures]
            )
            for anchor in anchors:
                record = by_id(root, anchor)
                assert record is not None, f"{region.id}: no #{anchor} ({lang})"
                cite = text_of(
                    next(with_class(record, "cite-text"))
                )  # the record, then its document
                assert f"{BASE}{LANGS[lang][0]}regions/{region.id}/#{anchor}" in cite
                quote_links = [a.get("href") for a in with_class(record, "source-link")]
                assert any(h and h.endswith(f"#q-{anchor}") for h in quote_links), anchor


def test_goal_shows_target_with_comparator_words_and_deadline(built_site: BuiltSite) -> None:
    en = by_id(page(built_site, "en", "regions/heshui/"), "goal-platform-activity")
    zh = by_id(page(built_site, "zh", "regions/heshui/"), "goal-platform-activity")
    assert en is not None and zh is not None
    assert "> 90% (more than)" in text_of(en)
    assert "> 90% (超过)" in text_of(zh)
    assert "July 2026" in text_of(en) and "2026年7月" in text_of(zh)


def test_range_target_reads_as_a_range(built_site: BuiltSite) -> None:
    goal = by_id(page(built_site, "en", "regions/heshui/"), "goal-master-studios")
    assert goal is not None and "1–2 studios" in text_of(goal)


def test_passed_deadline_without_outcome_is_flagged_by_review_date(built_site: BuiltSite) -> None:
    root = page(built_site, "en", "regions/heshui/")
    goal = by_id(root, "goal-pilot-schools")  # deadline 2026-07, reviewed 2026-11-25
    assert goal is not None
    assert "deadline passed, no outcome recorded" in text_of(goal)


def test_status_figures_are_labelled_reached_not_targets(built_site: BuiltSite) -> None:
    for lang, word in (("en", "reached"), ("zh", "已达到")):
        root = page(built_site, lang, "regions/suixi/")
        section = by_id(root, "status")
        assert section is not None
        figures = [e for e in root.iter("article") if "status" in (e.get("class") or "")]
        assert figures
        for figure in figures:
            assert word in text_of(next(with_class(figure, "reached-label")))
            assert not list(with_class(figure, "overdue"))


def test_measures_grouped_by_theme_link_the_goals_they_serve(built_site: BuiltSite) -> None:
    root = page(built_site, "en", "regions/heshui/")
    measure = by_id(root, "measure-subject-ai-models")
    assert measure is not None
    hrefs = [a.get("href") for a in measure.iter("a")]
    assert "#goal-pilot-schools" in hrefs
    assert by_id(root, "measures-teaching") is not None
    summary = next(with_class(measure, "md"))
    assert [text_of(s) for s in summary.iter("strong")] == ["five model lessons a term"]


def test_documents_show_kind_rank_and_unknowns_as_not_stated(built_site: BuiltSite) -> None:
    root = page(built_site, "en", "regions/heshui/")
    doc = by_id(root, "doc-implementation-plan")
    assert doc is not None
    assert "Implementation plan · binding rank 2 of 4" in text_of(doc)
    assert sum(1 for _ in with_class(doc, "not-stated")) >= 2  # issuer and number


# --- source page -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_source_page_marks_every_cited_passage_and_links_back(
    built_site: BuiltSite, small_atlas: ValidatedAtlas, lang: str
) -> None:
    region = next(r for r in small_atlas.atlas.regions if r.id == "heshui")
    root = page(built_site, lang, "regions/heshui/sources/implementation-plan/")
    text = small_atlas.sources[("heshui", "implementation-plan")]
    paragraphs = [line for line in text.splitlines() if line.strip()]
    assert ids(root) >= {f"p{n}" for n in range(1, len(paragraphs) + 1)}
    anchors = (
        [f"goal-{g.id}" for g in region.goals]
        + [f"phase-{p.id}" for p in region.phases]
        + [f"milestone-{m.id}" for p in region.phases for m in p.milestones]
        + [f"measure-{m.id}" for m in region.measures]
    )
    backrefs = {a.get("href") for a in with_class(root, "backref")}
    for anchor in anchors:
        assert by_id(root, f"q-{anchor}") is not None, f"no mark for {anchor}"
        assert f"../../#{anchor}" in backrefs
    marked = "".join(text_of(m) for m in root.iter("mark"))
    assert "国家中小学智慧教育平台教师账号活跃率超" in marked


def test_traditional_source_keeps_its_script(built_site: BuiltSite) -> None:
    root = page(built_site, "en", "regions/chengdu/sources/scenario-plan-summary/")
    source = next(with_class(root, "source-text"))
    assert source.get("lang") == "zh-Hant"
    assert list(source.iter("mark"))


# --- comparison, timeline, side by side ------------------------------------------------


def chart_data(figure: ET.Element) -> dict[str, object]:
    script = next(s for s in figure.iter("script") if s.get("type") == "application/json")
    data: dict[str, object] = json.loads(script.text or "")
    return data


@pytest.mark.parametrize("lang", LANGS)
def test_comparison_has_a_chart_and_table_per_indicator_with_targets(
    built_site: BuiltSite, small_atlas: ValidatedAtlas, lang: str
) -> None:
    """The comparison keeps a block per indicator (its old anchor) linking to the indicator's
    page, which draws each target as a dot by level and tables every goal on it."""
    root = page(built_site, lang, "compare/")
    goals = [g for r in small_atlas.atlas.regions for g in r.goals if g.indicator and g.target]
    levels = {level.id: level.name for level in small_atlas.atlas.levels}
    regions = {r.id: r for r in small_atlas.atlas.regions}
    for indicator in {g.indicator for g in goals}:
        assert indicator is not None
        section = by_id(root, indicator)
        assert section is not None, indicator
        own = page(built_site, lang, f"indicators/{indicator}/")
        assert any(
            a.get("href", "").endswith(f"indicators/{indicator}/") for a in section.iter("a")
        )
        figure = next(own.iter("figure"))
        assert len(list(figure.iter("figcaption"))) == 1
        table = next(figure.iter("table"))
        assert len(list(table.iter("caption"))) == 1
        assert len(list(next(table.iter("tbody")).iter("tr"))) == sum(
            1 for r in small_atlas.atlas.regions for g in r.goals if g.indicator == indicator
        )
        drawn = chart_data(figure)["data"]
        assert isinstance(drawn, list)
        assert sum(len(trace["x"]) for trace in drawn) == sum(
            1 for g in goals if g.indicator == indicator
        )
        expected = {
            (levels[r.level].en if lang == "en" else levels[r.level].zh)
            for r in regions.values()
            for g in r.goals
            if g.indicator == indicator and g.target
        }
        assert {trace["name"] for trace in drawn} == expected


def test_status_figures_are_never_drawn_on_the_comparison(
    built_site: BuiltSite, small_atlas: ValidatedAtlas
) -> None:
    for region in small_atlas.atlas.regions:
        for figure in region.status:
            if figure.indicator is None:
                continue
            section = page(built_site, "en", f"indicators/{figure.indicator}/")
            hovers = [
                text
                for f in section.iter("figure")
                for trace in chart_data(f)["data"]  # type: ignore[attr-defined]
                for text in trace["text"]
            ]
            assert not any(text.startswith("Suixi") for text in hovers)
            status_tables = [
                t for t in section.iter("table") if "status-table" in (t.get("class") or "")
            ]
            assert status_tables and "reached" in text_of(status_tables[0])


def test_timeline_draws_a_year_as_the_whole_year(built_site: BuiltSite) -> None:
    root = page(built_site, "en", "timeline/2025/")
    figure = next(root.iter("figure"))
    traces = chart_data(figure)["data"]
    assert isinstance(traces, list)
    phases = next(t for t in traces if t["name"] == "Phase")
    label_index = {label: i for i, label in enumerate(phases["y"])}
    implementation = next(i for label, i in label_index.items() if "Full implementation" in label)
    assert phases["base"][implementation] == "2025-09-01"
    days = phases["x"][implementation] / 86_400_000
    assert days == (dt.date(2026, 4, 1) - dt.date(2025, 9, 1)).days  # Sep 2025 to end of Mar
    table_rows = [row for body in figure.iter("tbody") for row in body.iter("tr")]  # per year
    assert len(table_rows) >= len(phases["y"])


def test_side_by_side_fetches_only_the_chosen_regions(
    built_site: BuiltSite, small_atlas: ValidatedAtlas
) -> None:
    """The page holds no region (its weight does not grow with the atlas); the chooser's
    list and a small file per region, with a cell for every row of the table in the page
    language, are fetched by the script."""
    root = page(built_site, "en", "side-by-side/")
    form = by_id(root, "sbs-form")
    assert form is not None and form.get("data-regions") == "/en/side-by-side/regions.json"
    table = by_id(root, "sbs-table")
    assert table is not None
    assert not [e for e in table.iter() if e.get("data-region")], "the page embeds a region"
    rows = [tr.get("data-row", "") for tr in table.iter("tr") if tr.get("data-row")]
    assert {"level", "documents", "phases"} <= set(rows)
    listed = json.loads(built_site.text("en/side-by-side/regions.json"))["regions"]
    region_ids = sorted(r.id for r in small_atlas.atlas.regions)
    assert sorted(r["id"] for r in listed) == region_ids
    assert all(r["name"] and r["province"] for r in listed)
    for region in small_atlas.atlas.regions:
        column = json.loads(built_site.text(f"en/side-by-side/regions/{region.id}.json"))
        assert column["id"] == region.id and region.name.en in column["heading"]
        assert set(rows) <= set(column["cells"]), f"{region.id} lacks a row"
        chinese = json.loads(built_site.text(f"side-by-side/regions/{region.id}.json"))
        assert region.name.zh in chinese["heading"]
    scripts = [s.get("src") for s in root.iter("script") if s.get("src")]
    assert any("side-by-side" in (s or "") for s in scripts)


def test_charts_load_plotly_from_the_site_only_where_needed(built_site: BuiltSite) -> None:
    """Chart pages carry plotly.js's hashed URL for charts.js, which fetches it when a chart
    comes near the screen; no page loads it by itself."""
    for path, charted in (
        ("compare/", False),
        ("indicators/pilot-schools/", True),
        ("timeline/", False),
        ("timeline/2026/", True),
        ("regions/heshui/", False),
        ("", False),
    ):
        root = page(built_site, "en", path)
        scripts = [s for s in root.iter("script") if s.get("src")]
        assert not any("plotly" in (s.get("src") or "") for s in scripts), path
        plotly = [s.get("data-plotly") or "" for s in scripts if s.get("data-plotly")]
        assert bool(plotly) == charted, path
        for url in plotly:
            assert url.startswith("/assets/js/plotly-basic."), url
            assert b"plotly.js" in built_site.read(url.lstrip("/"))[:200], url
        drawers = [s.get("src") or "" for s in scripts if s.get("data-plotly")]
        assert all(d.startswith("/assets/js/charts.") and d.endswith(".js") for d in drawers)


# --- themes, about, data ------------------------------------------------------------------


def test_themes_matrix_counts_records(built_site: BuiltSite, small_atlas: ValidatedAtlas) -> None:
    root = page(built_site, "en", "themes/")
    heshui = small_atlas.atlas.regions[[r.id for r in small_atlas.atlas.regions].index("heshui")]
    expected = sum(1 for g in heshui.goals if g.theme == "teachers") + sum(
        1 for m in heshui.measures if m.theme == "teachers"
    )
    link = next(a for a in root.iter("a") if a.get("href") == "/en/themes/teachers/#region-heshui")
    assert int(text_of(link)) == expected
    theme_page = page(built_site, "en", "themes/teachers/")
    assert by_id(theme_page, "region-heshui") is not None


def test_about_publishes_the_codebooks(built_site: BuiltSite, small_atlas: ValidatedAtlas) -> None:
    root = page(built_site, "en", "about/")
    text = text_of(main_of(root))
    for book in (
        small_atlas.atlas.themes,
        small_atlas.atlas.indicators,
        small_atlas.atlas.levels,
        small_atlas.atlas.document_kinds,
    ):
        for entry in book:
            assert entry.name.en and entry.name.en in text
    assert {"cite", "contribute", "licence", "rules"} <= ids(root)


def test_data_page_links_every_export_with_its_size(built_site: BuiltSite) -> None:
    root = page(built_site, "en", "data/")
    hrefs = {a.get("href") for a in root.iter("a")}
    exported = [
        p
        for p in built_site.files()
        if p.startswith("data/") and "." in p[5:] and not p.endswith(".html")
    ]
    assert exported
    for path in exported:
        assert "/" + path in hrefs, path
    assert "/en/feed.xml" in hrefs
