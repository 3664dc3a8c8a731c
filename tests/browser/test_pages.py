"""Every page kind, in both languages, as a reader's browser meets it at desktop width:
clean console and network, no CSP violation, no serious accessibility problem, charts
drawn with their tables, a working skip link and keyboard order, and a language switch
that keeps the reader on the same page."""

from __future__ import annotations

from typing import Any

import pytest

from .pages import (
    CHART_FIGURES,
    HTML_LANG,
    KINDS,
    LANGS,
    MISSING_PATH,
    PageKinds,
    Probe,
    lang_path,
    serious_accessibility_violations,
)

CHARTED_KINDS = ("indicator", "timeline-year")  # pages that must show at least one chart
DESCRIBE_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  return {
    tag: el.tagName.toLowerCase(), cls: el.className || '', id: el.id || '',
    href: el.getAttribute('href') || '', text: (el.textContent || '').trim().slice(0, 40),
    inNav: !!el.closest('nav.site-nav'), inHeader: !!el.closest('header'),
    inMain: !!el.closest('main'), isLangSwitch: el.classList.contains('lang-switch'),
  };
}"""

pages = pytest.mark.parametrize(
    ("lang", "kind"), [(lang, kind) for lang in LANGS for kind in KINDS]
)


@pages
def test_page_loads_without_console_csp_or_request_errors(
    desktop: Probe, kinds: PageKinds, lang: str, kind: str
) -> None:
    desktop.visit(lang, kinds[kind], reading=True)
    visit = desktop.finish()
    assert visit.problems() == [], f"{visit.url}:\n" + "\n".join(visit.problems())
    assert desktop.page.get_attribute("html", "lang") == HTML_LANG[lang]
    assert desktop.page.title().strip(), f"{visit.url} has an empty <title>"


@pages
def test_page_has_no_serious_accessibility_violations(
    desktop: Probe, kinds: PageKinds, axe_source: str, lang: str, kind: str
) -> None:
    visit = desktop.visit(lang, kinds[kind], reading=True)
    violations = serious_accessibility_violations(desktop.page, axe_source)
    assert violations == [], f"{visit.url}:\n" + "\n".join(violations)


@pages
def test_charts_are_drawn_with_their_tables(
    desktop: Probe, kinds: PageKinds, lang: str, kind: str
) -> None:
    visit = desktop.visit(lang, kinds[kind], reading=True)
    figures = desktop.page.locator(CHART_FIGURES)
    if kind in CHARTED_KINDS:
        assert figures.count() > 0, f"{visit.url} shows no chart"
    for index in range(figures.count()):
        figure = figures.nth(index)
        # Charts are drawn as they come near the screen (plotly.js is fetched for the first).
        figure.locator("[data-chart]").scroll_into_view_if_needed()
        figure.locator("svg.main-svg").first.wait_for(state="visible", timeout=10_000)
        assert figure.locator("figcaption").count() == 1, f"chart {index} has no caption"
        assert figure.locator("table tbody tr").count() > 0, f"chart {index} has no data table"
        assert figure.locator("table caption").count() == 1, f"chart {index} table: no caption"


@pages
def test_content_does_not_jump_while_the_page_loads(
    desktop: Probe, kinds: PageKinds, lang: str, kind: str
) -> None:
    """Cumulative layout shift below 0.1 (Lighthouse's "good") through the whole page,
    charts drawn as the reader scrolls to them included."""
    visit = desktop.visit(lang, kinds[kind], reading=True)
    page = desktop.page
    height = page.evaluate("document.scrollingElement.scrollHeight")
    viewport = (page.viewport_size or {"height": 800})["height"]
    for top in range(0, height, viewport):
        page.evaluate("top => window.scrollTo(0, top)", top)
        page.wait_for_timeout(30)
    desktop.settle()
    shift = page.evaluate("window.__atlasLayoutShift")
    assert shift < 0.1, f"{visit.url}: content jumped while loading (layout shift {shift:.3f})"


def _tab(page: Any) -> dict[str, Any] | None:
    page.keyboard.press("Tab")
    focused: dict[str, Any] | None = page.evaluate(DESCRIBE_FOCUS)
    return focused


@pages
def test_skip_link_moves_focus_to_main(
    desktop: Probe, kinds: PageKinds, lang: str, kind: str
) -> None:
    desktop.visit(lang, kinds[kind], settle=False)
    page = desktop.page
    first = _tab(page)
    assert first is not None and first["href"] == "#main", f"first Tab focused {first}"
    box = page.locator(":focus").bounding_box()
    assert box is not None and box["width"] > 1 and box["height"] > 1 and box["y"] >= 0, (
        "the focused skip link is not visible"
    )
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement && document.activeElement.id") == "main"
    assert page.evaluate("location.hash") == "#main"


@pages
def test_keyboard_reaches_language_switch_and_navigation_before_content(
    desktop: Probe, kinds: PageKinds, lang: str, kind: str
) -> None:
    desktop.visit(lang, kinds[kind], settle=False)
    nav_links = desktop.page.locator("nav.site-nav a").count()
    assert nav_links > 0, "no main navigation"
    order = [_tab(desktop.page) for _ in range(nav_links + 4)]
    stops = [f for f in order if f is not None]
    lang_switch = next((i for i, f in enumerate(stops) if f["isLangSwitch"]), None)
    nav = [i for i, f in enumerate(stops) if f["inNav"]]
    assert lang_switch is not None, f"Tab never reached the language switch: {stops}"
    assert len(nav) == nav_links, f"Tab reached {len(nav)} of {nav_links} nav links: {stops}"
    first_in_main = next((i for i, f in enumerate(stops) if f["inMain"]), len(stops))
    assert max(lang_switch, *nav) < first_in_main, f"content before navigation: {stops}"


@pages
def test_language_switch_lands_on_the_same_page(
    desktop: Probe, kinds: PageKinds, lang: str, kind: str
) -> None:
    path = kinds[kind]
    desktop.visit(lang, path, settle=False)
    other = "en" if lang == "zh" else "zh"
    with desktop.page.expect_navigation():
        desktop.page.click("a.lang-switch")
    landed = desktop.page.url.split("#")[0].split("?")[0]
    if path == MISSING_PATH:  # the 404 page switches to the other language's 404 page
        expected = desktop.site_url + lang_path(other, "404.html")
        assert landed in (expected, desktop.url(other, path)), landed
    else:
        assert landed == desktop.url(other, path)
    assert desktop.page.get_attribute("html", "lang") == HTML_LANG[other]
