"""Embeds and sharing: every chart has an embed page any site may frame, an <iframe>
snippet beside it, an SVG drawn at build time and a CSV of exactly what it shows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest

from generator.build import build_files
from generator.load.validate import ValidatedAtlas
from generator.project import Project
from generator.serve.netlify_config import load_netlify_config

REPO = Path(__file__).resolve().parents[1]
FIGURE = re.compile(r'<script type="application/json" id="(chart-[^"]+)-data">(.*?)</script>', re.S)


def figures(html: bytes) -> dict[str, dict[str, object]]:
    return {cid: json.loads(data) for cid, data in FIGURE.findall(html.decode())}


def csv_rows(content: bytes) -> list[dict[str, str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def unescaped(text: str) -> str:
    return text.replace("&lt;", "<").replace("&amp;", "&")


@pytest.fixture(scope="module")
def site(small_atlas: ValidatedAtlas, small_atlas_dir: Path) -> dict[str, bytes]:
    return build_files(small_atlas, Project.for_data(small_atlas_dir)).files.in_memory()


@pytest.fixture(scope="module")
def charts(site: dict[str, bytes]) -> dict[tuple[str, str], dict[str, object]]:
    """Every chart of the site's pages (not embeds): (language prefix, chart id) -> figure."""
    found = {}
    for path, content in site.items():
        if path.endswith(".html") and "embed/" not in path:
            prefix = "en/" if path.startswith("en/") else ""
            for cid, figure in figures(content).items():
                found[(prefix, cid)] = figure
    assert any(_is_timeline(cid) for _, cid in found)  # a timeline year's chart
    assert any(not _is_timeline(cid) for _, cid in found)  # an indicator's distribution
    return found


def _is_timeline(chart_id: str) -> bool:
    return chart_id.startswith("chart-timeline-")


def test_every_chart_has_an_embed_page_with_the_same_figure_and_no_site_chrome(
    site: dict[str, bytes], charts: dict[tuple[str, str], dict[str, object]]
) -> None:
    for (prefix, cid), figure in charts.items():
        page = site[f"{prefix}embed/{cid.removeprefix('chart-')}/index.html"]
        assert figures(page) == {cid: figure}
        html = page.decode()
        assert "site-nav" not in html and "site-footer" not in html
        assert 'name="robots" content="noindex"' in html


def test_the_chart_csv_holds_exactly_the_bars_the_chart_draws(
    site: dict[str, bytes], charts: dict[tuple[str, str], dict[str, object]]
) -> None:
    for (prefix, cid), figure in charts.items():
        rows = csv_rows(site[f"{prefix}embed/{cid.removeprefix('chart-')}/chart.csv"])
        drawn = []
        for trace in figure["data"]:  # type: ignore[attr-defined]
            for i, label in enumerate(trace["y"]):
                drawn.append((unescaped(label), unescaped(trace["name"]), trace["x"][i]))
        assert len(rows) == len(drawn), cid
        if _is_timeline(cid):
            for row, (label, series, ms) in zip(
                sorted(rows, key=lambda r: r["row"]), sorted(drawn), strict=True
            ):
                assert (row["row"], row["series"]) == (label, series)
                start, end = (dt.date.fromisoformat(row[k]) for k in ("start", "end"))
                days = (end - start).days + 1
                assert days * 86_400_000 == ms
        else:
            assert sorted((r["row"], r["series"], float(r["value"])) for r in rows) == sorted(
                (label, series, float(x)) for label, series, x in drawn
            )


def test_the_svg_draws_one_mark_per_value_further_right_for_a_larger_value(
    site: dict[str, bytes], charts: dict[tuple[str, str], dict[str, object]]
) -> None:
    """Targets are bars from zero (a larger value, a longer bar); an indicator's
    distribution is dots (a larger value, further right)."""
    for (prefix, cid), figure in charts.items():
        if _is_timeline(cid):
            continue
        svg = site[f"{prefix}embed/{cid.removeprefix('chart-')}/chart.svg"].decode()
        assert svg.startswith("<svg") and "<script" not in svg and "style=" not in svg
        bar = r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="18"'
        dot = r'<circle cx="([\d.]+)"'
        marks = [float(w) for w in re.findall(bar, svg)] + [float(x) for x in re.findall(dot, svg)]
        values = [x for trace in figure["data"] for x in trace["x"]]  # type: ignore[attr-defined]
        assert len(marks) == len(values), cid
        rows = csv_rows(site[f"{prefix}embed/{cid.removeprefix('chart-')}/chart.csv"])
        by_value = sorted(zip([float(r["value"]) for r in rows], marks, strict=True))
        assert [w for _, w in by_value] == sorted(w for _, w in by_value)


def test_a_chart_offers_its_iframe_snippet_svg_and_csv(site: dict[str, bytes]) -> None:
    year = min(
        path.split("/")[2] for path in site if re.fullmatch(r"en/timeline/\d{4}/index\.html", path)
    )
    html = site[f"en/timeline/{year}/index.html"].decode()
    chart = f"chart-timeline-{year}"
    snippet = re.search(rf'<textarea id="{chart}-embed"[^>]*>(.*?)</textarea>', html, re.S)
    assert snippet, "the embed snippet sits beside the chart"
    src = re.search(r'&lt;iframe src="([^"]+)"', snippet.group(1))
    assert src and src.group(1).endswith(f"/en/embed/timeline-{year}/")
    assert f'title="Timeline {year} · ' in snippet.group(1)  # the frame names its chart
    embed = site[f"en/embed/timeline-{year}/index.html"].decode()
    assert f"<title>Timeline {year} · " in embed
    assert f'data-copy="{chart}-embed"' in html
    assert f"en/embed/timeline-{year}/chart.svg" in html
    assert f"en/embed/timeline-{year}/chart.csv" in html


def test_only_embed_pages_may_be_framed() -> None:
    netlify = load_netlify_config(REPO / "netlify.toml")
    site_csp = netlify.headers_for("/compare/")["Content-Security-Policy"]
    for path in ("/embed/timeline/", "/en/embed/timeline/", "/en/embed/lead-teachers/chart.svg"):
        headers = netlify.headers_for(path)
        assert "frame-ancestors *" in headers["Content-Security-Policy"]
        assert headers.get("X-Frame-Options", "").upper() != "DENY"
        same = headers["Content-Security-Policy"].replace("frame-ancestors *", "")
        assert same.split() == site_csp.replace("frame-ancestors 'none'", "").split()
    for path in ("/", "/compare/", "/en/timeline/", "/embedded/", "/en/regions/x/"):
        headers = netlify.headers_for(path)
        assert headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


def test_embed_pages_stay_out_of_the_sitemap(site: dict[str, bytes]) -> None:
    sitemap = site["sitemap.xml"].decode()
    assert "/compare/</loc>" in sitemap
    assert "embed/" not in sitemap
