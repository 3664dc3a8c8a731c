"""Proposed records as model objects: every one marked ``review: draft``, English left
empty, and checked with the validator's own quote and figure rules before it is kept."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.draft.codebook_match import choose_indicator, choose_theme
from generator.draft.figures import ProposedFigure
from generator.draft.measures import ProposedMeasure
from generator.draft.metadata import Metadata
from generator.draft.phases import ProposedPhase
from generator.load import fields
from generator.load import model as m
from generator.load.quotes import find_quote, number_in_quote, squash

DRAFT: fields.Review = "draft"
FALLBACK_THEME = "support"


def zh(text: str) -> m.Text:
    """Chinese text with the English left for the editor."""
    return m.Text(zh=text, en=None)


def note(text: str) -> m.Text:
    return m.Text(zh=text, en=None)


@dataclass(frozen=True)
class Codebook:
    themes: list[m.Theme]
    indicators: list[m.Indicator]
    sets_targets: bool


@dataclass
class Proposals:
    """Records proposed for one document, by list, in source order."""

    goals: list[m.Goal] = field(default_factory=list)
    status: list[m.Status] = field(default_factory=list)
    phases: list[m.Phase] = field(default_factory=list)
    measures: list[m.Measure] = field(default_factory=list)
    rejected: int = 0  # proposals dropped because the validator would refuse them


def quote_holds(quote: str, source: str) -> bool:
    return find_quote(quote, source) >= 0


def figure_holds(figure: ProposedFigure) -> bool:
    values = [figure.value] + ([figure.value_max] if figure.value_max is not None else [])
    if figure.wording is not None:
        return squash(figure.wording) in squash(figure.quote)
    return all(number_in_quote(v, figure.quote) for v in values)


def comparator_of(figure: ProposedFigure) -> str:
    """The lexicon's comparator in the model's terms: a range is ``between`` where the model
    has it, else ``exactly`` with ``value_max``."""
    return figure.comparator if figure.comparator in m.COMPARATORS else "exactly"


def _model_has(model: type[m.Strict], name: str) -> bool:
    return name in model.model_fields


def figure_fields(figure: ProposedFigure, model: type[m.Strict]) -> dict[str, Any]:
    """``per`` and ``scope`` as the model records them: a field where it has one (a single
    scope only), else a note (see :func:`figure_notes`)."""
    fields: dict[str, Any] = {}
    if figure.per and _model_has(model, "per"):
        fields["per"] = zh(figure.per)
    if len(figure.scope_ids) == 1 and _model_has(model, "scope"):
        fields["scope"] = figure.scope_ids[0]
    return fields


def figure_notes(figure: ProposedFigure, deadline_needed: bool) -> list[m.Text]:
    notes: list[m.Text] = []
    if deadline_needed:
        if figure.deadline_from == "paragraph":
            notes.append(note(f"期限取自段首的时间({figure.deadline}),非本句。"))
        elif figure.deadline_from == "phase":
            notes.append(note(f"原文未单独给出期限,记为所在阶段的结束时间({figure.deadline})。"))
        elif figure.deadline_from == "none":
            notes.append(note("原文本句及段首均未写明期限。"))
    if figure.scope and not (len(figure.scope_ids) == 1 and _model_has(m.Quantity, "scope")):
        notes.append(note(f"范围:{'、'.join(figure.scope)}。"))
    if figure.rounding:
        notes.append(note(f"原文为约数“{figure.rounding}”。"))
    if figure.wording:
        notes.append(note(f"原文以“{figure.wording}”表述,记为100%。"))
    for quote in figure.restated:
        notes.append(note(f"原文另一处重申此数字:“{quote}”。"))
    return notes


def quantity(figure: ProposedFigure) -> m.Quantity:
    return m.Quantity.model_validate(
        {
            "value": figure.value,
            "value_max": figure.value_max,
            "unit": zh(figure.unit),
            "comparator": comparator_of(figure),
            "wording": figure.wording,
            **figure_fields(figure, m.Quantity),
        }
    )


def goal(figure: ProposedFigure, goal_id: str, document: str, books: Codebook) -> m.Goal:
    theme = choose_theme(books.themes, figure.sentence, "", FALLBACK_THEME)
    return m.Goal(
        id=goal_id,
        document=document,
        theme=theme.theme,
        indicator=choose_indicator(books.indicators, figure.unit, figure.phrase),
        statement=zh(figure.quote),
        target=quantity(figure),
        deadline=figure.deadline,
        quote=figure.quote,
        notes=figure_notes(figure, deadline_needed=True),
        review=DRAFT,
    )


def as_of_date(md: Metadata) -> tuple[str | None, m.Text]:
    """A status figure's date when its sentence gives none: the document's own date line
    (落款), else its publication date, with a note saying which."""
    if md.signed and (md.published is None or md.signed[:7] <= md.published[:7]):
        return md.signed, note(
            f"原文未写明统计截止日期,按文件落款日期记为{md.signed}(落款原文为“{md.signed_as}”)。"
        )
    if md.published:
        return md.published, note(f"原文未写明统计截止日期,按文件发布日期{md.published}记录。")
    return None, note("原文未写明统计截止日期。")


def status(
    figure: ProposedFigure, status_id: str, document: str, md: Metadata, books: Codebook
) -> m.Status:
    theme = choose_theme(books.themes, figure.sentence, "", FALLBACK_THEME)
    notes = figure_notes(figure, deadline_needed=False)
    as_of, dated = as_of_date(md)
    notes.append(dated)
    if figure.per and not _model_has(m.Status, "per"):
        notes.append(note(f"比率基数:{figure.per}。"))
    return m.Status.model_validate(
        {
            "id": status_id,
            "document": document,
            "theme": theme.theme,
            "indicator": choose_indicator(books.indicators, figure.unit, figure.phrase),
            "statement": zh(figure.quote),
            "value": figure.value,
            "unit": zh(figure.unit),
            "comparator": comparator_of(figure),
            "wording": figure.wording,
            "as_of": as_of,
            "quote": figure.quote,
            "notes": notes,
            "review": DRAFT,
            **figure_fields(figure, m.Status),
        }
    )


def phase(proposed: ProposedPhase, phase_id: str, document: str) -> m.Phase:
    milestones = []
    for index, ms in enumerate(proposed.milestones, start=1):
        notes = []
        if ms.year_inferred:
            notes.append(note("原文只写月份,年份据所在阶段的起止时间推定。"))
        if ms.span_end:
            notes.append(note(f"原文为一段时间(至{ms.span_end}),记开始月份。"))
        milestones.append(
            m.Milestone(
                id=f"{phase_id}-milestone-{index}",
                date=ms.date,
                text=zh(ms.quote),
                quote=ms.quote,
                notes=notes,
                review=DRAFT,
            )
        )
    return m.Phase(
        id=phase_id,
        document=document,
        name=zh(proposed.name),
        start=proposed.span.start,
        end=proposed.span.end,
        quote=proposed.quote,
        milestones=milestones,
        review=DRAFT,
    )


def measure(
    proposed: ProposedMeasure, document: str, books: Codebook, figures: list[m.Quantity]
) -> m.Measure:
    theme = choose_theme(books.themes, proposed.title, proposed.body, FALLBACK_THEME)
    notes = []
    if theme.matched:
        notes.append(note(f"主题按关键词推定:{'、'.join(theme.matched[:5])}。"))
    else:
        notes.append(note("没有主题关键词与本项相符,主题须由编辑选定。"))
    if proposed.gap_from is not None:
        notes.append(
            note(f"原文编号从{proposed.gap_from}跳至{proposed.gap_to},中间的编号原文没有。")
        )
    return m.Measure(
        id=proposed.id,
        document=document,
        number=proposed.number,
        parent=proposed.parent,
        theme=theme.theme,
        title=zh(proposed.title),
        summary=zh(proposed.title),
        quote=proposed.quote,
        figures=figures,
        notes=notes,
        review=DRAFT,
    )
