"""The static JSON API under /api/v1/: every file follows its schema, the index lists them
all, the OpenAPI document names every path, and netlify.toml serves them openly."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from generator.exports import api
from generator.serve.netlify_config import load_netlify_config
from tests.site_support import BuiltSite

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def api_files(built_site: BuiltSite) -> dict[str, object]:
    return {
        path: json.loads(content)
        for path, content in built_site.files().items()
        if path.startswith("api/v1/")
    }


def test_every_api_file_validates_against_its_schema(api_files: dict[str, object]) -> None:
    schema = api_files["api/v1/schema.json"]
    assert isinstance(schema, dict)
    jsonschema.Draft7Validator.check_schema(schema)
    checked = 0
    for path, data in api_files.items():
        if path in ("api/v1/schema.json", "api/v1/openapi.json"):
            continue
        definition = {"$ref": f"#/definitions/{api.schema_for(path)}", **schema}
        jsonschema.Draft7Validator(definition).validate(data)
        checked += 1
    assert checked == len(api_files) - 2 >= 10


def test_a_file_that_breaks_its_schema_is_caught(api_files: dict[str, object]) -> None:
    schema = api_files["api/v1/schema.json"]
    assert isinstance(schema, dict)
    region = dict(api_files["api/v1/regions/heshui.json"])  # type: ignore[call-overload]
    region["deadline_states"] = {"pilot-schools": "overdue"}
    validator = jsonschema.Draft7Validator({"$ref": "#/definitions/RegionFile", **schema})
    assert not validator.is_valid(region)


def test_the_index_lists_every_region_indicator_and_document(
    api_files: dict[str, object], built_site: BuiltSite
) -> None:
    index = api_files["api/v1/index.json"]
    assert isinstance(index, dict)
    listed = {
        e["path"].lstrip("/")
        for kind in ("regions", "indicators", "documents")
        for e in index[kind]
    }
    data_files = set(api_files) - {"api/v1/index.json", "api/v1/schema.json", "api/v1/openapi.json"}
    assert listed == data_files
    assert {e["id"] for e in index["regions"]} == {"chengdu", "heshui", "suixi"}
    assert "heshui/implementation-plan" in {e["id"] for e in index["documents"]}


def test_region_file_carries_version_review_date_and_deadline_states(
    api_files: dict[str, object],
) -> None:
    heshui = api_files["api/v1/regions/heshui.json"]
    assert isinstance(heshui, dict)
    assert heshui["review_date"] == "2026-11-25"
    assert set(heshui["deadline_states"].values()) == {"passed-no-outcome"}
    assert heshui["region"]["id"] == "heshui"
    document = api_files["api/v1/documents/heshui/implementation-plan.json"]
    assert isinstance(document, dict)
    assert "goal-pilot-schools" in document["records"]


def test_openapi_names_every_kind_of_file(api_files: dict[str, object]) -> None:
    spec = api_files["api/v1/openapi.json"]
    assert isinstance(spec, dict)
    assert spec["openapi"].startswith("3.1")
    assert set(spec["paths"]) == set(api.SCHEMA_OF)
    definitions = api_files["api/v1/schema.json"]["definitions"]  # type: ignore[index]
    for operation in spec["paths"].values():
        ref = operation["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        assert ref.split("/")[-1] in definitions


def test_netlify_serves_the_api_to_any_origin_with_an_hour_of_caching() -> None:
    headers = load_netlify_config(REPO / "netlify.toml").headers_for("/api/v1/regions/heshui.json")
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert headers["Cache-Control"] == "public, max-age=3600"
