"""The search index: what a reader finds, in which language, with which filters.

The searches run Pagefind's own JavaScript (the bundle the site serves) under Node, over
the index built from the fixture atlas and served on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from generator.cache import BuildCache
from generator.load.validate import ValidatedAtlas, load_atlas
from generator.search import indexer
from generator.search.entries import search_pages
from generator.search.indexer import index_files
from generator.search.pagefind_service import PAGEFIND_VERSION
from generator.search.records import SearchRecord, region_search_records, search_records
from generator.search.words import (
    HAN,
    SHINGLE,
    index_words,
    shown_words,
    simplified,
    traditional_to_simplified,
    unquoted_text,
)
from tests.html_support import all_of, parse
from tests.site_support import BuiltSite

FIXTURE = Path(__file__).parent / "fixtures" / "small-atlas"
QUERY_SCRIPT = Path(__file__).parent / "pagefind_query.mjs"


def site_pages(validated: ValidatedAtlas) -> dict[str, bytes]:
    """The HTML files the rendered site would hold for every region and source page."""
    pages: dict[str, bytes] = {}
    for region in validated.atlas.regions:
        for prefix in ("", "en/"):
            pages[f"{prefix}regions/{region.id}/index.html"] = b"<html></html>"
            for doc in region.documents:
                pages[f"{prefix}regions/{region.id}/sources/{doc.id}/index.html"] = b""
    return pages


@pytest.fixture(scope="module")
def validated() -> ValidatedAtlas:
    return load_atlas(FIXTURE)


@pytest.fixture(scope="module")
def records(validated: ValidatedAtlas) -> dict[str, SearchRecord]:
    return {r.url: r for r in search_records(validated)}


@pytest.fixture(scope="module")
def bundle(validated: ValidatedAtlas) -> dict[str, bytes]:
    return index_files(validated, site_pages(validated))


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No request log in the test output."""


