"""Cross-record rules for one region: ids, references, dates, quotes and figures.

The model checks each record's shape; these rules check what a record means in
its region and against the codebooks and the archived source texts.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.errors import Problem
from generator.load import fields
from generator.load import model as m
from generator.load.checker import Codebooks, RegionChecker, translatable
from generator.load.fidelity import check_fidelity
from generator.load.hints import punctuation_hint
from generator.load.loader import LoadedFile, Loc
from generator.load.quotes import find_quote, format_number, matched_prefix, number_in_quote, squash
from generator.load.review import unreviewed_problems
from generator.load.salvage import Partial
from generator.load.sources import read_source


def _records(c: RegionChecker) -> Iterable[tuple[Loc, Any]]:
    """Every record with an id that gets an anchor on the region page."""
    for name in ("goals", "status", "phases", "measures"):
        for index, record in c.each(name):
            yield (name, index), record
    for p_index, phase in c.each("phases"):
        for index, milestone in enumerate(phase.milestones):
            yield ("phases", p_index, "milestones", index), milestone


def _check_ids(c: RegionChecker) -> None:
    seen: dict[str, int] = {}
    for index, doc in c.each("documents"):
        line = c.loaded.position(("documents", index, "id"))[0]
        if doc.id in seen:
            c.add(
                ("documents", index, "id"),
                f"duplicate document id '{doc.id}' (first on line {seen[doc.id]})",
            )
        else:
            seen[doc.id] = line
    records: dict[str, int] = {}
    in_file_order = sorted(_records(c), key=lambda item: c.loaded.position((*item[0], "id")))
    for loc, record in in_file_order:
        line = c.loaded.position((*loc, "id"))[0]
        if record.id in records:
            c.add(
                (*loc, "id"),
                f"duplicate id '{record.id}' (first on line {records[record.id]})",
                hint="ids of goals, status figures, phases, milestones and measures are "
                "anchors on the region page and must be unique in the region",
            )
        else:
            records[record.id] = line


def _check_documents(c: RegionChecker, data_dir: Path, kind_ids: set[str] | None) -> dict[str, str]:
    texts: dict[str, str] = {}
    for index, doc in c.each("documents"):
        loc: Loc = ("documents", index)
        c.reference((*loc, "kind"), doc.kind, kind_ids, "document kind")
        _check_period(c, loc, doc.period)
        source = read_source(data_dir, c.region.id, doc.text)
        c.problems.extend(source.problems)
        if source.refusal is not None:
            c.add((*loc, "text"), source.refusal.message, hint=source.refusal.hint)
        if source.text is None:
            continue
        texts[doc.id] = source.text
        if not squash(texts[doc.id]):
            c.add(
                (*loc, "text"),
                f"sources/{c.region.id}/{doc.text} is empty",
                hint="paste the source text into it",
                severity="warning",
            )
    return texts


def _check_period(c: RegionChecker, loc: Loc, period: m.Period | None) -> None:
    if period and fields.ends_before_it_starts(period.start, period.end):
        c.add(
            (*loc, "period", "end"), f"period ends ({period.end}) before it starts ({period.start})"
        )


def _check_quote(
    c: RegionChecker, loc: Loc, quote: str | None, doc: str | None, texts: dict[str, str]
) -> None:
    if quote is None or doc is None or doc not in texts:
        return
    if find_quote(quote, texts[doc]) < 0:
        found = matched_prefix(quote, texts[doc])
        rest = squash(quote)[len(found) :]
        punctuation = punctuation_hint(quote, texts[doc])
        if punctuation is not None:
            hint = punctuation
        elif len(found) >= 4:
            hint = (
                f"the source has '…{found[-12:]}' but not '…{found[-12:]}{rest[:6]}'; "
                "copy the sentence verbatim, capture damage included"
            )
        else:
            hint = "copy the sentence verbatim from the source file, capture damage included"
        c.add(
            (*loc, "quote"), f"quote not found in the archived text of document '{doc}'", hint=hint
        )
        return
    occurrences = squash(texts[doc]).count(squash(quote))
    if occurrences > 1:
        c.add(
            (*loc, "quote"),
            f"quote occurs {occurrences} times in document '{doc}', so the "
            "site cannot tell which passage to highlight",
            severity="warning",
            hint="lengthen the quote until it identifies one passage",
        )


def _check_quantity(c: RegionChecker, loc: Loc, q: m.Quantity, quote: str) -> None:
    if q.value_max is not None and q.value_max < q.value:
        c.add(
            (*loc, "value_max"),
            f"value_max ({format_number(q.value_max)}) is below value ({format_number(q.value)})",
        )
    _check_figure(c, loc, q.value, q.wording, quote)
    if q.value_max is not None:
        _check_figure(c, loc, q.value_max, None, quote, field="value_max")


def _check_figure(
    c: RegionChecker, loc: Loc, value: float, wording: str | None, quote: str, field: str = "value"
) -> None:
    if number_in_quote(value, quote):
        return
    if wording is not None:
        if squash(wording) not in squash(quote):
            c.add((*loc, "wording"), f"wording {wording!r} does not occur in the quote")
        return
    c.add(
        (*loc, field),
        f"{format_number(value)} does not occur in the quote (as digits or Chinese numerals)",
        hint="when the source words it otherwise (全覆盖 for 100%), give those words in `wording`",
    )


def _missing_date(
    c: RegionChecker, loc: Loc, field: str, value: str | None, notes: list[m.Text]
) -> None:
    if value is None and not notes:
        c.add(
            (*loc, field),
            f"{field} is not stated but no note says so",
            hint="add a note: what the source leaves unsaid",
            severity="warning",
        )


def _check_goals(c: RegionChecker, ctx: dict[str, Any], texts: dict[str, str]) -> None:
    for index, goal in c.each("goals"):
        loc: Loc = ("goals", index)
        c.reference((*loc, "document"), goal.document, ctx["document_ids"], "document")
        c.reference((*loc, "theme"), goal.theme, ctx["themes"], "theme")
        c.reference((*loc, "indicator"), goal.indicator, ctx["indicators"], "indicator")
        kind = ctx["kinds"].get(ctx["documents"].get(goal.document, ""))
        if kind is not None and not kind.sets_targets:
            c.add(
                (*loc, "document"),
                f"document '{goal.document}' is a {kind.id}, which sets no targets",
                hint="record its figures under status",
            )
        _check_quote(c, loc, goal.quote, goal.document, texts)
        if goal.target is not None:
            _check_quantity(c, (*loc, "target"), goal.target, goal.quote)
            if goal.indicator is None and not goal.notes:
                c.add(
                    (*loc, "indicator"),
                    "goal with a target has no indicator",
                    severity="warning",
                    hint="choose one from indicators.yaml, or add a note "
                    "and leave it out when none measures exactly this",
                )
        _missing_date(c, loc, "deadline", goal.deadline, goal.notes)
        if goal.outcome is not None:
            c.reference(
                (*loc, "outcome", "document"),
                goal.outcome.document,
                ctx["document_ids"],
                "document",
            )
            _check_quote(c, (*loc, "outcome"), goal.outcome.quote, goal.outcome.document, texts)


def _check_status(c: RegionChecker, ctx: dict[str, Any], texts: dict[str, str]) -> None:
    for index, status in c.each("status"):
        loc: Loc = ("status", index)
        c.reference((*loc, "document"), status.document, ctx["document_ids"], "document")
        c.reference((*loc, "theme"), status.theme, ctx["themes"], "theme")
        c.reference((*loc, "indicator"), status.indicator, ctx["indicators"], "indicator")
        _check_quote(c, loc, status.quote, status.document, texts)
        _check_figure(c, loc, status.value, status.wording, status.quote)
        _missing_date(c, loc, "as_of", status.as_of, status.notes)


def _check_phases(c: RegionChecker, ctx: dict[str, Any], texts: dict[str, str]) -> None:
    for index, phase in c.each("phases"):
        loc: Loc = ("phases", index)
        c.reference((*loc, "document"), phase.document, ctx["document_ids"], "document")
        _check_quote(c, loc, phase.quote, phase.document, texts)
        if fields.ends_before_it_starts(phase.start, phase.end):
            c.add((*loc, "end"), f"phase ends ({phase.end}) before it starts ({phase.start})")
        _missing_date(c, loc, "start", phase.start, phase.notes)
        _missing_date(c, loc, "end", phase.end, phase.notes)
        for m_index, milestone in enumerate(phase.milestones):
            m_loc: Loc = (*loc, "milestones", m_index)
            _check_quote(c, m_loc, milestone.quote, phase.document, texts)
            _missing_date(c, m_loc, "date", milestone.date, milestone.notes)


def _in_parent_cycle(start: str, parents: dict[str, str | None]) -> bool:
    """Whether following ``parent`` links from ``start`` comes back to it."""
    seen: set[str] = set()
    current = parents.get(start)
    while current is not None and current not in seen:
        if current == start:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


def _check_measures(c: RegionChecker, ctx: dict[str, Any], texts: dict[str, str]) -> None:
    goals, phases, measures = c.ids("goals"), c.ids("phases"), c.ids("measures")
    parents = {x.id: x.parent for x in c.region.measures}
    for index, measure in c.each("measures"):
        loc: Loc = ("measures", index)
        c.reference((*loc, "document"), measure.document, ctx["document_ids"], "document")
        c.reference((*loc, "theme"), measure.theme, ctx["themes"], "theme")
        c.reference((*loc, "parent"), measure.parent, measures - {measure.id}, "measure")
        if _in_parent_cycle(measure.id, parents):
            c.add(
                (*loc, "parent"),
                f"measure '{measure.id}' is its own ancestor through `parent`",
                hint="a sub-item's parent must be an enclosing measure",
            )
        for g_index, goal in enumerate(measure.goals):
            c.reference((*loc, "goals", g_index), goal, goals, "goal")
        for p_index, phase in enumerate(measure.phases):
            c.reference((*loc, "phases", p_index), phase, phases, "phase")
        _check_quote(c, loc, measure.quote, measure.document, texts)
        for f_index, figure in enumerate(measure.figures):
            _check_quantity(c, (*loc, "figures", f_index), figure, measure.quote)


def _check_translations(c: RegionChecker, texts: list[tuple[Loc, m.Text]]) -> None:
    for loc, text in texts:
        if text.en is None:
            c.add(
                loc,
                "no English text",
                severity="warning",
                hint="add `en:`; the site shows the Chinese marked 'not yet translated'",
            )


def check_region(
    region: m.Region,
    loaded: LoadedFile,
    data_dir: Path,
    codebooks: Codebooks,
    problems: list[Problem],
    partial: Partial | None = None,
) -> dict[str, str]:
    """Check one region; append problems; return its archived texts by document id.

    ``partial`` marks a region that failed the model (see :mod:`generator.salvage`):
    only its valid records are here, each located by its index in the file, and a
    reference to a record the model rejected is not reported again as unknown.
    """
    c = RegionChecker(region, loaded, problems, partial)
    if partial is None:
        c.reference(("level",), region.level, codebooks.ids["levels"], "level")
    _check_ids(c)
    texts = _check_documents(c, data_dir, codebooks.ids["document_kinds"])
    ctx = {
        "documents": {d.id: d.kind for d in region.documents},
        "document_ids": c.ids("documents"),
        "themes": codebooks.ids["themes"],
        "indicators": codebooks.ids["indicators"],
        "kinds": codebooks.kinds,
    }
    _check_goals(c, ctx, texts)
    _check_status(c, ctx, texts)
    _check_phases(c, ctx, texts)
    _check_measures(c, ctx, texts)
    bilingual = list(translatable(c))  # read once: the fidelity checks read them too
    _check_translations(c, bilingual)
    indexed = {name: list(c.each(name)) for name in ("goals", "status", "measures")}
    check_fidelity(
        c,
        region,
        loaded,
        indexed,
        codebooks.indicators,
        codebooks.glossary,
        bilingual,
        set().union(*(ids for ids in codebooks.ids.values() if ids is not None)),
    )
    problems.extend(unreviewed_problems(loaded))
    return texts
