"""The data downloads, feeds and sitemap a reader or a crawler gets from the exports stage."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.exports.files import atom_timestamp, data_files, site_maps
from generator.load import model as m
from generator.load.validate import ValidatedAtlas, load_atlas
from tests.site_support import BuiltSite

FIXTURE = Path(__file__).parent / "fixtures" / "small-atlas"
BASE = "https://policy-atlas.netlify.app/"
ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
PAGES = [
    "index.html",
    "en/index.html",
    "404.html",
    "en/404.html",
    "regions/heshui/index.html",
    "en/regions/heshui/index.html",
    "regions/heshui/sources/implementation-plan/index.html",
    "en/regions/heshui/sources/implementation-plan/index.html",
    "search/index.html",
    "en/search/index.html",
]


@pytest.fixture(scope="module")
def validated() -> ValidatedAtlas:
    return load_atlas(FIXTURE)


@pytest.fixture(scope="module")
def files(validated: ValidatedAtlas) -> dict[str, bytes]:
    return export_files(validated)


def export_files(validated: ValidatedAtlas) -> dict[str, bytes]:
    return {**data_files(validated), **site_maps(validated.atlas.site, PAGES)}


def read_csv(files: dict[str, bytes], name: str) -> list[dict[str, str]]:
    raw = files[f"data/{name}.csv"]
    assert raw.startswith(b"\xef\xbb\xbf"), "a byte-order mark, for Excel on Windows"
    text = raw.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_atlas_json_is_the_atlas_and_each_region_validates_against_the_schema(
    files: dict[str, bytes], validated: ValidatedAtlas
) -> None:
    atlas = json.loads(files["data/atlas.json"])
    schema = json.loads(files["data/region.schema.json"])
    assert m.Atlas.model_validate(atlas, strict=False) == validated.atlas
    jsonschema.validate(atlas, json.loads(files["data/atlas.schema.json"]))
    assert [r["id"] for r in atlas["regions"]] == ["chengdu", "heshui", "suixi"]
    for region in atlas["regions"]:
        jsonschema.validate(region, schema)
    assert atlas["regions"][1]["reviewed"] == "2026-11-25"


@pytest.mark.parametrize("kind", ["region", "atlas"])
def test_schema_downloads_are_the_published_schemas(files: dict[str, bytes], kind: str) -> None:
    published = Path(__file__).parents[1] / "schema" / f"{kind}.schema.json"
    assert files[f"data/{kind}.schema.json"] == published.read_bytes()


def test_every_record_is_one_csv_row(files: dict[str, bytes], validated: ValidatedAtlas) -> None:
    regions = validated.atlas.regions
    expected = {
        "regions": len(regions),
        "documents": sum(len(r.documents) for r in regions),
        "goals": sum(len(r.goals) for r in regions),
        "status": sum(len(r.status) for r in regions),
        "phases": sum(len(r.phases) for r in regions),
        "milestones": sum(len(p.milestones) for r in regions for p in r.phases),
        "measures": sum(len(r.measures) for r in regions),
    }
    assert all(expected.values())
    for name, count in expected.items():
        assert len(read_csv(files, name)) == count, name


def test_goal_rows_carry_bilingual_text_target_and_document_kind(files: dict[str, bytes]) -> None:
    goals = {(g["region"], g["id"]): g for g in read_csv(files, "goals")}
    studios = goals[("heshui", "master-studios")]
    assert studios["statement_zh"] == "成立1至2个县级AI教育名师工作室。"
    assert studios["statement_en"].startswith("Set up one or two")
    assert (studios["value"], studios["value_max"], studios["unit_en"]) == ("1", "2", "studios")
    assert (studios["document_kind"], studios["kind_rank"]) == ("implementation-plan", "2")
    assert studios["url_en"] == f"{BASE}en/regions/heshui/#goal-master-studios"
    chengdu = goals[("chengdu", "scenarios-per-year")]
    assert (chengdu["comparator"], chengdu["per_en"], chengdu["kind_rank"]) == (
        "about",
        "per year",
        "3",
    )


def test_status_rows_say_they_come_from_a_reply(files: dict[str, bytes]) -> None:
    rows = read_csv(files, "status")
    assert {r["document_kind"] for r in rows} == {"reply-to-proposal"}
    terminals = next(r for r in rows if r["id"] == "student-terminals")
    assert (terminals["value"], terminals["as_of"], terminals["kind_rank"]) == (
        "37849",
        "2025-08-13",
        "4",
    )


def test_documents_and_regions_rows(files: dict[str, bytes]) -> None:
    documents = {d["region"]: d for d in read_csv(files, "documents")}
    assert documents["chengdu"]["language"] == "zh-Hant"
    assert documents["suixi"]["sets_targets"] == "false"
    assert documents["heshui"]["url_zh"] == (f"{BASE}regions/heshui/sources/implementation-plan/")
    regions = {r["id"]: r for r in read_csv(files, "regions")}
    assert regions["heshui"]["parent_zh"] == "甘肃省 / 庆阳市"
    assert (regions["heshui"]["goals"], regions["heshui"]["milestones"]) == ("3", "1")
    # 副省级 is Chengdu's status, not a level: the level is the code's (prefecture)
    assert regions["chengdu"]["level_name_en"] == "Prefecture-level city"


def _check_cell(field: dict[str, Any], value: str) -> None:
    constraints = field.get("constraints", {})
    if value == "":
        assert not constraints.get("required"), field["name"]
        return
    kind = field["type"]
    if kind == "integer":
        int(value)
    elif kind == "number":
        float(value)
    elif kind == "boolean":
        assert value in ("true", "false")
    elif kind == "array":
        assert isinstance(json.loads(value), list)
    pattern = constraints.get("pattern")
    if pattern:
        assert re.fullmatch(str(pattern), value), (field["name"], value)
    if field.get("format") == "uri":
        assert value.startswith(("https://", "http://")), (field["name"], value)


def test_datapackage_describes_every_csv_with_a_table_schema(files: dict[str, bytes]) -> None:
    package = json.loads(files["data/datapackage.json"])
    assert package["profile"] == "tabular-data-package"
    assert package["licenses"][0]["path"].startswith("https://creativecommons.org/")
    csvs = sorted(p.removeprefix("data/") for p in files if p.endswith(".csv"))
    assert sorted(r["path"] for r in package["resources"]) == csvs
    for resource in package["resources"]:
        assert (resource["format"], resource["encoding"]) == ("csv", "utf-8")
        fields = resource["schema"]["fields"]
        text = files[f"data/{resource['path']}"].decode("utf-8-sig")
        header, *rows = list(csv.reader(io.StringIO(text, newline="")))
        assert header == [f["name"] for f in fields]
        for row in rows:
            for field, value in zip(fields, row, strict=True):
                _check_cell(field, value)
        keys = [
            tuple(row[header.index(k)] for k in resource["schema"]["primaryKey"]) for row in rows
        ]
        assert len(keys) == len(set(keys)), resource["name"]


def test_foreign_keys_resolve(files: dict[str, bytes]) -> None:
    package = json.loads(files["data/datapackage.json"])
    for resource in package["resources"]:
        for key in resource["schema"].get("foreignKeys", []):
            fields = key["fields"] if isinstance(key["fields"], list) else [key["fields"]]
            ref = key["reference"]
            ref_fields = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
            targets = {tuple(r[f] for f in ref_fields) for r in read_csv(files, ref["resource"])}
            for row in read_csv(files, resource["name"]):
                assert tuple(row[f] for f in fields) in targets


def test_atom_feeds_have_an_entry_per_region_newest_review_first(
    files: dict[str, bytes],
) -> None:
    for path, prefix, heshui_title in (
        ("feed.xml", "", "合水县 (甘肃省 / 庆阳市)"),
        ("en/feed.xml", "en/", "Heshui County (Gansu Province / Qingyang City)"),
    ):
        feed = ET.fromstring(files[path])
        assert feed.tag == f"{ATOM}feed"
        assert feed.findtext(f"{ATOM}updated") == "2026-11-25T00:00:00Z"
        entries = feed.findall(f"{ATOM}entry")
        assert [e.findtext(f"{ATOM}id") for e in entries] == [
            f"{BASE}{prefix}regions/{rid}/" for rid in ("heshui", "chengdu", "suixi")
        ]
        assert entries[0].findtext(f"{ATOM}title") == heshui_title
        assert entries[2].findtext(f"{ATOM}updated") == "2026-11-20T00:00:00Z"
        link = entries[0].find(f"{ATOM}link")
        assert link is not None and link.get("href") == f"{BASE}{prefix}regions/heshui/"


def test_partial_review_dates_become_atom_timestamps() -> None:
    assert atom_timestamp("2026") == "2026-01-01T00:00:00Z"
    assert atom_timestamp("2026-07") == "2026-07-01T00:00:00Z"
    assert atom_timestamp("2026-07-31") == "2026-07-31T00:00:00Z"


def test_sitemap_lists_every_page_but_404_with_language_alternates(
    files: dict[str, bytes],
) -> None:
    urlset = ET.fromstring(files["sitemap.xml"])
    urls = {u.findtext(f"{SM}loc"): u for u in urlset.findall(f"{SM}url")}
    assert len(urls) == len(PAGES) - 2
    assert f"{BASE}404.html" not in urls
    region = urls[f"{BASE}en/regions/heshui/"]
    links = {link.get("hreflang"): link.get("href") for link in region.findall(f"{XHTML}link")}
    assert links == {
        "zh-Hans": f"{BASE}regions/heshui/",
        "en": f"{BASE}en/regions/heshui/",
        "x-default": f"{BASE}regions/heshui/",
    }
    assert f"{BASE}" in urls and f"{BASE}en/search/" in urls


def test_robots_txt_points_at_the_sitemap(files: dict[str, bytes]) -> None:
    assert f"Sitemap: {BASE}sitemap.xml" in files["robots.txt"].decode().splitlines()


def test_exports_are_deterministic(validated: ValidatedAtlas) -> None:
    first = {**data_files(validated), **site_maps(validated.atlas.site, PAGES)}
    again = load_atlas(FIXTURE)
    second = {**data_files(again), **site_maps(again.atlas.site, list(reversed(PAGES)))}
    assert first == second


def test_the_built_sites_sitemap_lists_every_page_it_has(built_site: BuiltSite) -> None:
    urlset = ET.fromstring(built_site.read("sitemap.xml"))
    listed = {u.findtext(f"{SM}loc") for u in urlset.findall(f"{SM}url")}
    # embed pages (a chart alone, noindex) are for other sites to frame, not to be found
    pages = [
        p
        for p in built_site.html_paths()
        if not p.endswith("404.html") and not p.removeprefix("en/").startswith("embed/")
    ]
    expected = {BASE + (p[: -len("index.html")] if p.endswith("index.html") else p) for p in pages}
    assert listed == expected
    for name in ("atlas.json", "datapackage.json", "goals.csv", "region.schema.json"):
        assert (built_site.root / "data" / name).is_file()
    assert ET.fromstring(built_site.read("en/feed.xml")).tag == f"{ATOM}feed"
