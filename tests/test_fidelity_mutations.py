"""A mutation test over the real data: every target and status figure, recorded with each
other comparator, is rejected by the rules that read the quote's words; as curated, every
figure is accepted."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.errors import Severity
from generator.load import model as m
from generator.load.figure_words import check_figure_words
from generator.load.loader import Loc
from generator.load.reporting import Figure, figures_of
from generator.load.validate import load_atlas

DATA = Path(__file__).resolve().parent.parent / "data"


@dataclasses.dataclass
class Collected:
    """A reporter that keeps what the rules report."""

    problems: list[tuple[Loc, str]] = dataclasses.field(default_factory=list)

    def add(
        self,
        loc: Loc,
        message: str,
        *,
        hint: str | None = None,
        severity: Severity = "error",
        key: bool = False,
    ) -> None:
        self.problems.append((loc, message))


def _target_and_status_figures() -> list[tuple[str, Figure]]:
    atlas = load_atlas(DATA, strict=True).atlas
    found = []
    for region in atlas.regions:
        lists = {name: getattr(region, name) for name in m.Region.model_fields}
        indexed = {name: list(enumerate(v)) for name, v in lists.items() if isinstance(v, list)}
        for figure in figures_of(region, indexed):
            if figure.kind in ("target", "status"):
                found.append((f"{region.id}:{'.'.join(map(str, figure.loc))}", figure))
    return found


FIGURES = _target_and_status_figures()


def test_the_real_data_has_figures_of_every_kind() -> None:
    comparators = {figure.comparator for _, figure in FIGURES}
    assert len(FIGURES) >= 50
    assert {"exactly", "at-least", "more-than", "about", "between"} <= comparators


@pytest.mark.parametrize(("where", "figure"), FIGURES, ids=[where for where, _ in FIGURES])
def test_each_other_comparator_is_rejected_and_the_curated_one_accepted(
    where: str, figure: Figure
) -> None:
    curated = Collected()
    check_figure_words(curated, figure)
    assert curated.problems == [], where
    for comparator in m.COMPARATORS:
        if comparator == figure.comparator:
            continue
        mutated = Collected()
        check_figure_words(mutated, dataclasses.replace(figure, comparator=comparator))
        assert any(loc[-1] == "comparator" for loc, _ in mutated.problems), (
            f"{where}: comparator {comparator} instead of {figure.comparator} was accepted"
        )
