"""The index of an atlas made again from an earlier index (as `atlas serve` does on each
save): the same lookups as one made afresh, with the unchanged regions' records reused."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.cache import MemoryCache
from generator.load.validate import load_atlas
from generator.plan.index import AtlasIndex


def _lookups(index: AtlasIndex) -> tuple[object, ...]:
    return (
        [r.id for r in index.regions],
        index.goals_by_indicator,
        index.status_by_indicator,
        index.cited_by_region,
        index.review_date,
    )


def test_an_index_made_from_an_earlier_one_is_the_index_made_afresh(
    small_atlas_dir: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(small_atlas_dir, data)
    cache = MemoryCache(None)
    first = AtlasIndex.build(load_atlas(data, cache=cache))
    path = data / "regions" / "heshui.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("value: 6\n") == 1 and "推动6所试点校" in text
    path.write_text(
        text.replace("value: 6\n", "value: 7\n").replace("推动6所", "推动7所"), encoding="utf-8"
    )
    source = data / "sources" / "heshui" / "implementation-plan.txt"
    source.write_text(
        source.read_text(encoding="utf-8").replace("推动6所", "推动7所"), encoding="utf-8"
    )
    validated = load_atlas(data, cache=cache)
    again = AtlasIndex.build(validated, first)
    assert _lookups(again) == _lookups(AtlasIndex.build(validated))
    # Heshui's records are made again from its new file; the others' are those of before
    assert again.cited_by_region["heshui"] is not first.cited_by_region["heshui"]
    assert [
        g.record.target.value
        for g in again.cited_by_region["heshui"].goals
        if g.record.id == "pilot-schools" and g.record.target
    ] == [7]
    others = [rid for rid in first.cited_by_region if rid != "heshui"]
    assert others and all(again.cited_by_region[r] is first.cited_by_region[r] for r in others)


def test_a_new_review_date_makes_every_regions_records_again(
    small_atlas_dir: Path, tmp_path: Path
) -> None:
    """A goal's deadline state is judged on the atlas's review date: a later date (one
    region reviewed again) leaves no cited record of before."""
    data = tmp_path / "data"
    shutil.copytree(small_atlas_dir, data)
    cache = MemoryCache(None)
    first = AtlasIndex.build(load_atlas(data, cache=cache))
    path = data / "regions" / "suixi.yaml"
    text = path.read_text(encoding="utf-8")
    reviewed = next(line for line in text.splitlines() if line.startswith("reviewed:"))
    path.write_text(text.replace(reviewed, "reviewed: 2030-01-01"), encoding="utf-8")
    again = AtlasIndex.build(load_atlas(data, cache=cache), first)
    assert again.review_date == "2030-01-01" != first.review_date
    assert all(
        again.cited_by_region[r] is not first.cited_by_region[r] for r in first.cited_by_region
    )
