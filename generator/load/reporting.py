"""What the fidelity rules check and how they report: a figure with its quote, and the
one method of the region checker they call."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from generator.errors import Severity
from generator.load import model as m
from generator.load.loader import Loc


class Reporter(Protocol):
    """Adds a located problem (the region checker of :mod:`generator.load.rules`)."""

    def add(
        self,
        loc: Loc,
        message: str,
        *,
        hint: str | None = None,
        severity: Severity = "error",
        key: bool = False,
    ) -> None: ...


@dataclass(frozen=True)
class Figure:
    """A target, status or measure figure, with where it stands and the quote it is from.

    ``loc`` is the record holding the figure's fields (``goals.3.target``, ``status.0``)."""

    loc: Loc
    kind: str  # "target", "status" or "measure figure"
    value: float
    value_max: float | None
    unit: m.Text
    comparator: str
    per: m.Text | None
    scope: str | None
    wording: str | None
    quote: str
    indicator: str | None = None


def figures_of(region: m.Region, indexed: dict[str, list[tuple[int, object]]]) -> list[Figure]:
    """Every target, status and measure figure of the region, with its location.

    ``indexed`` maps each record list to its (index in the file, record) pairs."""
    found: list[Figure] = []
    for index, goal in indexed["goals"]:
        assert isinstance(goal, m.Goal)
        if goal.target is not None:
            found.append(_quantity(("goals", index, "target"), "target", goal.target, goal.quote))
            found[-1] = _with_indicator(found[-1], goal.indicator)
    for index, status in indexed["status"]:
        assert isinstance(status, m.Status)
        found.append(
            Figure(
                ("status", index),
                "status",
                status.value,
                None,
                status.unit,
                status.comparator,
                status.per,
                status.scope,
                status.wording,
                status.quote,
                status.indicator,
            )
        )
    for index, measure in indexed["measures"]:
        assert isinstance(measure, m.Measure)
        for f_index, quantity in enumerate(measure.figures):
            loc = ("measures", index, "figures", f_index)
            found.append(_quantity(loc, "measure figure", quantity, measure.quote))
    return found


def _quantity(loc: Loc, kind: str, q: m.Quantity, quote: str) -> Figure:
    return Figure(
        loc, kind, q.value, q.value_max, q.unit, q.comparator, q.per, q.scope, q.wording, quote
    )


def _with_indicator(figure: Figure, indicator: str | None) -> Figure:
    return Figure(**{**figure.__dict__, "indicator": indicator})
