"""A page per indicator (``indicators/<id>/``): every region's target as a dot on one axis,
coloured by the region's level, and the table of every target and figure reached; and the
comparison page's summary of each indicator, linking there.

The comparison page keeps one block per indicator under the indicator's id (the anchors
of the previous release), so its weight grows with the number of indicators only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from generator import urls
from generator.load import model as m
from generator.plan.charts import CONFIG, Figure, _layout, plotly_text
from generator.plan.formatting import Wording, date_words, plain_text
from generator.plan.index import AtlasIndex, Cited
from generator.plan.tilemap import TileMap
from generator.plan.views import Link, theme_link

# The table lists at most this many targets (about 50 bytes gzip a row, so 600 rows is
# about 30 KB beside plotly's 396 KB); the chart and the indicator's data file have all.
TABLE_LIMIT = 600
# Okabe-Ito colours, one a level (distinguishable with the common colour-vision deficiencies).
LEVEL_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")


@dataclass(frozen=True)
class IndicatorSummary:
    """One indicator on the comparison page: how many targets and figures reached, the
    range of the targets, and its page."""

    indicator: m.Indicator
    theme: Link
    path: str
    targets: int  # goals on the indicator
    with_figure: int  # of them, with a target figure
    reached: int  # status figures on the indicator
    regions: int  # regions with a goal or a figure on it
    low: m.Quantity | None  # the lowest and highest target figure
    high: m.Quantity | None
    tile_map: TileMap | None = None  # which provinces hold its targets (comparison page)


@dataclass(frozen=True)
class IndicatorPage:
    """An indicator's page: its targets (sorted by value), figures reached, chart id."""

    indicator: m.Indicator
    theme: Link
    goals: list[Cited[m.Goal]]  # the first TABLE_LIMIT, lowest figure first
    total: int  # every goal on the indicator (the chart draws each with a figure)
    status: list[Cited[m.Status]]  # the first TABLE_LIMIT
    status_total: int
    chart_id: str | None
    compare: str  # its block on the comparison page
    data_file: str  # the indicator's JSON file, with every target and figure reached
    levels: list[m.Level]  # the levels the table's filter offers


def summaries(index: AtlasIndex) -> list[IndicatorSummary]:
    """Every indicator with a target or a figure reached, in codebook order."""
    found = []
    for indicator in index.atlas.indicators:
        goals = index.goals_by_indicator.get(indicator.id, [])
        status = index.status_by_indicator.get(indicator.id, [])
        if not goals and not status:
            continue
        figures = sorted(
            (g.record.target for g in goals if g.record.target is not None),
            key=lambda q: q.value,
        )
        found.append(
            IndicatorSummary(
                indicator,
                theme_link(index.themes[indicator.theme]),
                urls.indicator_path(indicator.id),
                len(goals),
                len(figures),
                len(status),
                len({g.region.id for g in goals} | {s.region.id for s in status}),
                figures[0] if figures else None,
                figures[-1] if figures else None,
            )
        )
    return found


def indicator_page_view(
    index: AtlasIndex, indicator: m.Indicator, fmt: Wording
) -> tuple[IndicatorPage, dict[str, Figure]]:
    goals = sorted(
        index.goals_by_indicator.get(indicator.id, []),
        key=lambda g: (g.record.target is None, g.record.target.value if g.record.target else 0),
    )
    figure = distribution_chart(indicator, goals, index.atlas.levels, fmt)
    chart_id = urls.chart_id(indicator.id) if figure is not None else None
    charts = {chart_id: figure} if chart_id is not None and figure is not None else {}
    status = index.status_by_indicator.get(indicator.id, [])
    view = IndicatorPage(
        indicator,
        theme_link(index.themes[indicator.theme]),
        goals[:TABLE_LIMIT],
        len(goals),
        status[:TABLE_LIMIT],
        len(status),
        chart_id,
        urls.compare_indicator_path(indicator.id),
        f"api/v1/indicators/{indicator.id}.json",
        [lv for lv in index.atlas.levels if any(g.level.id == lv.id for g in goals)],
    )
    return view, charts


def distribution_chart(
    indicator: m.Indicator,
    goals: Sequence[Cited[m.Goal]],
    levels: Sequence[m.Level],
    fmt: Wording,
) -> Figure | None:
    """Every target figure as a dot on the indicator's axis, one row and colour per level;
    the hover names the region, the target and its deadline. None without a figure."""
    with_target = [g for g in goals if g.record.target is not None]
    if not with_target:
        return None
    deadline = fmt.gettext("Deadline")
    traces: list[dict[str, Any]] = []
    for number, level in enumerate(levels):
        dots = [g for g in with_target if g.level.id == level.id]
        if not dots:
            continue
        name = plotly_text(plain_text(level.name, fmt.lang))
        texts = []
        for cited in dots:
            target = cited.record.target
            assert target is not None
            when = cited.record.deadline
            parts = [
                plain_text(cited.region.name, fmt.lang),
                fmt.plain_target(target),
                f"{deadline}: "
                + (date_words(when, fmt.lang) if when else fmt.gettext("not stated")),
            ]
            texts.append("<br>".join(plotly_text(part) for part in parts))  # lines of the hover
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": name,
                "x": [g.record.target.value for g in dots if g.record.target is not None],
                "y": [name] * len(dots),
                "text": texts,
                "hovertemplate": "%{text}<extra></extra>",
                "marker": {
                    "color": LEVEL_COLOURS[number % len(LEVEL_COLOURS)],
                    "size": 9,
                    "opacity": 0.7,
                    "line": {"width": 1, "color": "#ffffff"},
                },
            }
        )
    unit = plotly_text(plain_text(indicator.unit, fmt.lang))
    layout = _layout(
        max(180, 110 + 50 * len(traces)),
        xaxis={
            "title": {"text": unit},
            "rangemode": "tozero",
            "fixedrange": True,
            "automargin": True,
            "gridcolor": "#d8dee4",
        },
        yaxis={"fixedrange": True, "automargin": True, "type": "category"},
        showlegend=False,
    )
    return {"data": traces, "layout": layout, "config": CONFIG}
