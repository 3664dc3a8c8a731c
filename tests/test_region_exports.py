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
    warm = files.data_files(validated, cache)
    assert warm == in_workers  # taken from the cache
    region_files = [path for path in warm if path.startswith(("regions/", "api/v1/regions/"))]
    assert region_files and all(warm.is_stored(path) for path in region_files)  # not read
    monkeypatch.setattr(region_exports, "PARALLEL_FROM", 10**9)
    assert files.data_files(validated) == in_workers


def test_a_region_file_whose_entry_is_gone_is_made_again(
    synthetic_atlas: tuple[Path, ValidatedAtlas], tmp_path: Path
) -> None:
    """A cache entry of a region's files deleted, or cut short, between two builds is a
    miss: those files are made again, with the same bytes."""
    _, validated = synthetic_atlas
    cold = files.data_files(validated)
    cache = BuildCache(tmp_path / "cache")
    files.data_files(validated, cache)
    entries = sorted((tmp_path / "cache" / region_exports.REGION_CACHE_KIND).glob("*/*"))
    blobs = [entry for entry in entries if entry.read_bytes()[:1] != b"\x80"]  # not pickles
    assert blobs
    blobs[0].unlink()
    blobs[1].write_bytes(blobs[1].read_bytes()[:-1])
    assert files.data_files(validated, cache) == cold
