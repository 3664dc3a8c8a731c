"""Cross-record rules: references, ids, dates, document kinds, and a region that fails
the model still having its other records checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import Problem, ValidationFailed
from generator.load.validate import load_atlas
from tests.validation_support import HESHUI, make_atlas

BASE = "# a test region\n" + HESHUI.read_text(encoding="utf-8").split("\n", 1)[1]


def _problems(
    tmp_path: Path,
    *edits: tuple[str, str],
    strict: bool = False,
    files: dict[str, str] | None = None,
) -> list[Problem]:
    text = BASE
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    data = make_atlas(tmp_path)
    (data / "regions" / "heshui.yaml").write_text(text, encoding="utf-8")
    for name, content in (files or {}).items():
        (data / name).write_text(content, encoding="utf-8")
    try:
        return load_atlas(data, strict=strict).warnings
    except ValidationFailed as exc:
        return exc.problems


def _brief(problems: list[Problem]) -> list[tuple[int, str, str]]:
    return [(p.line, p.field, p.message) for p in problems]


def test_the_base_region_is_valid(tmp_path: Path) -> None:
    assert _problems(tmp_path) == []


def test_an_unknown_reference_suggests_the_closest_id(tmp_path: Path) -> None:
    [problem] = _problems(
        tmp_path, ("    indicator: master-studios\n", "    indicator: master-studio\n")
    )
    assert (problem.field, problem.hint) == ("goals.2.indicator", "did you mean 'master-studios'?")


def test_an_unknown_reference_with_nothing_close_lists_the_known_ids(tmp_path: Path) -> None:
    [problem] = _problems(tmp_path, ("    phases: [implementation]", "    phases: [xyz]"))
    assert problem.hint == "known: implementation, preparation, review"


def test_a_duplicate_id_is_reported_at_the_later_record(tmp_path: Path) -> None:
    """The milestone (line 80) comes before the phase it clashes with (line 86)."""
    [problem] = _problems(tmp_path, ("      - id: first-training\n", "      - id: review\n"))
    assert _brief([problem]) == [(86, "phases.2.id", "duplicate id 'review' (first on line 80)")]


def test_a_goal_in_a_reply_is_reported(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path, ("    kind: implementation-plan\n", "    kind: reply-to-proposal\n")
    )
    assert {p.field for p in problems} == {
        "goals.0.document",
        "goals.1.document",
        "goals.2.document",
    }
    assert problems[0].hint == "record its figures under status"


def test_an_unstated_date_needs_a_note(tmp_path: Path) -> None:
    no_note = _problems(
        tmp_path, ('    deadline: "2026-07"\n    quote: 到', "    deadline: null\n    quote: 到")
    )
    assert [(p.field, p.severity) for p in no_note] == [("goals.0.deadline", "warning")]
    noted = _problems(
        tmp_path / "noted",
        (
            '    deadline: "2026-07"\n    quote: 到',
            "    deadline: null\n    notes: [{zh: 原文未写, en: Not stated}]\n    quote: 到",
        ),
    )
    assert noted == []


def test_strict_makes_the_warning_an_error(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path, ("name: {zh: 合水县, en: Heshui County}", "name: {zh: 合水县}"), strict=True
    )
    assert [(p.field, p.severity) for p in problems] == [("name", "error")]


def test_an_outcome_quote_is_checked_against_its_document(tmp_path: Path) -> None:
    outcome = (
        "    quote: 成立1至2个县级AI教育名师工作室\n",
        "    quote: 成立1至2个县级AI教育名师工作室\n    outcome:\n      status: met\n"
        '      as_of: "2026-07"\n      statement: {zh: 已成立, en: Set up}\n'
        "      document: implementation-plan\n      quote: 已成立两个工作室\n",
    )
    assert _brief(_problems(tmp_path, outcome)) == [
        (
            71,
            "goals.2.outcome.quote",
            "quote not found in the archived text of document 'implementation-plan'",
        )
    ]


def test_a_period_is_checked_even_when_the_source_text_is_missing(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        ('end: "2026-07"}', 'end: "2024"}'),
        ("    text: implementation-plan.txt", "    text: missing.txt"),
    )
    assert {p.field for p in problems} == {"documents.0.period.end", "documents.0.text"}


def test_records_that_fail_the_model_do_not_hide_the_others(tmp_path: Path) -> None:
    """Goal 1 fails the model; goal 2 keeps its index in the file, and the measure's
    reference to goal 1 (which exists, though broken) is not reported as unknown."""
    problems = _problems(
        tmp_path,
        ("    theme: resources\n", "    theme: resources\n    colour: red\n"),
        ("      value_max: 2,\n", "      value_max: 3,\n"),
        ("    goals: [pilot-schools]", "    goals: [pilot-schools, platform-activity]"),
    )
    assert _brief(problems) == [
        (42, "goals.1.colour", "unknown field 'colour'"),
        (
            62,
            "goals.2.target.value_max",
            "3 does not occur in the quote (as digits or Chinese numerals)",
        ),
    ]


def test_a_region_with_a_broken_header_still_has_its_records_checked(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        ("level: county\n", "level: [county]\n"),
        ("    theme: teaching\n", "    theme: teach\n"),
    )
    assert [p.field for p in problems] == ["level", "measures.0.theme"]


def test_a_broken_codebook_is_reported_once(tmp_path: Path) -> None:
    """An unreadable levels.yaml is one problem, not one more at every region's level."""
    problems = _problems(tmp_path, files={"levels.yaml": "- id: county\n  rank: [\n"})
    assert len(problems) == 1 and problems[0].path.endswith("levels.yaml")


def test_a_broken_codebook_entry_is_not_unknown(tmp_path: Path) -> None:
    """A theme entry that fails the model is reported there, not at every goal using it."""
    themes = (HESHUI.parent.parent / "themes.yaml").read_text(encoding="utf-8")
    broken = themes.replace("- id: pilots\n", "- id: pilots\n  colour: red\n", 1)
    problems = _problems(tmp_path, files={"themes.yaml": broken})
    assert [(p.path.rsplit("/", 1)[-1], p.message) for p in problems] == [
        ("themes.yaml", "unknown field 'colour'")
    ]


@pytest.mark.parametrize(
    ("start", "end", "wrong"),
    [
        ("2025-09", "2025-08", True),
        ("2025-09", "2025", False),
        ("2025", "2025-01", False),
        ("2025-09-15", "2025-09", False),
        ("2025-09-15", "2025-09-14", True),
        ("2026", "2025-12", True),
    ],
)
def test_a_phase_ends_before_it_starts_only_when_its_end_is_wholly_earlier(
    tmp_path: Path, start: str, end: str, wrong: bool
) -> None:
    problems = _problems(
        tmp_path,
        ('    start: "2025-09"\n    end: "2026-03"', f'    start: "{start}"\n    end: "{end}"'),
    )
    assert any(p.field == "phases.1.end" for p in problems) is wrong, problems
