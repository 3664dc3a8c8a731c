"""The build cache's keys each change with what their result is made from (and only then):
the exports reused by their data, the checks across files by what they read of the other
regions, a region's own export files by that region. A warm build's bytes being a cold
build's is tested in test_incremental.py."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from generator.build import build_files
from generator.cache import BuildCache
from generator.exports import reuse
from generator.exports.columns import Column, Table
from generator.exports.files import atlas_json, data_files, site_maps
from generator.exports.tables import atlas_tables
from generator.load import model as m
from generator.load.hierarchy import AtlasLinks, RegionFile
from generator.load.loader import LoadedFile
from generator.load.validate import ValidatedAtlas, load_atlas
from generator.output import writer
from generator.output.writer import MARKER, Manifest, recover_site, write_site
from generator.plan.index import AtlasIndex
from generator.plan.pages import Page, plan_pages
from generator.plan.timeline import TimelineRow
from generator.project import Project
from generator.render.cached import _Keys, page_inputs
from generator.render.reads import render_noting_reads, tracking

HESHUI = "regions/heshui.yaml"
TITLE = "zh: 加快推进人工智能赋能教育行动的实施方案"
MEASURE = "en: Each school writes an *AI teaching guide*"


@pytest.fixture()
def data(small_atlas_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(small_atlas_dir, copy)
    return copy


def _edit(data: Path, before: str, after: str) -> None:
    path = data / HESHUI
    text = path.read_text(encoding="utf-8")
    assert text.count(before) == 1, "the fixture changed: choose another edit"
    path.write_text(text.replace(before, after), encoding="utf-8")


def test_reused_json_and_csv_follow_their_data(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path / "cache")
    table = Table("t", "T", [Column("a", "string", "")], [["x"], ["y"]], ["a"])
    with reuse.reusing(cache):
        first = reuse.indented_json({"a": [1, "二"]})
        csv = reuse.table_csv(table)
    with reuse.reusing(cache):
        assert reuse.indented_json({"a": [1, "二"]}) == first
        assert cache.hits == 1
        assert reuse.indented_json({"a": [1, "三"]}) == '{\n "a": [\n  1,\n  "三"\n ]\n}'
        changed = Table("t", "T", table.columns, [["x"], ["z"]], ["a"])
        assert reuse.table_csv(changed) == changed.csv_bytes() != csv
    assert first == json.dumps({"a": [1, "二"]}, ensure_ascii=False, indent=1)


def test_atlas_json_is_one_dump_of_the_atlas(small_atlas: ValidatedAtlas) -> None:
    whole = json.dumps(small_atlas.atlas.model_dump(mode="json"), ensure_ascii=False, indent=1)
    assert atlas_json(small_atlas.atlas) == whole + "\n"


def test_exports_after_an_edit_are_those_of_a_cold_build(data: Path, tmp_path: Path) -> None:
    """A region's own files (citations, API) and its part of atlas.json are reused while it
    is unchanged and made again when it changes."""
    cache = BuildCache(tmp_path / "cache")
    data_files(load_atlas(data, cache=cache), cache)
    _edit(data, MEASURE, "en: Every school writes an *AI teaching guide*")
    edited = load_atlas(data, cache=cache)
    warm = data_files(edited, cache)
    assert warm == data_files(load_atlas(data))
    assert b"Every school writes" in warm["api/v1/regions/heshui.json"]
    assert b"Every school writes" in warm["data/atlas.json"]


def test_the_links_key_follows_what_a_region_reads_of_the_others(data: Path) -> None:
    """The checks across files read the other regions' documents (ids, titles, numbers):
    a document's new title changes their key, a measure's text does not."""

    def links_digest() -> str:
        validated = load_atlas(data)
        files = [_file(validated, region_id) for region_id in ("chengdu", "heshui", "suixi")]
        return AtlasLinks.of(
            files, validated.atlas.referenced_documents, validated.divisions
        ).digest()

    before = links_digest()
    _edit(data, MEASURE, "en: Every school writes an *AI teaching guide*")
    assert links_digest() == before
    _edit(data, TITLE, "zh: 加快推进人工智能赋能教育行动实施方案")
    assert links_digest() != before


def _file(validated: ValidatedAtlas, region_id: str) -> RegionFile:
    region = next(r for r in validated.atlas.regions if r.id == region_id)
    texts = {doc: text for (rid, doc), text in validated.sources.items() if rid == region_id}

    def unused() -> LoadedFile:
        raise AssertionError("the digest must not read the parsed file")

    return RegionFile(region, unused, texts)


# --- the site's manifest: only changed files written, without reading the site back --------


class _Manifests:
    def __init__(self) -> None:
        self.saved: dict[Path, Manifest] = {}

    def load(self, out_dir: Path) -> Manifest | None:
        return self.saved.get(out_dir)

    def save(self, out_dir: Path, manifest: Manifest) -> None:
        self.saved[out_dir] = manifest


def _on_disk(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != MARKER
    }


SITE = {"index.html": b"home", "a/index.html": b"page a", "b/c/index.html": b"page c"}


def test_a_manifest_writes_only_what_changed(tmp_path: Path) -> None:
    out, manifests = tmp_path / "site", _Manifests()
    assert write_site(SITE, out, manifests) == 3
    assert write_site(SITE, out, manifests) == 0
    edited = {**SITE, "a/index.html": b"page A", "d/index.html": b"new"}
    del edited["b/c/index.html"]
    assert write_site(edited, out, manifests) == 2
    assert _on_disk(out) == edited and not (out / "b").exists()  # the empty folder goes too


def test_a_file_changed_on_disk_by_someone_else_is_corrected(tmp_path: Path) -> None:
    """The manifest holds each file's size, times and inode as written: a file edited in
    place (even to the same size), replaced or deleted is written again."""
    out, manifests = tmp_path / "site", _Manifests()
    write_site(SITE, out, manifests)
    (out / "index.html").write_bytes(b"HOME")  # same size, other bytes
    (out / "a/index.html").unlink()
    (out / "b/c/index.html").write_bytes(b"tampered with")
    assert write_site(SITE, out, manifests) == 3
    assert _on_disk(out) == SITE


def test_a_patch_stopped_half_way_in_is_completed_by_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, manifests = tmp_path / "site", _Manifests()
    write_site(SITE, out, manifests)
    edited = {**SITE, "a/index.html": b"page A"}
    del edited["index.html"]

    def stop(name: str) -> None:
        if name == "old-moved":
            raise KeyboardInterrupt  # as a kill would, between two steps of the patch

    monkeypatch.setattr(writer, "_step", stop)
    with pytest.raises(KeyboardInterrupt):
        write_site(edited, out, manifests)
    monkeypatch.undo()
    recover_site(out)
    assert _on_disk(out) == edited
    assert not writer.staging_folder(out).exists()


def test_a_page_that_dumps_a_region_reads_every_field_of_it(small_atlas: ValidatedAtlas) -> None:
    region = small_atlas.atlas.regions[0]
    with tracking():
        _, named = render_noting_reads(lambda: region.name.zh.encode())
        _, dumped = render_noting_reads(lambda: region.model_dump_json().encode())
    assert named == {region.id: ["name"]}
    assert dumped == {region.id: sorted(m.Region.model_fields)}


def test_a_table_put_together_from_its_regions_is_one_csv(small_atlas: ValidatedAtlas) -> None:
    """Each region's rows are written to CSV on their own (and reused while it is
    unchanged): the table is the CSV of all its rows at once."""
    for table in atlas_tables(small_atlas.atlas):
        assert table.encoded is not None
        assert table.csv_bytes() == replace(table, encoded=None).csv_bytes()


def test_a_record_digest_follows_its_record(data: Path) -> None:
    """A view that holds a record is hashed with the record's digest (made when its file
    is checked): the digest of a changed measure changes, the others stay."""
    before = load_atlas(data).record_digests["heshui"]
    _edit(data, MEASURE, "en: Every school writes an *AI teaching guide*")
    after = load_atlas(data).record_digests["heshui"]
    assert before["goals"] == after["goals"] and before["documents"] == after["documents"]
    pairs = zip(before["measures"], after["measures"], strict=True)
    assert sum(1 for old, new in pairs if old != new) == 1


def test_a_timeline_row_in_several_views_keys_each_on_its_content(
    small_atlas: ValidatedAtlas, small_atlas_dir: Path
) -> None:
    """A row the timeline, its year's page and its province's page all hold is hashed once
    a build and stands for its hash in each view: a view with a changed row has another
    key, a view with an equal row (another object) the same key."""
    index = AtlasIndex.build(small_atlas)
    row = next(
        r
        for p in plan_pages(index, {})
        if p.template == "timeline-year.html"
        for r in p.context["rows"]
    )
    keys = _Keys(page_inputs(index, Project.for_data(small_atlas_dir)), index)

    def view_key(*rows: TimelineRow) -> str | None:
        page = Page("timeline/", "zh", "timeline-year.html", "timeline", {"rows": list(rows)})
        return keys.view(page)

    other = replace(row, count=row.count + 1)
    first = view_key(row, row)
    assert first is not None
    assert view_key(row, replace(row)) == first
    assert view_key(row, other) not in (first, None)
    assert view_key(other, row) not in (first, view_key(row, other), None)


def test_the_sitemap_is_reused_only_for_the_same_pages(
    small_atlas: ValidatedAtlas, tmp_path: Path
) -> None:
    cache = BuildCache(tmp_path / "cache")
    site = small_atlas.atlas.site
    pages = ["index.html", "en/index.html", "regions/heshui/index.html"]
    first = site_maps(site, pages, cache)["sitemap.xml"]
    assert site_maps(site, pages, cache)["sitemap.xml"] == first and cache.hits == 1
    fewer = site_maps(site, pages[:2], cache)["sitemap.xml"]
    assert fewer == site_maps(site, pages[:2])["sitemap.xml"] != first
    assert b"regions/heshui/" in first and b"regions/heshui/" not in fewer


def _entries(cache: Path) -> dict[str, int]:
    return {kind.name: sum(1 for _ in kind.glob("*/*")) for kind in sorted(cache.iterdir())}


def test_a_cold_build_stores_only_what_a_warm_build_uses(data: Path, tmp_path: Path) -> None:
    """Every entry a cold build leaves in the cache is one the next build uses: none is
    written only to be deleted (a region's API files are kept whole, not their parts)."""
    cache = BuildCache(tmp_path / "cache")
    project = Project.for_data(data)
    build_files(load_atlas(data, cache=cache), project, None, cache, with_search=False)
    cold = _entries(tmp_path / "cache")
    build_files(load_atlas(data, cache=cache), project, None, cache, with_search=False)
    assert _entries(tmp_path / "cache") == cold


def test_an_indicator_file_follows_its_targets_not_other_records(
    data: Path, tmp_path: Path
) -> None:
    """An indicator's API file is reused while every goal and status figure is the same:
    an edit to a measure keeps it; an edit to a goal of that indicator makes it again,
    with the bytes of a cold build."""
    cache = BuildCache(tmp_path / "cache")
    path = "api/v1/indicators/pilot-schools.json"
    first = data_files(load_atlas(data, cache=cache), cache)[path]
    _edit(data, MEASURE, "en: Every school writes an *AI teaching guide*")
    assert data_files(load_atlas(data, cache=cache), cache)[path] == first
    _edit(data, "each develop a distinctive", "each build a distinctive")
    warm = data_files(load_atlas(data, cache=cache), cache)
    assert warm[path] != first and b"each build a distinctive" in warm[path]
    assert warm == data_files(load_atlas(data))
