"""Search as a reader uses it: typing into the search page's box, choosing a filter,
clicking a result. Simplified and traditional characters find each other; the English
page finds English records; a first search fetches at most 200 KB (the budget in
docs/architecture.md)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest

from generator.load.validate import ValidatedAtlas, load_atlas

from .pages import (
    DATA_DIR,
    MEASUREMENTS,
    Probe,
    lang_path,
    serious_accessibility_violations,
)
from .search_queries import (
    SearchCase,
    english_query,
    simplified_query_for_traditional_source,
    traditional_query_for_simplified_record,
)

FIRST_SEARCH_BUDGET = 200 * 1024  # bytes, the first-search budget in docs/architecture.md
RESULT_LINKS = "#search-results .search-result > h2 a"  # a page: a region or a source
RECORD_LINKS = "#search-results .search-records h3 a"  # a record of that page


@pytest.fixture(scope="module")
def validated() -> ValidatedAtlas:
    return load_atlas(DATA_DIR)


def search(probe: Probe, lang: str, query: str) -> int:
    """Open the search page, type ``query`` as a reader would, and wait for the results;
    returns the number of results the status line announces."""
    probe.visit(lang, "search/", settle=False)
    page = probe.page
    page.wait_for_selector("#search-form.search-ready")
    page.fill("#search-q", query)
    page.press("#search-q", "Enter")
    page.wait_for_function(
        "q => document.getElementById('search-status').textContent.includes(q)", arg=query
    )
    count = announced_count(page)
    if count:  # the status line is written first, then the first page of results
        page.wait_for_selector(RESULT_LINKS)
    return count


def all_results_from_address(probe: Probe, lang: str, query: str) -> tuple[int, list[str]]:
    """Open the search page at ``?q=query`` (it searches once, from the address), show every
    page of results; the announced count and every result link."""
    probe.visit(lang, f"search/?{urlencode({'q': query})}", settle=False)
    page = probe.page
    page.wait_for_function(
        "q => document.getElementById('search-status').textContent.includes(q)", arg=query
    )
    count = announced_count(page)
    page.wait_for_selector(RESULT_LINKS)
    more = page.locator("#search-more")
    while more.is_visible():
        shown = page.locator(RESULT_LINKS).count()
        more.click()
        page.wait_for_function(
            "n => document.querySelectorAll('#search-results .search-result').length > n",
            arg=shown,
        )
    return count, result_hrefs(page)


def announced_count(page: Any) -> int:
    status = page.text_content("#search-status") or ""
    numbers = re.findall(r"\d+", status.replace(",", ""))
    return int(numbers[0]) if numbers else 0


def result_hrefs(page: Any) -> list[str]:
    """Every link of the results: each page's, then each record's (folded ones too)."""
    hrefs: list[str] = page.eval_on_selector_all(
        f"{RESULT_LINKS}, {RECORD_LINKS}", "links => links.map(a => a.href)"
    )
    return hrefs


def assert_found(probe: Probe, case: SearchCase, hrefs: list[str]) -> None:
    expected = probe.site_url + case.expect_url_prefix
    wanted = expected + (f"#{case.anchor}" if case.anchor else "")
    assert any(h.startswith(wanted) for h in hrefs), (
        f"searching {case.query!r}: no result at {wanted}; got {hrefs}"
    )


def test_simplified_query_finds_the_traditional_source(
    desktop: Probe, validated: ValidatedAtlas, axe_source: str
) -> None:
    case = simplified_query_for_traditional_source(validated)
    # Only the archived text holds it: the records alone find nothing, the full texts do.
    assert search(desktop, "zh", case.query) == 0
    desktop.page.click("#search-with-sources")
    desktop.page.wait_for_selector(RESULT_LINKS)
    assert desktop.page.is_checked("#search-sources") and "sources=1" in desktop.page.url
    assert announced_count(desktop.page) > 0, f"no results for {case.query!r}"
    assert serious_accessibility_violations(desktop.page, axe_source) == []
    assert_found(desktop, case, result_hrefs(desktop.page))


def test_traditional_query_finds_simplified_records(
    desktop: Probe, validated: ValidatedAtlas
) -> None:
    case = traditional_query_for_simplified_record(validated)
    assert search(desktop, "zh", case.query) > 0, f"no results for {case.query!r}"
    assert_found(desktop, case, result_hrefs(desktop.page))


def test_english_query_finds_english_results(
    desktop: Probe, validated: ValidatedAtlas, axe_source: str
) -> None:
    case = english_query(validated)
    assert search(desktop, "en", case.query) > 0, f"no results for {case.query!r}"
    assert serious_accessibility_violations(desktop.page, axe_source) == []
    hrefs = result_hrefs(desktop.page)
    assert all(h.startswith(desktop.site_url + "en/") for h in hrefs), hrefs
    assert_found(desktop, case, hrefs)
    marks = desktop.page.locator("#search-results mark").all_text_contents()
    assert any(case.query[:5] in mark.lower() for mark in marks), (
        f"no highlighted {case.query!r} in the excerpts: {marks}"
    )


def test_chinese_in_english_excerpts_is_marked_as_chinese(desktop: Probe) -> None:
    # English records carry their Chinese quote; a screen reader must read it in Chinese.
    assert search(desktop, "en", "pilot schools") > 0
    page = desktop.page
    chinese = page.locator("#search-results .search-result-excerpt [lang='zh-Hans']")
    assert chinese.count() > 0, "no Chinese passage marked lang=zh-Hans in the excerpts"
    texts = chinese.all_text_contents()
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in texts), texts


def test_a_filter_narrows_the_results(desktop: Probe) -> None:
    query = "人工智能"
    before = search(desktop, "zh", query)
    page = desktop.page
    page.focus("#search-filter-region")  # its options load when the reader reaches for it
    page.wait_for_function("() => document.getElementById('search-filter-region').length > 1")
    region = page.eval_on_selector("#search-filter-region", "s => s.options[1].value")
    status = page.text_content("#search-status")
    page.select_option("#search-filter-region", region)
    page.wait_for_function(
        "s => document.getElementById('search-status').textContent !== s", arg=status
    )
    after = announced_count(page)
    page.wait_for_selector(RESULT_LINKS)
    assert 0 < after < before, f"region {region}: {after} of {before} results"
    pages = page.locator("#search-results .search-result").all_text_contents()
    assert pages and all(region in shown for shown in pages), pages
    assert "region=" in page.url


def test_clicking_a_result_lands_on_the_record(desktop: Probe, validated: ValidatedAtlas) -> None:
    case = traditional_query_for_simplified_record(validated)
    search(desktop, "zh", case.query)
    link = desktop.page.locator(f"{RECORD_LINKS}[href*='#{case.anchor}']").first
    with desktop.page.expect_navigation():
        link.click()
    page = desktop.page
    assert page.evaluate("location.hash") == f"#{case.anchor}"
    box = page.locator(f"[id='{case.anchor}']").bounding_box()
    assert box is not None, f"{page.url}: no element with id {case.anchor}"
    viewport = page.viewport_size or {"height": 800}
    assert box["y"] < viewport["height"] and box["y"] + box["height"] > 0, (
        f"{page.url}: the record is not on screen ({box})"
    )


@pytest.fixture
def fresh_page(browser: Any) -> Iterator[Any]:
    """A page with an empty cache, as a first-time reader has."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(
    ("lang", "query"),
    [
        ("zh", "人工智能"),  # one common word
        ("zh", "人工智能 教师 培训"),  # a typical reader's query: three words
        ("en", "teachers"),
        ("en", "teacher training platform"),
    ],
)
def test_first_search_fetches_at_most_200_kb(
    fresh_page: Any, site_url: str, lang: str, query: str
) -> None:
    """Budget: everything a first search fetches (Pagefind's code, WebAssembly,
    index chunks and the result fragments shown), counted as transferred."""
    page, requests = fresh_page, []
    page.on("requestfinished", lambda request: requests.append(request))
    page.goto(site_url + lang_path(lang, "search/"))
    page.wait_for_selector("#search-form.search-ready")
    loaded = len(requests)
    page.fill("#search-q", query)
    page.press("#search-q", "Enter")
    page.wait_for_function(
        "q => document.getElementById('search-status').textContent.includes(q)", arg=query
    )
    if announced_count(page):
        page.wait_for_selector(RESULT_LINKS)
    page.wait_for_timeout(300)  # let the last fragments finish

    def transferred(request: Any) -> int:
        sizes = request.sizes()
        return int(sizes["responseBodySize"] + sizes["responseHeadersSize"])

    search_bytes = sum(transferred(r) for r in requests if "/pagefind/" in r.url)
    query_bytes = sum(transferred(r) for r in requests[loaded:])
    MEASUREMENTS[f"first search {query!r}: bytes fetched for search"] = search_bytes
    MEASUREMENTS[f"first search {query!r}: of them after the query was typed"] = query_bytes
    assert search_bytes <= FIRST_SEARCH_BUDGET, (
        f"a first search for {query!r} fetched {search_bytes:,} bytes"
    )


