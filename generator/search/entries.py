"""The entries Pagefind indexes: one per page the records land on, each record an anchored
section of it.

A region page's entry holds the region's own record (its name, enclosing divisions and
documents) and then, under a heading whose ``id`` is the record's anchor, every goal, status
figure, phase, milestone and measure of the page; a source page's entry holds the document's
record. Pagefind returns a page as one result and each section that matched as one of its
``sub_results``, whose URL is the page's with the section's anchor, so a result still lands
on the record. Indexing pages instead of records keeps the index's per-page tables (the
``pf_meta`` file every first search loads, one fragment file per entry) proportional to the
pages, about three per region and language, instead of about sixty records.

Filters are the page's: the union of its records' values, so Pagefind finds a region page
whenever one of its records answers the filter. Each entry's ``records`` metadata (loaded
with the result, not with the index) maps each section's anchor to what the results list
shows of the record and the type, theme and year it answers, so the search page lists only
the records of a page that match every filter; the page's own record is under ``""``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from generator.search.records import SearchRecord

# What the results list shows of each record (meta), and the filters it answers on its own.
RECORD_META = ("title", "type", "kind", "date", "figure")
RECORD_FILTERS = ("type", "theme", "year")
PAGE_META = ("title", "region", "type", "kind", "date")


@dataclass(frozen=True)
class SearchPage:
    """One Pagefind entry: a page of the site in one language, as an HTML document."""

    url: str
    language: str  # the name of the language's index: "x-han", "en"
    html: str


def search_pages(records: Iterable[SearchRecord]) -> list[SearchPage]:
    """The entries for ``records``, one per page and language, in the records' order."""
    pages: dict[tuple[str, str], list[SearchRecord]] = {}
    for record in records:
        page = record.url.split("#", 1)[0]
        pages.setdefault((record.language, page), []).append(record)
    return [
        SearchPage(url=url, language=language, html=_page_html(language, url, group))
        for (language, url), group in pages.items()
    ]


def _anchor(record: SearchRecord) -> str:
    return record.url.partition("#")[2]


def _record_info(record: SearchRecord) -> dict[str, object]:
    info: dict[str, object] = {k: record.meta[k] for k in RECORD_META if k in record.meta}
    info.update({k: record.filters[k] for k in RECORD_FILTERS if k in record.filters})
    return info


def _page_meta(own: SearchRecord | None, group: list[SearchRecord]) -> dict[str, str]:
    first = own or group[0]
    meta = {k: first.meta[k] for k in PAGE_META if k in first.meta}
    if own is None:  # a page without a record of its own: named after its region
        meta = {"title": first.meta["region"], "region": first.meta["region"]}
    records = {_anchor(r): _record_info(r) for r in group}
    meta["records"] = json.dumps(records, ensure_ascii=False, separators=(",", ":"))
    return meta


def _page_filters(group: list[SearchRecord]) -> dict[str, list[str]]:
    filters: dict[str, set[str]] = {}
    for record in group:
        for name, values in record.filters.items():
            filters.setdefault(name, set()).update(values)
    return {name: sorted(values) for name, values in sorted(filters.items())}


def _attribute(value: str) -> str:
    return escape(value, quote=True)


def _tag(kind: str, name: str, value: str) -> str:
    """An empty element that gives the entry metadata or a filter value ``name``: ``value``
    (read from an attribute, so commas and colons in it stay the value's own)."""
    return f'<span data-pagefind-{kind}="{name}[data-v]" data-v="{_attribute(value)}"></span>'


def _page_html(language: str, url: str, group: list[SearchRecord]) -> str:
    own = next((r for r in group if not _anchor(r)), None)
    lines = [f'<html lang="{language}"><body>']
    lines.extend(_tag("meta", key, value) for key, value in _page_meta(own, group).items())
    for name, values in _page_filters(group).items():
        lines.extend(_tag("filter", name, value) for value in values)
    if own is not None:
        lines.append(f"<p>{escape(own.content)}</p>")
    for record in group:
        if record is own:
            continue
        lines.append(f'<h2 id="{_attribute(_anchor(record))}">{escape(record.heading)}</h2>')
        if record.body:
            lines.append(f"<p>{escape(record.body)}</p>")
    lines.append("</body></html>")
    return "\n".join(lines)
