"""An archived source text as numbered paragraphs, with every cited passage located.

Quotes match the text whitespace-insensitively (as the validator checks them), so each
quote is found in the text with its whitespace squashed and mapped back to the original
characters. A passage may run over several paragraphs and passages may overlap: the text
is cut at every quote boundary into pieces; ``render/snippets.py``'s ``source_pieces`` marks each
piece covered by a quote, gives the piece where a quote starts its ``q-<record anchor>``
id and follows the piece where it ends with links back to the records that cite it.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from generator import urls
from generator.load.quotes import squash
from generator.plan.index import Citation


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a source (a non-blank line), numbered from 1 for ``#p<n>``."""

    number: int
    pieces: list[Piece]
    cited: bool

    @property
    def anchor(self) -> str:
        return urls.paragraph_anchor(self.number)


@dataclass(frozen=True)
class QuoteSpan:
    """Where a citation's quote lies in the original text: ``[start, end)``."""

    start: int
    end: int
    citation: Citation


class _Squashed:
    """The text without whitespace, and a map back to the original offsets."""

    def __init__(self, text: str) -> None:
        runs = [(match.start(), match.group()) for match in _NON_SPACE.finditer(text)]
        self.text = "".join(run for _, run in runs)
        self.starts: list[int] = []  # squashed offset where each run starts
        self.origins: list[int] = []  # original offset of the same run
        at = 0
        for origin, run in runs:
            self.starts.append(at)
            self.origins.append(origin)
            at += len(run)

    def original(self, index: int) -> int:
        run = bisect_right(self.starts, index) - 1
        return self.origins[run] + index - self.starts[run]


_NON_SPACE = re.compile(r"\S+")


def locate(text: str, citations: list[Citation]) -> list[QuoteSpan]:
    """Where each quote occurs in ``text`` (first occurrence); quotes not found are left out."""
    squashed = _Squashed(text)
    spans: list[QuoteSpan] = []
    for citation in citations:
        needle = squash(citation.quote)  # the validator's own matching rule
        at = squashed.text.find(needle) if needle else -1
        if at >= 0:
            spans.append(
                QuoteSpan(
                    squashed.original(at), squashed.original(at + len(needle) - 1) + 1, citation
                )
            )
    return spans


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of every non-blank line, without its surrounding whitespace."""
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            start = offset + line.index(stripped)
            yield start, start + len(stripped)
        offset += len(line)


@dataclass(frozen=True)
class Piece:
    """A run of a paragraph's text: plain, or inside one or more quotes (``marked``).

    ``anchors`` are the records whose quotes start here (the first is the mark's id, the
    others get empty targets before it); ``ends`` are the citations whose quotes end here,
    linked back to their records after the piece."""

    text: str
    marked: bool = False
    anchors: tuple[str, ...] = ()
    ends: tuple[Backlink, ...] = ()


@dataclass(frozen=True)
class Backlink:
    """A link from the end of a quote back to the record that cites it."""

    citation: Citation
    href: str


def _pieces(text: str, start: int, end: int, spans: list[QuoteSpan]) -> list[Piece]:
    inside = [s for s in spans if s.start < end and s.end > start]
    cuts = sorted(
        {start, end, *(max(s.start, start) for s in inside), *(min(s.end, end) for s in inside)}
    )
    pieces: list[Piece] = []
    for a, b in itertools.pairwise(cuts):
        covering = [s for s in inside if s.start <= a and s.end >= b]
        if not covering:
            pieces.append(Piece(text[a:b]))
            continue
        pieces.append(
            Piece(
                text[a:b],
                marked=True,
                anchors=tuple(
                    urls.quote_anchor(s.citation.anchor) for s in covering if s.start == a
                ),
                ends=tuple(
                    Backlink(s.citation, urls.source_backlink(s.citation.anchor))
                    for s in covering
                    if s.end == b
                ),
            )
        )
    return pieces


def paragraphs(text: str, spans: list[QuoteSpan]) -> list[Paragraph]:
    """The text's paragraphs, cut into pieces at the quotes at ``spans`` (see
    :func:`locate`)."""
    spans = sorted(spans, key=lambda s: (s.start, -s.end, s.citation.anchor))
    result: list[Paragraph] = []
    for number, (start, end) in enumerate(_lines(text), start=1):
        cited = any(s.start < end and s.end > start for s in spans)
        pieces = _pieces(text, start, end, spans) if cited else [Piece(text[start:end])]
        result.append(Paragraph(number, pieces, cited))
    return result
