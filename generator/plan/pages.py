"""The plan of the site: every page in both languages, with its template and context.

Pages are planned per language because charts carry their labels in the page language;
everything else in a context is language-neutral data the templates format. Paths are
language-neutral (``regions/heshui/``); the English page of a path lives under ``en/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from generator.load import model as m
from generator.plan import sourcetext
from generator.plan.charts import Figure, Span, target_chart, timeline_chart
from generator.plan.formatting import Formatter, plain_text
from generator.plan.index import AtlasIndex, Citation, Cited
from generator.plan.tilemap import holdings_map, indicator_maps
from generator.render.i18n import LANGS, translations

NOT_FOUND = "404.html"


@dataclass(frozen=True)
class Page:
    """One page to render: a language-neutral path, its language, template and context."""

    path: str
    lang: str
    template: str
    section: str
    context: dict[str, Any] = field(default_factory=dict)
    charts: dict[str, Figure] = field(default_factory=dict)

    @property
    def output_path(self) -> str:
        """The site-relative file: ``index.html``, ``en/regions/heshui/index.html``."""
        prefix = "en/" if self.lang == "en" else ""
        if self.path.endswith(".html"):
            return prefix + self.path
        return f"{prefix}{self.path}index.html"


def page_paths(pages: list[Page]) -> list[str]:
    """The output paths of ``pages``, sorted."""
    return sorted(page.output_path for page in pages)


# --- view models -------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorSection:
    """One indicator on the comparison page: its targets, its figures reached, its chart."""

    indicator: m.Indicator
    goals: list[Cited[m.Goal]]
    status: list[Cited[m.Status]]
    chart_id: str | None


@dataclass(frozen=True)
class TimelineRow:
    """A row of the timeline table (dated or not); ``span`` is set when it is charted."""

    kind: str
    region: m.Region
    label: m.Text
    start: str | None
    end: str | None
    anchor: str
    document: m.Document
    count: int = 1


def is_overdue(goal: m.Goal, region: m.Region) -> bool:
    """The deadline passed before the region's last review, and no outcome is recorded.

    Uses ``reviewed``, never today's date, so the same data always builds the same page."""
    if goal.deadline is None or goal.outcome is not None:
        return False
    return m.date_end(goal.deadline) < m.date_end(region.reviewed)


def region_period(region: m.Region) -> tuple[str | None, str | None]:
    """The earliest start and latest end of the region's documents and phases."""
    starts = [d.period.start for d in region.documents if d.period and d.period.start]
    ends = [d.period.end for d in region.documents if d.period and d.period.end]
    starts += [p.start for p in region.phases if p.start]
    ends += [p.end for p in region.phases if p.end]
    return (
        min(starts, key=m.date_sort_key) if starts else None,
        max(ends, key=m.date_end) if ends else None,
    )


# --- planning ------------------------------------------------------------------------------


def plan_pages(index: AtlasIndex) -> list[Page]:
    """Every page of the site, both languages, in a stable order."""
    pages: list[Page] = []
    spans = {
        (region.id, doc.id): sourcetext.locate(
            index.source_text(region, doc.id), index.citations.get((region.id, doc.id), [])
        )
        for region in index.regions
        for doc in region.documents
    }
    for lang in LANGS:
        fmt = Formatter(lang, translations(lang).gettext)
        pages += [
            Page(
                "",
                lang,
                "home.html",
                "home",
                {
                    "periods": {r.id: region_period(r) for r in index.regions},
                    "tile_map": holdings_map(index.hierarchy),
                },
            ),
            _compare_page(index, lang, fmt),
            _side_by_side_page(index, lang),
            _timeline_page(index, lang, fmt),
            Page("themes/", lang, "themes.html", "themes"),
            Page("search/", lang, "search.html", "search"),
            Page("about/", lang, "about.html", "about"),
            Page("data/", lang, "data.html", "data"),
            Page(NOT_FOUND, lang, "404.html", ""),
        ]
        pages += [
            Page(
                f"themes/{theme.id}/",
                lang,
                "theme.html",
                "themes",
                {"theme": theme, "records": index.by_theme[theme.id]},
            )
            for theme in index.atlas.themes
        ]
        for region in index.regions:
            pages.append(_region_page(index, region, lang))
            pages += [
                _source_page(index, region, doc, spans[(region.id, doc.id)], fmt)
                for doc in region.documents
            ]
    from generator.plan.hierarchy_pages import hierarchy_pages

    pages += [page for lang in LANGS for page in hierarchy_pages(index, lang)]
    return pages


def _region_page(index: AtlasIndex, region: m.Region, lang: str) -> Page:
    themes_in_use = {measure.theme for measure in region.measures}
    measures_by_theme = [
        (theme, [x for x in region.measures if x.theme == theme.id])
        for theme in index.atlas.themes
        if theme.id in themes_in_use
    ]
    served_by = {
        goal.id: [x for x in region.measures if goal.id in x.goals] for goal in region.goals
    }
    return Page(
        f"regions/{region.id}/",
        lang,
        "region.html",
        "home",
        {
            "region": region,
            "measures_by_theme": measures_by_theme,
            "served_by": served_by,
            "overdue": {goal.id for goal in region.goals if is_overdue(goal, region)},
        },
    )


RECORD_TYPES = {
    "goal": "Goal",
    "status": "Figure reached",
    "phase": "Phase",
    "milestone": "Milestone",
    "measure": "Measure",
    "outcome": "Outcome",
}


