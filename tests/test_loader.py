"""The strict YAML loader: what each plain scalar becomes, and what is refused where."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.errors import Problem
from generator.load.loader import LoadedFile, load_yaml


def _load(
    tmp_path: Path, text: str | bytes, expect: type = dict
) -> tuple[LoadedFile | None, list[Problem]]:
    path = tmp_path / "file.yaml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    problems: list[Problem] = []
    return load_yaml(path, "file.yaml", expect, problems), problems


def _value(tmp_path: Path, scalar: str) -> Any:
    loaded, problems = _load(tmp_path, f"v: {scalar}\n")
    assert loaded is not None and not problems, problems
    return loaded.data["v"]


@pytest.mark.parametrize(
    ("scalar", "value"),
    [
        # YAML 1.1 would read these as booleans, octal, sexagesimal or dates: here they are text
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("N", "N"),
        ("True", "True"),
        ("FALSE", "FALSE"),
        ("Null", "Null"),
        ("NULL", "NULL"),
        ("0o17", "0o17"),
        ("017", "017"),
        ("007", "007"),
        ("0x1F", "0x1F"),
        ("0b101", "0b101"),
        ("1:30", "1:30"),
        ("190:20:30", "190:20:30"),
        ("1_000", "1_000"),
        ("2026-07-01", "2026-07-01"),
        ("2026-07", "2026-07"),
        ("2026-02-30", "2026-02-30"),
        ("2001-12-14t21:59:43.10-05:00", "2001-12-14t21:59:43.10-05:00"),
        (".inf", ".inf"),
        ("-.inf", "-.inf"),
        (".nan", ".nan"),
        ("1e5", "1e5"),
        ("1.0e400", "1.0e400"),
        ("=", "="),
        ("90%", "90%"),
        ("１２", "１２"),
        # quoted scalars are always text
        ('"true"', "true"),
        ("'90'", "90"),
        ('"null"', "null"),
        ('""', ""),
        # the few plain scalars that are not text
        ("null", None),
        ("~", None),
        ("", None),
        ("true", True),
        ("false", False),
        ("0", 0),
        ("90", 90),
        ("-5", -5),
        ("+5", 5),
        ("2026", 2026),
        ("2.5", 2.5),
        ("-0.5", -0.5),
        (".5", 0.5),
        ("90.", 90.0),
        ("1.5e3", 1500.0),
    ],
)
def test_plain_scalar_resolution(tmp_path: Path, scalar: str, value: Any) -> None:
    resolved = _value(tmp_path, scalar)
    assert resolved == value and type(resolved) is type(value)


def test_positions_of_values_and_keys(tmp_path: Path) -> None:
    loaded, _ = _load(tmp_path, "a:\n  - x\n  - {b: 1, c: [2, 3]}\n")
    assert loaded is not None
    assert loaded.position(("a", 1, "c", 1)) == (3, 19)
    assert loaded.position(("a", 1, "b"), key=True) == (3, 6)
    assert loaded.position(("a", 1, "b")) == (3, 9)
    assert loaded.position(("a", 1, "missing")) == (3, 5)  # its nearest ancestor
    assert loaded.position(()) == (1, 1)


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029"])
def test_positions_count_line_feeds_not_unicode_separators(tmp_path: Path, separator: str) -> None:
    """YAML counts U+0085, U+2028 and U+2029 as line breaks; an editor does not, so a problem
    after a text that holds one would point lines too far (past the end of the file)."""
    text = f"a: 'one{separator}  two'\nb:\n  - x\n  - {{c: 1}}\n"
    loaded, _ = _load(tmp_path, text)
    assert loaded is not None
    assert loaded.position(("b", 1, "c")) == (4, 9)
    assert loaded.position(("b", 1, "c"), key=True) == (4, 6)
    _, problems = _load(tmp_path, f"a: 'one{separator}  two'\nb: [\n")
    assert [(p.line, p.column) for p in problems] == [(3, 1)]


def _only(problems: list[Problem]) -> tuple[int, int, str, str]:
    assert len(problems) == 1, problems
    p = problems[0]
    return p.line, p.column, p.field, p.message


def test_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    loaded, problems = _load(tmp_path, "a:\n  b: 1\n  c: 2\n  b: 3\n")
    assert _only(problems) == (4, 3, "a.b", "duplicate key 'b' (first on line 2, again on line 4)")
    assert loaded is not None and loaded.data == {"a": {"b": 1, "c": 2}}  # the first one kept


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: &x 1\nb: 2\n", (1, 4, "a", "anchor '&x' is not allowed")),
        ("a: &x 1\nb: *x\n", (2, 4, "b", "alias '*x' is not allowed")),
        ("a: !!int 5\n", (1, 4, "a", "tag '!!int' is not allowed")),
        ("a: !custom 5\n", (1, 4, "a", "tag '!custom' is not allowed")),
        ("a:\n  - {b: 1}\n  - !!map {c: 2}\n", (3, 5, "a.1", "tag '!!map' is not allowed")),
    ],
)
def test_anchors_aliases_and_tags_are_refused_where_they_are(
    tmp_path: Path, text: str, expected: tuple[int, int, str, str]
) -> None:
    _, problems = _load(tmp_path, text)
    assert expected in [(p.line, p.column, p.field, p.message) for p in problems]


def test_merge_key_is_refused(tmp_path: Path) -> None:
    _, problems = _load(tmp_path, "base: &b {x: 1}\nitem:\n  <<: *b\n  y: 2\n")
    assert (3, 3, "item", "merge keys ('<<') are not allowed") in [
        (p.line, p.column, p.field, p.message) for p in problems
    ]


def test_a_tab_is_reported_and_the_rest_still_read(tmp_path: Path) -> None:
    loaded, problems = _load(tmp_path, 'a: "x\ty"\nb: [1, 2]\n')
    assert _only(problems) == (1, 6, "", "tab character")
    assert loaded is not None and loaded.data["b"] == [1, 2]


def test_tab_indentation_reports_the_tab_first(tmp_path: Path) -> None:
    _, problems = _load(tmp_path, "a:\n\tb: 1\n")
    assert (problems[0].line, problems[0].column, problems[0].message) == (2, 1, "tab character")


@pytest.mark.parametrize(
    ("raw", "line", "column", "message"),
    [
        (b"a: 1\nb: \xe5\x90\x88\xff\n", 2, 5, "invalid UTF-8 byte 0xff"),
        (b"a: 1\nb: x\x07y\n", 2, 5, "control character U+0007"),
        (b"a: 1\n\x00\n", 2, 1, "control character U+0000"),
    ],
)
def test_bytes_are_located_by_character_not_byte(
    tmp_path: Path, raw: bytes, line: int, column: int, message: str
) -> None:
    _, problems = _load(tmp_path, raw)
    assert (problems[0].line, problems[0].column, problems[0].message) == (line, column, message)


def test_invalid_utf8_marks_the_file_damaged(tmp_path: Path) -> None:
    loaded, problems = _load(tmp_path, "a: 合水\n".encode("gb18030"))
    assert loaded is not None and loaded.damaged
    assert problems[0].hint == "the file looks like GBK/GB18030: save it as UTF-8"


def test_a_file_in_another_encoding_is_summarised(tmp_path: Path) -> None:
    text = "".join(f"k{i}: 合水县第{i}条\n" for i in range(20))
    _, problems = _load(tmp_path, text.encode("gb18030"))
    assert len(problems) == 6
    assert problems[-1].message == "invalid UTF-8 on 15 more line(s)"


@pytest.mark.parametrize(
    ("text", "expect", "message"),
    [
        ("- a\n- b\n", dict, "the document must be a mapping (key: value lines) at the top level"),
        ("a: 1\n", list, "the document must be a list (- items) at the top level"),
        ("just text\n", dict, "the document must be a mapping (key: value lines) at the top level"),
        ("# only a comment\n", dict, "the file is empty"),
        ("", dict, "the file is empty"),
    ],
)
def test_the_document_must_have_the_expected_shape(
    tmp_path: Path, text: str, expect: type, message: str
) -> None:
    loaded, problems = _load(tmp_path, text, expect)
    assert loaded is None
    assert [p.message for p in problems] == [message]


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        (
            'a: "open\n',
            2,
            1,
            "found unexpected end of stream (while scanning a quoted scalar "
            "that starts at line 1, column 4)",
        ),
        (
            "a: [1, 2\nb: 3\n",
            2,
            2,
            "(while parsing a flow sequence that starts at line 1, column 4)",
        ),
        ("a: b: c\n", 1, 5, "mapping values are not allowed"),
    ],
)
def test_syntax_errors_are_located(
    tmp_path: Path, text: str, line: int, column: int, fragment: str
) -> None:
    loaded, problems = _load(tmp_path, text)
    assert loaded is None
    assert (problems[0].line, problems[0].column) == (line, column)
    assert problems[0].message.startswith("YAML syntax error: ")
    assert fragment in problems[0].message


def test_a_second_document_is_refused_and_the_first_still_read(tmp_path: Path) -> None:
    loaded, problems = _load(tmp_path, "a: 1\n---\nb: 2\n")
    assert _only(problems)[:2] == (2, 1)
    assert problems[0].message.startswith("expected a single document in the stream")
    assert loaded is not None and loaded.data == {"a": 1}


def test_a_missing_file_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    problems: list[Problem] = []
    assert load_yaml(tmp_path / "none.yaml", "none.yaml", dict, problems) is None
    assert problems[0].message.startswith("cannot read file")


def test_complex_keys_are_refused(tmp_path: Path) -> None:
    _, problems = _load(tmp_path, "? [a, b]\n: 1\nc: 2\n")
    assert _only(problems)[2:] == ("", "a key must be plain text")
