"""Division codes and document citations: what the validator accepts and rejects, each
rejection located at its line and column, and the chain derived from the code."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.load.divisions import NATIONAL_CODE, classify, codebook_from_csv, load_codebook
from tests.validation_support import ROOT, parse_report

DATA = ROOT / "data"


def _validate(data: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", "--strict", "--data", str(data)])
    return result.exit_code, result.output


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the real data folder (eight regions) to break one thing in."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def _replace(path: Path, old: str, new: str) -> int:
    """Replace ``old`` once in ``path``; return the 1-based line it was on."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {path.name}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return line


def test_the_real_atlas_passes_strict_validation_with_eight_regions() -> None:
    code, output = _validate(DATA)
    assert code == 0, output
    assert "ok: 8 regions" in output


def test_codebook_holds_the_2024_list_with_34_province_level_divisions() -> None:
    codebook = load_codebook()
    assert codebook.year == 2024
    provinces = {d.name for d in codebook.provinces()}
    assert len(provinces) == 34
    assert {"台湾省", "香港特别行政区", "澳门特别行政区", "北京市"} <= provinces


@pytest.mark.parametrize(
    ("code", "name", "level", "kind", "chain"),
    [
        ("621024", "合水县", "county", "县", ["中华人民共和国", "甘肃省", "庆阳市"]),
        ("320411", "新北区", "district", "市辖区", ["中华人民共和国", "江苏省", "常州市"]),
        ("510100", "成都市", "prefecture", "地级市", ["中华人民共和国", "四川省"]),
        ("110000", "北京市", "province", "直辖市", ["中华人民共和国"]),
        ("110105", "朝阳区", "district", "市辖区", ["中华人民共和国", "北京市"]),
        ("429004", "仙桃市", "county", "县级市", ["中华人民共和国", "湖北省"]),
        ("152500", "锡林郭勒盟", "prefecture", "盟", ["中华人民共和国", "内蒙古自治区"]),
        ("810000", "香港特别行政区", "province", "特别行政区", ["中华人民共和国"]),
    ],
)
def test_level_type_and_chain_come_from_the_code(
    code: str, name: str, level: str, kind: str, chain: list[str]
) -> None:
    codebook = load_codebook()
    division = codebook.get(code)
    assert division is not None
    assert (division.name, division.level, division.type) == (name, level, kind)
    assert [d.name for d in codebook.chain(code)] == chain


def test_the_national_level_is_code_100000_enclosing_every_province() -> None:
    codebook = load_codebook()
    assert classify(NATIONAL_CODE, "中华人民共和国") == ("national", "国家")
    assert codebook.chain(NATIONAL_CODE) == []
    assert all(codebook.chain(d.code)[0].code == NATIONAL_CODE for d in codebook.provinces())


def test_a_code_listed_only_in_earlier_years_is_retired_with_its_last_year() -> None:
    text = (
        "year,province_name,city_name,county_name,province_adcode,city_adcode,county_adcode,"
        "province_id,city_id,county_id,province_short,city_short,county_short,rank\n"
        "2020,甲省,乙市,丙县,990000,990100,990121,,,,甲,乙,丙,3\n"
        "2021,甲省,乙市,丙县,990000,990100,990121,,,,甲,乙,丙,3\n"
        "2022,甲省,乙市,丙区,990000,990100,990102,,,,甲,乙,丙,3\n"
        "2022,甲省,,,990000,,,,,,甲,,,1\n"
    )
    codebook = codebook_from_csv(text, "test")
    assert codebook.year == 2022
    assert codebook.get("990121") is None
    retired = codebook.retired("990121")
    assert retired is not None and (retired.name, retired.last_year) == ("丙县", 2021)
    assert codebook.retired("990102") is None  # current, not retired


@dataclass(frozen=True)
class Edit:
    """One edit of a real region file and the one problem it must cause, on its line."""

    name: str
    region: str
    old: str
    new: str
    field: str
    says: tuple[str, ...]  # fragments of the message (or of its hint)
    line_offset: int = 0  # the problem's line after the edit's first line


