"""docs/architecture.md names every module of the generator, so a newcomer finds the
module for a change from the map (a module added without a line there fails here)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOC = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
MODULES = sorted(
    p.relative_to(REPO / "generator")
    for p in (REPO / "generator").rglob("*.py")
    if p.name not in ("__init__.py", "__main__.py")
)


@pytest.mark.parametrize("module", MODULES, ids=str)
def test_the_architecture_document_names_the_module(module: Path) -> None:
    named = re.search(rf"(?<![\w.]){re.escape(module.name)}", DOC)
    assert named, f"docs/architecture.md does not name generator/{module}"
