"""An archived source text as HTML paragraphs, with every cited passage marked.

Quotes match the text whitespace-insensitively (as the validator checks them), so each
quote is found in the text with its whitespace squashed and mapped back to the original
characters. A passage may run over several paragraphs and passages may overlap: the text
is cut at every quote boundary and each piece covered by a quote is wrapped in one
``<mark>``; the piece where a quote starts carries its ``id="q-<record anchor>"`` and the
piece where it ends is followed by links back to the records that cite it.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from markupsafe import Markup, escape

from generator.load.quotes import squash
from generator.plan.index import Citation


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a source (a non-blank line), numbered from 1 for ``#p<n>``."""

    number: int
    html: Markup
    cited: bool


@dataclass(frozen=True)
class Span:
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


def locate(text: str, citations: list[Citation]) -> list[Span]:
    """Where each quote occurs in ``text`` (first occurrence); quotes not found are left out."""
    squashed = _Squashed(text)
    spans: list[Span] = []
    for citation in citations:
        needle = squash(citation.quote)  # the validator's own matching rule
        at = squashed.text.find(needle) if needle else -1
        if at >= 0:
            spans.append(
                Span(squashed.original(at), squashed.original(at + len(needle) - 1) + 1, citation)
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


BackLinks = Callable[[list[Citation]], Markup]


def _render_line(
    text: str, start: int, end: int, spans: list[Span], backlinks: BackLinks
) -> Markup:
    inside = [s for s in spans if s.start < end and s.end > start]
    cuts = sorted(
        {start, end, *(max(s.start, start) for s in inside), *(min(s.end, end) for s in inside)}
    )
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        covering = [s for s in inside if s.start <= a and s.end >= b]
        piece = escape(text[a:b])
        if not covering:
            out.append(piece)
            continue
        starting = [escape(s.citation.anchor) for s in covering if s.start == a]
        out.extend(f'<span id="q-{anchor}"></span>' for anchor in starting[1:])
        mark_id = f' id="q-{starting[0]}"' if starting else ""
        out.append(f"<mark{mark_id}>{piece}</mark>")
        ending = [s.citation for s in covering if s.end == b]
        if ending:
            out.append(backlinks(ending))
    return Markup("".join(out))


def paragraphs(text: str, spans: list[Span], backlinks: BackLinks) -> list[Paragraph]:
    """The text's paragraphs, with the quotes at ``spans`` (see :func:`locate`) marked and
    linked back."""
    spans = sorted(spans, key=lambda s: (s.start, -s.end, s.citation.anchor))
    result: list[Paragraph] = []
    for number, (start, end) in enumerate(_lines(text), start=1):
        cited = any(s.start < end and s.end > start for s in spans)
        html = (
            _render_line(text, start, end, spans, backlinks) if cited else escape(text[start:end])
        )
        result.append(Paragraph(number, Markup(html), cited))
    return result
