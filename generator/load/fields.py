"""The field types every record is made of, and the date arithmetic on them.

Ids are lowercase ASCII slugs (:data:`Slug`) that are not reserved file names on any
system; dates are strings ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as precise as the source
(:data:`DateStr`), compared by the first and the last day they cover
(:func:`date_sort_key`, :func:`date_end`). The records themselves are in
:mod:`generator.load.model`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DATE_PATTERN = r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$"

# Names Windows reserves for devices: a file or folder so named cannot be checked out there.
RESERVED_NAMES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{d}{n}" for d in ("com", "lpt") for n in range(1, 10)]
)


def reserved_name_problem(value: str) -> str | None:
    """Why ``value`` cannot be an id (it names a Windows device), or ``None``."""
    if value.lower() in RESERVED_NAMES:
        return (
            f"'{value}' is a reserved file name on Windows (a device name), so a file or "
            "page named after it cannot be checked out there; choose another id"
        )
    return None


def _not_reserved(value: str) -> str:
    problem = reserved_name_problem(value)
    if problem:
        raise ValueError(problem)
    return value


Slug = Annotated[
    str, StringConstraints(pattern=SLUG_PATTERN, max_length=64), AfterValidator(_not_reserved)
]
NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=False)]


def check_date(value: str) -> str:
    """Accept ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` naming a real calendar date."""
    if not re.fullmatch(DATE_PATTERN, value):
        raise ValueError(f"{value!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in value.split("-")]
    year, month, day = [*parts, 1, 1][:3]
    try:
        dt.date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real date ({exc})") from None
    return value


DateStr = Annotated[
    str,
    Field(pattern=DATE_PATTERN, examples=["2026", "2026-07", "2026-07-01"]),
    AfterValidator(check_date),
]


def date_sort_key(value: str) -> tuple[int, int, int]:
    """The first day a partial date covers, as a sortable tuple (``2026`` -> 2026-00-00)."""
    year, month, day = [*(int(p) for p in value.split("-")), 0, 0][:3]
    return year, month, day


def date_end(value: str) -> tuple[int, int, int]:
    """The last day a partial date covers, as a sortable tuple (``2026`` -> 2026-12-31)."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return parts[0], 12, 31
    if len(parts) == 2:
        return parts[0], parts[1], 31
    return parts[0], parts[1], parts[2]


def ends_before_it_starts(start: str | None, end: str | None) -> bool:
    """Whether a span with both dates given ends before it starts: the last day ``end``
    covers comes before the first day ``start`` covers (``2026`` to ``2026-03`` is fine)."""
    return start is not None and end is not None and date_end(end) < date_sort_key(start)


Review = Literal["draft"]
REVIEW_DESCRIPTION = (
    "`draft`: proposed by `atlas draft` and not yet reviewed; `atlas validate --strict` fails "
    "until an editor has checked the record against the source and deleted this line."
)
