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
whenever one of its records answers the filter. What the results list shows of each record
and the type, theme and year it answers on its own travel in its heading's ``id``, after
the anchor and a ``~``: ``goal-x~kind=Action%20plan;type=Goal;year=2026``. Pagefind keeps
an entry's ids in its fragment (loaded with the result, not with the index) and, unlike
metadata, does not index them as words: a search for "teachers" does not find a page by
its anchors, nor one for 目标 every page with a goal. The page's own record has an empty
element whose id is ``~`` and the same pairs, with the region, type, kind and date its
heading line shows. The search page lists only the records of a page that match every
filter.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from urllib.parse import quote

from generator.search.records import SearchRecord

# What the results list shows of each record (its title is its section's heading, which the
# fragment holds anyway) and of a page, and the filters a record answers on its own.
RECORD_META = ("kind", "date", "figure")
PAGE_META = ("region", "kind", "date")
RECORD_FILTERS = ("type", "theme", "year")
INFO = "~"  # between a record's anchor and what the search page needs to know of it


@dataclass(frozen=True)
class SearchPage:
    """One Pagefind entry: a page of the site in one language, as an HTML document."""

    url: str
    language: str  # the name of the language's index: "x-han", "en"
    html: str
    source_text: bool = False  # an archived source's page: its bundle is the source texts'
    # (filter, value, how many of the page's records have it): what the search page's
    # menus count (generator.search.page_data), kept so the records need not be
    counts: tuple[tuple[str, str, int], ...] = ()


def search_pages(records: Iterable[SearchRecord]) -> list[SearchPage]:
    """The entries for ``records``, one per page and language, in the records' order."""
    pages: dict[tuple[str, str], list[SearchRecord]] = {}
    for record in records:
        page = record.url.split("#", 1)[0]
        pages.setdefault((record.language, page), []).append(record)
    return [
        SearchPage(
            url=url,
            language=language,
            html=_page_html(language, url, group),
            source_text=any(record.kind == "source" for record in group),
            counts=_filter_counts(group),
        )
        for (language, url), group in pages.items()
    ]


def _filter_counts(group: list[SearchRecord]) -> tuple[tuple[str, str, int], ...]:
    counts: Counter[tuple[str, str]] = Counter(
        (name, value)
        for record in group
        for name, values in record.filters.items()
        for value in values
    )
    return tuple((name, value, n) for (name, value), n in sorted(counts.items()))


def _anchor(record: SearchRecord) -> str:
    return record.url.partition("#")[2]


# An ASCII character other than a letter, digit, "-", "." or "_", or any whitespace.
ID_UNSAFE = re.compile(r"[\x00-\x2c/:-@\[-^`{-\x7f]|\s")


@lru_cache(maxsize=1 << 16)  # a few thousand values (kinds, dates, figures) recur
def _id_safe(value: str) -> str:
    """``value`` fit for an id Pagefind keeps whole: an ASCII character other than a letter,
    digit, ``-``, ``.`` or ``_`` and any whitespace percent-encoded (Pagefind drops an id's
    whitespace, and an id holding a quote or ``&`` loses its heading's text)."""
    return ID_UNSAFE.sub(lambda found: quote(found.group(), safe=""), value)


def _record_info(record: SearchRecord, meta: tuple[str, ...] = RECORD_META) -> str:
    """What the search page needs of ``record``: ``key=value`` pairs between ``;``, a key
    repeated for each value of a list (``theme=…;theme=…``)."""
    pairs = [(k, record.meta[k]) for k in meta if k in record.meta]
    pairs += [(k, v) for k in RECORD_FILTERS for v in record.filters.get(k, [])]
    return ";".join(f"{key}={_id_safe(value)}" for key, value in pairs)


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
    title = (own or group[0]).meta["title" if own else "region"]
    lines = [f'<html lang="{language}"><body>', _tag("meta", "title", title)]
    for name, values in _page_filters(group).items():
        lines.extend(_tag("filter", name, value) for value in values)
    if own is not None:
        info = _record_info(own, RECORD_META + PAGE_META)
        lines.append(f'<span id="{_attribute(INFO + info)}"></span>')
        lines.append(f"<p>{escape(own.content)}</p>")
    for record in group:
        if record is own:
            continue
        anchor = _attribute(f"{_anchor(record)}{INFO}{_record_info(record)}")
        lines.append(f'<h2 id="{anchor}">{escape(record.heading)}</h2>')
        if record.body:
            lines.append(f"<p>{escape(record.body)}</p>")
    lines.append("</body></html>")
    return "\n".join(lines)
