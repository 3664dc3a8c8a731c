"""`atlas build` as its users rely on it: identical output for identical input, nothing
written when anything fails, the previous site kept, and clear messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import build_site
from generator.cli import main
from generator.errors import BuildError, ValidationFailed
from generator.load.validate import ValidatedAtlas
from generator.output.writer import MARKER, write_site
from generator.parallel import worker_count
from generator.plan.index import AtlasIndex
from generator.plan.pages import plan_pages
from generator.project import Project
from generator.render import assets as siteassets
from generator.render import renderer as render
from generator.search import indexer as search
from tests.site_support import BuiltSite

REPO = Path(__file__).resolve().parents[1]


def snapshot(root: Path) -> dict[str, bytes]:
    """The site's files, the build's marker aside (every output carries it)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != MARKER
    }


def beside(root: Path) -> list[str]:
    """What lies beside the site, the build's lock file aside (an empty file, taken before
    validation so that the whole build holds it)."""
    return sorted(p.name for p in root.iterdir() if p.name != ".site.lock")


def test_two_builds_of_the_same_input_are_byte_identical(
    small_atlas_dir: Path, tmp_path: Path
) -> None:
    """Both builds read the dataset version and history from git, as `atlas build` does."""
    build_site(small_atlas_dir, tmp_path / "first")
    build_site(small_atlas_dir, tmp_path / "again")
    first, second = snapshot(tmp_path / "first"), snapshot(tmp_path / "again")
    assert sorted(first) == sorted(second)
    differing = [path for path in first if first[path] != second[path]]
    assert differing == []


def test_report_counts_pages_and_times_each_stage(built_site: BuiltSite) -> None:
    report = built_site.report
    assert report.pages == len(built_site.html_paths())
    assert report.total_bytes == sum(len(b) for b in built_site.files().values())
    assert set(report.stages) == {
        "validate",
        "index",
        "plan",
        "exports",
        "render",
        "search",
        "write",
    }
    assert "pages" in report.summary() and "render" in report.summary()


def _broken_copy(small_atlas_dir: Path, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(small_atlas_dir, data)
    region = data / "regions" / "heshui.yaml"
    region.write_text(
        region.read_text(encoding="utf-8").replace("deadline:", "deadine:", 1), encoding="utf-8"
    )
    return data


def test_invalid_data_writes_nothing_and_keeps_the_old_site(
    built_site: BuiltSite, small_atlas_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    shutil.copytree(built_site.root, out)
    before = snapshot(out)
    with pytest.raises(ValidationFailed):
        build_site(_broken_copy(small_atlas_dir, tmp_path), out)
    assert snapshot(out) == before
    assert beside(tmp_path) == ["data", "site"]


def test_a_failure_after_validation_keeps_the_old_site(
    built_site: BuiltSite, small_atlas_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    shutil.copytree(built_site.root, out)
    before = snapshot(out)

    def failing_index(*_: object) -> dict[str, bytes]:
        raise BuildError("the search index could not be built")

    monkeypatch.setattr(search, "index_files", failing_index)
    with pytest.raises(BuildError):
        build_site(small_atlas_dir, out)
    assert snapshot(out) == before
    assert beside(tmp_path) == ["site"]


def test_writing_replaces_the_whole_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"old", "stale/index.html": b"gone soon"}, out)
    write_site({"index.html": b"new", "en/index.html": b"en"}, out)
    assert snapshot(out) == {"en/index.html": b"en", "index.html": b"new"}
    assert beside(tmp_path) == ["site"]


def test_a_folder_that_is_not_a_site_is_never_replaced(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("my notes", encoding="utf-8")
    with pytest.raises(BuildError, match="refusing"):
        write_site({"index.html": b"x"}, tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "my notes"


@pytest.mark.parametrize("name", ["../escape.html", "/etc/passwd", "a/../../b"])
def test_paths_outside_the_site_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(BuildError):
        write_site({name: b"x"}, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_missing_plotly_says_to_run_npm_ci(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="npm ci"):
        siteassets.SiteAssets.load(REPO / "assets", tmp_path / "node_modules")


def test_assets_have_content_hashed_names(built_site: BuiltSite) -> None:
    assets = [p for p in built_site.files() if p.startswith("assets/")]
    assert any(p.startswith("assets/js/plotly-basic.") for p in assets)
    for path in assets:
        stem = Path(path).name.split(".")
        assert len(stem) >= 3 and len(stem[1]) == 10, path


def test_cli_build_reports_every_problem_and_changes_nothing(
    small_atlas_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    result = CliRunner().invoke(
        main, ["build", "--data", str(_broken_copy(small_atlas_dir, tmp_path)), "--out", str(out)]
    )
    assert result.exit_code == 1
    assert "heshui.yaml:" in result.output and "unknown field" in result.output
    assert "nothing was built" in result.output
    assert not out.exists()


def test_cli_build_prints_one_summary_line(small_atlas_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--data",
            str(small_atlas_dir),
            "--out",
            str(out),
            "--base-url",
            "https://preview.example/",
        ],
    )
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("built ")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="https://preview.example/"' in index
    assert "https://preview.example/sitemap.xml" in (out / "robots.txt").read_text("utf-8")


def test_rendering_in_workers_gives_the_same_bytes(
    small_atlas: ValidatedAtlas, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = AtlasIndex.build(small_atlas)
    pages = plan_pages(index, {})
    project = Project(REPO)
    serial = render.Renderer(index, project).render_site(pages)
    monkeypatch.setattr(render, "PARALLEL_FROM", 1)
    if worker_count(len(pages), 1) < 2:
        pytest.skip("one CPU, or other threads running: pages render in-process")
    assert render.Renderer(index, project).render_site(pages) == serial
