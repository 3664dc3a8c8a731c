"""The only module that writes the site to disk.

The whole site is written to a fresh sibling folder (``.site-new`` beside ``site``) and
swapped in only when every file is written, so a failed build leaves the previous site
exactly as it was. A folder that does not look like a built site is never replaced.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path, PurePosixPath

from generator.errors import BuildError

SITE_MARKER = "index.html"


def _check_path(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts or "\\" in name:
        raise BuildError(f"refusing to write '{name}': not a plain site-relative path")
    return path


def _check_target(out_dir: Path) -> None:
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        raise BuildError(f"{out_dir} exists and is not a folder: choose another --out")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / SITE_MARKER).is_file():
        raise BuildError(
            f"{out_dir} is not empty and holds no built site ({SITE_MARKER}); "
            "refusing to replace it: choose a new or empty folder for --out"
        )


def _write_tree(files: dict[str, bytes], root: Path) -> None:
    root.mkdir(parents=True)
    for name in sorted(files):
        target = root.joinpath(*_check_path(name).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[name])


def write_site(files: dict[str, bytes], out_dir: Path) -> None:
    """Replace ``out_dir`` with exactly ``files`` (site-relative path -> bytes), atomically
    as far as the file system allows: the old site stays until the new one is complete."""
    out_dir = Path(os.path.abspath(out_dir))
    _check_target(out_dir)
    staging = out_dir.with_name(f".{out_dir.name}-new")
    previous = out_dir.with_name(f".{out_dir.name}-old")
    for leftover in (staging, previous):
        if leftover.exists():
            shutil.rmtree(leftover)
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        _write_tree(files, staging)
    except (OSError, BuildError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"could not write the site to {staging}: {exc}") from exc
    try:
        if out_dir.exists():
            out_dir.rename(previous)
        staging.rename(out_dir)
    except OSError as exc:
        if previous.exists() and not out_dir.exists():
            previous.rename(out_dir)
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"could not move the new site into {out_dir}: {exc}") from exc
    shutil.rmtree(previous, ignore_errors=True)