@pytest.fixture(scope="module")
def served(bundle: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    site = tmp_path_factory.mktemp("search-site")
    for path, content in bundle.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(content)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site_url = f"http://127.0.0.1:{server.server_address[1]}"
    (site / "url.txt").write_text(site_url)
    yield site
    server.shutdown()
    thread.join()


def search(
    site: Path, lang: str, *searches: tuple[str | None, dict[str, str]]
) -> list[list[dict[str, Any]]]:
    """Run ``searches`` (query, filters) with the page language ``lang``; Chinese queries
    first go through the traditional-to-simplified map, as the search page does."""
    if lang.startswith("zh"):
        data = (site / "pagefind" / "zh-hans" / "atlas-search.json").read_text(encoding="utf-8")
        mapping = json.loads(data)["simplified"]
        searches = tuple(
            (han_query("".join(mapping.get(c, c) for c in q)) if q else q, f) for q, f in searches
        )
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node is needed to run Pagefind's search code")
        pytest.skip("node is not installed")
    site_url = (site / "url.txt").read_text()
    payload = json.dumps([{"query": q, "filters": f} for q, f in searches])
    done = subprocess.run(
        [
            node,
            str(QUERY_SCRIPT),
            str(site / "pagefind" / lang),
            f"{site_url}/pagefind/{lang}/",
            "x-han" if lang.startswith("zh") else lang,  # as the search page starts Pagefind
            payload,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    results: list[list[dict[str, Any]]] = json.loads(done.stdout)
    for found in results:
        for result in found:
            result["url"] = result["url"].removeprefix(site_url)
            for sub in result["sub_results"]:
                sub["url"] = sub["url"].removeprefix(site_url)
    return results


def han_query(run: str) -> str:
    """A run of Chinese characters as the search page asks Pagefind for it: up to SHINGLE
    characters one word, a longer run the exact phrase of its shingles."""
    if len(run) <= SHINGLE:
        return run
    return '"' + " ".join(run[i : i + SHINGLE] for i in range(len(run) - SHINGLE + 1)) + '"'


def _han_sections(result: dict[str, Any], run: str) -> list[str]:
    """The anchors of the sections of a page where the Chinese ``run`` occurs, found in the
    page's words (each shingle standing for its first character) as the search page does."""
    words = result["content"].split()
    firsts = [w[0] if HAN.match(w) else "" for w in words]
    anchors = sorted(result["anchors"], key=lambda a: a["location"])
    found: list[str] = []
    for at in range(len(words) - len(run) + 1):
        if firsts[at : at + len(run)] == list(run):
            before = [a["id"].partition("~")[0] for a in anchors if a["location"] <= at]
            after = [a["location"] for a in anchors if a["location"] > at]
            anchor = before[-1] if before else ""
            if at + len(run) <= (after[0] if after else len(words)) and anchor not in found:
                found.append(anchor)
    return found


def records_of(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """What a page's entry says of each of its records (its anchor ids after the ``~``)."""
    records: dict[str, dict[str, Any]] = {}
    for anchor, tilde, encoded in (a["id"].partition("~") for a in result["anchors"]):
        if not tilde:
            continue
        info: dict[str, Any] = records.setdefault(anchor, {})
        for key, _, value in (pair.partition("=") for pair in encoded.split(";") if pair):
            if key in ("type", "theme", "year"):
                info.setdefault(key, []).append(unquote(value))
            else:
                info[key] = unquote(value)
    return records


def urls(
    found: list[dict[str, Any]],
    filters: dict[str, str] | None = None,
    *,
    query: str | None = "",
) -> list[str]:
    """The records the search page lists for ``found``, as assets/js/search.js picks them:
    of each page, the sections where the Chinese ``query`` occurs or (for another query)
    Pagefind's sub-results, every record of the page for a search by filters only
    (``query=None``); of those, the ones whose own type, theme and year answer
    ``filters``."""
    listed = []
    for result in found:
        records = records_of(result)
        if query is None:
            anchors = list(records)
        elif HAN.match(query):
            anchors = _han_sections(result, query)
        else:
            anchors = [s["url"].partition("#")[2].partition("~")[0] for s in result["sub_results"]]
        for anchor in anchors:
            info = records.get(anchor, {})
            if all(
                value in info.get(name, [])
                for name, value in (filters or {}).items()
                if name in ("type", "theme", "year")
            ):
                listed.append(result["url"] + (f"#{anchor}" if anchor else ""))
    return listed


# --- records -------------------------------------------------------------------------


def test_every_record_has_a_search_record_in_each_language(
    records: dict[str, SearchRecord], validated: ValidatedAtlas
) -> None:
    for region in validated.atlas.regions:
        anchors = [f"goal-{g.id}" for g in region.goals]
        anchors += [f"status-{s.id}" for s in region.status]
        anchors += [f"phase-{p.id}" for p in region.phases]
        anchors += [f"milestone-{ms.id}" for p in region.phases for ms in p.milestones]
        anchors += [f"measure-{ms.id}" for ms in region.measures]
        for root, language in (("/", "x-han"), ("/en/", "en")):
            page = f"{root}regions/{region.id}/"
            expected = [
                page,
                *(f"{page}#{a}" for a in anchors),
                *(f"{page}sources/{d.id}/" for d in region.documents),
            ]
            for url in expected:
                assert records[url].language == language, url
    per_language = len(records) // 2
    assert per_language == sum(1 for r in records.values() if r.language == "en")


def test_records_carry_the_filters_and_metadata_the_search_page_shows(
    records: dict[str, SearchRecord],
) -> None:
    goal = records["/regions/heshui/#goal-pilot-schools"]
    assert goal.filters == {
        "province": ["甘肃省"],
        "region": ["合水县"],
        "level": ["县"],
        "theme": ["试点示范与应用场景"],
        "type": ["目标"],
        "year": ["2026"],
    }
    assert goal.meta["kind"] == "实施方案" and goal.meta["date"] == "2026年7月"
    english = records["/en/regions/suixi/#status-student-terminals"]
    assert english.filters["type"] == ["Status figure"]
    assert english.meta == {
        "title": "The county has 37,849 student devices.",
        "region": "Suixi County",
        "type": "Status figure",
        "date": "13 August 2025",
        "kind": "Reply to a proposal",
        "figure": "37,849 devices",
    }
    phase = records["/regions/heshui/#phase-implementation"]
    assert phase.filters["year"] == ["2025", "2026"]
    source = records["/en/regions/chengdu/sources/scenario-plan-summary/"]
    assert source.filters["year"] == ["2025", "2026", "2027"]


def test_chinese_records_are_indexed_in_simplified_characters(
    records: dict[str, SearchRecord],
) -> None:
    goal = records["/regions/chengdu/#goal-scenarios-per-year"].content
    assert "每 年 培 育 并 推 广 80 个 左 右 基 础 教 育 学 校" in shown_words(goal)
    assert "每年培 年培育 培育并 育并推 并推广 推广 广 80" in goal  # shingles of three
    assert "廣" not in goal
    english = records["/en/regions/chengdu/#goal-scenarios-per-year"].content
    assert "application scenarios" in english


def test_a_source_record_holds_the_text_its_records_do_not_quote(
    records: dict[str, SearchRecord], validated: ValidatedAtlas
) -> None:
    source = shown_words(records["/regions/heshui/sources/implementation-plan/"].content)
    source = source.replace(" ", "")
    assert "成立1至2个县级AI教育名师工作室" not in source  # quoted by a goal
    assert "加快推进人工智能赋能教育行动的实施方案" in source
    assert "坚持以立德树人为根本任务" in validated.sources[("heshui", "implementation-plan")]
    assert "坚持以立德树人为根本任务" in source  # quoted by no record


def test_chinese_is_indexed_as_shingles_and_in_simplified_form() -> None:
    indexed = index_words("AI教育 2026年,数据治理")
    assert indexed == "AI 教育 育 2026 年 , 数据治 据治理 治理 理"
    assert shown_words(indexed) == "AI 教 育 2026 年 , 数 据 治 理"
    assert simplified("數據") == "数据" and simplified("数据") == "数据"
    assert unquoted_text("甲乙 丙丁。戊,己", ["乙丙", "戊"]) == "甲 … 丁 … 己"


def test_the_query_map_turns_traditional_characters_into_simplified() -> None:
    mapping = traditional_to_simplified(["数据治理", "應用"])
    assert mapping == {"數": "数", "據": "据", "應": "应"}


def test_the_bundle_carries_the_query_map_and_the_filter_values(
    bundle: dict[str, bytes], records: dict[str, SearchRecord]
) -> None:
    chinese = json.loads(bundle["pagefind/zh-hans/atlas-search.json"])
    mapping = chinese["simplified"]
    assert mapping["數"] == "数" and mapping["學"] == "学" and mapping["場"] == "场"
    assert all(len(k) == 1 and len(v) == 1 for k, v in mapping.items())
    assert chinese["filters"]["type"]["目标"] == 4
    # The region menu's values, which grow with the atlas, load only when the reader
    # reaches for that menu.
    assert "region" not in chinese["filters"]
    regions = json.loads(bundle["pagefind/zh-hans/atlas-search-regions.json"])
    assert regions["filters"]["region"] == {"合水县": 10, "成都市": 5, "濉溪县": 5}
    english = json.loads(bundle["pagefind/en/atlas-search.json"])
    assert "simplified" not in english
    english_regions = json.loads(bundle["pagefind/en/atlas-search-regions.json"])
    assert sum(english_regions["filters"]["region"].values()) == len(records) // 2


def test_records_of_pages_the_site_lacks_are_left_out(validated: ValidatedAtlas) -> None:
    pages = site_pages(validated)
    del pages["en/regions/suixi/sources/reply-to-proposal-20/index.html"]
    bundle = index_files(validated, pages)
    counts = {lang: page_counts(bundle, lang) for lang in ("zh-hans-sources", "en-sources")}
    assert counts["zh-hans-sources"] == {"x-han": counts["en-sources"]["en"] + 1}


def page_counts(bundle: dict[str, bytes], lang: str) -> dict[str, int]:
    entry = json.loads(bundle[f"pagefind/{lang}/pagefind-entry.json"])
    return {name: info["page_count"] for name, info in entry["languages"].items()}


def test_a_page_is_one_entry_with_each_record_an_anchored_section(
    records: dict[str, SearchRecord],
) -> None:
    entries = {(p.language, p.url): p for p in search_pages(records.values())}
    heshui = entries[("x-han", "/regions/heshui/")]
    tree = parse(heshui.html)
    anchors = [str(h.get("id")).partition("~")[0] for h in all_of(tree, "h2")]
    expected = [u.partition("#")[2] for u in records if u.startswith("/regions/heshui/#")]
    assert anchors == expected and "goal-master-studios" in anchors
    spans = all_of(tree, "span")
    meta = {str(e.get("data-pagefind-meta")): e.get("data-v") for e in spans}
    assert meta["title[data-v]"] == "合水县"
    listed = records_of({"anchors": [{"id": e.get("id")} for e in tree.iter() if e.get("id")]})
    assert listed["goal-pilot-schools"]["type"] == ["目标"]
    assert listed["goal-pilot-schools"]["year"] == ["2026"]
    assert listed[""]["type"] == ["地区"]  # the page's own record
    types = {e.get("data-v") for e in spans if e.get("data-pagefind-filter") == "type[data-v]"}
    assert {"目标", "阶段", "节点", "举措", "地区"} <= types  # the union of its records' types
    assert entries[("en", "/en/regions/heshui/sources/implementation-plan/")]


def test_a_page_goes_to_the_source_texts_bundle_by_what_it_is_not_its_address() -> None:
    # A region may be called "sources": its page, /regions/sources/, holds records.
    def record(url: str, kind: str) -> SearchRecord:
        return SearchRecord(url=url, language="en", content="x", meta={"title": "x"}, kind=kind)

    pages = search_pages(
        [
            record("/regions/sources/", "region"),
            record("/regions/sources/#goal-a", "goal"),
            record("/regions/sources/sources/plan/", "source"),
        ]
    )
    assert {p.url: p.source_text for p in pages} == {
        "/regions/sources/": False,
        "/regions/sources/sources/plan/": True,
    }


# --- the bundle ------------------------------------------------------------------------


def test_each_language_has_a_bundle_of_pagefinds_api_and_its_index_only(
    bundle: dict[str, bytes], records: dict[str, SearchRecord]
) -> None:
    folders = ("zh-hans/", "en/", "zh-hans-sources/", "en-sources/")
    assert all(path.startswith(tuple(f"pagefind/{f}" for f in folders)) for path in bundle)
    for needed in (
        "zh-hans/pagefind.js",
        "zh-hans/wasm.unknown.pagefind",
        "zh-hans-sources/pagefind.js",
        "en/pagefind.js",
        "en/wasm.en.pagefind",
        "en-sources/wasm.en.pagefind",
        "en/atlas-search.json",
    ):
        assert f"pagefind/{needed}" in bundle
    assert not [p for p in bundle if "-ui" in p or "highlight" in p or "playground" in p]
    # One entry per page, its records its sections: region pages in the records' bundle,
    # source pages in the source texts' bundle.
    pages = {url.split("#")[0] for url in records}
    sources = {page for page in pages if "/sources/" in page}
    assert page_counts(bundle, "zh-hans") == {"x-han": len(pages - sources) // 2}
    assert page_counts(bundle, "en") == {"en": len(pages - sources) // 2}
    assert page_counts(bundle, "zh-hans-sources") == {"x-han": len(sources) // 2}
    assert json.loads(bundle["pagefind/en/pagefind-entry.json"])["version"] == PAGEFIND_VERSION


def test_a_regions_search_records_are_made_again_only_when_it_changes(
    validated: ValidatedAtlas, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = BuildCache(tmp_path)
    made: list[str] = []
    real = region_search_records

    def counted(*args: Any) -> dict[str, list[SearchRecord]]:
        made.append(args[1].id)
        return real(*args)

    monkeypatch.setattr(indexer, "region_search_records", counted)
    first = index_files(validated, site_pages(validated), cache)
    assert sorted(made) == sorted(r.id for r in validated.atlas.regions)
    made.clear()
    assert index_files(validated, site_pages(validated), cache) == first and made == []
    edited = replace(validated, region_digests={**validated.region_digests, "heshui": "edited"})
    assert index_files(edited, site_pages(validated), cache) == first
    assert made == ["heshui"]


def test_two_builds_of_the_index_are_byte_identical(
    bundle: dict[str, bytes], validated: ValidatedAtlas
) -> None:
    assert index_files(validated, site_pages(validated)) == bundle


# --- searching -------------------------------------------------------------------------


def test_chinese_phrases_find_the_records_that_contain_them(served: Path) -> None:
    studios, heshui, none = search(
        served,
        "zh-hans",
        ("名师工作室", {}),
        ("合水", {"type": "地区"}),
        ("工作名师", {}),
    )
    studio_urls = urls(studios, query="名师工作室")
    assert "/regions/heshui/#goal-master-studios" in studio_urls
    assert all(u.startswith("/regions/") for u in studio_urls)
    assert urls(heshui, {"type": "地区"}, query="合水") == ["/regions/heshui/"]
    assert none == []


def test_the_source_texts_have_a_bundle_of_their_own(served: Path) -> None:
    # A passage of a source that no record quotes: only the source texts' bundle holds it,
    # which the search page asks only when the reader wants the full texts searched too.
    passage = "坚持以立德树人为根本任务"
    (records,) = search(served, "zh-hans", (passage, {}))
    (texts,) = search(served, "zh-hans-sources", (passage, {}))
    assert records == []
    assert urls(texts, query=passage) == ["/regions/heshui/sources/implementation-plan/"]


def test_simplified_and_traditional_find_each_other(served: Path) -> None:
    simplified, traditional = search(
        served, "zh-hans", ("应用场景", {"region": "成都市"}), ("智慧學校", {})
    )
    assert "/regions/chengdu/#goal-scenarios-per-year" in urls(simplified, query="应用场景")
    assert "/regions/suixi/#status-smart-schools" in urls(traditional, query="智慧学校")


def test_filters_narrow_the_results(served: Path) -> None:
    everything, status, year = search(
        served,
        "zh-hans",
        ("学校", {}),
        ("学校", {"type": "现状数据"}),
        (None, {"year": "2027"}),
    )
    status_urls = urls(status, {"type": "现状数据"}, query="学校")
    assert len(status_urls) < len(urls(everything, query="学校"))
    assert status_urls and all("#status-" in u for u in status_urls)
    year_urls = urls(year, {"year": "2027"}, query=None)
    assert "/regions/chengdu/#goal-scenarios-per-year" in year_urls
    assert "/regions/heshui/#goal-pilot-schools" not in year_urls


def test_english_pages_search_the_english_records(served: Path) -> None:
    (teachers,) = search(served, "en", ("teachers", {}))
    assert "/en/regions/heshui/#goal-platform-activity" in urls(teachers)
    assert all(u.startswith("/en/") for u in urls(teachers))


# --- the built site ------------------------------------------------------------------------


def test_every_search_result_of_the_built_site_lands_on_an_existing_anchor(
    built_site: BuiltSite,
) -> None:
    validated = load_atlas(FIXTURE)
    ids = re.compile(r'\bid="([^"]+)"')
    checked = 0
    for record in search_records(validated):
        page, _, anchor = record.url.lstrip("/").partition("#")
        html = built_site.text(page + "index.html")
        if anchor:
            assert anchor in ids.findall(html), record.url
            checked += 1
    assert checked > 20
    bundle = [p for p in built_site.files() if p.startswith("pagefind/")]
    assert "pagefind/zh-hans/atlas-search.json" in bundle
    assert "pagefind/en/pagefind.js" in bundle


def test_the_search_page_is_a_get_form_with_labelled_filters(built_site: BuiltSite) -> None:
    for path, lang in (("search/index.html", "zh-Hans"), ("en/search/index.html", "en")):
        html = built_site.text(path)
        assert f'<html lang="{lang}">' in html
        assert re.search(r'<form id="search-form"[^>]*method="get"', html)
        assert '<label for="search-q">' in html and 'name="q"' in html
        for name in ("region", "level", "theme", "type", "year"):
            assert f'<label for="search-filter-{name}">' in html
            assert f'name="{name}"' in html
        assert 'aria-live="polite"' in html
        assert re.search(r'<script type="module" src="/assets/js/search\.[0-9a-f]+\.js">', html)
        assert "<script>" not in html and "style=" not in html
