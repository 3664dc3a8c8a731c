"""A chart's files made at build time from its plotly figure, without a browser: the CSV
of exactly what the chart shows, and the geometry of its SVG (``templates/chart.svg``
draws it). The atlas's charts are rows of categories: the targets (a bar from zero to
the value, a whisker to a range's upper end), the timeline (a bar from a start date over a
duration) and an indicator's distribution (a dot at each target, a row a level).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from generator.exports.columns import Column, Table

MS_PER_DAY = 86_400_000
EPOCH = dt.date(1970, 1, 1)
WIDTH = 800
LABEL_WIDTH = 300
PLOT_LEFT = LABEL_WIDTH + 12
PLOT_RIGHT = WIDTH - 24
TOP = 78
ROW = 28
AXIS = 40


def literal(text: str) -> str:
    """Plotly's text as the reader sees it (``plotly_text`` escaped ``&`` and ``<``)."""
    return text.replace("&lt;", "<").replace("&amp;", "&")


def is_distribution(figure: dict[str, Any]) -> bool:
    """Dots, not bars: every trace is a plotly scatter of markers."""
    return all(trace.get("type") == "scatter" for trace in figure["data"])


def is_timeline(figure: dict[str, Any]) -> bool:
    return bool(figure["layout"].get("xaxis", {}).get("type") == "date")


@dataclass(frozen=True)
class Bar:
    """One bar as the chart draws it."""

    category: str
    series: str
    colour: str
    start: float  # a value, or days since 1970-01-01 on the timeline
    end: float
    upper: float | None  # a range's upper end (the whisker)
    text: str  # what the bar's label or hover says
    dot: bool = False  # a point at ``end`` (the distribution), not a bar


def bars(figure: dict[str, Any]) -> list[Bar]:
    """Every bar of ``figure``, in the order of its categories (top to bottom)."""
    timeline = is_timeline(figure)
    found: list[Bar] = []
    for trace in figure["data"]:
        errors = trace.get("error_x", {}).get("array")
        for i, category in enumerate(trace["y"]):
            if trace.get("type") == "scatter":
                start = end = float(trace["x"][i])
                text = " · ".join(literal(part) for part in trace["text"][i].split("<br>"))
                upper = None
            elif timeline:
                start = float((dt.date.fromisoformat(trace["base"][i]) - EPOCH).days)
                end = start + trace["x"][i] / MS_PER_DAY
                text = trace["customdata"][i][0]
                upper = None
            else:
                start, end = 0.0, float(trace["x"][i])
                text = trace["text"][i]
                upper = end + errors[i] if errors and errors[i] else None
            found.append(
                Bar(
                    literal(category),
                    literal(trace["name"]),
                    trace["marker"]["color"],
                    float(start),
                    end,
                    upper,
                    literal(text),
                    dot=trace.get("type") == "scatter",
                )
            )
    written = figure["layout"]["yaxis"].get("categoryarray")
    order = [literal(c) for c in written] if written else [b.category for b in found]
    return sorted(found, key=lambda bar: order.index(bar.category))


def _day(days: float) -> str:
    return (EPOCH + dt.timedelta(days=round(days))).isoformat()


def chart_csv(figure: dict[str, Any]) -> bytes:
    """The chart's data as CSV, one row per bar, as the chart shows it."""
    if is_timeline(figure):
        columns = [
            Column("row", "string", "The chart's row: region and record"),
            Column("series", "string", "Phase, milestone or targets due"),
            Column("start", "date", "First day the bar covers"),
            Column("end", "date", "Last day the bar covers"),
            Column("dates", "string", "The dates as the source gives them"),
        ]
        rows: list[list[Any]] = [
            [b.category, b.series, _day(b.start), _day(b.end - 1), b.text] for b in bars(figure)
        ]
    elif is_distribution(figure):
        columns = [
            Column("row", "string", "The chart's row: the level of the regions"),
            Column("series", "string", "The level (the dot's colour)"),
            Column("value", "number", "The target: where the dot is"),
            Column("target", "string", "Region, target and deadline, as the dot's label says"),
        ]
        rows = [[b.category, b.series, _number(b.end), b.text] for b in bars(figure)]
    else:
        columns = [
            Column("row", "string", "The chart's row: region and deadline"),
            Column("series", "string", "Kind of document and its binding rank"),
            Column("value", "number", "The target: the bar's length"),
            Column("value_max", "number", "Upper end of a range target (the whisker)"),
            Column("target", "string", "The target as the bar's label says it"),
        ]
        rows = [
            [b.category, b.series, _number(b.end), _number(b.upper), b.text] for b in bars(figure)
        ]
    return Table("chart", "chart", columns, rows, []).csv_bytes()


