"""Where each deadline stands on the atlas's review date, the "now" of every page.

The atlas is as current as its latest review: :func:`atlas_review_date` is the latest
``reviewed`` date of its regions, and every deadline state is judged against it, never
against the build clock, so the same data always builds the same pages.

A deadline is *due* while the last day it covers has not passed (``2026-07`` is due up
to 31 July 2026), then *passed*: with an outcome recorded from a source, or without one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Literal

from generator import urls
from generator.load import fields
from generator.load import model as m

DeadlineState = Literal["due", "passed-no-outcome", "passed-with-outcome"]
STATES: tuple[DeadlineState, ...] = ("due", "passed-no-outcome", "passed-with-outcome")
# English msgids of each state, as a reader sees them (the catalog translates them).
STATE_WORDS: dict[DeadlineState, str] = {
    "due": "due",
    "passed-no-outcome": "deadline passed, no outcome recorded",
    "passed-with-outcome": "deadline passed, outcome recorded",
}


def atlas_review_date(regions: list[m.Region]) -> str:
    """The latest review date of any region: what the atlas knows is as of that day."""
    return max((r.reviewed for r in regions), key=fields.date_end, default="1970-01-01")


@cache  # a few hundred dates, asked for a quarter of a million times at 1,000 regions
def as_date(value: str) -> dt.date:
    """The last day a partial date covers, as a calendar date (``2026-02`` -> 28 Feb)."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        year, month = parts
        return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(parts[0], parts[1], parts[2])


def deadline_state(goal: m.Goal, now: str) -> DeadlineState | None:
    """Where ``goal``'s deadline stands on ``now``; ``None`` when the source gives none."""
    if goal.deadline is None:
        return None
    if as_date(goal.deadline) >= as_date(now):
        return "due"
    return "passed-with-outcome" if goal.outcome is not None else "passed-no-outcome"


def months_later(value: str, months: int) -> dt.date:
    """The day ``months`` months after the day ``value`` ends (clamped to the month end)."""
    end = as_date(value)
    month_index = end.month - 1 + months
    year, month = end.year + month_index // 12, month_index % 12 + 1
    last = as_date(f"{year:04d}-{month:02d}")
    return min(last, dt.date(year, month, min(end.day, last.day)))


@dataclass(frozen=True)
class DatedGoal:
    """A goal with a deadline, its region, and its state on the review date."""

    region: m.Region
    goal: m.Goal
    state: DeadlineState

    @property
    def anchor(self) -> str:
        return urls.anchor("goal", self.goal.id)

    @property
    def href(self) -> str:
        return urls.record_path(self.region.id, self.anchor)

    @property
    def deadline(self) -> str:
        assert self.goal.deadline is not None
        return self.goal.deadline


def dated_goals(regions: list[m.Region], now: str) -> list[DatedGoal]:
    """Every goal with a deadline, earliest deadline first (then region and goal id)."""
    found = [
        DatedGoal(region, goal, state)
        for region in regions
        for goal in region.goals
        if (state := deadline_state(goal, now)) is not None
    ]
    return sorted(found, key=lambda d: (as_date(d.deadline), d.region.id, d.goal.id))


def due_within(goals: list[DatedGoal], now: str, months: int = 12) -> list[DatedGoal]:
    """The goals still due whose deadline ends within ``months`` months of ``now``."""
    limit = months_later(now, months)
    return [d for d in goals if d.state == "due" and as_date(d.deadline) <= limit]
