"""An embed page per chart: the chart alone, for other sites to frame (``embed/<chart>/``).

Each page with charts (the comparison page, the timeline) gives one embed page per chart
and language, carrying the same figure; its title names the chart and it links back to
the chart on its page. The SVG and CSV of the chart are made from the same figure when the
pages render (:mod:`generator.render.chart_files`).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import urls
from generator.plan.formatting import Wording, plain_text
from generator.plan.index import AtlasIndex
from generator.plan.pages import Page
from generator.render.i18n import translations

EMBED_TEMPLATE = "embed.html"


@dataclass(frozen=True)
class EmbedView:
    """What an embed page shows: the chart's id and title, and where the chart lives."""

    chart_id: str
    title: str
    source_path: str  # the chart on its page: ``compare/#chart-x``
    svg_file: str
    csv_file: str


def chart_title(index: AtlasIndex, chart_id: str, fmt: Wording) -> str:
    """The chart's name in the page language: its indicator, or the timeline of a year
    (``chart-timeline-2026``), of a province in a year (``chart-timeline-2026-110000``)."""
    name = chart_id.removeprefix("chart-")
    indicator = index.indicators.get(name)
    if indicator is not None:
        return plain_text(indicator.name, fmt.lang)
    _, *parts = name.split("-")  # timeline, then the year and the province's code
    title = " ".join([fmt.gettext("Timeline"), *parts[:1]])
    place = index.hierarchy.place(parts[1]) if len(parts) > 1 else None
    return f"{title} · {plain_text(place.name, fmt.lang)}" if place is not None else title


def embed_pages(index: AtlasIndex, pages: list[Page]) -> list[Page]:
    """An embed page for every chart of ``pages``, in their order."""
    embeds: list[Page] = []
    for page in pages:
        if not page.charts or page.template == EMBED_TEMPLATE:
            continue
        fmt = Wording(page.lang, translations(page.lang).gettext)
        for chart_id, figure in page.charts.items():
            view = EmbedView(
                chart_id,
                chart_title(index, chart_id, fmt),
                urls.at_anchor(page.path, chart_id),
                urls.chart_file(page.lang, chart_id, "svg"),
                urls.chart_file(page.lang, chart_id, "csv"),
            )
            embeds.append(
                Page(
                    urls.embed_path(chart_id),
                    page.lang,
                    EMBED_TEMPLATE,
                    "",
                    {"embed": view},
                    {chart_id: figure},
                )
            )
    return embeds