def test_master_studio_finds_every_goal_that_names_it(
    desktop: Probe, validated: ValidatedAtlas
) -> None:
    # 名师工作室: the goals whose statement names it (Heshui's on the real atlas).
    query = "名师工作室"
    wanted = [
        f"{desktop.site_url}regions/{region.id}/#goal-{goal.id}"
        for region in validated.atlas.regions
        for goal in region.goals
        if goal.statement.zh and query in goal.statement.zh
    ]
    assert wanted, f"no goal of the atlas names {query}"
    assert search(desktop, "zh", query) > 0, f"no results for {query!r}"
    hrefs = result_hrefs(desktop.page)
    assert all(any(h.startswith(w) for h in hrefs) for w in wanted), (wanted, hrefs)


def test_traditional_and_simplified_queries_find_the_same_records(desktop: Probe) -> None:
    count = search(desktop, "zh", "學校")
    traditional = result_hrefs(desktop.page)
    assert count > 0, "no results for 學校"
    assert search(desktop, "zh", "学校") == count
    assert result_hrefs(desktop.page) == traditional


def test_a_search_that_finds_nothing_links_to_the_other_language(desktop: Probe) -> None:
    # The Chinese index holds Chinese text only: an English word finds nothing there, and
    # the status line says how many results the English site has, linking to that search.
    query = "teachers"
    english = search(desktop, "en", query)
    assert english > 0, f"no English results for {query!r}"
    assert search(desktop, "zh", query) == 0
    link = desktop.page.locator("#search-status a#search-other-language")
    link.wait_for()
    assert str(english) in (link.text_content() or "")
    link.click()  # a locator: found again if a second run of the search rewrote the line
    desktop.page.wait_for_selector(RESULT_LINKS)
    assert desktop.page.url.startswith(desktop.site_url + "en/search/?q=teachers")
    assert announced_count(desktop.page) == english


