"""The data package a researcher downloads: CSVs Excel reads as UTF-8, codebooks, Chinese
field descriptions, the derived deadline state, version and date, a deterministic zip,
and Open Graph previews with their image."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from generator.exports import ogimage, package
from generator.exports.citations import Edition
from generator.load import model as m
from generator.load.validate import ValidatedAtlas
from tests.html_support import parse
from tests.site_support import BuiltSite


def _rows(site: BuiltSite, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(site.read(f"data/{name}.csv").decode("utf-8-sig"))))


def test_every_csv_starts_with_a_byte_order_mark(built_site: BuiltSite) -> None:
    csvs = [p for p in built_site.files() if p.startswith("data/") and p.endswith(".csv")]
    assert len(csvs) >= 11
    for path in csvs:
        assert built_site.read(path).startswith(b"\xef\xbb\xbf"), path


def test_codebooks_let_a_reader_look_up_each_code(built_site: BuiltSite) -> None:
    indicators = {row["id"]: row for row in _rows(built_site, "codebook-indicators")}
    used = {row["indicator"] for row in _rows(built_site, "goals") if row["indicator"]}
    assert used <= set(indicators)
    assert all(indicators[code]["name_zh"] and indicators[code]["definition_en"] for code in used)
    kinds = {row["id"] for row in _rows(built_site, "codebook-document-kinds")}
    assert {row["document_kind"] for row in _rows(built_site, "goals")} <= kinds


def test_goals_carry_deadline_state_scope_and_basis(built_site: BuiltSite) -> None:
    goals = _rows(built_site, "goals")
    heshui = [g for g in goals if g["region"] == "heshui"]
    assert {g["deadline_state"] for g in heshui} == {"passed-no-outcome"}
    assert {g["basis"] for g in goals} == {"target"}
    assert {s["basis"] for s in _rows(built_site, "status")} == {"reached"}


def test_scope_is_the_bracketed_level_of_a_unit() -> None:
    from generator.exports.columns import unit_scope

    assert unit_scope(m.Text(zh="名(区级)", en="teachers (district level)")) == [
        "区级",
        "district level",
    ]
    assert unit_scope(m.Text(zh="所", en="schools")) == [None, None]


def test_datapackage_names_version_and_date_and_describes_fields_in_both_languages(
    built_site: BuiltSite,
) -> None:
    described = json.loads(built_site.read("data/datapackage.json"))
    assert described["version"] == "0+unknown" or "+" in described["version"]
    assert described["created"].startswith("2026-11-25")
    for resource in described["resources"]:
        for field in resource["schema"]["fields"]:
            assert field.get("description_zh"), (resource["name"], field["name"])


def test_the_release_zip_holds_the_package_and_a_readme_dated_by_the_release(
    built_site: BuiltSite,
) -> None:
    archive = zipfile.ZipFile(io.BytesIO(built_site.read(f"data/{package.ZIP_NAME}")))
    names = archive.namelist()
    assert names[0] == "README.txt" and "datapackage.json" in names and "goals.csv" in names
    assert all(info.date_time[:3] == (2026, 11, 25) for info in archive.infolist())
    readme = archive.read("README.txt").decode()
    assert "Dataset version" in readme and "数据集版本" in readme
    assert archive.read("goals.csv") == built_site.read("data/goals.csv")


def test_the_zip_is_the_same_bytes_for_the_same_release(small_atlas: ValidatedAtlas) -> None:
    edition = Edition(small_atlas.atlas.site, "0.1.0+abc", "2026-11-30", "2026-11-30")
    files = {"b.csv": b"x", "a.csv": b"y"}
    assert package.release_zip(files, edition) == package.release_zip(dict(files), edition)


def test_every_page_has_open_graph_and_twitter_tags(built_site: BuiltSite) -> None:
    for path in ("index.html", "en/regions/heshui/index.html", "en/timeline/index.html"):
        metas = {
            (e.get("property") or e.get("name")): e.get("content", "")
            for e in parse(built_site.read(path)).iter("meta")
        }
        assert metas["og:title"] and metas["og:description"] and metas["twitter:card"]
        assert metas["og:url"].endswith(path.removesuffix("index.html"))
        assert metas["og:image"].endswith(ogimage.PATH)
    image = built_site.read(ogimage.PATH)
    assert image.startswith(b"\x89PNG\r\n\x1a\n")
    assert image[16:24] == (1200).to_bytes(4, "big") + (630).to_bytes(4, "big")


def test_frictionless_validates_the_package(built_site: BuiltSite) -> None:
    from frictionless import validate

    report = validate(str(built_site.root / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
