"""The code stays typed and tidy: `mypy --strict` and `ruff check` over the generator and
its tests, with the settings in pyproject.toml, report nothing."""

from __future__ import annotations

import subprocess
import sys

from tests.validation_support import ROOT

CHECKED = ["generator", "tests"]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_mypy_strict_is_clean() -> None:
    done = _run("mypy", "--strict", *CHECKED)
    assert done.returncode == 0, f"mypy --strict {' '.join(CHECKED)}:\n{done.stdout}{done.stderr}"


def test_ruff_is_clean() -> None:
    done = _run("ruff", "check", "--no-cache", *CHECKED)
    assert done.returncode == 0, f"ruff check {' '.join(CHECKED)}:\n{done.stdout}{done.stderr}"
