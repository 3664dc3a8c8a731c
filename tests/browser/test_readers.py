"""What readers rely on, in Chromium: the timeline's review-date line and its due and
passed lists, the citation copy button, the language switch keeping the record, the first
search result on a phone's first screen, side-by-side links naming one region, and the
folded notes and summary table of a region page on a phone."""

from __future__ import annotations

from typing import Any

from .pages import Probe, serious_accessibility_violations

PHONE_HEIGHT = 844


def test_timeline_draws_the_review_date_and_lists_due_and_passed(desktop: Probe) -> None:
    # the lists are on the timeline, the chart of the review date's year on its page
    visit = desktop.visit("en", "timeline/")
    page = desktop.page
    due = page.locator(".due-next .deadline-list li")
    passed = page.locator(".passed .deadline-list li")
    assert due.count() >= 1 and passed.count() >= 1
    assert due.first.locator(".deadline-state").inner_text() == "due"
    assert "deadline passed" in passed.first.locator(".deadline-state").inner_text()
    assert due.first.is_visible() and passed.first.is_visible()
    assert desktop.finish().problems() == [], visit.url
    visit = desktop.visit("en", "timeline/2026/")
    page = desktop.page
    page.locator("#chart-timeline-2026 [data-chart]").scroll_into_view_if_needed()
    page.locator("#chart-timeline-2026 svg.main-svg").first.wait_for(state="visible")
    # plotly draws the review date as a dashed shape and labels it
    assert page.locator("#chart-timeline-2026 .shapelayer path").count() >= 1
    assert "Review date" in (
        page.locator("#chart-timeline-2026 .annotation").first.text_content() or ""
    )
    assert desktop.finish().problems() == [], visit.url


def test_copy_button_copies_the_citation(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    try:
        page.goto(site_url + "en/regions/heshui/", wait_until="load")
        block = page.locator(".cite-region [data-cite]").first
        button = block.locator("button.copy-button")
        button.click()
        page.wait_for_function("document.querySelector('[role=status]').textContent !== ''")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith("Policy Atlas editors. (")
        assert "[Data set]" in copied and "regions/heshui/" in copied
        assert copied.count("\n") >= 1, "the record, then its primary document"
        assert button.inner_text() == "Copied"
    finally:
        context.close()


def test_the_citation_is_there_without_javascript(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_url + "regions/heshui/", wait_until="load")
        text = page.locator(".cite-region .cite-text").first.inner_text()
        assert "[DB/OL]" in text and page.locator("button.copy-button").count() == 0
    finally:
        context.close()


def test_language_switch_keeps_the_record_anchor(desktop: Probe) -> None:
    desktop.visit("zh", "regions/heshui/")
    page = desktop.page
    anchor = page.locator("article.record.goal").first.get_attribute("id")
    page.goto(desktop.url("zh", f"regions/heshui/#{anchor}"))
    page.locator("a.lang-switch").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/en/regions/heshui/#{anchor}"), page.url


def test_first_search_result_is_on_a_phones_first_screen(phone: Probe) -> None:
    phone.visit("zh", "search/?q=%E6%95%99%E5%B8%88")  # 教师
    page = phone.page
    first = page.locator("#search-results > li").first
    first.wait_for()
    box = first.locator("h2").bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE_HEIGHT, box
    assert not page.locator("#search-filter-panel").evaluate("el => el.open")


def test_search_filters_are_open_on_a_wide_screen(desktop: Probe) -> None:
    desktop.visit("en", "search/")
    assert desktop.page.locator("#search-filter-region").is_visible()


def test_a_link_naming_one_region_keeps_it_and_says_so(desktop: Probe) -> None:
    desktop.visit("en", "side-by-side/?regions=heshui")
    page = desktop.page
    shown = page.evaluate(
        "() => [...document.querySelectorAll('#sbs-table thead th[data-region]')]"
        ".filter((th) => th.offsetParent !== null).map((th) => th.dataset.region)"
    )
    assert "heshui" in shown and len(shown) == 2
    assert "names only Heshui County" in page.locator("#sbs-status").inner_text()
    # no row left that says "none" for every region shown
    empty = page.evaluate(
        "() => [...document.querySelectorAll('#sbs-table tbody tr')].filter((row) => "
        "row.offsetParent !== null && [...row.querySelectorAll('[data-region]')]"
        ".filter((c) => c.offsetParent !== null).every((c) => c.hasAttribute('data-empty')))"
        ".length"
    )
    assert empty == 0


def test_region_page_on_a_phone_opens_with_its_summary_and_folds_notes(phone: Probe) -> None:
    phone.visit("en", "regions/suixi/")
    page = phone.page
    summary = page.locator("#summary")
    assert summary.is_visible()
    box = summary.bounding_box()
    assert box is not None and box["y"] < PHONE_HEIGHT, "the summary starts on the first screen"
    notes = page.locator("details.notes-fold")
    assert notes.count() >= 1
    assert not notes.first.locator("ul.notes").is_visible()


def test_region_page_has_no_serious_accessibility_violation_with_summary_and_citations(
    desktop: Probe, axe_source: str
) -> None:
    desktop.visit("en", "regions/heshui/")
    desktop.page.locator("details.cite-forms > summary").click()
    assert serious_accessibility_violations(desktop.page, axe_source) == []
