"""Shared fixtures: the small fixture atlas, validated once and built once per session,
and a synthetic atlas of 300 regions for the tests of aggregate pages at scale.

``built_site`` is the whole site of tests/fixtures/small-atlas, built by the real
pipeline (``build_site``) into a temporary folder; tests read it, never change it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from generator.build import build_site
from generator.load.validate import ValidatedAtlas, load_atlas
from scripts.synthetic_atlas import write_synthetic_atlas
from tests.site_support import BuiltSite

REPO = Path(__file__).resolve().parent.parent
SMALL_ATLAS = REPO / "tests" / "fixtures" / "small-atlas"
SYNTHETIC_REGIONS = 300  # regions of the synthetic atlas (scripts/synthetic_atlas.py)


@pytest.fixture(scope="session")
def atlas_command() -> Path:
    """The installed ``atlas`` console script, as an editor runs it. A missing script is a
    broken install, so it fails the tests that need it rather than skipping them."""
    script = Path(sys.executable).parent / "atlas"
    if not script.exists():
        pytest.fail(f"the atlas console script is not installed ({script}): pip install -e .")
    return script


@pytest.fixture(scope="session")
def small_atlas_dir() -> Path:
    return SMALL_ATLAS


@pytest.fixture(scope="session")
def small_atlas(small_atlas_dir: Path) -> ValidatedAtlas:
    return load_atlas(small_atlas_dir)


@pytest.fixture(scope="session")
def built_site(small_atlas_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The fixture atlas built once for the whole session (read-only for tests)."""
    root = tmp_path_factory.mktemp("small-site") / "site"
    # without git: the pages (and the golden snapshot) must not change with each commit
    report = build_site(small_atlas_dir, root, read_git=False)
    return BuiltSite(root=root, report=report)


@pytest.fixture(scope="session")
def synthetic_atlas(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ValidatedAtlas]:
    """The benchmark's synthetic atlas of 300 regions on real divisions, written and
    validated once for the session: its data folder and the validated atlas (read-only)."""
    data = tmp_path_factory.mktemp("synthetic") / "data"
    write_synthetic_atlas(REPO / "data", data, SYNTHETIC_REGIONS)
    validated = load_atlas(data)
    assert len(validated.atlas.regions) == SYNTHETIC_REGIONS
    return data, validated
