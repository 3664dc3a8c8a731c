"""Numbered measures and sub-items proposed from the outline of a source.

A text whose top level (一、) names the parts of a plan (指导思想, 总体要求, 重点任务,
保障措施 …) uses it for sections: the sections are not measures, and sections on guiding
ideas, goals and implementation steps hold no measures either (their items are goals or
phases). A section of general requirements (总体要求) gathers such parts under its own
items: an item on guiding ideas or goals is skipped with what it holds, an item that only
names the principles (基本原则) is not a measure but its numbered principles are, and a
principle numbered in its own right (坚持…) is a measure. A text whose top-level headings
are all tasks (构建…课程体系) numbers its measures from 一、. Every other numbered heading
is a measure, numbered by its path (三(一)1) and a sub-item of the enclosing numbered
heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.draft.numbering import OutlineItem, outline, title_of
from generator.draft.quoting import unique_quote

NOT_MEASURES = re.compile(r"指导思想|指導思想|目标|目標|步骤|步驟|安排|进度|進度|阶段|階段")
#: Sections that gather parts of a plan under their items rather than measures.
GATHERING = re.compile(r"总体要求|總體要求")
#: An item that names a part of the plan without being a measure itself.
PART_NAMES = re.compile(r"^(?:基本|工作|主要)?(?:原则|原則|思路|要求)$")
#: Titles of the top-level parts of a plan: a top level with one of them is sections.
PLAN_PARTS = re.compile(
    r"指导思想|指導思想|总体|總體|目标|目標|任务|任務|举措|舉措|措施|保障|步骤|步驟|"
    r"安排|思路|原则|原則|要求|组织实施|組織實施"
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


def section_items(text: str) -> tuple[list[OutlineItem], bool]:
    """The outline, and whether its top level (一、) is sections rather than measures."""
    items = outline(text)
    top = [item.heading for item in items if item.heading.level == 1]
    return items, any(PLAN_PARTS.search(title_of(text, heading)) for heading in top)


def _is_measure(text: str, item: OutlineItem, sections: bool) -> bool:
    if not sections:
        return True
    section = item.path[0]
    if item.heading is section or NOT_MEASURES.search(title_of(text, section)):
        return False
    if not GATHERING.search(title_of(text, section)) or len(item.path) < 2:
        return True
    part = item.path[1]
    title = title_of(text, part)
    if NOT_MEASURES.search(title):
        return False
    return not (item.heading is part and PART_NAMES.match(title))


def propose_measures(text: str) -> list[ProposedMeasure]:
    """Every numbered heading that is a measure, in order."""
    items, sections = section_items(text)
    by_heading = {item.heading: item for item in items}
    proposed: list[ProposedMeasure] = []
    for item in items:
        if not _is_measure(text, item, sections):
            continue
        parent_heading = item.parent
        parent = None
        if parent_heading is not None and _is_measure(text, by_heading[parent_heading], sections):
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
