"""The numbered outline of a Chinese policy text: 一、 (一) 1. (1) ①.

Headings are found at the start of a line, or after whitespace in a capture that lost its
line breaks. A heading counts only when its ordinal continues its level (``n`` after
``n-1``, or a list starting at 1); a jump forward at the start of a line is kept as a gap
in the source's own numbering, and a number in running text that does not continue the
outline is not a heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

CHINESE_DIGITS = "零一二三四五六七八九"
_CN = "[一二三四五六七八九十]+"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

_MARKER = re.compile(
    rf"(?:^|(?<=\s))(?:(?P<l1>{_CN})、|[(（](?P<l2>{_CN})[)）]|(?P<l3>\d{{1,2}})[.．、](?!\d)"
    rf"|[(（](?P<l4>\d{{1,2}})[)）]|(?P<l5>[{_CIRCLED}]))",
    re.M,
)
_TITLE_END = re.compile(r"[。;；:：\n]")


def chinese_ordinal(text: str) -> int:
    """一 -> 1, 十 -> 10, 十二 -> 12, 二十三 -> 23."""
    if "十" not in text:
        return CHINESE_DIGITS.index(text)
    tens, _, ones = text.partition("十")
    return (CHINESE_DIGITS.index(tens) if tens else 1) * 10 + (
        CHINESE_DIGITS.index(ones) if ones else 0
    )


@dataclass(frozen=True)
class Heading:
    """One numbered heading: its level (1 for 一、 … 5 for ①), the marker as written
    without punctuation (``三``, ``(一)``, ``1``, ``(1)``, ``①``), and where it is."""

    level: int
    ordinal: int
    label: str
    start: int  # offset of the marker in the text
    title_start: int
    title_end: int
    at_line_start: bool
    gap_from: int | None = None  # the ordinal before a skipped run, when numbering jumps


@dataclass(frozen=True)
class OutlineItem:
    """A heading in its place: the labels of its enclosing headings, and the text it
    governs (to the next heading of any level)."""

    heading: Heading
    path: tuple[Heading, ...]  # enclosing headings, outermost first, then this one
    body_end: int

    @property
    def number(self) -> str:
        """The source's numbering as the atlas writes it: ``三(一)1``."""
        return "".join(h.label for h in self.path)

    @property
    def parent(self) -> Heading | None:
        return self.path[-2] if len(self.path) > 1 else None


def _candidates(text: str) -> Iterator[Heading]:
    for match in _MARKER.finditer(text):
        level = next(i for i in range(1, 6) if match.group(f"l{i}") is not None)
        raw = match.group(f"l{level}")
        if level in (1, 2):
            ordinal = chinese_ordinal(raw)
        elif level == 5:
            ordinal = _CIRCLED.index(raw) + 1
        else:
            ordinal = int(raw)
        label = {1: raw, 2: f"({raw})", 3: raw, 4: f"({raw})", 5: raw}[level]
        line_start = text.rfind("\n", 0, match.start()) + 1
        yield Heading(
            level=level,
            ordinal=ordinal,
            label=label,
            start=match.start(),
            title_start=match.end(),
            title_end=match.end(),
            at_line_start=not text[line_start : match.start()].strip(),
        )


def _title_end(text: str, start: int, limit: int) -> int:
    end = _TITLE_END.search(text, start, limit)
    stop = end.start() if end else limit
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    return stop


def find_headings(text: str) -> list[Heading]:
    """The numbered headings of ``text`` in order, each continuing its level's numbering."""
    last: dict[int, int] = {}
    accepted: list[Heading] = []
    for candidate in _candidates(text):
        previous = last.get(candidate.level, 0)
        gap: int | None = None
        if candidate.ordinal == previous + 1 or candidate.ordinal == 1:
            pass
        elif candidate.at_line_start and candidate.ordinal > previous:
            gap = previous
        else:
            continue
        last[candidate.level] = candidate.ordinal
        accepted.append(
            Heading(
                level=candidate.level,
                ordinal=candidate.ordinal,
                label=candidate.label,
                start=candidate.start,
                title_start=candidate.title_start,
                title_end=candidate.title_end,
                at_line_start=candidate.at_line_start,
                gap_from=gap,
            )
        )
    return [
        _with_title(text, heading, accepted[i + 1].start if i + 1 < len(accepted) else len(text))
        for i, heading in enumerate(accepted)
    ]


def _with_title(text: str, heading: Heading, next_start: int) -> Heading:
    end = _title_end(text, heading.title_start, next_start)
    return Heading(
        heading.level,
        heading.ordinal,
        heading.label,
        heading.start,
        heading.title_start,
        end,
        heading.at_line_start,
        heading.gap_from,
    )


def outline(text: str) -> list[OutlineItem]:
    """Every heading with the headings that enclose it and the extent of its text."""
    headings = [h for h in find_headings(text) if h.title_end > h.title_start]
    items: list[OutlineItem] = []
    stack: list[Heading] = []
    for index, heading in enumerate(headings):
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        stack.append(heading)
        body_end = headings[index + 1].start if index + 1 < len(headings) else len(text)
        items.append(OutlineItem(heading, tuple(stack), body_end))
    return items


def title_of(text: str, heading: Heading) -> str:
    """The heading's title as written (whitespace inside kept)."""
    return text[heading.title_start : heading.title_end].strip()
