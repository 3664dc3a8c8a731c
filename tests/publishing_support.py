"""The small fixture atlas, built once per test session, for the publishing tests."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURE_ATLAS = Path(__file__).resolve().parent / "fixtures" / "small-atlas"
_BUILT: dict[str, Path] = {}


def small_atlas_build(factory: pytest.TempPathFactory) -> Path:
    """The fixture atlas built with `generator.build.build_site`, once per session."""
    if "site" not in _BUILT:
        from generator.build import build_site

        out_dir = factory.mktemp("small-atlas-site") / "site"
        build_site(FIXTURE_ATLAS, out_dir)
        _BUILT["site"] = out_dir
    return _BUILT["site"]