def _number(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == int(value) else value


# --- SVG geometry --------------------------------------------------------------------


@dataclass(frozen=True)
class SvgBar:
    x: float
    y: float
    width: float
    colour: str
    whisker: float | None  # x of a range's upper end
    text: str
    dot: bool = False  # drawn as a circle at ``x``


@dataclass(frozen=True)
class SvgTick:
    x: float
    label: str


@dataclass(frozen=True)
class SvgChart:
    """What ``templates/chart.svg`` draws: sizes, rows, bars, axis ticks and legend."""

    title: str
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    rows: list[tuple[float, str]]  # (y of the row's middle, label)
    bars: list[SvgBar]
    ticks: list[SvgTick]
    legend: list[tuple[float, float, str, str]]  # (x, y, colour, name)
    now: SvgTick | None
    labelled: bool  # the bars carry their text (the targets; the timeline's is in hover)


def _nice_step(span: float) -> float:
    raw = span / 5 or 1
    power = 10 ** math.floor(math.log10(raw))
    return float(next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw))


def svg_chart(figure: dict[str, Any], title: str) -> SvgChart:
    """The geometry of ``figure`` drawn as an SVG titled ``title``."""
    legend: list[tuple[float, float, str, str]] = []
    x, y = 16.0, 48.0
    for trace in figure["data"]:
        name = literal(trace["name"])
        needed = 28 + 7.5 * len(name) + 6 * sum(1 for ch in name if ord(ch) > 0x2E80)
        if x > 16 and x + needed > WIDTH:
            x, y = 16.0, y + 20
        legend.append((x, y, trace["marker"]["color"], name))
        x += needed
    top = TOP + round(y - 48)
    found = bars(figure)
    categories = list(dict.fromkeys(b.category for b in found))
    timeline = is_timeline(figure)
    ends = [max(b.end, b.upper or b.end) for b in found]
    lo = min(b.start for b in found) if timeline else 0.0
    hi = max(ends)
    if timeline:
        first, last = (EPOCH + dt.timedelta(days=lo)).year, (EPOCH + dt.timedelta(days=hi)).year
        every = max(1, math.ceil((last - first + 1) / 8))
        years = range(first, last + 2, every)
        tick_values: list[tuple[float, str]] = [
            (float((dt.date(year, 1, 1) - EPOCH).days), str(year)) for year in years
        ]
        lo, hi = min(lo, tick_values[0][0]), max(hi, tick_values[-1][0])
    else:
        step = _nice_step(hi - lo)
        hi = math.ceil(hi / step) * step
        count = round(hi / step)
        tick_values = [(i * step, f"{_number(i * step)}") for i in range(count + 1)]
    scale = (PLOT_RIGHT - PLOT_LEFT) / ((hi - lo) or 1)

    def x_of(value: float) -> float:
        return round(PLOT_LEFT + (value - lo) * scale, 1)

    bottom = top + ROW * len(categories)
    svg_bars = [
        SvgBar(
            x_of(b.start),
            top + ROW * categories.index(b.category) + 5,
            max(1.0, round(x_of(b.end) - x_of(b.start), 1)),
            b.colour,
            x_of(b.upper) if b.upper is not None else None,
            b.text,
            b.dot,
        )
        for b in found
    ]
    now = None
    shapes = figure["layout"].get("shapes", [])
    if timeline and shapes:
        day = (dt.date.fromisoformat(shapes[0]["x0"]) - EPOCH).days
        label = literal(figure["layout"]["annotations"][0]["text"])
        now = SvgTick(x_of(day), label)
    return SvgChart(
        title=title,
        width=WIDTH,
        height=bottom + AXIS + (20 if now else 0),
        plot_left=PLOT_LEFT,
        plot_right=PLOT_RIGHT,
        plot_top=top,
        plot_bottom=bottom,
        rows=[(top + ROW * i + ROW / 2, c) for i, c in enumerate(categories)],
        bars=svg_bars,
        ticks=[SvgTick(x_of(v), label) for v, label in tick_values if lo <= v <= hi],
        legend=legend,
        now=now,
        labelled=not timeline and not is_distribution(figure),
    )