EDITS = [
    Edit(
        "unknown-code",
        "heshui",
        'code: "621024"',
        'code: "621099"',
        "code",
        ("621099 does not exist",),
    ),
    Edit(
        "retired-code",
        "heshui",
        'code: "621024"',
        'code: "310205"',
        "code",
        ("retired", "南汇县"),
    ),
    Edit(
        "name-not-the-codes",
        "zhejiang",
        "name: {zh: 浙江省,",
        "name: {zh: 江苏省,",
        "name.zh",
        ("浙江省",),
    ),
    Edit(
        "level-not-the-codes",
        "xiamen",
        "level: prefecture-city",
        "level: province",
        "level",
        ("prefecture-city",),
    ),
    Edit(
        "sub-provincial-county",
        "heshui",
        "level: county\n",
        "level: county\nsub_provincial: true\n",
        "sub_provincial",
        ("sub-provincial",),
        line_offset=1,
    ),
    Edit(
        "unknown-cited-document",
        "beijing",
        "- document: moe-notice-ai-education-2024",
        "- document: moe-notice-ai-educaton-2024",
        "documents.0.cites.0.document",
        ("unknown cited document", "moe-notice-ai-education-2024"),
    ),
    Edit(
        "citation-quote-names-nothing",
        "suixi",
        'quote: "教育部办公厅下发了《教育部办公厅关于加强中小学人工智能教育的通知》"',
        'quote: "教育部办公厅下发了"',
        "documents.0.cites.0.quote",
        ("names neither the title nor the number",),
    ),
    Edit(
        "citation-quote-not-in-the-text",
        "beijing",
        '32号)要求"',
        '32号)的要求"',
        "documents.0.cites.0.quote",
        ("quote not found",),
    ),
]


@pytest.mark.parametrize("edit", EDITS, ids=lambda e: e.name)
def test_a_broken_real_region_gets_one_problem_on_its_line(data_copy: Path, edit: Edit) -> None:
    """The hierarchy and citation rules on the real data: one problem, where the edit is."""
    line = _replace(data_copy / "regions" / f"{edit.region}.yaml", edit.old, edit.new)
    code, output = _validate(data_copy)
    assert code == 1
    (problem,) = parse_report(output)
    assert (problem.path.rsplit("/", 1)[-1], problem.field) == (f"{edit.region}.yaml", edit.field)
    assert problem.line == line + edit.line_offset
    for fragment in edit.says:
        assert fragment in output, f"{fragment!r} not in:\n{output}"


def test_a_partial_document_must_say_what_is_missing(data_copy: Path) -> None:
    region = data_copy / "regions" / "national.yaml"
    text = region.read_text(encoding="utf-8")
    start = text.index("    missing:\n")
    end = text.index("    notes:\n", start)
    region.write_text(text[:start] + text[end:], encoding="utf-8")
    _, output = _validate(data_copy)
    assert [p.field for p in parse_report(output)] == ["documents.0.completeness"]


def test_a_press_release_sets_no_targets(data_copy: Path) -> None:
    region = data_copy / "regions" / "national.yaml"
    goal = (
        "goals:\n  - id: t\n    document: press-release\n    theme: governance\n"
        "    statement: {zh: 目标, en: Goal}\n    deadline: null\n"
        '    quote: "鼓励有条件的地方和学校先行先试。"\n'
        "    notes: [{zh: 无, en: none}]\nmeasures:\n"
    )
    _replace(region, "measures:\n", goal)
    _, output = _validate(data_copy)
    assert any("sets no targets" in p.message for p in parse_report(output))


def test_a_source_that_names_a_referenced_document_cites_it() -> None:
    """No citation is left uncurated: wherever an archived text names a document of the
    codebook (by title, variant or 文号), that document's record cites it."""
    from generator.load.quotes import squash
    from generator.load.validate import load_atlas

    validated = load_atlas(DATA)
    missing = []
    for region in validated.atlas.regions:
        for doc in region.documents:
            text = squash(validated.sources[(region.id, doc.id)])
            cited = {c.document for c in doc.cites}
            for entry in validated.atlas.referenced_documents:
                names = [entry.title.zh, *entry.variants, *([entry.number] if entry.number else [])]
                if any(squash(name) in text for name in names) and entry.id not in cited:
                    missing.append(f"{region.id}/{doc.id} names {entry.id}")
    assert missing == []
    counts = {f"{r.id}/{d.id}": len(d.cites) for r in validated.atlas.regions for d in r.documents}
    assert counts == {
        "beijing/work-plan": 1,
        "chengdu/scenario-plan-summary": 2,
        "heshui/implementation-plan": 3,
        "national/press-release": 0,
        "suixi/reply-to-proposal-20": 1,
        "xiamen/work-plan": 4,
        "xinbei/action-plan": 2,
        "zhejiang/action-plan": 2,
    }
