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
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
WORD_BREAK = " "
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


class _CharacterWords(dict[int, str]):
    """A ``str.translate`` table that puts a word break on each side of a Han character."""

    def __missing__(self, codepoint: int) -> str:
        char = chr(codepoint)
        self[codepoint] = f"{WORD_BREAK}{char}{WORD_BREAK}" if HAN.match(char) else char
        return self[codepoint]


_CHARACTER_WORDS = _CharacterWords()


def one_word_per_character(text: str) -> str:
    """Chinese characters as words of their own: a space on each side of each."""
    return " ".join(text.translate(_CHARACTER_WORDS).split())
