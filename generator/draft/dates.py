"""Dates as Chinese policy texts write them, read as precisely as the text gives them.

``2025年8月`` is ``2025-08``; ``2025年9月—2026年3月`` is a span; ``2026年4月—7月`` takes its
year from the start; a month alone (``9月至10月``) takes the year of the span it sits in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DASH = r"[—–\-~～至到]+"
_YEAR = r"(\d{4})\s*年?"
_MONTH = r"(\d{1,2})\s*月"
_DAY = r"(\d{1,2})\s*日"

DATE = re.compile(rf"{_YEAR}\s*(?:{_MONTH}\s*(?:{_DAY})?)?")
SPAN = re.compile(
    rf"(?P<y1>\d{{4}})\s*年?\s*(?:(?P<m1>\d{{1,2}})\s*月)?\s*{_DASH}\s*"
    rf"(?:(?P<y2>\d{{4}})\s*年?\s*)?(?:(?P<m2>\d{{1,2}})\s*月)?"
)
MONTH_SPAN = re.compile(
    rf"(?<![\d年])(?P<m1>\d{{1,2}})\s*月\s*(?:{_DASH}\s*(?P<m2>\d{{1,2}})\s*月)?"
)


@dataclass(frozen=True)
class DateRange:
    """A start and end date (``YYYY`` or ``YYYY-MM``), either of which may be unknown."""

    start: str | None
    end: str | None


def iso(year: str | int, month: str | int | None = None, day: str | int | None = None) -> str:
    """``2025``, ``2025-08`` or ``2025-08-01`` from its parts."""
    text = f"{int(year):04d}"
    if month is not None:
        text += f"-{int(month):02d}"
        if day is not None:
            text += f"-{int(day):02d}"
    return text


def _valid_month(month: str | None) -> bool:
    return month is None or 1 <= int(month) <= 12


def find_span(text: str) -> DateRange | None:
    """The first span of years or months in ``text`` (``2025年9月—2026年3月``,
    ``2026年4月—7月``, ``2025—2027年``), or a single date as a one-point span."""
    span = SPAN.search(text)
    if span and (span.group("y2") or span.group("m2")):
        y1, m1, y2, m2 = span.group("y1", "m1", "y2", "m2")
        if _valid_month(m1) and _valid_month(m2):
            end_year = y2 or y1
            if m1 and m2 is None and y2:
                return DateRange(iso(y1, m1), iso(y2))
            return DateRange(iso(y1, m1), iso(end_year, m2))
    single = find_date(text)
    return DateRange(single, single) if single else None


def find_date(text: str) -> str | None:
    """The first full date (``2025年4月9日``, ``2025年8月``, ``2027年``) in ``text``."""
    for match in DATE.finditer(text):
        year, month, day = match.groups()
        if not 1990 <= int(year) <= 2100 or not _valid_month(month):
            continue
        if "年" not in match.group(0) and month is None:
            continue  # a bare four-digit number is not a date
        return iso(year, month, day)
    return None


def month_in_span(month: int, span: DateRange) -> str | None:
    """``YYYY-MM`` for a month named without its year, the year taken from the span it falls
    in (``12月`` in 2025-09..2026-03 is 2025-12); ``None`` when the span cannot tell."""
    if span.start is None:
        return None
    start_year = int(span.start[:4])
    start_month = int(span.start[5:7]) if len(span.start) >= 7 else 1
    end_year = int(span.end[:4]) if span.end else start_year
    for year in range(start_year, end_year + 1):
        if year == start_year and month < start_month:
            continue
        return iso(year, month)
    return iso(end_year, month) if end_year == start_year else None
