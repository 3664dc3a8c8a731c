"""`atlas draft`: proposals from fixture sources, one pattern a source, and the review rules
(a draft fails --strict; re-running never touches a reviewed record; only the region file
is written)."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.draft.citations import find_citations
from generator.draft.figures import ProposedFigure, merge_restatements, propose_figures
from generator.draft.lineage import lineage, supports_lineage
from generator.draft.measures import propose_measures
from generator.draft.metadata import read_metadata
from generator.draft.numbering import outline
from generator.draft.phases import propose_phases
from generator.draft.records import as_of_date
from generator.draft.run import DraftError, draft_region
from generator.errors import ValidationFailed
from generator.load.validate import load_atlas

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "draft"
SMALL_ATLAS = ROOT / "tests" / "fixtures" / "small-atlas"


def _source(name: str) -> str:
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")


def _figures(name: str) -> list[tuple[object, ...]]:
    def key(f: ProposedFigure) -> tuple[object, ...]:
        return (f.value, f.value_max, f.unit, f.comparator, f.per, f.deadline)

    return [key(f) for f in propose_figures(_source(name))]


def test_range_proposes_value_max_and_a_range_comparator() -> None:
    assert _figures("range") == [
        (3, 5, "个", "between", None, "2027"),
        (1, 2, "所", "between", None, "2027"),
    ]
    scope = propose_figures(_source("range"))[0].scope
    assert scope == ("区级",)


def test_rate_proposes_per_and_comparator() -> None:
    assert _figures("rate") == [
        (2, None, "次", "exactly", "每学期", None),
        (30, None, "课时", "at-least", "每年", None),
    ]


def test_rounded_figures_are_about_or_more_than_with_their_rounding() -> None:
    figures = propose_figures(_source("rounding"))
    assert [(f.value, f.unit, f.comparator, f.rounding) for f in figures] == [
        (11300, "人", "about", "1.13万"),
        (14000, "人", "more-than", "14千余"),
        (80, "个", "about", None),
    ]


def test_cut_off_text_still_numbers_its_measures_and_flags_the_cut() -> None:
    text = _source("cutoff")
    measures = [(p.number, p.parent, p.title) for p in propose_measures(text)]
    assert measures == [
        ("一(一)", None, "智慧平台工程"),
        ("一(一)1", "measure-1-1", "五级互联,强化应用"),
        ("一(一)2", "measure-1-1", "精准投入,均衡发展"),
        ("二(一)", None, "加强组织领导"),
    ]
    assert read_metadata(text).cut_off
    assert read_metadata(_source("range")).cut_off is False
    assert _figures("cutoff") == [
        (1, None, "个", "exactly", None, "2026"),
        (20, None, "间", "at-least", "每年", None),
    ]
    assert read_metadata(text).period is not None


def test_traditional_characters() -> None:
    assert _figures("traditional") == [
        (80, None, "个", "about", "每年", "2027"),
        (20, None, "所", "at-least", None, "2027"),
    ]
    assert read_metadata(_source("traditional")).kind == "action-plan"


def test_reply_reports_status_figures_and_its_metadata() -> None:
    text = _source("reply")
    md = read_metadata(text)
    assert (md.kind, md.issuer, md.published) == ("reply-to-proposal", "新城区教育局", "2025-08-13")
    assert _figures("reply") == [
        (690, None, "个", "exactly", None, None),
        (37849, None, "台", "exactly", None, None),
        (5031.87, None, "万元", "exactly", None, None),
        (200, None, "M", "at-least", None, None),
        (265, None, "人", "exactly", None, None),
    ]


def test_a_summary_is_titled_by_the_plan_it_reports_not_by_what_that_plan_follows() -> None:
    md = read_metadata(_source("summary"))
    assert md.title == "新城区人工智能教育应用场景建设行动方案(2025—2027年)"
    assert md.kind == "official-summary"
    assert [c.title for c in find_citations(_source("summary"), md.title, md.number)] == [
        "关于加快推进教育数字化的意见"
    ]


def test_all_schools_already_is_a_figure_of_100_percent_in_its_own_words() -> None:
    figures = propose_figures(_source("all-schools"))
    # "all teachers are taking part" says nothing is reached yet: no figure.
    assert [(f.value, f.unit, f.comparator, f.wording) for f in figures] == [
        (100, "%", "exactly", "所有学校均已接入")
    ]


def test_numbering_with_gaps_keeps_the_sources_numbers_and_notes_the_gap() -> None:
    text = _source("gaps")
    measures = propose_measures(text)
    assert [(p.number, p.gap_from) for p in measures] == [("一1", None), ("一2", None), ("一4", 2)]
    phases = propose_phases(text)
    assert [(p.name, p.span.start, p.span.end) for p in phases] == [
        ("启动阶段", "2025-08", "2025-08"),
        ("实施阶段", "2025-09", "2026-03"),
    ]
    assert [(ms.date, ms.span_end) for ms in phases[1].milestones] == [
        ("2025-09", "2025-10"),
        ("2025-12", None),
    ]


def test_a_top_level_of_tasks_numbers_its_measures_from_the_top() -> None:
    # No top-level heading names a part of a plan (goals, tasks, safeguards): 一、 is a task.
    measures = [(p.number, p.parent, p.title) for p in propose_measures(_source("tasks-top"))]
    assert measures == [
        ("一", None, "构建人工智能教育课程体系"),
        ("一(一)", "measure-1", "建设区级通用基础课程"),
        ("一(二)", "measure-1", "探索学校特色拓展课程"),
        ("二", None, "推进人工智能教育场景应用"),
        ("二(一)", "measure-2", "建设智慧课堂"),
    ]


def test_principles_under_general_requirements_are_measures_but_ideas_and_goals_are_not() -> None:
    measures = [(p.number, p.parent, p.title) for p in propose_measures(_source("principles"))]
    assert measures == [
        ("一(二)1", None, "坚持育人为本"),
        ("一(二)2", None, "坚持应用导向"),
        ("一(三)", None, "坚持安全可控"),
        ("二(一)", None, "建设智慧课堂"),
    ]


# --- the command on a data folder ---------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(SMALL_ATLAS, target)
    (target / "sources" / "newtown").mkdir()
    shutil.copy(FIXTURES / "gaps.txt", target / "sources" / "newtown" / "plan.txt")
    (target / "sources" / "newtown" / "plan.txt").write_text(
        _source("gaps") + _source("rate"), encoding="utf-8"
    )
    return target


def _files(data_dir: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(data_dir)): p.read_bytes() for p in data_dir.rglob("*") if p.is_file()
    }


def test_draft_writes_only_the_region_file_and_it_validates(data_dir: Path) -> None:
    before = _files(data_dir)
    result = draft_region(data_dir, "newtown")
    after = _files(data_dir)
    assert set(after) - set(before) == {"regions/newtown.yaml"}
    assert all(after[name] == before[name] for name in before)
    assert result.added["measures"] >= 3 and result.added["phases"] == 2
    region = next(r for r in load_atlas(data_dir).atlas.regions if r.id == "newtown")
    assert all(g.review == "draft" for g in region.goals)
    assert all(x.review == "draft" for x in region.measures)
    assert all(g.statement.en is None for g in region.goals)


def test_a_draft_fails_strict_at_its_review_line(data_dir: Path) -> None:
    draft_region(data_dir, "newtown")
    with pytest.raises(ValidationFailed) as failed:
        load_atlas(data_dir, strict=True)
    lines = (data_dir / "regions" / "newtown.yaml").read_text(encoding="utf-8").split("\n")
    drafts = [p for p in failed.value.problems if "unreviewed draft" in p.message]
    assert drafts
    assert all(lines[p.line - 1].strip() == "review: draft" for p in drafts)
    assert any(p.field.startswith("goals.0.review") for p in drafts)


def test_rerun_never_touches_a_reviewed_record_and_adds_only_what_is_missing(
    data_dir: Path,
) -> None:
    draft_region(data_dir, "newtown")
    path = data_dir / "regions" / "newtown.yaml"
    text = path.read_text(encoding="utf-8")
    # the editor reviews the first goal: a comment, their own statement, no review line
    head, _, rest = text.partition("  - id: goal-1\n    review: draft\n")
    reviewed = "  - id: goal-1\n    # checked against the source\n"
    statement = next(line for line in rest.split("\n") if line.startswith('      zh: "'))
    edited = head + reviewed + rest.replace(statement, '      zh: "我的表述"', 1)
    # and deletes the last measure, which re-running brings back
    cut = edited.rindex("  - id: measure-")
    path.write_text(edited[:cut], encoding="utf-8")

    result = draft_region(data_dir, "newtown")

    again = path.read_text(encoding="utf-8")
    assert _only_insertions(edited[:cut], again)  # everything already there, byte for byte
    assert result.added.get("goals", 0) == 0 and result.added["measures"] == 1
    assert again.count("  - id: goal-1\n") == 1 and "我的表述" in again
    draft_region(data_dir, "newtown")
    assert path.read_text(encoding="utf-8") == again  # nothing left to add


def _only_insertions(before: str, after: str) -> bool:
    matcher = difflib.SequenceMatcher(a=before.split("\n"), b=after.split("\n"), autojunk=False)
    return all(op in ("equal", "insert") for op, *_ in matcher.get_opcodes())


def test_draft_needs_a_pasted_source(data_dir: Path) -> None:
    with pytest.raises(DraftError, match="no archived text"):
        draft_region(data_dir, "nowhere")
    assert not (data_dir / "regions" / "nowhere.yaml").exists()


def test_cli_draft_reports_what_it_proposed(data_dir: Path) -> None:
    result = CliRunner().invoke(main, ["draft", "newtown", "--data", str(data_dir)])
    assert result.exit_code == 0, result.output
    assert "created" in result.output and "measures: " in result.output
    assert "review: draft" in result.output
    again = CliRunner().invoke(main, ["draft", "newtown", "--data", str(data_dir)])
    assert again.exit_code == 0, again.output
    assert "nothing to add to" in again.output and "updated" not in again.output


def test_serve_marks_every_unreviewed_record_as_a_draft(data_dir: Path) -> None:
    from generator.serve.live_site import build_in_memory

    draft_region(data_dir, "newtown")
    region = next(r for r in load_atlas(data_dir).atlas.regions if r.id == "newtown")
    drafts = (
        len(region.goals)
        + len(region.phases)
        + sum(len(p.milestones) for p in region.phases)
        + len(region.measures)
    )
    files = build_in_memory(data_dir)
    pages = {
        "en/regions/newtown/index.html": "draft, not yet reviewed",
        "regions/newtown/index.html": "草稿,尚未审核",
    }
    for path, label in pages.items():
        page = files[path].decode("utf-8")
        assert page.count(f'<span class="draft-badge">{label}</span>') == drafts
    reviewed = [b for p, b in files.items() if p.endswith("regions/heshui/index.html")]
    assert reviewed and all(b"draft-badge" not in body for body in reviewed)


def test_citations_name_what_the_text_follows_not_what_it_asks_to_be_written() -> None:
    text = _source("citing")
    md = read_metadata(text)
    assert (md.title, md.number, md.issuer, md.published) == (
        "新城区人工智能教育工作方案",
        "新教发〔2025〕3号",
        "新城区教育委员会",
        "2025-03-06",
    )
    citations = find_citations(text, md.title, md.number)
    assert [(c.title, c.number, c.implements) for c in citations] == [
        ("教育部办公厅关于加强中小学人工智能教育的通知", "教基厅函〔2024〕32号", True),
        ("新城市教育数字化行动计划", None, False),
    ]
    assert all(c.quote in text for c in citations)


@pytest.mark.skipif(not supports_lineage(), reason="the model has no Document.cites yet")
def test_citations_known_to_the_atlas_become_lineage(tmp_path: Path) -> None:
    (tmp_path / "regions").mkdir()
    (tmp_path / "referenced-documents.yaml").write_text(
        "- id: moe-notice\n  title: {zh: 教育部办公厅关于加强中小学人工智能教育的通知}\n"
        "  number: 教基厅函〔2024〕32号\n",
        encoding="utf-8",
    )
    text = _source("citing")
    links = lineage(find_citations(text), tmp_path, "newtown")
    assert [(c["document"], c["relation"]) for c in links.cites] == [("moe-notice", "implements")]
    assert [c.title for c in links.unmatched] == ["新城市教育数字化行动计划"]


def test_a_figure_restated_under_another_heading_is_proposed_once_with_a_note() -> None:
    text = _source("restated")
    floors = [item.heading.start for item in outline(text)]
    figures = merge_restatements(propose_figures(text, floors), floors)
    assert [(f.value, f.unit, f.comparator) for f in figures] == [
        (200, "人", "at-least"),
        (6, "个", "exactly"),  # 6 smart classrooms and 6 labs in one sentence: two figures
        (6, "个", "exactly"),
    ]
    assert figures[0].restated == ("力争培育县级人工智能教学骨干200人以上",)
    assert figures[0].deadline == "2027"


def test_counts_of_the_texts_own_lists_are_not_figures_and_people_count_alike() -> None:
    text = _source("counted")
    floors = [item.heading.start for item in outline(text)]
    figures = merge_restatements(propose_figures(text, floors), floors)
    # 12项支持举措 counts the plan's own measures; 三项变革 counts the list it follows; the
    # 3 platforms listed with a count in digits are a statistic and stay.
    assert [(f.value, f.unit) for f in figures] == [(200, "名"), (3, "个")]
    assert figures[0].restated == ("培育区级AI教学骨干200人",)


def test_a_second_document_is_added_to_a_reviewed_region_without_touching_it(
    data_dir: Path,
) -> None:
    path = data_dir / "regions" / "heshui.yaml"
    before = path.read_text(encoding="utf-8")
    reviewed = next(r for r in load_atlas(data_dir).atlas.regions if r.id == "heshui")
    (data_dir / "sources" / "heshui" / "notice.txt").write_text(_source("rate"), encoding="utf-8")
    result = draft_region(data_dir, "heshui", "notice")
    after = path.read_text(encoding="utf-8")
    assert _only_insertions(before, after)
    assert result.added == {"documents": 1, "goals": 2, "status": 0, "phases": 0, "measures": 1}
    region = next(r for r in load_atlas(data_dir).atlas.regions if r.id == "heshui")
    drafted = [g for g in region.goals if g.review == "draft"]
    assert {g.document for g in drafted} == {"notice"}
    assert [g for g in region.goals if g.review is None] == reviewed.goals
    assert region.measures[: len(reviewed.measures)] == reviewed.measures


def test_a_region_file_that_does_not_parse_is_reported_and_left_alone(data_dir: Path) -> None:
    path = data_dir / "regions" / "heshui.yaml"
    broken = path.read_text(encoding="utf-8").replace("goals:", "goals: [", 1)
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        draft_region(data_dir, "heshui")
    assert failed.value.problems and failed.value.problems[0].path.endswith("heshui.yaml")
    assert path.read_text(encoding="utf-8") == broken


def test_an_editors_crlf_line_endings_are_kept(data_dir: Path) -> None:
    path = data_dir / "regions" / "heshui.yaml"
    before = path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    path.write_bytes(before)
    (data_dir / "sources" / "heshui" / "notice.txt").write_text(_source("rate"), encoding="utf-8")
    draft_region(data_dir, "heshui", "notice")
    after = path.read_bytes()
    assert after.count(b"\n") == after.count(b"\r\n") > before.count(b"\r\n")
    assert _only_insertions(before.decode("utf-8"), after.decode("utf-8"))


def test_a_status_figure_is_dated_by_the_replys_own_date_line_even_when_damaged() -> None:
    md = read_metadata(_source("reply"))
    assert (md.signed, md.signed_as, md.published) == ("2025-07", "202572", "2025-08-13")
    as_of, dated = as_of_date(md)
    assert as_of == "2025-07" and "202572" in dated.zh
    undated = read_metadata(_source("rounding"))
    assert as_of_date(undated)[0] is None
