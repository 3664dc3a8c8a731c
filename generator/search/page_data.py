"""What the search page loads beside a language's bundle (``atlas-search.json``): each
filter's values with how many records have each, which its menus show, the map that turns
a reader's traditional characters into simplified ones, and how long a Chinese index word
is. Pagefind could count filter values too, but only by loading every filter file of the
index, which grows with the atlas; the search page loads a filter file only when the
reader filters by it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from generator.search.entries import SearchPage
from generator.search.records import LANGUAGES
from generator.search.words import SHINGLE, traditional_to_simplified


def pages_search_data(
    pages: Iterable[SearchPage], characters: Iterable[str]
) -> dict[str, dict[str, Any]]:
    """Per index language: each filter's values with the number of records that have each
    (summed from the counts each page keeps of its records), and, for Chinese, the
    traditional-to-simplified map for queries over ``characters``, the Chinese characters
    of the Chinese records."""
    counts: dict[str, dict[str, Counter[str]]] = {}
    for page in pages:
        by_filter = counts.setdefault(page.language, {})
        for name, value, n in page.counts:
            by_filter.setdefault(name, Counter())[value] += n
    data: dict[str, dict[str, Any]] = {
        language: {"filters": {name: dict(c) for name, c in by_filter.items()}}
        for language, by_filter in counts.items()
    }
    if LANGUAGES["zh"] in data:
        data[LANGUAGES["zh"]]["simplified"] = traditional_to_simplified(["".join(characters)])
    for language in data.values():
        language["shingle"] = SHINGLE  # how the search page cuts a Chinese query
    return data
