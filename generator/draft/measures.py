"""Numbered measures and sub-items proposed from the outline of a source.

A text whose top level is 一、 uses it for sections: the sections are not measures, and
sections on guiding ideas, goals and implementation steps hold no measures either (their
items are goals or phases). Every other numbered heading is a measure, numbered by its
path (三(一)1) and a sub-item of the enclosing numbered heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.draft.numbering import Heading, OutlineItem, outline, title_of
from generator.draft.quoting import unique_quote

NOT_MEASURES = re.compile(
    r"指导思想|指導思想|目标|目標|步骤|步驟|安排|进度|進度|阶段|階段|总体要求"
)
PHASE_SECTIONS = re.compile(r"步骤|步驟|安排|进度|進度|阶段|階段")

_ORDINAL_DIGITS = str.maketrans("①②③④⑤⑥⑦⑧⑨⑩", "1234567890")


@dataclass(frozen=True)
class ProposedMeasure:
    id: str
    number: str
    parent: str | None
    title: str
    quote: str
    body: str
    start: int
    end: int
    gap_from: int | None
    gap_to: int


def measure_id(item: OutlineItem) -> str:
    """``measure-3-1-2`` for 三(一)2: the ordinals of the heading's path."""
    return "measure-" + "-".join(str(h.ordinal) for h in item.path)


def _section_of(item: OutlineItem, sections: bool) -> Heading | None:
    return item.path[0] if sections else None


def section_items(text: str) -> tuple[list[OutlineItem], bool]:
    """The outline, and whether its top level (一、) is sections rather than measures."""
    items = outline(text)
    return items, any(item.heading.level == 1 for item in items)


def propose_measures(text: str) -> list[ProposedMeasure]:
    """Every numbered heading that is a measure, in order."""
    items, sections = section_items(text)
    by_heading = {item.heading: item for item in items}
    proposed: list[ProposedMeasure] = []
    for item in items:
        section = _section_of(item, sections)
        if sections and item.heading is section:
            continue
        if section is not None and NOT_MEASURES.search(title_of(text, section)):
            continue
        parent_heading = item.parent
        parent = None
        if parent_heading is not None and not (sections and parent_heading is section):
            parent = measure_id(by_heading[parent_heading])
        heading = item.heading
        proposed.append(
            ProposedMeasure(
                id=measure_id(item),
                number=item.number,
                parent=parent,
                title=title_of(text, heading),
                quote=unique_quote(text, heading.start, heading.title_end),
                body=text[heading.start : item.body_end],
                start=heading.start,
                end=item.body_end,
                gap_from=heading.gap_from,
                gap_to=heading.ordinal,
            )
        )
    return proposed
