"""Plotly figures as plain data (``{"data", "layout", "config"}``), no I/O and no rendering.

The page embeds each figure once as ``<script type="application/json">`` and
``assets/js/charts.js`` draws it with plotly.js. Every figure has a table of the same
data on its page, so nothing here is the only place a value can be read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from generator.load import model as m
from generator.plan.formatting import Wording, date_words, plain_text, shorten
from generator.plan.index import Cited

Figure = dict[str, Any]

# Binding ranks as an ordered scale (ColorBrewer Blues): the more binding, the darker.
RANK_COLOURS = {1: "#08306b", 2: "#2171b5", 3: "#4292c6", 4: "#9ecae1"}
# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
SPAN_COLOURS = {"phase": "#0072B2", "milestone": "#D55E00", "deadline": "#CC79A7"}
FONT = (
    'system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", '
    '"Microsoft YaHei", "Noto Sans CJK SC", sans-serif'
)
CONFIG = {"displayModeBar": False, "responsive": True, "scrollZoom": False}
ROW_HEIGHT = 30
MS_PER_DAY = 86_400_000


def _layout(height: int, **extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "height": height,
        "margin": {"l": 10, "r": 20, "t": 40, "b": 40},
        "font": {"family": FONT, "size": 13, "color": "#1f2328"},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "hoverlabel": {"font": {"family": FONT}},
        "bargap": 0.35,
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom"},
    }
    layout.update(extra)
    return layout


def plotly_text(text: str) -> str:
    """Data text as plotly shows it literally: plotly reads labels, hover text and legend
    names as its own markup (``<a href>``, ``<b>``, ``<span style>``), so ``&`` and ``<``
    become entities, which it shows as the characters themselves (a lone ``>`` opens no
    tag and stays as it is: "> 90%")."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


# --- target comparison ---------------------------------------------------------------


def target_chart(
    indicator: m.Indicator, goals: Sequence[Cited[m.Goal]], fmt: Wording
) -> Figure | None:
    """Horizontal bars of every region's target for ``indicator``, one colour per document
    rank (its kind and rank in the legend); a range target shows its upper end as an error
    bar. Goals without a figure are left to the table. None when no goal has a figure."""
    with_target = [g for g in goals if g.record.target is not None]
    if not with_target:
        return None
    labels = _unique_labels([_goal_label(g, fmt) for g in with_target])
    traces: dict[tuple[int, str], dict[str, Any]] = {}
    for label, cited in zip(labels, with_target, strict=True):
        target = cited.record.target
        assert target is not None
        key = (cited.kind.rank, cited.kind.id)
        trace = traces.setdefault(key, _bar_trace(cited.kind, fmt))
        trace["y"].append(label)
        trace["x"].append(target.value)
        trace["text"].append(plotly_text(fmt.plain_target(target)))
        trace["error_x"]["array"].append(
            (target.value_max - target.value) if target.value_max is not None else 0
        )
        deadline = cited.record.deadline
        trace["customdata"].append(
            [plotly_text(date_words(deadline, fmt.lang) if deadline else fmt.gettext("not stated"))]
        )
    for trace in traces.values():
        if not any(trace["error_x"]["array"]):
            del trace["error_x"]
    unit = plotly_text(plain_text(indicator.unit, fmt.lang))
    layout = _layout(
        max(160, 90 + ROW_HEIGHT * len(with_target)),
        xaxis={
            "title": {"text": unit},
            "rangemode": "tozero",
            "fixedrange": True,
            "automargin": True,
            "gridcolor": "#d8dee4",
        },
        yaxis={
            "autorange": "reversed",
            "fixedrange": True,
            "automargin": True,
            "categoryorder": "array",
            "categoryarray": labels,
        },
        showlegend=True,
    )
    return {"data": [traces[key] for key in sorted(traces)], "layout": layout, "config": CONFIG}


def _bar_trace(kind: m.DocumentKind, fmt: Wording) -> dict[str, Any]:
    name = plotly_text(
        f"{plain_text(kind.name, fmt.lang)} · {fmt.gettext('binding rank')} {kind.rank}"
    )
    deadline = fmt.gettext("Deadline")
    return {
        "type": "bar",
        "orientation": "h",
        "name": name,
        "x": [],
        "y": [],
        "text": [],
        "customdata": [],
        "textposition": "auto",
        "cliponaxis": False,
        "marker": {"color": RANK_COLOURS.get(kind.rank, "#7f7f7f")},
        "error_x": {
            "type": "data",
            "symmetric": False,
            "array": [],
            "arrayminus": [],
            "color": "#1f2328",
            "thickness": 2,
            "width": 6,
        },
        "hovertemplate": f"%{{y}}<br>%{{text}}<br>{deadline}: %{{customdata[0]}}"
        f"<extra>{name}</extra>",
    }


