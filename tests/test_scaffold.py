"""`atlas new region`: a scaffold that validates as it is, guides the editor, never overwrites."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.editor.scaffold import ScaffoldError, read_codebook, scaffold_region
from generator.errors import ValidationFailed
from generator.load import placeholders
from generator.load.validate import load_atlas

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "small-atlas"
HESHUI_SOURCE = FIXTURE / "sources" / "heshui" / "implementation-plan.txt"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURE, target)
    return target


def _problems(data_dir: Path, *, strict: bool) -> list[str]:
    try:
        result = load_atlas(data_dir, strict=strict)
    except ValidationFailed as exc:
        return [p.format() for p in exc.problems]
    return [p.format() for p in result.warnings]


PLACEHOLDER_FIELDS = ["name.zh", "name.en", "level", "documents.0.title.zh", "documents.0.title.en"]
PLACEHOLDER_FIELDS += ["documents.0.kind"]


def _fill_placeholders(text: str) -> str:
    """What an editor replaces: the placeholder name and title, and the marked choices."""
    text = text.replace("待填写地区名称", "新城县").replace(
        "Region name to fill in", "Newtown County"
    )
    text = text.replace("待填写文件标题", "新城县实施方案").replace(
        "Document title to fill in", "Plan"
    )
    return text.replace(f"  {placeholders.MARK}", "")


def test_fresh_scaffold_validates_with_warnings_for_the_empty_source_and_placeholders(
    data_dir: Path,
) -> None:
    made = scaffold_region(data_dir, "newtown", today=dt.date(2026, 11, 25))

    assert made.region_file == data_dir / "regions" / "newtown.yaml"
    assert made.source_file == data_dir / "sources" / "newtown" / "plan.txt"
    assert made.source_file.read_bytes() == b""
    result = load_atlas(data_dir)
    assert "newtown" in {r.id for r in result.atlas.regions}
    new_warnings = [p for p in result.warnings if "newtown" in p.path]
    assert [p.message for p in new_warnings if "placeholder" not in p.message] == [
        "sources/newtown/plan.txt is empty"
    ]
    placeholder_fields = [p.field for p in new_warnings if "placeholder" in p.message]
    assert sorted(placeholder_fields) == sorted(PLACEHOLDER_FIELDS)
    region = next(r for r in result.atlas.regions if r.id == "newtown")
    assert region.reviewed == "2026-11-25"
    assert region.documents[0].text == "plan.txt"
    # --strict turns those warnings into the errors of the new file, until replaced
    with pytest.raises(ValidationFailed) as failed:
        load_atlas(data_dir, strict=True)
    strict = [p for p in failed.value.problems if "newtown" in p.path]
    assert len(strict) == 1 + len(PLACEHOLDER_FIELDS)
    assert all(p.severity == "error" for p in strict)
    made.region_file.write_text(_fill_placeholders(made.region_file.read_text("utf-8")), "utf-8")
    with pytest.raises(ValidationFailed) as failed:
        load_atlas(data_dir, strict=True)
    assert [p.message for p in failed.value.problems if "newtown" in p.path] == [
        "sources/newtown/plan.txt is empty"
    ]


def test_scaffold_has_the_schema_modeline_and_lists_every_codebook_choice(data_dir: Path) -> None:
    text = scaffold_region(data_dir, "newtown").region_file.read_text(encoding="utf-8")

    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schema/region.schema.json"
    for codebook in ("levels", "document-kinds", "themes", "indicators"):
        for entry in read_codebook(data_dir / f"{codebook}.yaml"):
            assert re.search(
                rf"^\s*#\s+{re.escape(entry.id)}\s+{re.escape(entry.zh)} / ", text, re.MULTILINE
            ), f"{codebook} entry {entry.id} not listed"
    for field in ("issuer", "number", "published", "period", "url", "text", "notes", "parent"):
        assert re.search(rf"^\s*{field}:", text, re.MULTILINE), field


def _uncomment_examples(text: str) -> str:
    """What an editor does: replace `goals: []` by the commented example below it."""
    for key in ("goals", "phases", "measures"):
        block = re.search(rf"^{key}: \[\]\n((?:#.*\n)+)", text, re.MULTILINE)
        assert block is not None, f"no commented example for {key}"
        lines = [
            line[2:] if line.startswith("# ") else line[1:] for line in block.group(1).splitlines()
        ]
        text = text.replace(block.group(0), "\n".join(lines) + "\n")
    return text


def test_commented_examples_validate_once_uncommented(data_dir: Path) -> None:
    made = scaffold_region(data_dir, "newtown")
    shutil.copyfile(HESHUI_SOURCE, made.source_file)
    made.region_file.write_text(
        _fill_placeholders(_uncomment_examples(made.region_file.read_text("utf-8"))),
        encoding="utf-8",
    )

    region = next(r for r in load_atlas(data_dir).atlas.regions if r.id == "newtown")
    assert [g.id for g in region.goals] == ["pilot-schools"]
    assert [p.id for p in region.phases] == ["implementation"]
    assert [m.id for m in region.measures] == ["subject-ai-models"]
    assert region.phases[0].milestones[0].id == "first-training"
    assert not [p for p in _problems(data_dir, strict=True) if "newtown" in p]


def test_refuses_to_overwrite_an_existing_region(data_dir: Path) -> None:
    existing = data_dir / "regions" / "heshui.yaml"
    before = existing.read_bytes()

    with pytest.raises(ScaffoldError, match="already exists"):
        scaffold_region(data_dir, "heshui")
    assert existing.read_bytes() == before


@pytest.mark.parametrize(
    ("bad", "suggestion"),
    [
        ("New Town", "new-town"),
        ("HeShui", "heshui"),
        ("合水", None),
        ("a--b", "a-b"),
        ("-x", "x"),
    ],
)
def test_rejects_an_id_that_is_not_a_slug(data_dir: Path, bad: str, suggestion: str | None) -> None:
    with pytest.raises(ScaffoldError, match="not a valid region id") as err:
        scaffold_region(data_dir, bad)
    if suggestion:
        assert f"'{suggestion}'" in str(err.value)
    # nothing was created
    assert sorted(p.name for p in (data_dir / "regions").iterdir()) == sorted(
        p.name for p in (FIXTURE / "regions").iterdir()
    )


def test_keeps_a_source_text_pasted_before_the_region(data_dir: Path) -> None:
    sources = data_dir / "sources" / "laterton"
    sources.mkdir(parents=True)
    shutil.copyfile(HESHUI_SOURCE, sources / "reply-to-proposal-7.txt")

    made = scaffold_region(data_dir, "laterton")

    assert not made.source_created
    assert made.source_file.read_bytes() == HESHUI_SOURCE.read_bytes()
    region = next(r for r in load_atlas(data_dir).atlas.regions if r.id == "laterton")
    assert region.documents[0].id == "reply-to-proposal-7"
    assert region.documents[0].text == "reply-to-proposal-7.txt"
    left = [p for p in _problems(data_dir, strict=False) if "laterton" in p]
    assert left and all("scaffold's placeholder" in p for p in left)


def test_needs_an_atlas_data_folder(tmp_path: Path) -> None:
    with pytest.raises(ScaffoldError, match="not an atlas data folder"):
        scaffold_region(tmp_path, "newtown")
    assert not (tmp_path / "regions").exists()


def test_scaffold_matches_the_published_json_schema(data_dir: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema_file = ROOT / "schema" / "region.schema.json"
    if not schema_file.is_file():
        pytest.skip("schema/region.schema.json has not been generated yet")
    made = scaffold_region(data_dir, "newtown")
    from generator.load.loader import load_yaml

    loaded = load_yaml(made.region_file, "newtown.yaml", dict, [])
    assert loaded is not None
    jsonschema.validate(loaded.data, json.loads(schema_file.read_text(encoding="utf-8")))


def test_command_tells_the_next_steps_and_fails_cleanly(
    data_dir: Path, atlas_command: Path
) -> None:
    ok = subprocess.run(
        [str(atlas_command), "new", "region", "newtown", "--data", str(data_dir)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    for step in (
        "Paste the source document",
        "atlas validate --strict",
        "atlas serve",
        "/regions/newtown/",
        "CONTRIBUTING.md",
    ):
        assert step in ok.stdout

    again = subprocess.run(
        [str(atlas_command), "new", "region", "newtown", "--data", str(data_dir)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 1
    assert "already exists" in again.stderr
    assert "Traceback" not in again.stderr

    bad = subprocess.run(
        [str(atlas_command), "new", "region", "New Town", "--data", str(data_dir)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1
    assert "not a valid region id" in bad.stderr and "'new-town'" in bad.stderr
