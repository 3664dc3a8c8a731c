"""The dataset version: the atlas's own version plus the git commit of its data.

Read once per build from git (the commit that last changed the data folder, and that
commit's date), never from the clock, so two builds of the same commit say the same. A
data folder outside git (a tarball) has no commit: its version is the package version
alone and its date is the atlas's review date.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
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
    found = git_output(
        data_dir, "log", "-1", "--format=%H %cd", "--date=format-local:%Y-%m-%d", "--", "."
    )
    if not found or not found.strip():
        return Release(package_version=current)
    commit, date = found.split()
    status = git_output(data_dir, "status", "--porcelain", "--untracked-files=no", "--", ".")
    return Release(current, commit, date, modified=bool(status and status.strip()))