def _source_page(
    index: AtlasIndex,
    region: m.Region,
    document: m.Document,
    spans: list[sourcetext.Span],
    fmt: Formatter,
) -> Page:
    types = {key: escape(fmt.gettext(label)) for key, label in RECORD_TYPES.items()}

    def backlinks(cited: list[Citation]) -> Markup:
        return Markup(
            "".join(
                f'<a class="backref" href="../../#{escape(c.anchor)}"><span aria-hidden="true">↩ '
                f"</span>{types[c.record_type]}: {escape(_shorten(plain_text(c.label, fmt.lang)))}"
                f"</a>"
                for c in cited
            )
        )

    text = index.source_text(region, document.id)
    return Page(
        f"regions/{region.id}/sources/{document.id}/",
        fmt.lang,
        "source.html",
        "home",
        {
            "region": region,
            "document": document,
            "citations": index.citations.get((region.id, document.id), []),
            "type_labels": types,
            "paragraphs": sourcetext.paragraphs(text, spans, backlinks),
        },
    )


def _shorten(text: str, limit: int = 18) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _side_by_side_page(index: AtlasIndex, lang: str) -> Page:
    """Targets and figures reached per indicator and region, looked up by the table cells."""
    cells: dict[str, dict[str, tuple[list[Cited[m.Goal]], list[Cited[m.Status]]]]] = {}
    for indicator in index.atlas.indicators:
        goals = index.goals_by_indicator.get(indicator.id, [])
        status = index.status_by_indicator.get(indicator.id, [])
        if not goals and not status:
            continue
        row: dict[str, tuple[list[Cited[m.Goal]], list[Cited[m.Status]]]] = {
            region.id: ([], []) for region in index.regions
        }
        for goal in goals:
            row[goal.region.id][0].append(goal)
        for figure in status:
            row[figure.region.id][1].append(figure)
        cells[indicator.id] = row
    indicators = [i for i in index.atlas.indicators if i.id in cells]
    return Page(
        "side-by-side/",
        lang,
        "side-by-side.html",
        "side-by-side",
        {"indicators": indicators, "cells": cells},
    )


def _compare_page(index: AtlasIndex, lang: str, fmt: Formatter) -> Page:
    sections: list[IndicatorSection] = []
    charts: dict[str, Figure] = {}
    for indicator in index.atlas.indicators:
        goals = index.goals_by_indicator.get(indicator.id, [])
        status = index.status_by_indicator.get(indicator.id, [])
        if not goals and not status:
            continue
        figure = target_chart(indicator, goals, fmt)
        chart_id = f"chart-{indicator.id}" if figure is not None else None
        if chart_id is not None and figure is not None:
            charts[chart_id] = figure
        sections.append(IndicatorSection(indicator, goals, status, chart_id))
    unused = [
        i
        for i in index.atlas.indicators
        if i.id not in index.goals_by_indicator and i.id not in index.status_by_indicator
    ]
    return Page(
        "compare/",
        lang,
        "compare.html",
        "compare",
        {
            "sections": sections,
            "unused_indicators": unused,
            "maps": indicator_maps(index.hierarchy, index.goals_by_indicator),
        },
        charts,
    )


def timeline_rows(index: AtlasIndex) -> list[TimelineRow]:
    """Every phase, milestone and target deadline, region by region in date order; targets
    due in the same period in one region are one row."""
    rows: list[TimelineRow] = []
    for region in index.regions:
        region_rows: list[TimelineRow] = []
        for phase in region.phases:
            document = index.document(region, phase.document)
            region_rows.append(
                TimelineRow(
                    "phase",
                    region,
                    phase.name,
                    phase.start,
                    phase.end,
                    f"phase-{phase.id}",
                    document,
                )
            )
            region_rows += [
                TimelineRow(
                    "milestone",
                    region,
                    milestone.text,
                    milestone.date,
                    milestone.date,
                    f"milestone-{milestone.id}",
                    document,
                )
                for milestone in phase.milestones
            ]
        region_rows += _deadline_rows(index, region)
        rows += sorted(region_rows, key=_row_order)
    return rows


def _deadline_rows(index: AtlasIndex, region: m.Region) -> list[TimelineRow]:
    by_deadline: dict[str, list[m.Goal]] = {}
    for goal in region.goals:
        if goal.deadline is not None:
            by_deadline.setdefault(goal.deadline, []).append(goal)
    return [
        TimelineRow(
            "deadline",
            region,
            goals[0].statement,
            deadline,
            deadline,
            f"goal-{goals[0].id}",
            index.document(region, goals[0].document),
            count=len(goals),
        )
        for deadline, goals in sorted(by_deadline.items())
    ]


def _row_order(row: TimelineRow) -> tuple[tuple[int, int, int], int]:
    kinds = {"phase": 0, "milestone": 1, "deadline": 2}
    start = row.start or row.end
    return (m.date_sort_key(start) if start else (9999, 0, 0)), kinds[row.kind]


def _span(row: TimelineRow, fmt: Formatter) -> Span | None:
    if row.start is None or row.end is None:
        return None
    label = plain_text(row.label, fmt.lang)
    if row.kind == "deadline" and row.count > 1:
        label = fmt.gettext("%(count)s targets due") % {"count": row.count}
    return Span(row.kind, row.region, label, row.start, row.end, row.anchor)


def _timeline_page(index: AtlasIndex, lang: str, fmt: Formatter) -> Page:
    rows = timeline_rows(index)
    spans = [span for row in rows if (span := _span(row, fmt)) is not None]
    figure = timeline_chart(spans, fmt)
    charts = {"chart-timeline": figure} if figure is not None else {}
    return Page(
        "timeline/",
        lang,
        "timeline.html",
        "timeline",
        {
            "rows": rows,
            "undated": sum(1 for row in rows if row.start is None or row.end is None),
            "chart_id": "chart-timeline" if figure is not None else None,
        },
        charts,
    )
