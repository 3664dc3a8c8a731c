"""How search texts become index words: Chinese characters one word each, in simplified
characters, with the map that turns a reader's traditional characters into simplified ones;
an editor's Markdown as its words; an archived text without the passages its records quote.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache

import opencc

from generator.load.quotes import squash

MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
MARKUP = re.compile(r"[*`]+|^[#>]+ ?", re.MULTILINE)
HAN_CHARACTERS = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN = re.compile(f"[{HAN_CHARACTERS}]")
HAN_RUN = re.compile(f"([{HAN_CHARACTERS}]+)")
SHINGLE = 3  # characters in an index word of Chinese (assets/js/search.js reads it)
LEFT_OVER = re.compile(r"[\s,,;;、。.]*…[\s,,;;、。.…]*")  # punctuation between quotes


def markdown_words(source: str) -> str:
    """The words of an editor's Markdown summary: link text kept, emphasis marks dropped."""
    return MARKUP.sub("", MARKDOWN_LINK.sub(r"\1", source))


@cache
def _converters() -> tuple[Callable[[str], str], Callable[[str], str]]:
    return opencc.OpenCC("s2t").convert, opencc.OpenCC("t2s").convert


def simplified(text: str) -> str:
    """``text`` in simplified characters (unchanged when it already is)."""
    return _converters()[1](text)


def unquoted_text(text: str, quotes: Iterable[str]) -> str:
    """The archived ``text`` without the passages its records quote (whitespace-insensitive,
    as quotes are checked); what remains is kept in order, an ellipsis where quotes were."""
    remaining = squash(text)
    for quote in sorted({squash(q) for q in quotes if q}, key=len, reverse=True):
        remaining = remaining.replace(quote, "…")
    return LEFT_OVER.sub(" … ", remaining).strip(" …")


def traditional_to_simplified(texts: Iterable[str]) -> dict[str, str]:
    """The map the search page applies to queries: traditional character -> simplified,
    for every traditional form of a Han character in ``texts`` (and those characters'
    own simplified forms where they are traditional)."""
    to_traditional, to_simplified = _converters()
    characters = sorted({c for text in texts for c in text if HAN.match(c)})
    plain_forms = set(to_simplified("".join(characters)))
    mapping: dict[str, str] = {}
    for char in sorted(plain_forms):
        for variant in to_traditional(char):
            if variant != char and HAN.match(variant):
                mapping[variant] = char
    for char in characters:
        plain = to_simplified(char)
        if plain != char and len(plain) == 1:
            mapping[char] = plain
    return dict(sorted(mapping.items()))


def index_words(text: str) -> str:
    """``text`` as the index's words: each run of Chinese characters becomes, at each of its
    characters, the word of the ``SHINGLE`` characters from there (fewer at the run's end);
    everything else stands as it is, words between single spaces.

    合水县 is indexed as 合水县 水县 县. A query of at most ``SHINGLE`` characters is then
    one word that Pagefind matches as a prefix (水县 finds 水县, 县 finds 县 and every word
    starting with it), and a longer one an exact phrase of the query's own shingles: a search
    loads the index entries of words that start with the query instead of those of each of
    its characters (教 alone is in most records). The search page shows each shingle by its
    first character, which gives back the text.
    """
    words: list[str] = []
    for position, piece in enumerate(HAN_RUN.split(text)):
        if position % 2:  # the split's odd pieces are the runs its group captured
            words += [piece[i : i + SHINGLE] for i in range(len(piece))]
        elif piece:
            words += piece.split()
    return " ".join(words)


def shown_words(indexed: str) -> str:
    """What :func:`index_words` indexed, as the search page shows it: each Chinese word by
    its first character (the spaces between characters stay)."""
    return " ".join(word[0] if HAN.match(word) else word for word in indexed.split())
