"""The history of the data read from git: a fixture repository with three commits (add
the atlas, change one field of a goal, add another region's records) shows on the region
page when each record was added and when each field last changed; two builds of the
same commit are byte-identical; without git or in a shallow clone the page says so."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.build import build_site
from generator.cache import BuildCache
from generator.load import history as history_module
from generator.load.history import Commit, DataHistory, RecordChange, read_history
from generator.load.validate import load_atlas
from generator.plan.history import DETAILED_COMMITS, RECORDS_SHOWN, REGIONS_SHOWN, changelog

REPO = Path(__file__).resolve().parents[1]
SMALL_ATLAS = REPO / "tests" / "fixtures" / "small-atlas"
OLD = "Six pilot schools each develop a distinctive AI application scenario"
NEW = "Six pilot schools each build a distinctive AI application scenario"


def git(repo: Path, *args: str, date: str = "2026-01-01T00:00:00+00:00") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Editor",
        "GIT_AUTHOR_EMAIL": "editor@example.org",
        "GIT_COMMITTER_NAME": "Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    done = subprocess.run(
        ["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("history") / "repo"
    data = root / "data"
    shutil.copytree(SMALL_ATLAS, data)
    suixi = (data / "regions" / "suixi.yaml").read_bytes()
    (data / "regions" / "suixi.yaml").unlink()
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Add Heshui and Chengdu", date="2026-03-01T10:00:00+00:00")
    heshui = data / "regions" / "heshui.yaml"
    heshui.write_text(heshui.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    git(
        root,
        "commit",
        "-qam",
        "Heshui: the pilot goal's English statement",
        date="2026-04-02T10:00:00+00:00",
    )
    (data / "regions" / "suixi.yaml").write_bytes(suixi)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Add Suixi", date="2026-11-30T23:30:00-05:00")
    return root


def test_history_knows_when_each_record_was_added_and_each_field_changed(repo: Path) -> None:
    history = read_history(repo / "data")
    assert history.available
    assert [c.message for c, _ in history.commits] == [
        "Add Heshui and Chengdu",
        "Heshui: the pilot goal's English statement",
        "Add Suixi",
    ]
    pilot = history.of("heshui", "goals", "pilot-schools")
    assert pilot is not None
    assert (pilot.added.date, pilot.added.message) == ("2026-03-01", "Add Heshui and Chengdu")
    assert pilot.fields["statement"].date == "2026-04-02"
    assert pilot.fields["target"] == pilot.added
    other = history.of("heshui", "goals", "platform-activity")
    assert other is not None and set(other.fields.values()) == {other.added}
    suixi = [k for k in history.records if k[0] == "suixi"]
    assert suixi and all(history.records[k].added.date == "2026-12-01" for k in suixi)  # UTC


def test_with_a_cache_each_region_file_of_the_history_is_parsed_once(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every commit's region files are read from git at each build; with the build cache,
    a file's records are kept by its blob, so a build in CI parses only the files the new
    commits changed, and the history is the same."""
    parsed: list[str] = []
    real = history_module._records

    def counting(text: str) -> tuple[str, dict[tuple[str, str], dict[str, str]]]:
        parsed.append(text)
        return real(text)

    monkeypatch.setattr(history_module, "_records", counting)
    cache = BuildCache(tmp_path / "cache")
    first = read_history(repo / "data", cache)
    assert len(parsed) == 4  # three files added, one changed, over three commits
    again = read_history(repo / "data", cache)
    assert len(parsed) == 4
    assert again == first == read_history(repo / "data")


def test_the_region_page_shows_the_history_and_two_builds_are_identical(repo: Path) -> None:
    first, second = repo / "site", repo / "site-again"
    build_site(repo / "data", first)
    build_site(repo / "data", second)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
    page = (first / "en" / "regions" / "heshui" / "index.html").read_text(encoding="utf-8")
    section = page[page.index('id="history"') :]
    pilot = section[section.index("#goal-pilot-schools") :].split("</ul>")[0]
    assert 'changed <time datetime="2026-04-02">' in pilot and "(statement)" in pilot
    assert "the pilot goal&#39;s English statement" in pilot
    assert 'added <time datetime="2026-03-01">' in pilot
    zh = (first / "regions" / "heshui" / "index.html").read_text(encoding="utf-8")
    assert "记录的修改历史" in zh and "修改" in zh


