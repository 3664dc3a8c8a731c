"""The JSON Schemas editors and data users get, held to the validator's contract.

schema/region.schema.json (for yaml-language-server in an editor) and
schema/atlas.schema.json (for /data/atlas.json) are generated from the model; the
committed files must be what the generator makes, every valid file must pass them,
and a mistake the schema can see must be rejected by both the schema and `atlas validate`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft7Validator

from generator.cli import main
from generator.errors import Problem
from generator.exports.schema import DRAFT_07, SCHEMAS, schema_text
from generator.load.loader import load_yaml
from tests.validation_support import ROOT, SMALL_ATLAS, TESTS, case_content

SCHEMA_DIR = ROOT / "schema"
INVALID = TESTS / "fixtures" / "invalid"
REGION_FILES = sorted(
    [
        *SMALL_ATLAS.glob("regions/*.yaml"),
        *(ROOT / "data").glob("regions/*.yaml"),
        *(TESTS / "fixtures" / "valid").glob("*.yaml"),
    ]
)
# mistakes a schema can see: shapes, types, patterns, unknown and missing fields
SCHEMA_VISIBLE = [
    "unknown-field-typo",
    "unknown-field-nested",
    "missing-required-field",
    "text-not-bilingual",
    "text-empty-chinese",
    "list-expected",
    "id-not-a-slug",
    "comparator-unknown",
    "url-not-web-address",
    "documents-empty",
    "number-quoted",
    "number-octal",
    "number-leading-zero",
    "number-sexagesimal",
    "number-with-unit",
    "date-slashes",
    "date-chinese",
    "date-unquoted-year",
    "text-with-comma-in-braces",
]
# mistakes only the validator can see: references, sources, quotes, real dates
VALIDATOR_ONLY = [
    "unknown-theme",
    "unknown-goal-in-measure",
    "quote-not-in-source",
    "target-not-in-quote",
    "date-impossible-unquoted",
    "date-not-a-leap-year",
    "phase-ends-before-start",
    "duplicate-goal-id",
    "source-text-missing",
]


def _schema(kind: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text("utf-8"))
    return loaded


def _yaml(path: Path) -> Any:
    problems: list[Problem] = []
    loaded = load_yaml(path, path.name, dict, problems)
    assert loaded is not None and not problems, problems
    return loaded.data


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _expected_field(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.match(r"^# expect: [^:]+:\d+:\d+: (?P<field>[^:]+?): ", first)
    assert match, first
    return match["field"]


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_committed_schema_is_up_to_date(kind: str) -> None:
    committed = (SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(kind), (
        f"schema/{kind}.schema.json is out of date with generator/load/model.py: "
        "run `atlas schema` and commit the result"
    )


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_schema_is_draft_07_with_resolving_references(kind: str) -> None:
    schema = _schema(kind)
    assert schema["$schema"] == DRAFT_07
    assert schema["title"] and schema["description"]
    assert "$defs" not in json.dumps(schema)
    Draft7Validator.check_schema(schema)
    refs = set(_refs(schema))
    assert refs, "the schema should share its definitions"
    for ref in refs:
        assert ref.startswith("#/definitions/"), ref
        assert ref.removeprefix("#/definitions/") in schema["definitions"], ref


def test_every_record_kind_has_a_definition() -> None:
    definitions = _schema("region")["definitions"]
    assert {
        "Document",
        "Goal",
        "Status",
        "Phase",
        "Milestone",
        "Measure",
        "Quantity",
        "Text",
        "Period",
        "Outcome",
    } <= set(definitions)
    goal = definitions["Goal"]
    assert goal["additionalProperties"] is False
    assert {"id", "document", "theme", "statement", "deadline", "quote"} <= set(goal["required"])


def test_the_command_writes_the_committed_files(tmp_path: Path) -> None:
    target = tmp_path / "region.json"
    result = CliRunner().invoke(main, ["schema", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == (SCHEMA_DIR / "region.schema.json").read_text(
        encoding="utf-8"
    )
    printed = CliRunner().invoke(main, ["schema", "--of", "atlas", "-o", "-"])
    assert json.loads(printed.stdout) == _schema("atlas")


@pytest.mark.parametrize(
    "path", REGION_FILES, ids=[f"{p.parent.name}/{p.name}" for p in REGION_FILES]
)
def test_valid_region_files_pass_the_schema(path: Path) -> None:
    errors = sorted(Draft7Validator(_schema("region")).iter_errors(_yaml(path)), key=str)
    assert not errors, [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]


def test_editor_modelines_point_at_the_schema() -> None:
    for path in REGION_FILES:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if first.startswith("# yaml-language-server: $schema="):
            target = (path.parent / first.split("=", 1)[1]).resolve()
            assert target == (SCHEMA_DIR / "region.schema.json").resolve(), path


@pytest.mark.parametrize("data", [SMALL_ATLAS, ROOT / "data"], ids=["fixture", "real-data"])
def test_atlas_export_passes_the_atlas_schema(data: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--data", str(data)])
    assert result.exit_code == 0, result.output
    exported = json.loads(result.stdout)
    assert exported["regions"], "the export should hold regions"
    errors = list(Draft7Validator(_schema("atlas")).iter_errors(exported))
    assert not errors, [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:10]]


@pytest.mark.parametrize("case", SCHEMA_VISIBLE)
def test_schema_and_validator_reject_the_same_mistake(case: str, tmp_path: Path) -> None:
    """The corpus test shows `atlas validate` rejects the case at its field; the schema
    must reject it too, at that field or the record holding it."""
    path = tmp_path / f"{case}.yaml"
    path.write_bytes(case_content(INVALID / f"{case}.case"))
    field = _expected_field(path).split(".")
    errors = list(Draft7Validator(_schema("region")).iter_errors(_yaml(path)))
    assert errors, f"the schema accepts {case}, which the validator rejects"
    paths = [[str(part) for part in error.absolute_path] for error in errors]
    assert any(field[: len(p)] == p for p in paths), (field, paths)


@pytest.mark.parametrize("case", VALIDATOR_ONLY)
def test_the_schema_leaves_meaning_to_the_validator(case: str, tmp_path: Path) -> None:
    """What no schema can check (references, quotes, calendars) passes the schema: it is
    never stricter than the validator, so an editor is never told a valid file is wrong."""
    path = tmp_path / f"{case}.yaml"
    path.write_bytes(case_content(INVALID / f"{case}.case"))
    errors = list(Draft7Validator(_schema("region")).iter_errors(_yaml(path)))
    assert not errors, [e.message for e in errors]
