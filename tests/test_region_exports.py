"""exports/region_exports.py: each region's exports made in forked workers are the ones
made one by one, with a cache or without, and a cache's second build takes them all."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cache import BuildCache
from generator.exports import files, region_exports
from generator.load.validate import ValidatedAtlas


def test_workers_export_what_one_process_does(
    synthetic_atlas: tuple[Path, ValidatedAtlas],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, validated = synthetic_atlas
    in_workers = files.data_files(validated)
    cache = BuildCache(tmp_path / "cache")
    assert files.data_files(validated, cache) == in_workers  # made in workers, stored
    assert files.data_files(validated, cache) == in_workers  # taken from the cache
    monkeypatch.setattr(region_exports, "PARALLEL_FROM", 10**9)
    assert files.data_files(validated) == in_workers
