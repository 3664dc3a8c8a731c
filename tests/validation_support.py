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
