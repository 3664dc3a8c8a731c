"""Phases and their dated milestones, with dates as precise as the source gives them.

A phase is a numbered item of a section on implementation steps (四、实施步骤 (一)启动筹备
阶段(2025年8月)), a line opening with its year (2025年:构建…), or a sentence naming a
stage with its span (第一阶段(2025年…)). A milestone is a clause of a phase's text that opens
with a date; a month named without its year takes the year from the phase's span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.draft.dates import MONTH_SPAN, DateRange, find_span, iso, month_in_span
from generator.draft.measures import PHASE_SECTIONS, section_items
from generator.draft.numbering import title_of
from generator.draft.quoting import unique_quote

_NAME = re.compile(r"^(.*?)\s*[((]")
_YEAR_LINE = re.compile(r"^\s*(\d{4})\s*年\s*[::]", re.M)
_STAGE = re.compile(
    r"(第[一二三四五六七八九十]+阶段|[\u4e00-\u9fff]{2,8}阶段)\s*[((]([^()()]*\d{4}[^()()]*)[))]"
)
_DATED_CLAUSE = re.compile(r"(?:^|(?<=[。;;,,\n]))\s*((?:\d{4}\s*年\s*)?\d{1,2}\s*月[^。;;\n]*)")


@dataclass(frozen=True)
class ProposedMilestone:
    date: str
    quote: str
    year_inferred: bool
    span_end: str | None  # "9月至10月": the month it runs to, when the clause gives one


@dataclass(frozen=True)
class ProposedPhase:
    number: int
    name: str
    span: DateRange
    quote: str
    milestones: tuple[ProposedMilestone, ...]
    body: tuple[int, int] | None = None  # where its text is, for a numbered phase


def _milestones(text: str, start: int, end: int, span: DateRange) -> tuple[ProposedMilestone, ...]:
    found: list[ProposedMilestone] = []
    for match in _DATED_CLAUSE.finditer(text, start, end):
        clause = match.group(1).strip()
        year = re.match(r"(\d{4})\s*年", clause)
        months = MONTH_SPAN.search(clause[year.end() :] if year else clause)
        if months is None or not 1 <= int(months.group("m1")) <= 12:
            continue
        month = int(months.group("m1"))
        date = iso(year.group(1), month) if year else month_in_span(month, span)
        if date is None:
            continue
        to = months.group("m2")
        found.append(
            ProposedMilestone(
                date=date,
                quote=unique_quote(text, match.start(1), match.end(1)),
                year_inferred=year is None,
                span_end=iso(date[:4], to) if to and 1 <= int(to) <= 12 else None,
            )
        )
    return tuple(found)


def _numbered_phases(text: str) -> list[ProposedPhase]:
    items, sections = section_items(text)
    phases: list[ProposedPhase] = []
    for item in items:
        if not sections or len(item.path) != 2:
            continue
        if not PHASE_SECTIONS.search(title_of(text, item.path[0])):
            continue
        title = title_of(text, item.heading)
        span = find_span(title)
        if span is None:
            continue
        name = _NAME.match(title)
        quote_end = text.find("。", item.heading.title_end, item.body_end)
        quote_end = (
            quote_end + 1
            if 0 <= quote_end <= item.heading.title_end + 1
            else item.heading.title_end
        )
        phases.append(
            ProposedPhase(
                number=len(phases) + 1,
                name=name.group(1) if name else title,
                span=span,
                quote=unique_quote(text, item.heading.start, quote_end),
                milestones=_milestones(text, item.heading.title_end, item.body_end, span),
                body=(item.heading.start, item.body_end),
            )
        )
    return phases


def _year_lines(text: str) -> list[ProposedPhase]:
    phases: list[ProposedPhase] = []
    for match in _YEAR_LINE.finditer(text):
        line_end = text.find("\n", match.end())
        line_end = len(text) if line_end < 0 else line_end
        year = match.group(1)
        phases.append(
            ProposedPhase(
                number=len(phases) + 1,
                name=f"{year}年",
                span=DateRange(year, year),
                quote=unique_quote(text, match.start(1), line_end),
                milestones=(),
            )
        )
    return phases


def _stages(text: str) -> list[ProposedPhase]:
    phases: list[ProposedPhase] = []
    for match in _STAGE.finditer(text):
        span = find_span(match.group(2))
        if span is None:
            continue
        phases.append(
            ProposedPhase(
                number=len(phases) + 1,
                name=match.group(1),
                span=span,
                quote=unique_quote(text, match.start(), match.end()),
                milestones=(),
            )
        )
    return phases


def propose_phases(text: str) -> list[ProposedPhase]:
    """The phases of the text, by the first way of writing them it uses."""
    return _numbered_phases(text) or _stages(text) or _year_lines(text)
