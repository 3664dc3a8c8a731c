"""Every rule of the validator has a case in the corpus of broken inputs.

A rule is a message the validator can report. The rule modules are discovered: every module
of ``generator/load/`` that reports a problem, by ``….add(loc, message)``,
``Problem(file, line, col, field, message)`` or a helper of its own with a ``message``
parameter (``_add(problems, loaded, loc, message)``). The test reads those messages from the
source (an f-string's fields match anything), runs every case of ``tests/fixtures/invalid/``
and those built in ``tests/test_validate_corpus.py`` (bytes, limits, layouts), and fails
naming each message no case produces, so a new rule, or a new rule module, cannot land
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

LOAD = ROOT / "generator" / "load"
#: How a problem is reported: the message is this positional argument of the call.
REPORTERS = {"add": 1, "Problem": 4}


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


def _local_reporters(tree: ast.Module) -> dict[str, int]:
    """The module's own helpers that take a ``message`` (``_add(problems, loaded, loc,
    message)``): name -> the message's position."""
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            names = [a.arg for a in node.args.args]
            if "message" in names:
                found[node.name] = names.index("message") - (names[0] in ("self", "cls"))
    return found


def rule_messages(path: Path) -> dict[str, int]:
    """Message pattern -> line, for every problem a module reports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    reporters = {**REPORTERS, **_local_reporters(tree)}
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = (
            node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        )
        position = reporters.get(name)
        starred = [i for i, arg in enumerate(node.args) if isinstance(arg, ast.Starred)]
        if position is not None and starred:  # Problem(display, *line_column, field, message)
            position -= 1  # a starred position stands for the line and the column
        given = [k.value for k in node.keywords if k.arg == "message"]
        if given:
            message = given[0]
        elif position is not None and len(node.args) > position:
            message = node.args[position]
        else:
            continue
        pattern = _pattern(message)
        if pattern is not None:
            found.setdefault(pattern, node.lineno)
    return found


#: Every module of the load stage that reports a problem: found, not listed, so that a new
#: rule module is covered the day it is added.
RULE_MODULES = [path for path in sorted(LOAD.glob("*.py")) if rule_messages(path)]


def test_the_rule_modules_are_found() -> None:
    """The discovery sees the modules known to report problems (the parser is not stale)."""
    names = {path.name for path in RULE_MODULES}
    expected = {"rules.py", "validate.py", "checker.py", "hierarchy.py", "review.py", "loader.py"}
    assert expected <= names, f"not found as rule modules: {sorted(expected - names)}"
    assert sum(len(rule_messages(path)) for path in RULE_MODULES) >= 80


#: Messages no input can produce, each with the reason; a stale entry fails the test.
UNREACHABLE = {
    ("loader.py", r"YAML\ error:\ .*"): "the fallback for a YAMLError without a mark (a "
    "ReaderError): every character the YAML reader refuses is reported and made a space "
    "before parsing (characters.NOT_ALLOWED_IN_FILE)",
}


def test_every_unreachable_message_is_still_a_rule() -> None:
    for name, pattern in UNREACHABLE:
        assert pattern in rule_messages(LOAD / name), f"{name}: {pattern} is no longer reported"


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
    missing = [
        f"{module.name}:{line}: {pattern}"
        for pattern, line in sorted(rules.items(), key=lambda item: item[1])
        if (module.name, pattern) not in UNREACHABLE
        and not any(re.fullmatch(pattern, message, re.DOTALL) for message in reported)
    ]
    assert not missing, "no case in tests/fixtures/invalid/ for:\n" + "\n".join(missing)
