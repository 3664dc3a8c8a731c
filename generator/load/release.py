"""The dataset version: the atlas's own version plus the git commit of its data.

Read once per build from git (the commit that last changed the data folder, and that
commit's date), never from the clock, so two builds of the same commit say the same. A
data folder outside git (a tarball) has no commit: its version is the package version
alone and its date is the atlas's review date.

Each region also has a version of its own (:func:`read_region_releases`): the newest
commit that changed its region file, its archived source texts (``sources/<id>/``) or any
file every region is read with (the settings and codebooks: everything outside
``regions/`` and ``sources/``). A region's pages, citations and API files name it, so a
commit that changes one region leaves every other region's files as they were, and a
citation of a region's record names a commit where the record reads as cited.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

PACKAGE = "policy-atlas"
SHORT = 12  # characters of the commit hash in the version string


def package_version() -> str:
    try:
        return version(PACKAGE)
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


@dataclass(frozen=True)
class Release:
    """What version of the dataset a build publishes."""

    package_version: str
    data_commit: str | None = None  # the full hash of the commit that last changed data/
    data_date: str | None = None  # that commit's date, YYYY-MM-DD (UTC)
    modified: bool = False  # the data folder has changes not yet committed

    @property
    def version(self) -> str:
        """``0.1.0+3f2a9c0d1e2b`` (a PEP 440 local version); ``.modified`` when the data
        folder differs from its commit; the package version alone without git."""
        if self.data_commit is None:
            return self.package_version
        local = self.data_commit[:SHORT] + (".modified" if self.modified else "")
        return f"{self.package_version}+{local}"

    def date(self, review_date: str) -> str:
        """The release date: the data commit's date, or the review date without git."""
        return self.data_date or review_date


UNVERSIONED = Release(package_version="0+unknown")


def git_bytes(
    data_dir: Path, *args: str, stdin: bytes | None = None, timeout: float = 60
) -> bytes | None:
    """What a read-only git command in ``data_dir`` prints, or ``None`` if it fails."""
    try:
        done = subprocess.run(
            ["git", "-C", str(data_dir), *args],
            input=stdin,
            capture_output=True,
            check=False,
            timeout=timeout,
            env={**os.environ, "TZ": "UTC", "LC_ALL": "C"},
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def git_output(data_dir: Path, *args: str) -> str | None:
    """:func:`git_bytes` as text, line ends made ``\\n`` (as Python's text mode reads)."""
    found = git_bytes(data_dir, *args)
    if found is None:
        return None
    return found.decode().replace("\r\n", "\n").replace("\r", "\n")


def read_release(data_dir: Path) -> Release:
    """The release of the data in ``data_dir`` (read-only git calls; no git: no commit)."""
    current = package_version()
    found = git_output(  # on the first-parent line, as the history and regions' releases
        data_dir,
        "log",
        "-1",
        "--first-parent",
        "--format=%H %cd",
        "--date=format-local:%Y-%m-%d",
        "--",
        ".",
    )
    if not found or not found.strip():
        return Release(package_version=current)
    commit, date = found.split()
    status = git_output(data_dir, "status", "--porcelain", "--untracked-files=no", "--", ".")
    return Release(current, commit, date, modified=bool(status and status.strip()))


SHARED = "shared"  # in a commit's paths: a file outside regions/ and sources/


def _log_paths(data_dir: Path) -> list[tuple[str, str, set[str]]] | None:
    """Each first-parent commit that changed the data, newest first: its full hash, date
    and what it touched (a region file's path, ``sources/<id>/`` or :data:`SHARED`)."""
    log = git_output(
        data_dir,
        "log",  # as the history's: a merge counts with what it brought in
        "--first-parent",
        "--diff-merges=first-parent",
        "--no-renames",
        "--name-only",
        "--relative",
        "--format=%x1f%H %cd",
        "--date=format-local:%Y-%m-%d",
        "--",
        ".",
    )
    if log is None:
        return None
    commits: list[tuple[str, str, set[str]]] = []
    for block in log.split("\x1f")[1:]:
        head, _, names = block.partition("\n")
        commit, date = head.split()
        commits.append((commit, date, {_touched(name) for name in names.split("\n") if name}))
    return commits


def _touched(path: str) -> str:
    parts = path.split("/")
    if parts[0] == "regions" and len(parts) == 2:
        return path
    if parts[0] == "sources" and len(parts) > 2:
        return f"sources/{parts[1]}/"
    return SHARED


def read_region_releases(
    data_dir: Path, release: Release, region_files: Mapping[str, str]
) -> dict[str, Release]:
    """Each region's own release (see the module's description): ``region_files`` maps a
    region id to its file's path under ``data_dir`` (``regions/beijing.yaml``). Empty
    without git; a region whose files differ from their commit, or whose file was never
    committed, is ``modified``."""
    if release.data_commit is None:
        return {}
    commits = _log_paths(data_dir)
    changed = git_output(data_dir, "diff", "--name-only", "--relative", "HEAD", "--", ".")
    if commits is None or changed is None:
        return {}
    dirty = {_touched(name) for name in changed.split("\n") if name}
    newest: dict[str, int] = {}  # what a commit touched -> the newest commit that did
    for order, (_, _, touched) in enumerate(commits):
        for key in touched:
            newest.setdefault(key, order)
    found: dict[str, Release] = {}
    for region, path in region_files.items():
        own = {path, f"sources/{region}/", SHARED}
        orders = [newest[key] for key in own if key in newest]
        if not orders:  # nothing of it committed yet: the data's commit, modified
            found[region] = replace(release, modified=True)
            continue
        commit, date, _ = commits[min(orders)]
        modified = bool(dirty & own) or path not in newest
        found[region] = Release(release.package_version, commit, date, modified)
    return found
