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
from generator.plan import deadlines as dl
from generator.plan import sourcetext
from generator.plan.charts import Figure, target_chart
from generator.plan.formatting import Formatter, plain_text
from generator.plan.index import AtlasIndex, Citation, Cited
from generator.plan.timeline import timeline_view
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
    now = dl.atlas_review_date(index.regions)
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
                    "now": now,
                    "due_soon": len(dl.due_within(dl.dated_goals(index.regions, now), now)),
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
            pages.append(_region_page(index, region, lang, now))
            pages += [
                _source_page(index, region, doc, spans[(region.id, doc.id)], fmt)
                for doc in region.documents
            ]
    return pages


def _region_page(index: AtlasIndex, region: m.Region, lang: str, now: str) -> Page:
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
            "deadline_states": _deadline_states(region, now),
            "now": now,
        },
    )


def _deadline_states(region: m.Region, now: str) -> dict[str, dl.DeadlineState]:
    """Each goal's deadline state on the atlas's review date (goals without a deadline
    are left out)."""
    return {
        goal.id: state
        for goal in region.goals
        if (state := dl.deadline_state(goal, now)) is not None
    }


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
        {"sections": sections, "unused_indicators": unused},
        charts,
    )


def _timeline_page(index: AtlasIndex, lang: str, fmt: Formatter) -> Page:
    context, charts = timeline_view(index, fmt)
    return Page("timeline/", lang, "timeline.html", "timeline", context, charts)
