"""The only module that writes the site to disk.

The whole site is written to a fresh sibling folder (``.site-new`` beside ``site``) and
swapped in only when every file is written, so a failed build leaves the previous site
exactly as it was. A folder that does not look like a built site is never replaced.

A file whose bytes are the same as in the previous site is not written again: the new
folder gets a hard link to the old file (a directory entry, no data), so a rebuild after a
small edit writes only what the edit changed. Where hard links are not possible (another
file system), the file is written.
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


def _unchanged(previous: Path, content: bytes) -> bool:
    """``previous`` is a file holding exactly ``content``."""
    try:
        if previous.stat().st_size != len(content):
            return False
        return previous.read_bytes() == content
    except OSError:
        return False


def _write_tree(files: dict[str, bytes], root: Path, previous_site: Path | None) -> int:
    """Write ``files`` under ``root``, linking those unchanged since ``previous_site``;
    return how many were written."""
    root.mkdir(parents=True)
    written = 0
    made: set[Path] = set()
    for name in sorted(files):
        parts = _check_path(name).parts
        target = root.joinpath(*parts)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if previous_site is not None:
            previous = previous_site.joinpath(*parts)
            if _unchanged(previous, files[name]):
                try:
                    os.link(previous, target)
                    continue
                except OSError:
                    pass
        target.write_bytes(files[name])
        written += 1
    return written


def write_site(files: dict[str, bytes], out_dir: Path) -> int:
    """Replace ``out_dir`` with exactly ``files`` (site-relative path -> bytes), atomically
    as far as the file system allows: the old site stays until the new one is complete.
    Returns how many files were written (the others were unchanged)."""
    out_dir = Path(os.path.abspath(out_dir))
    _check_target(out_dir)
    staging = out_dir.with_name(f".{out_dir.name}-new")
    previous = out_dir.with_name(f".{out_dir.name}-old")
    for leftover in (staging, previous):
        if leftover.exists():
            shutil.rmtree(leftover)
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        written = _write_tree(files, staging, out_dir if out_dir.is_dir() else None)
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
    return written
