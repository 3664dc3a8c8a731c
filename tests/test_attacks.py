"""The attack corpus (tests/attacks/cases.py), each case run as an editor or CI would: the
real ``atlas`` command in a subprocess, in a project folder of its own.

Every case must end in exit status 1 with its message on standard error, no traceback,
within ten seconds, and leave ``data/`` byte-identical. The cases that are not one
command (two builds at once, a build killed at each step of the swap) follow.
"""

from __future__ import annotations

import fcntl
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from generator.output.writer import COMPLETE, MARKER
from tests.attacks.cases import CASES, PROJECT_FILES, REPO, data_digest, make_project

ATLAS = [sys.executable, "-m", "generator"]
TIME_LIMIT = 10  # CPU seconds: a hostile input must not make the build work for long
HANG_LIMIT = 120  # wall seconds: a hang (on a loaded machine, start-up alone can take 10)
PROTECTED = ("templates", "assets", "schema", "tests/golden")


def atlas(
    project: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*ATLAS, *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def repository_digest() -> dict[str, dict[str, str]]:
    return {name: data_digest(REPO / name) for name in PROTECTED}


@pytest.fixture(scope="module")
def repository_before() -> dict[str, dict[str, str]]:
    return repository_digest()


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_attack_ends_in_a_clean_refusal(
    name: str, project: Path, repository_before: dict[str, dict[str, str]]
) -> None:
    case = CASES[name](project)
    before = data_digest(project / "data")
    before_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = atlas(project, *case.args, timeout=HANG_LIMIT)
    after_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after_cpu.ru_utime - before_cpu.ru_utime) + (after_cpu.ru_stime - before_cpu.ru_stime)
    assert cpu < TIME_LIMIT, f"{name} took {cpu:.1f} CPU seconds"
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr + result.stdout
    assert case.expect in result.stderr, result.stderr[-2000:]
    assert max(map(len, result.stderr.splitlines()), default=0) < 1000  # no value echoed whole
    assert data_digest(project / "data") == before
    if "--out" in case.args:
        assert not (project / "site").is_dir() or (project / "site" / MARKER).is_file()
    if name.startswith("build-out"):
        assert repository_digest() == repository_before


def test_nothing_read_through_a_link_reaches_the_site(project: Path) -> None:
    """The file disclosure the issue found: a linked source would be published."""
    secret = project.parent / "secret.txt"
    secret.write_text("NETLIFY_AUTH_TOKEN=s3cret", encoding="utf-8")
    source = project / "data" / "sources" / "heshui" / "implementation-plan.txt"
    source.unlink()
    source.symlink_to(secret)
    result = atlas(project, "build", "--out", "site")
    assert result.returncode == 1
    assert "s3cret" not in result.stderr + result.stdout
    assert not (project / "site").exists()


def test_a_build_holding_the_lock_makes_a_second_build_refuse(project: Path) -> None:
    assert atlas(project, "build", "--out", "site").returncode == 0
    first = data_digest(project / "site")
    with (project / ".site.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running build holds it
        result = atlas(project, "build", "--out", "site", timeout=HANG_LIMIT)
    assert result.returncode == 1
    assert "another atlas build is writing" in result.stderr
    assert "Traceback" not in result.stderr
    assert data_digest(project / "site") == first


def test_two_builds_at_once_leave_one_complete_site(project: Path) -> None:
    reference = project.parent / "reference"
    assert atlas(project, "build", "--out", str(reference)).returncode == 0
    env = {**os.environ, "NO_COLOR": "1"}
    runs = [
        subprocess.Popen(
            [*ATLAS, "build", "--out", "site"],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    outcomes = [(run.wait(timeout=120), run.communicate()[1]) for run in runs]
    assert 0 in [code for code, _ in outcomes]
    for code, stderr in outcomes:
        assert "Traceback" not in stderr
        assert code == 0 or "another atlas build is writing" in stderr
    assert data_digest(project / "site") == data_digest(reference)
    assert sorted(p.name for p in project.iterdir() if p.name not in PROJECT_FILES) == [
        ".atlas-cache",  # the build cache beside data/: by design
        ".site.lock",
        "data",
        "site",
    ]


KILL_STEPS = (
    "staging-made",
    "files-written",
    "marked-complete",
    "old-moved",
    "new-moved",
    "emptied",
)


@pytest.mark.parametrize("step", KILL_STEPS)
def test_after_a_build_killed_at_any_step_the_next_build_leaves_a_complete_site(
    project: Path, step: str
) -> None:
    assert atlas(project, "build", "--out", "site").returncode == 0
    complete = data_digest(project / "site")
    killed = atlas(project, "build", "--out", "site", env={"ATLAS_TEST_KILL_AT": step})
    assert killed.returncode == -signal.SIGKILL
    (project / "data" / "atlas.yaml").write_text("title: [", encoding="utf-8")  # invalid now
    after = atlas(project, "build", "--out", "site")
    assert after.returncode == 1
    assert "Traceback" not in after.stderr
    assert data_digest(project / "site") == complete
    assert (project / "site" / MARKER).read_bytes() == COMPLETE
    assert sorted(p.name for p in project.iterdir() if p.name not in PROJECT_FILES) == [
        ".atlas-cache",  # the build cache beside data/: by design
        ".site.lock",
        "data",
        "site",
    ]
