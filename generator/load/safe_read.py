"""Reading an input file only when it is what it claims to be.

Every file the generator reads from the data folder (YAML files, archived source texts)
goes through :func:`read_inside`: the path must resolve, after following every link, to
a regular file inside the folder it belongs to, and it is read only up to a size limit.
A symlink committed under ``data/`` to ``/etc/passwd`` or ``/proc/self/environ`` (which
holds the deploy token in CI) is therefore refused, never read and never published.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Unreadable:
    """Why a file was not read: a message for the editor and a hint."""

    message: str
    hint: str | None = None


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def resolves_inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, after following every link, lies inside ``folder`` (resolved too)."""
    try:
        target = path.resolve(strict=True)
        root = folder.resolve(strict=True)
    except (OSError, RuntimeError):  # missing, or a loop of links
        return False
    return target == root or root in target.parents


def read_inside(path: Path, folder: Path, limit: int, shown: str) -> bytes | Unreadable:
    """The bytes of ``path`` if it is a regular file inside ``folder`` no larger than
    ``limit`` bytes; otherwise why not. ``shown`` is how the file is named in messages."""
    if not os.path.lexists(path):
        return Unreadable(f"cannot read {shown}: not found")
    if not resolves_inside(path, folder):
        return Unreadable(
            f"{shown} is a link that leads outside {folder.name}/ (or to nothing)",
            hint="store the file itself in the folder, not a symbolic link to it",
        )
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return Unreadable(f"cannot read {shown}: {exc.strerror}")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return Unreadable(
                f"{shown} is not a regular file", hint="store a plain text file under that name"
            )
        if info.st_size > limit:
            return Unreadable(
                f"{shown} is {_megabytes(info.st_size)}, more than the limit of "
                f"{_megabytes(limit)}",
                hint="archive only the document itself; split a compilation into one "
                "file per document",
            )
        content = _read_at_most(fd, limit + 1)
    except OSError as exc:
        return Unreadable(f"cannot read {shown}: {exc.strerror}")
    finally:
        os.close(fd)
    if len(content) > limit:  # it grew while being read
        return Unreadable(f"{shown} is more than the limit of {_megabytes(limit)}")
    return content


def _read_at_most(fd: int, size: int) -> bytes:
    chunks: list[bytes] = []
    remaining = size
    while remaining > 0:
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)
