"""The fidelity rules of one region, run by :func:`generator.load.rules.check_region`:
what each figure claims (comparator, rounding, range, rate, scope) against its quote,
whether it fits its indicator, status dates, scaffold placeholders, the glossary and the
ids a reader must not see in notes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.load import model as m
from generator.load.figure_words import check_figure_words
from generator.load.glossary import check_glossary
from generator.load.indicator_fit import check_indicator_fit
from generator.load.loader import LoadedFile, Loc
from generator.load.placeholders import check_placeholders
from generator.load.reader_notes import check_reader_notes
from generator.load.record_dates import check_status_dates
from generator.load.reporting import Reporter, figures_of


def check_fidelity(
    report: Reporter,
    region: m.Region,
    loaded: LoadedFile,
    indexed: dict[str, list[tuple[int, Any]]],
    indicators: dict[str, m.Indicator],
    glossary: list[m.GlossaryTerm],
    texts: Iterable[tuple[Loc, m.Text]],
    codebook_ids: set[str],
) -> None:
    """Run every fidelity rule on a region (``indexed``: each record list as pairs of
    index in the file and record, as the region checker walks them)."""
    for figure in figures_of(region, indexed):
        check_figure_words(report, figure)
        indicator = indicators.get(figure.indicator or "")
        if indicator is not None:
            check_indicator_fit(report, figure, indicator)
    documents = {doc.id: doc for doc in region.documents}
    check_status_dates(report, indexed["status"], documents)
    check_placeholders(report, region, loaded)
    texts = list(texts)
    check_glossary(report, texts, glossary)
    check_reader_notes(report, texts, codebook_ids | _record_ids(region))


def _record_ids(region: m.Region) -> set[str]:
    ids = {doc.id for doc in region.documents}
    for name in ("goals", "status", "phases", "measures"):
        ids |= {record.id for record in getattr(region, name)}
    ids |= {milestone.id for phase in region.phases for milestone in phase.milestones}
    return ids
