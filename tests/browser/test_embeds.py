"""An embed page in Chromium: its chart draws under the site's CSP (as netlify.toml sends
it for /embed/*), with no console error or CSP violation, and a page elsewhere can frame
it while the site's other pages refuse to be framed."""

from __future__ import annotations

from typing import Any

from .pages import Probe

YEAR = "2026"  # a year of the real atlas's timeline, with the review date's line in it
CHART = f"chart-timeline-{YEAR}"


def test_an_embed_page_draws_its_chart_under_the_csp(desktop: Probe) -> None:
    visit = desktop.visit("en", f"embed/timeline-{YEAR}/")
    page = desktop.page
    page.locator(f"#{CHART} svg.main-svg").first.wait_for(state="visible")
    assert page.locator(f"#{CHART} .shapelayer path").count() >= 1
    assert page.locator(".site-nav").count() == 0
    assert desktop.finish().problems() == [], visit.url


def test_the_share_box_copies_the_iframe_snippet(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    try:
        page.goto(site_url + f"en/timeline/{YEAR}/", wait_until="load")
        share = page.locator(f"#{CHART} .chart-share")
        share.locator("summary").click()
        share.locator("button.copy-button").click()
        page.wait_for_function(
            f"document.querySelector('#{CHART} .copy-button').textContent === 'Copied'"
        )
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith("<iframe src=") and f"/en/embed/timeline-{YEAR}/" in copied
    finally:
        context.close()
