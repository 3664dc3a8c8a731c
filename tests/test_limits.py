"""The loader's limits and character rules, in process: where each problem points, what
its hint names, and how little of a bad value a message shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import Problem
from generator.load import limits
from generator.load.loader import load_yaml


def load(tmp_path: Path, text: str) -> tuple[object, list[Problem]]:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    loaded = load_yaml(path, "x.yaml", dict, problems)
    return (loaded.data if loaded else None), problems


def test_an_escaped_control_character_is_located_at_its_escape(tmp_path: Path) -> None:
    data, problems = load(tmp_path, 'id: x\nname: {zh: "合水\\x01县"}\n')
    assert [(p.line, p.column, p.field) for p in problems] == [(2, 15, "name.zh")]
    assert "U+0001" in problems[0].message
    assert "column 15" in (problems[0].hint or "")
    assert data == {"id": "x", "name": {"zh": "合水县"}}  # read on without it


def test_a_raw_zero_width_character_is_named_with_its_column(tmp_path: Path) -> None:
    _, problems = load(tmp_path, "theme: pil\u200bots\n")
    assert [(p.line, p.column) for p in problems] == [(1, 11)]
    assert "zero-width character U+200B ZERO WIDTH SPACE" in problems[0].message
    assert "\u200b" not in problems[0].format()  # the message never shows the character


def test_a_leading_byte_order_mark_is_not_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\xef\xbb\xbfid: x\n")
    problems: list[Problem] = []
    loaded = load_yaml(path, "x.yaml", dict, problems)
    assert problems == [] and loaded is not None and loaded.data == {"id": "x"}


def test_an_alias_is_never_expanded(tmp_path: Path) -> None:
    data, problems = load(tmp_path, "a: &x [1, 2]\nb: *x\n")
    assert data is None or data == {"a": [1, 2], "b": None}
    assert [p.message for p in problems] == [
        "anchor '&x' is not allowed",
        "alias '*x' is not allowed",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 20_000 + "]" * 20_000,
        "a: " + "{a: " * 20_000 + "x" + "}" * 20_000,
        "a:\n" + "- " * 20_000 + "x",
    ],
)
def test_deep_nesting_is_one_problem_never_a_recursion_error(tmp_path: Path, text: str) -> None:
    data, problems = load(tmp_path, text + "\n")
    assert data is None
    assert len(problems) == 1 and "32 levels deep" in problems[0].message


def test_nesting_up_to_the_limit_is_read(tmp_path: Path) -> None:
    depth = limits.MAX_DEPTH - 1
    data, problems = load(tmp_path, "a: " + "[" * depth + "]" * depth + "\n")
    assert problems == [] and data is not None


def test_a_long_value_is_quoted_by_a_short_prefix(tmp_path: Path) -> None:
    _, problems = load(tmp_path, "a: " + "x" * 30_000 + "\n")
    assert len(problems) == 1
    assert len(problems[0].format()) < 300
    assert "30,000 characters" in problems[0].message


def test_a_huge_integer_is_text_not_a_traceback(tmp_path: Path) -> None:
    data, problems = load(tmp_path, "a: " + "9" * 5_000 + "\n")
    assert problems == [] and data == {"a": "9" * 5_000}


def test_problem_messages_never_echo_a_long_value_whole() -> None:
    problem = Problem("x.yaml", 1, 1, "level", f"unknown level '{'y' * 10_000}'")
    assert len(problem.message) < 100 and problem.message.endswith("…'")
