"""Every rule of the validator has a case in the corpus of broken inputs.

A rule is a message the validator can report: each ``c.add(…, message, …)`` of
``generator/load/rules.py`` and each ``Problem(…, message, …)`` made in
``generator/load/validate.py`` and the fidelity rule modules (figure words, indicator fit,
record dates, placeholders, glossary, reader notes). The test reads those messages from the
source (an f-string's fields match anything), runs every case of ``tests/fixtures/invalid/``
and of the byte cases, and fails naming each message no case produces, so a new rule cannot land
without the fixture that shows it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from generator.errors import ValidationFailed
from generator.load.validate import load_atlas
from tests.test_validate_corpus import CASES, drop_in
from tests.validation_support import ROOT

RULE_MODULES = [
    ROOT / "generator" / "load" / name
    for name in (
        "rules.py",
        "validate.py",
        "codebooks.py",
        "region_files.py",
        "figure_words.py",
        "indicator_fit.py",
        "record_dates.py",
        "placeholders.py",
        "glossary.py",
        "reader_notes.py",
    )
]


def _pattern(node: ast.expr) -> str | None:
    """A regular expression for the message expression ``node`` (None: not a message)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.escape(node.value)
    if isinstance(node, ast.JoinedStr):
        parts = [
            re.escape(str(v.value)) if isinstance(v, ast.Constant) else ".*" for v in node.values
        ]
        return "".join(parts)
    return None


def rule_messages(path: Path) -> dict[str, int]:
    """Message pattern -> line, for every problem a module reports."""
    found: dict[str, int] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = (
            node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        )
        position = {"add": 1, "Problem": 4}.get(name)
        if position is None:
            continue
        starred = [i for i, arg in enumerate(node.args) if isinstance(arg, ast.Starred)]
        if starred:  # Problem(display, *position, field, message): counted from the end
            position = starred[-1] + 1 + (position - starred[-1] - 2)
        if len(node.args) <= position:
            continue
        pattern = _pattern(node.args[position])
        if pattern is not None:
            found.setdefault(pattern, node.lineno)
    return found


@pytest.fixture(scope="module")
def reported(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Every message the corpus's cases produce."""
    messages: list[str] = []
    for case in CASES:
        data = drop_in(tmp_path_factory.mktemp(case.name), case)
        try:
            load_atlas(data, strict=True)
        except ValidationFailed as failed:
            messages += [p.message for p in failed.problems]
    return messages


@pytest.mark.parametrize("module", RULE_MODULES, ids=lambda p: p.name)
def test_every_rule_has_a_case(module: Path, reported: list[str]) -> None:
    rules = rule_messages(module)
    minimum = 5 if module.name == "rules.py" else 1  # small rule modules
    assert len(rules) >= minimum, (
        f"found only {len(rules)} rules in {module.name}: is the parser stale?"
    )
    missing = [
        f"{module.name}:{line}: {pattern}"
        for pattern, line in sorted(rules.items(), key=lambda item: item[1])
        if not any(re.fullmatch(pattern, message, re.DOTALL) for message in reported)
    ]
    assert not missing, "no case in tests/fixtures/invalid/ for:\n" + "\n".join(missing)
