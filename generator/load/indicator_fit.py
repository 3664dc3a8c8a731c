"""Rules on what an indicator compares: a target or status figure coded to an indicator
must have its unit, its basis (a total, a share, a rate per year or per term) and one of
the scopes it allows, so that a chart never puts unlike things on one axis."""

from __future__ import annotations

from generator.load import lexicon as lx
from generator.load import model as m
from generator.load.reporting import Figure, Reporter

BASIS_WORDS = {
    "total": "a total",
    "share": "a share in percent",
    "per-year": "a rate per year",
    "per-school-year": "a rate per school year",
    "per-term": "a rate per term",
    "per-quarter": "a rate per quarter",
    "per-month": "a rate per month",
    "per-week": "a rate per week",
    "per-day": "a rate per day",
}


def figure_basis(figure: Figure) -> str:
    """What the figure is: a share (unit %), a rate over the time its ``per`` names, or a
    total."""
    if figure.unit.zh.strip() in ("%", "%"):
        return "share"
    if figure.per is not None:
        words = lx.words_for(figure.per.zh + "1", 1)
        if words is not None and words.basis not in ("total", "share"):
            return words.basis
    return "total"


def check_indicator_fit(report: Reporter, figure: Figure, indicator: m.Indicator) -> None:
    """Report a figure whose unit, basis or scope does not fit its indicator."""
    where = (
        (*figure.loc[:-1], "indicator") if figure.kind == "target" else (*figure.loc, "indicator")
    )
    units = [indicator.unit.zh, *indicator.units_also]
    if figure.unit.zh not in units:
        report.add(
            (*figure.loc, "unit", "zh"),
            f"unit '{figure.unit.zh}' does not fit indicator '{indicator.id}', "
            f"counted in {' or '.join(units)}",
            hint="record the figure in the indicator's unit, or leave the indicator out "
            "with a note saying why",
        )
    basis = figure_basis(figure)
    if basis != indicator.basis:
        report.add(
            where,
            f"indicator '{indicator.id}' compares {BASIS_WORDS[indicator.basis]}, "
            f"but this {figure.kind} is {BASIS_WORDS[basis]}",
            hint="a total and a yearly rate cannot share an axis: choose an indicator of "
            "the same basis, or leave the indicator out with a note",
        )
    if figure.scope is not None and figure.scope not in indicator.scopes:
        allowed = ", ".join(indicator.scopes) or "none"
        report.add(
            (*figure.loc, "scope"),
            f"indicator '{indicator.id}' does not compare figures at scope '{figure.scope}' "
            f"(allowed: {allowed})",
        )
