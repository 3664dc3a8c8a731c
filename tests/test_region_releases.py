"""Each region's own version (generator/load/release.py): the newest commit that changed
its region file, its source texts or a file every region is read with. A region's pages,
citations and API files name it; the atlas's pages name the data's newest commit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.load.release import Release, read_region_releases, read_release
from generator.load.validate import load_atlas
from tests.test_history import SMALL_ATLAS, git

FILES = {"heshui": "regions/heshui.yaml", "suixi": "regions/suixi.yaml"}


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """The small atlas in ``repo/data``, committed once on 2026-03-01."""
    data = tmp_path / "repo" / "data"
    shutil.copytree(SMALL_ATLAS, data)
    git(data.parent, "init", "-q", "-b", "main")
    git(data.parent, "add", "-A")
    git(data.parent, "commit", "-qm", "The atlas", date="2026-03-01T10:00:00+00:00")
    return data


def commit(data: Path, path: str, old: str, new: str, date: str) -> str:
    """Replace ``old`` by ``new`` in ``path`` (under ``data``), commit, return the hash."""
    file = data / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"the fixture changed: {old!r} is not in {path}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    git(data.parent, "commit", "-qam", f"Edit {path}", date=f"{date}T10:00:00+00:00")
    return git(data.parent, "rev-parse", "HEAD").strip()


def releases(data: Path) -> dict[str, Release]:
    return read_region_releases(data, read_release(data), FILES)


def test_a_commit_to_one_region_changes_only_that_regions_version(repo: Path) -> None:
    first = git(repo.parent, "rev-parse", "HEAD").strip()
    suixi = commit(repo, "regions/suixi.yaml", "\nid: suixi", "\nid: suixi\n# edited", "2026-04-02")
    found = releases(repo)
    assert found["heshui"] == Release(found["heshui"].package_version, first, "2026-03-01")
    assert (found["suixi"].data_commit, found["suixi"].data_date) == (suixi, "2026-04-02")
    assert read_release(repo).data_commit == suixi  # the atlas's own: the newest of all
    assert found["heshui"].version.endswith(f"+{first[:12]}")


def test_a_source_text_counts_for_its_region_a_codebook_for_every_region(repo: Path) -> None:
    source = next((repo / "sources" / "heshui").iterdir()).relative_to(repo).as_posix()
    text = (repo / source).read_text(encoding="utf-8")
    heshui = commit(repo, source, text[-1], text[-1] + "\n", "2026-04-02")
    found = releases(repo)
    assert found["heshui"].data_commit == heshui
    assert found["suixi"].data_commit != heshui
    shared = commit(repo, "themes.yaml", "\n", "\n\n", "2026-05-03")
    assert {r.data_commit for r in releases(repo).values()} == {shared}


def test_an_uncommitted_edit_marks_only_its_region_modified(repo: Path) -> None:
    path = repo / "regions" / "suixi.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    found = releases(repo)
    assert found["suixi"].modified and found["suixi"].version.endswith(".modified")
    assert not found["heshui"].modified
    assert read_release(repo).modified


def test_a_region_file_never_committed_is_modified(repo: Path) -> None:
    shutil.copy(repo / "regions" / "suixi.yaml", repo / "regions" / "new.yaml")
    found = read_region_releases(repo, read_release(repo), {**FILES, "new": "regions/new.yaml"})
    assert found["new"].modified and not found["suixi"].modified


def test_without_git_every_region_has_the_atlas_release(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SMALL_ATLAS, data)
    assert read_region_releases(data, read_release(data), FILES) == {}
    assert set(load_atlas(data).region_files) >= set(FILES)
    assert load_atlas(data).region_files["heshui"] == FILES["heshui"]


def test_a_merge_counts_for_the_regions_its_branch_changed(repo: Path) -> None:
    """As the history reads it, on the first-parent line: a merged pull request is the
    commit that changed what its branch changed."""
    first = git(repo.parent, "rev-parse", "HEAD").strip()
    git(repo.parent, "checkout", "-qb", "edit")
    commit(repo, "regions/suixi.yaml", "\nid: suixi", "\nid: suixi\n# edited", "2026-04-02")
    git(repo.parent, "checkout", "-q", "main")
    git(repo.parent, "merge", "-q", "--no-ff", "-m", "Merge edit", "edit")
    merge = git(repo.parent, "rev-parse", "HEAD").strip()
    found = releases(repo)
    assert found["suixi"].data_commit == merge == read_release(repo).data_commit
    assert found["heshui"].data_commit == first
