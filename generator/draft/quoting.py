"""Quotes sliced verbatim from the source text, long enough to name one passage."""

from __future__ import annotations

from generator.load.quotes import squash

SENTENCE_ENDS = "。;;\n"


def occurrences(text: str, quote: str) -> int:
    return squash(text).count(squash(quote))


def unique_quote(text: str, start: int, end: int) -> str:
    """``text[start:end]``, stripped, extended to the end of its sentence (and further)
    while it occurs more than once in ``text``."""
    quote = text[start:end].strip()
    while occurrences(text, quote) > 1 and end < len(text):
        stops = [i for i in (text.find(ch, end + 1) for ch in SENTENCE_ENDS) if i >= 0]
        end = min(stops, default=len(text))
        quote = text[start:end].strip()
    return quote


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``text[start:end]`` (from the previous 。;; or line break)."""
    left = max(text.rfind(ch, 0, start) for ch in SENTENCE_ENDS) + 1
    stops = [i for i in (text.find(ch, end) for ch in SENTENCE_ENDS) if i >= 0]
    return left, min(stops, default=len(text))