def test_without_history_the_page_says_so_in_both_languages(repo: Path, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True
    )
    assert read_history(shallow / "data").reason == "shallow"
    build_site(shallow / "data", shallow / "site")
    en = (shallow / "site" / "en" / "regions" / "heshui" / "index.html").read_text("utf-8")
    zh = (shallow / "site" / "regions" / "heshui" / "index.html").read_text("utf-8")
    assert "shallow copy of the repository" in en and "浅克隆" in zh
    tarball = tmp_path / "tarball"
    shutil.copytree(repo / "data", tarball / "data")
    assert read_history(tarball / "data").reason == "no-git"
    build_site(tarball / "data", tarball / "site")
    en = (tarball / "site" / "en" / "regions" / "heshui" / "index.html").read_text("utf-8")
    zh = (tarball / "site" / "regions" / "heshui" / "index.html").read_text("utf-8")
    assert "without the repository's history" in en and "压缩包" in zh


def test_the_feed_lists_the_record_changes_newest_first(repo: Path) -> None:
    site = repo / "site-feed"
    build_site(repo / "data", site)
    feed = (site / "en" / "feed.xml").read_text(encoding="utf-8")
    titles = re.findall(r"<title>(.*?)</title>", feed)
    changes = [t for t in titles if ", records updated: " in t]
    assert changes[0].endswith(": Add Suixi")
    assert "Heshui County, records updated: Heshui: the pilot goal's English statement" in changes
    assert "changed goals/pilot-schools (statement)" in feed
    assert re.search(r"</subtitle>\s*<updated>2026-12-01T00:00:00Z</updated>", feed)
    assert ET.fromstring(feed.encode()).tag.endswith("feed")


def test_the_changelog_page_lists_each_commit_with_its_records(repo: Path) -> None:
    site = repo / "site-changes"
    build_site(repo / "data", site)
    page = (site / "en" / "changes" / "index.html").read_text(encoding="utf-8")
    order = [page.index(m) for m in ("Add Suixi", "English statement", "Add Heshui and Chengdu")]
    assert order == sorted(order), "newest commit first"
    middle = page[order[1] : order[2]]
    assert (
        'changed <a href="/en/regions/heshui/#goal-pilot-schools">goals/pilot-schools</a>'
        " (statement)" in middle
    )
    assert "goals/platform-activity" not in middle
    assert "数据的修改记录" in (site / "changes" / "index.html").read_text(encoding="utf-8")


def test_the_changelog_stays_small_whatever_a_commit_changed(small_atlas_dir: Path) -> None:
    """An import commit adds every record of every region (54,000 at 1,000 regions: the page
    was 4.7 MB). Each commit keeps its anchor and counts; the newest list their first
    regions and the first records of each, linking to each region's full history."""
    region = load_atlas(small_atlas_dir).atlas.regions[0]
    regions = {f"r{n:03}": region.model_copy(update={"id": f"r{n:03}"}) for n in range(30)}
    commits = []
    for order in range(DETAILED_COMMITS + 5):
        commit = Commit(f"{order:012}", "2026-01-01", f"commit {order}", order)
        changes = [
            RecordChange(
                rid, "goals", f"goal-{k:02}", order == 0, () if order == 0 else ("target",)
            )
            for rid in regions
            for k in range(15)
        ]
        commits.append((commit, changes))
    log = changelog(DataHistory(True, "", {}, commits), regions)
    assert [e.commit.order for e in log.entries] == list(range(DETAILED_COMMITS + 4, -1, -1))
    newest, oldest = log.entries[0], log.entries[-1]
    assert (newest.added, newest.changed, newest.region_count) == (0, 450, 30)
    assert (oldest.added, oldest.changed, oldest.regions) == (450, 0, [])  # counts only
    assert len(newest.regions) == REGIONS_SHOWN and newest.more_regions == 30 - REGIONS_SHOWN
    first = newest.regions[0]
    assert len(first.records) == RECORDS_SHOWN and first.more == 15 - RECORDS_SHOWN
    assert first.history == "regions/r000/#history"
    assert all(e.regions for e in log.entries[:DETAILED_COMMITS])
    assert not any(e.regions for e in log.entries[DETAILED_COMMITS:])
