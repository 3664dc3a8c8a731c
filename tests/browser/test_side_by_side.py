"""The side-by-side comparison keeps the reader's choice of regions in the address: choose
regions, reload, and the same columns are shown; the address opened afresh shows them too."""

from __future__ import annotations

from typing import Any

from .pages import Probe

VISIBLE_COLUMNS = """() => [...document.querySelectorAll('#sbs-table thead th[data-region]')]
  .filter((th) => th.offsetParent !== null).map((th) => th.dataset.region)"""
CHECKED = """() => [...document.querySelectorAll('#sbs-form input[name=regions]')]
  .filter((box) => box.checked).map((box) => box.value)"""


# The columns are fetched (side-by-side/regions/ID.json): shown once the table says so.
SHOWN = """() => {
  const ticked = [...document.querySelectorAll('#sbs-form input[name=regions]')]
    .filter((box) => box.checked).map((box) => box.value).join(',');
  return document.querySelector('#sbs-table').dataset.shown === ticked;
}"""


def view(page: Any) -> tuple[list[str], list[str]]:
    """The region columns shown and the regions ticked in the form, once the chosen
    regions' columns have arrived."""
    page.wait_for_function(SHOWN, timeout=15_000)
    columns: list[str] = page.evaluate(VISIBLE_COLUMNS)
    ticked: list[str] = page.evaluate(CHECKED)
    return columns, ticked


def choose(page: Any, wanted: list[str]) -> None:
    """Tick the wanted regions first, then untick the others, as a reader would."""
    boxes = page.locator("#sbs-form input[name=regions]")
    for region in wanted:
        boxes.and_(page.locator(f"[value='{region}']")).check()
    for region in page.evaluate(CHECKED):
        if region not in wanted:
            boxes.and_(page.locator(f"[value='{region}']")).uncheck()


def test_chosen_regions_survive_a_reload(desktop: Probe) -> None:
    desktop.visit("zh", "side-by-side/")
    page = desktop.page
    regions: list[str] = page.eval_on_selector_all(
        "#sbs-form input[name=regions]", "boxes => boxes.map(b => b.value)"
    )
    assert len(regions) >= 3, "the side-by-side test needs three regions in the atlas"
    default_columns, _ = view(page)
    wanted = [r for r in regions if r not in default_columns[:1]][-2:]
    choose(page, wanted)
    assert view(page) == (wanted, wanted)
    assert f"regions={','.join(wanted)}" in page.url, page.url
    page.reload()
    assert view(page) == (wanted, wanted), f"after reloading {page.url}"
    address = page.url
    desktop.visit("en", "side-by-side/")
    page.goto(address)
    assert view(page) == (wanted, wanted), f"opening {address} afresh"


def test_language_switch_keeps_the_chosen_regions(desktop: Probe) -> None:
    desktop.visit("zh", "side-by-side/")
    page = desktop.page
    columns, _ = view(page)
    regions: list[str] = page.eval_on_selector_all(
        "#sbs-form input[name=regions]", "boxes => boxes.map(b => b.value)"
    )
    wanted = [r for r in regions if r not in columns][:2]
    choose(page, wanted)
    with page.expect_navigation():
        page.click("a.lang-switch")
    assert page.url.startswith(desktop.url("en", "side-by-side/")), page.url
    assert view(page) == (wanted, wanted), f"the English page shows another choice: {page.url}"
