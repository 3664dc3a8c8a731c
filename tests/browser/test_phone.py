"""Every page kind at phone width (390 CSS px): nothing scrolls the page sideways; a table
wider than the screen scrolls inside its own wrapper, which a keyboard can reach, and its
caption stays readable on the screen; charts fit the screen."""

from __future__ import annotations

import pytest

from .pages import CHART_FIGURES, KINDS, LANGS, PageKinds, Probe

# Elements that stick out of the viewport without a scrolling (or clipping) ancestor.
OVERFLOWING = """() => {
  const width = window.innerWidth;
  const contained = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(a).overflowX)) return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className ? '.' + el.className.split(' ')[0] : '');
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1 || contained(el)) continue;
    found.push(`${name(el)} right edge ${Math.round(box.right)}px`);
  }
  return found.slice(0, 8);
}"""
# Tables wider than the screen, and whether their scrolling wrapper works for everyone.
WIDE_TABLES = """() => {
  const width = window.innerWidth;
  return [...document.querySelectorAll('main table')].filter((t) => t.scrollWidth > width)
    .map((t) => {
      let wrapper = t.parentElement;
      while (wrapper && wrapper !== document.body &&
             !['auto', 'scroll'].includes(getComputedStyle(wrapper).overflowX)) {
        wrapper = wrapper.parentElement;
      }
      const scrolls = wrapper && wrapper !== document.body;
      const box = scrolls ? wrapper.getBoundingClientRect() : null;
      return {
        caption: (t.caption ? t.caption.textContent : '').trim().slice(0, 40),
        scrolls: !!scrolls,
        fits: !!box && box.left >= -1 && box.right <= width + 1,
        focusable: !!scrolls && wrapper.tabIndex >= 0,
        captionFits: !t.caption || t.caption.getBoundingClientRect().right <= width + 1,
      };
    });
}"""

pages = pytest.mark.parametrize(
    ("lang", "kind"), [(lang, kind) for lang in LANGS for kind in KINDS]
)


@pages
def test_page_does_not_scroll_sideways(
    phone: Probe, kinds: PageKinds, lang: str, kind: str
) -> None:
    visit = phone.visit(lang, kinds[kind], reading=True)
    scroll_width, inner_width = phone.page.evaluate(
        "[document.scrollingElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width, f"{visit.url} is {scroll_width}px wide at {inner_width}px"
    assert phone.page.evaluate(OVERFLOWING) == [], f"{visit.url}: content off the screen"


@pages
def test_wide_tables_scroll_in_a_reachable_wrapper(
    phone: Probe, kinds: PageKinds, lang: str, kind: str
) -> None:
    visit = phone.visit(lang, kinds[kind], reading=True)
    for table in phone.page.evaluate(WIDE_TABLES):
        assert table["scrolls"] and table["fits"], f"{visit.url}: table {table} is not wrapped"
        assert table["focusable"], f"{visit.url}: table {table} cannot be scrolled by keyboard"
        assert table["captionFits"], f"{visit.url}: table {table}: caption runs off the screen"


@pages
def test_charts_fit_the_screen(phone: Probe, kinds: PageKinds, lang: str, kind: str) -> None:
    visit = phone.visit(lang, kinds[kind], reading=True)
    width = phone.page.evaluate("window.innerWidth")
    figures = phone.page.locator(CHART_FIGURES)
    for index in range(figures.count()):
        # Drawn as it nears the screen: on a phone the chart comes after its table.
        figures.nth(index).locator("[data-chart]").scroll_into_view_if_needed()
        svg = figures.nth(index).locator("svg.main-svg").first
        svg.wait_for(state="visible", timeout=10_000)
        box = svg.bounding_box()
        assert box is not None and box["width"] > 200, f"{visit.url}: chart {index} is {box}"
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, (
            f"{visit.url}: chart {index} spans {box['x']}..{box['x'] + box['width']} of {width}px"
        )
