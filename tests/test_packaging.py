"""A non-editable install builds the site: the generator reads templates, assets and
plotly.js from the atlas project folder, not from beside its own source."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PROJECT_FILES = ("data", "templates", "assets", "netlify.toml")


@pytest.mark.slow
def test_pip_install_dot_builds_the_site(tmp_path: Path) -> None:
    packages, project = tmp_path / "packages", tmp_path / "atlas"
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(packages)]
    install = subprocess.run(
        [*pip, str(REPO)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert install.returncode == 0, install.stderr
    assert not (packages / "generator" / "templates").exists()
    assert (packages / "generator" / "render" / "locale").is_dir(), "the catalog is package data"
    project.mkdir()
    for name in PROJECT_FILES:
        source = REPO / name
        copy = shutil.copytree if source.is_dir() else shutil.copy
        copy(source, project / name)
    (project / "node_modules").symlink_to(REPO / "node_modules")
    env = {**os.environ, "PYTHONPATH": str(packages)}
    where = subprocess.run(
        [sys.executable, "-c", "import generator; print(generator.__file__)"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(packages)), where.stdout
    built = subprocess.run(
        [sys.executable, "-m", "generator", "build"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stderr + built.stdout
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "<main" in home and (project / "site" / "en" / "index.html").is_file()
