"""A new editor's first region, as CONTRIBUTING.md tells it: `atlas new region`, paste the
source, write a goal with a target and a phase quoted from it, `atlas validate --strict`,
`atlas build`, and find the region on the home page, the timeline and the comparison page,
in both languages.

The source text is made up for this test; the region is a real county (华池县, code
621023), since the build checks every region's name against its division code."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib  # type: ignore[import-untyped]
import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "small-atlas"
REGION = "example-county"

SOURCE_TEXT = """示例县推进人工智能教育实施方案
一、工作目标
到2027年12月,建成人工智能教育试点校 10 所,形成一批可推广的应用案例。
二、实施步骤
(一)试点探索阶段(2026年3月—2026年12月)。各试点校制定实施计划。
(二)全面推广阶段(2027年1月—2027年12月)。
"""

GOAL = """goals:
  - id: pilot-schools-2027
    document: plan
    theme: pilots
    indicator: pilot-schools
    statement:
      zh: 到2027年12月建成人工智能教育试点校10所。
      en: Ten AI pilot schools by December 2027.
    target: {value: 10, unit: {zh: 所, en: schools}, comparator: exactly}
    deadline: "2027-12"
    quote: 到2027年12月,建成人工智能教育试点校10所
"""

PHASE = """phases:
  - id: pilot-stage
    document: plan
    name: {zh: 试点探索阶段, en: Pilot stage}
    start: "2026-03"
    end: "2026-12"
    quote: (一)试点探索阶段(2026年3月—2026年12月)。
"""


def atlas(command: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(command), *args], cwd=ROOT, capture_output=True, text=True, check=False, timeout=300
    )


def parse(path: Path) -> Element:
    tree: Element = html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)
    return tree


def text_of(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def links_to(tree: Element, href: str) -> list[str]:
    return [text_of(a) for a in tree.iter("a") if a.get("href") == href]


def by_id(tree: Element, element_id: str) -> Element:
    found = next((e for e in tree.iter() if e.get("id") == element_id), None)
    assert found is not None, f"no element with id {element_id}"
    return found


def rows_mentioning(tree: Element, href: str) -> list[str]:
    """The text of every table row that links to ``href``."""
    return [
        text_of(row) for row in tree.iter("tr") if any(a.get("href") == href for a in row.iter("a"))
    ]


def fill_in(scaffold: str) -> str:
    """What the editor types into the scaffold: names, the document, a goal and a phase."""
    edits = {
        "name: {zh: 待填写地区名称, en: Region name to fill in}": (
            "name: {zh: 华池县, en: Huachi County}"
        ),
        "code: null": 'code: "621023"',
        "title: {zh: 待填写文件标题, en: Document title to fill in}": (
            "title: {zh: 示例县推进人工智能教育实施方案, en: Example County AI Education Plan}"
        ),
        "published: null": 'published: "2026-02"',
        "level: county  # 占位 placeholder": "level: county",
        "kind: implementation-plan  # 占位 placeholder": "kind: implementation-plan",
        "goals: []\n": GOAL,
        "phases: []\n": PHASE,
    }
    for old, new in edits.items():
        assert scaffold.count(old) == 1, f"the scaffold no longer has {old!r}"
        scaffold = scaffold.replace(old, new)
    return scaffold


@pytest.mark.slow
def test_a_new_editor_adds_a_region_and_finds_it_on_the_site(
    tmp_path: Path, atlas_command: Path
) -> None:
    data, site = tmp_path / "data", tmp_path / "site"
    shutil.copytree(FIXTURE, data)

    created = atlas(atlas_command, "new", "region", REGION, "--data", str(data))
    assert created.returncode == 0, created.stderr
    region_file = data / "regions" / f"{REGION}.yaml"
    source_file = data / "sources" / REGION / "plan.txt"
    assert f"Paste the source document, verbatim, into {source_file}" in created.stdout

    # as scaffolded: valid, one warning (the empty source) that --strict refuses
    assert atlas(atlas_command, "validate", "--data", str(data)).returncode == 0
    strict = atlas(atlas_command, "validate", "--strict", "--data", str(data))
    assert strict.returncode == 1 and "plan.txt is empty" in strict.stderr

    source_file.write_text(SOURCE_TEXT, encoding="utf-8")
    region_file.write_text(fill_in(region_file.read_text(encoding="utf-8")), encoding="utf-8")

    checked = atlas(atlas_command, "validate", "--strict", "--data", str(data))
    assert checked.returncode == 0, checked.stderr
    built = atlas(atlas_command, "build", "--data", str(data), "--out", str(site))
    assert built.returncode == 0, built.stderr

    page = f"/regions/{REGION}/"
    home, home_en = parse(site / "index.html"), parse(site / "en" / "index.html")
    assert "华池县" in links_to(home, page)
    assert "Huachi County" in links_to(home_en, "/en" + page)

    def timeline_rows(prefix: str) -> list[str]:  # the timeline's rows are on its year pages
        years = sorted((site / prefix / "timeline").glob("*/index.html"))
        return [
            row for year in years for row in rows_mentioning(parse(year), f"/{prefix}{page[1:]}")
        ]

    assert any("试点探索阶段" in row for row in timeline_rows("")), timeline_rows("")
    assert any("Pilot stage" in row for row in timeline_rows("en/")), timeline_rows("en/")

    for prefix in ("", "en/"):
        link = f"/{prefix}{page[1:]}"
        overview = by_id(parse(site / prefix / "compare" / "index.html"), "pilot-schools")
        assert overview is not None  # the comparison keeps the indicator's anchor
        indicator = parse(site / prefix / "indicators" / "pilot-schools" / "index.html")
        rows = rows_mentioning(indicator, link)
        assert rows and any("10" in row for row in rows), rows

    region_page = parse(site / "regions" / REGION / "index.html")
    assert by_id(region_page, "goal-pilot-schools-2027") is not None
    assert by_id(region_page, "phase-pilot-stage") is not None