def test_chinese_typed_on_the_english_site_finds_the_quotes(
    desktop: Probe, validated: ValidatedAtlas
) -> None:
    # English records quote their Chinese sources: 智慧教育平台 finds the goals that quote
    # it (Heshui's and others' on the national platform) on the English site.
    query = "智慧教育平台"
    regions = sorted(
        {r.id for r in validated.atlas.regions for g in r.goals if query in (g.quote or "")}
    )
    assert regions, f"no goal quotes {query}"
    assert search(desktop, "en", query) > 0, f"no English results for {query!r}"
    hrefs = result_hrefs(desktop.page)
    for region in regions:
        assert any(h.startswith(f"{desktop.site_url}en/regions/{region}/#") for h in hrefs), (
            region,
            hrefs,
        )
    # The excerpt shows the quote as written, without the index's spaces between characters.
    excerpts = desktop.page.text_content("#search-results") or ""
    assert query in excerpts, excerpts


def test_teacher_training_reaches_the_training_records_of_every_region(
    desktop: Probe, validated: ValidatedAtlas
) -> None:
    # Every region with a goal or measure about teacher training in its English statement,
    # title or summary has a result among all pages of results.
    def about_training(text: str | None) -> bool:
        lowered = (text or "").lower()
        return "teacher" in lowered and "training" in lowered

    regions = sorted(
        region.id
        for region in validated.atlas.regions
        if any(about_training(g.statement.en) for g in region.goals)
        or any(about_training(m.title.en) or about_training(m.summary.en) for m in region.measures)
    )
    assert len(regions) > 1, regions
    count, hrefs = all_results_from_address(desktop, "en", "teacher training")
    assert count > 0
    found = {h.split("/regions/")[1].split("/")[0] for h in hrefs if "/regions/" in h}
    assert set(regions) <= found, (regions, sorted(found))


def test_teacher_training_in_chinese_finds_the_words_apart_too(
    desktop: Probe, validated: ValidatedAtlas
) -> None:
    # 教师培训: the goals that say it in a row come first, then those with 教师 … 培训 apart
    # (Xinbei's 实现教师人工智能培训全覆盖 and Chengdu's training goals on the real atlas).
    def statement(goal: Any) -> str:
        return str(goal.statement.zh or "")

    together, apart = [], []
    for region in validated.atlas.regions:
        for goal in region.goals:
            anchor = f"{desktop.site_url}regions/{region.id}/#goal-{goal.id}"
            if "教师培训" in statement(goal):
                together.append(anchor)
            elif re.search("教师.*培训", statement(goal)):
                apart.append(anchor)
    assert apart, "no goal has 教师 … 培训 apart"
    count, hrefs = all_results_from_address(desktop, "zh", "教师培训")
    pages = desktop.page.locator("#search-results .search-result").count()
    assert 0 < pages <= count  # a page found by both words, apart in different records, goes
    for wanted in together + apart:
        assert any(h.startswith(wanted) for h in hrefs), (wanted, hrefs)
