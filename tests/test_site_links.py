"""Every link and anchor of the built site resolves, and every page is within its weight
budget (docs/architecture.md: 50 KB compressed without charts, 500 KB with plotly.js)."""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from functools import cache
from urllib.parse import unquote, urlsplit

import pytest

from tests.html_support import ids, parse
from tests.site_support import BuiltSite

BASE = "https://policy-atlas.netlify.app/"
LINKING = (
    ("a", "href"),
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("form", "action"),
    ("blockquote", "cite"),
)
PAGE_BUDGET = 50_000
CHART_PAGE_BUDGET = 500_000


class Site:
    """The built site's pages, parsed once, and the files a link may point at."""

    def __init__(self, built: BuiltSite) -> None:
        self.files = built.files()
        self.pages: dict[str, ET.Element] = {
            path: parse(content) for path, content in self.files.items() if path.endswith(".html")
        }

    @cache  # noqa: B019 - one Site per session
    def anchors(self, path: str) -> set[str]:
        return ids(self.pages[path])

    def resolve(self, page: str, href: str) -> tuple[str | None, str]:
        """The site file ``href`` on ``page`` points at (None when not local) and its
        fragment."""
        if href.startswith(BASE):
            href = "/" + href[len(BASE) :]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            return None, ""
        if not parts.path:
            return page, parts.fragment
        if parts.path.startswith("/"):
            target = parts.path[1:]
        else:
            folder = page.rsplit("/", 1)[0] + "/" if "/" in page else ""
            target = _normalise(folder + parts.path)
        target = unquote(target)
        if target == "" or target.endswith("/"):
            target += "index.html"
        return target, parts.fragment


def _normalise(path: str) -> str:
    out: list[str] = []
    for part in path.split("/"):
        if part == "..":
            out.pop()
        elif part != ".":
            out.append(part)
    return "/".join(out)


@pytest.fixture(scope="module")
def site(built_site: BuiltSite) -> Site:
    return Site(built_site)


def test_every_local_link_and_anchor_resolves(site: Site) -> None:
    broken: list[str] = []
    for page, root in site.pages.items():
        for tag, attribute in LINKING:
            for element in root.iter(tag):
                href = element.get(attribute)
                if href is None:
                    continue
                target, fragment = site.resolve(page, href)
                if target is None:
                    continue
                if target not in site.files:
                    broken.append(f"{page}: {href} (no file {target})")
                elif fragment and target in site.pages and fragment not in site.anchors(target):
                    broken.append(f"{page}: {href} (no #{fragment} in {target})")
    assert broken == []


def test_every_page_is_linked_from_another(site: Site) -> None:
    linked: set[str] = set()
    for page, root in site.pages.items():
        for element in root.iter("a"):
            target, _ = site.resolve(page, element.get("href") or "")
            if target is not None and target != page:
                linked.add(target)
    unlinked = sorted(set(site.pages) - linked - {"404.html", "en/404.html"})
    assert unlinked == []


def _page_weight(site: Site, page: str) -> tuple[int, bool]:
    """The compressed bytes of the page and the CSS and scripts it loads."""
    root = site.pages[page]
    loaded = {page}
    for tag, attribute in (("link", "href"), ("script", "src")):
        for element in root.iter(tag):
            if tag == "link" and element.get("rel") != "stylesheet":
                continue
            target, _ = site.resolve(page, element.get(attribute) or "")
            if target is not None:
                loaded.add(target)
    weight = sum(len(gzip.compress(site.files[path], 9)) for path in loaded)
    return weight, any("plotly" in path for path in loaded)


def test_every_page_is_within_its_weight_budget(site: Site) -> None:
    over = []
    for page in site.pages:
        weight, charted = _page_weight(site, page)
        if weight > (CHART_PAGE_BUDGET if charted else PAGE_BUDGET):
            over.append(f"{page}: {weight:,} bytes compressed")
    assert over == []
