"""Shared helpers for the validator's tests: a throwaway copy of the fixture atlas, and
reading `atlas validate` output back into located problems."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SMALL_ATLAS = TESTS / "fixtures" / "small-atlas"
HESHUI = SMALL_ATLAS / "regions" / "heshui.yaml"

_PROBLEM_LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<field>[^:]+?): "
    r"(?P<message>.*)$"
)


@dataclass(frozen=True)
class Reported:
    """One problem as `atlas validate` printed it."""

    path: str
    line: int
    column: int
    field: str
    message: str


def apply_patch(base: list[str], hunks: list[str], name: str) -> list[str]:
    """``base`` (lines) with a case's hunks applied. A hunk is ``@@ N`` (a line number of
    the base) followed by ``-`` lines, which must equal the base's lines from N on and are
    removed, and ``+`` lines, which are put in their place."""
    result, at = [], 0
    lines = iter(hunks)
    line = next(lines, None)
    while line is not None:
        assert line.startswith("@@ "), f"{name}: expected '@@ <line>', got {line!r}"
        start = int(line[3:]) - 1
        result += base[at:start]
        at = start
        line = next(lines, None)
        while line is not None and line[:1] in ("-", "+"):
            if line[0] == "-":
                assert base[at] == line[1:], f"{name}: base line {at + 1} is {base[at]!r}"
                at += 1
            else:
                result.append(line[1:])
            line = next(lines, None)
    return result + base[at:]


def case_content(path: Path) -> bytes:
    """The file a case of ``fixtures/invalid/`` stands for: a ``.yaml`` case as it is; a
    ``.case`` file is its expect line and hunks, applied to the fixture atlas's file that
    the expect line names (the expect line takes the place of that file's first line)."""
    if path.suffix != ".case":
        return path.read_bytes()
    first, *rest = path.read_text(encoding="utf-8").split("\n")
    target = first.split(": ", 1)[1].split(":", 1)[0]  # "# expect[ --strict]: path:…"
    base = (SMALL_ATLAS / target).read_text(encoding="utf-8").split("\n")
    patched = apply_patch(base, [line for line in rest if line], path.name)
    return "\n".join([first, *patched[1:]]).encode("utf-8")


def make_atlas(dest: Path) -> Path:
    """A copy of the fixture atlas with only the Heshui region, so that each test
    controls every region file there is. Returns the data folder."""
    data = dest / "data"
    shutil.copytree(SMALL_ATLAS, data)
    for region in (data / "regions").glob("*.yaml"):
        if region.name != "heshui.yaml":
            region.unlink()
    return data


def parse_report(output: str) -> list[Reported]:
    """Every `path:line:col: field.path: message` line of the output."""
    found = []
    for text in output.splitlines():
        match = _PROBLEM_LINE.match(text)
        if match:
            found.append(
                Reported(
                    match["path"],
                    int(match["line"]),
                    int(match["col"]),
                    match["field"],
                    match["message"],
                )
            )
    return found