def _goal_label(cited: Cited[m.Goal], fmt: Wording) -> str:
    region = plain_text(cited.region.name, fmt.lang)
    deadline = cited.record.deadline
    when = date_words(deadline, fmt.lang) if deadline else fmt.gettext("not stated")
    return plotly_text(f"{region} · {when}")


def _unique_labels(labels: list[str]) -> list[str]:
    """Plotly merges equal category labels: number the repeats (2), (3)…"""
    seen: dict[str, int] = {}
    unique = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        unique.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return unique


# --- timeline ------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineSpan:
    """One bar of the timeline: a phase, a milestone or the targets due in one period."""

    kind: str  # phase, milestone, deadline
    region: m.Region
    label: str
    start: str  # partial dates, as recorded
    end: str
    anchor: str  # where the record is on its region page

    @property
    def first_day(self) -> dt.date:
        return first_day(self.start)

    @property
    def day_after(self) -> dt.date:
        return day_after(self.end)


def first_day(value: str) -> dt.date:
    """The first day a partial date covers: 2026 -> 2026-01-01."""
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def day_after(value: str) -> dt.date:
    """The day after the last day a partial date covers: 2026 -> 2027-01-01."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0] + 1, 1, 1)
    if len(parts) == 2:
        year, month = parts
        return dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(*parts) + dt.timedelta(days=1)


def timeline_chart(
    spans: Sequence[TimelineSpan], fmt: Wording, now: str | None = None
) -> Figure | None:
    """Every dated span as a horizontal bar over the whole period its dates cover: a
    phase from its start to its end, a milestone or deadline over its month or year;
    ``now`` (the atlas's review date) is drawn as a labelled vertical line."""
    if not spans:
        return None
    labels = _unique_labels(
        [
            plotly_text(f"{plain_text(s.region.name, fmt.lang)} · {shorten(s.label, 24)}")
            for s in spans
        ]
    )
    names = {
        "phase": fmt.gettext("Phase"),
        "milestone": fmt.gettext("Milestone"),
        "deadline": fmt.gettext("Targets due"),
    }
    traces: dict[str, dict[str, Any]] = {}
    for label, span in zip(labels, spans, strict=True):
        trace = traces.setdefault(
            span.kind,
            {
                "type": "bar",
                "orientation": "h",
                "name": names[span.kind],
                "x": [],
                "y": [],
                "base": [],
                "customdata": [],
                "marker": {"color": SPAN_COLOURS[span.kind]},
                "hovertemplate": "%{y}<br>%{customdata[0]}<extra>%{fullData.name}</extra>",
            },
        )
        trace["y"].append(label)
        trace["base"].append(span.first_day.isoformat())
        trace["x"].append((span.day_after - span.first_day).days * MS_PER_DAY)
        trace["customdata"].append([plotly_text(_span_words(span, fmt))])
    layout = _layout(
        max(200, 110 + ROW_HEIGHT * len(spans)),
        xaxis={
            "type": "date",
            "fixedrange": True,
            "automargin": True,
            "gridcolor": "#d8dee4",
            "side": "top",
        },
        yaxis={
            "autorange": "reversed",
            "fixedrange": True,
            "automargin": True,
            "categoryorder": "array",
            "categoryarray": labels,
        },
        barmode="overlay",
        showlegend=True,
    )
    layout["margin"] = {"l": 10, "r": 20, "t": 70, "b": 40 if now is not None else 20}
    layout["legend"]["y"] = 1.0 + 45 / layout["height"]
    if now is not None:
        layout.update(_now_line(now, fmt))
    ordered = [traces[k] for k in ("phase", "milestone", "deadline") if k in traces]
    return {"data": ordered, "layout": layout, "config": CONFIG}


NOW_COLOUR = "#1f2328"


def _now_line(now: str, fmt: Wording) -> dict[str, Any]:
    """A dashed vertical line at the end of the review day, labelled with its date."""
    x = day_after(now).isoformat()
    label = fmt.gettext("Review date: %(date)s") % {"date": date_words(now, fmt.lang)}
    return {
        "shapes": [
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": x,
                "x1": x,
                "y0": 0,
                "y1": 1,
                "line": {"color": NOW_COLOUR, "width": 2, "dash": "dash"},
            }
        ],
        "annotations": [
            {
                "x": x,
                "xref": "x",
                "y": 0,
                "yref": "paper",
                "yanchor": "top",
                "text": label,
                "showarrow": False,
                "font": {"color": NOW_COLOUR, "size": 12},
                "bgcolor": "#ffffff",
            }
        ],
    }


def _span_words(span: TimelineSpan, fmt: Wording) -> str:
    if span.start == span.end:
        return date_words(span.start, fmt.lang)
    return f"{date_words(span.start, fmt.lang)} – {date_words(span.end, fmt.lang)}"
