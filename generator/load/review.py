"""Records proposed by `atlas draft` that no editor has reviewed yet.

Each such record carries ``review: draft``. It validates (so `atlas serve` can show it,
marked as a draft), but every one is a warning, and so an error under ``--strict``: nothing
ships that no person has read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.errors import Problem
from generator.load.loader import LoadedFile, Loc

REVIEWED_LISTS = ("documents", "goals", "status", "phases", "measures")


def _drafts(data: Any) -> Iterable[Loc]:
    """Where the region's raw data marks a record ``review: draft``."""
    if not isinstance(data, dict):
        return
    for name in REVIEWED_LISTS:
        records = data.get(name)
        if not isinstance(records, list):
            continue
        for index, record in enumerate(records):
            if not isinstance(record, dict):
                continue
            if record.get("review") == "draft":
                yield (name, index)
            milestones = record.get("milestones") if name == "phases" else None
            for m_index, milestone in enumerate(milestones or []):
                if isinstance(milestone, dict) and milestone.get("review") == "draft":
                    yield (name, index, "milestones", m_index)


def unreviewed_problems(loaded: LoadedFile) -> list[Problem]:
    """One warning per record marked ``review: draft``, at its ``review`` line."""
    problems = []
    for loc in _drafts(loaded.data):
        line, column = loaded.position((*loc, "review"), key=True)
        problems.append(
            Problem(
                loaded.display,
                line,
                column,
                ".".join(str(p) for p in (*loc, "review")),
                "unreviewed draft record (proposed by `atlas draft`)",
                severity="warning",
                hint="check it against the source, choose its theme and indicator, write the "
                "English, then delete the `review: draft` line",
            )
        )
    return problems
