"""Where the commands may write: one guard for every command that writes a file.

An editor runs ``atlas`` in the folder that holds their work, so a mistyped ``--out`` or
``-o`` must never replace it. The rules:

- a build's output may not be the repository root, nor be or lie inside ``data/``,
  ``templates/``, ``assets/``, ``schema/``, ``tests/`` or ``.git/`` (nor the data folder
  given with ``--data``); the writer (:mod:`generator.output.writer`) then replaces an
  existing folder only when it carries the build's own marker file;
- ``atlas export -o`` and ``atlas schema -o`` write one JSON file: never into ``data/``,
  ``templates/``, ``assets/``, ``tests/`` or ``.git/``, never over a file that is not
  JSON, never through a link, and only into a folder that exists;
- ``atlas new region`` creates files inside the data folder only, never through a link
  and never over an existing file.

Every path is compared after following links, so a symlink cannot carry a write out of
(or into) a protected place. The repository is found three ways, each enough: the
checkout this package runs from, the current folder when it looks like one, and the
folder holding the data folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import generator
from generator.errors import AtlasError

PROTECTED = ("data", "templates", "assets", "schema", "tests", ".git")
FILE_PROTECTED = ("data", "templates", "assets", "tests", ".git")
_REPOSITORY_SIGNS = ("pyproject.toml", ".git", "data")
_JSON_PROBE_BYTES = 64_000_000


class OutputRefused(AtlasError):
    """A command was asked to write where it must not."""


def real(path: Path) -> Path:
    """``path`` absolute with every existing link followed (the rest kept as written)."""
    return Path(os.path.realpath(path))


def repository_roots(data_dir: Path | None) -> set[Path]:
    """Every folder that counts as the repository's root for this run."""
    roots: set[Path] = set()
    checkout = Path(generator.__file__).resolve().parents[1]
    if (checkout / "pyproject.toml").is_file():
        roots.add(checkout)
    cwd = real(Path.cwd())
    if any((cwd / sign).exists() for sign in _REPOSITORY_SIGNS):
        roots.add(cwd)
    if data_dir is not None:
        roots.add(real(data_dir).parent)
    return roots


def _protected(data_dir: Path | None, names: tuple[str, ...]) -> list[tuple[Path, str]]:
    places = [(root / name, f"{name}/") for root in repository_roots(data_dir) for name in names]
    if data_dir is not None:
        places.append((real(data_dir), "the data folder"))
    return places


def _within(path: Path, place: Path) -> bool:
    return path == place or place in path.parents


def check_build_output(out_dir: Path, data_dir: Path | None) -> Path:
    """The absolute output folder of a build, or :class:`OutputRefused`."""
    target = real(out_dir)
    if target in repository_roots(data_dir):
        raise OutputRefused(
            f"refusing to build into {out_dir}: it is the repository root; "
            "build into a folder of its own, such as --out site"
        )
    for place, what in _protected(data_dir, PROTECTED):
        if _within(target, real(place)):
            raise OutputRefused(
                f"refusing to build into {out_dir}: it is or lies inside {what}, which holds "
                "the atlas's own files; build into a folder of its own, such as --out site"
            )
    return Path(os.path.abspath(out_dir))


def _is_json(path: Path) -> bool:
    try:
        if path.stat().st_size > _JSON_PROBE_BYTES:
            return False
        json.loads(path.read_bytes())
    except (OSError, ValueError):
        return False
    return True


def check_json_output(output: Path, data_dir: Path | None) -> Path:
    """The file ``atlas export -o`` / ``atlas schema -o`` may write, or
    :class:`OutputRefused`."""
    target = real(output)
    for place, what in _protected(data_dir, FILE_PROTECTED):
        if _within(target, real(place)):
            raise OutputRefused(
                f"refusing to write {output}: it lies inside {what}, which holds the "
                "atlas's own files; write the JSON somewhere else"
            )
    if not real(output.parent).is_dir():
        raise OutputRefused(
            f"cannot write {output}: the folder {output.parent} does not exist; create it first"
        )
    if output.is_symlink():
        raise OutputRefused(f"refusing to write {output}: it is a symbolic link")
    if output.exists():
        if not output.is_file():
            raise OutputRefused(f"refusing to write {output}: it exists and is not a file")
        if not _is_json(output):
            raise OutputRefused(
                f"refusing to overwrite {output}: it is not a JSON file; "
                "choose a new file name or remove it yourself"
            )
    return output


def write_json_file(output: Path, text: str, data_dir: Path | None) -> None:
    """Write ``text`` to ``output`` after :func:`check_json_output`, whole or not at all."""
    check_json_output(output, data_dir)
    temporary = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(temporary, output)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise OutputRefused(f"cannot write {output}: {exc.strerror}") from exc


def check_inside_data(path: Path, data_dir: Path) -> None:
    """Refuse a file to create in the data folder unless it, and every folder on the way,
    stays inside ``data_dir`` and no link stands at its place (dangling or not)."""
    if os.path.lexists(path):
        what = "a symbolic link" if path.is_symlink() else "already there"
        raise OutputRefused(f"refusing to create {path}: it is {what}")
    if not _within(real(path), real(data_dir)):
        raise OutputRefused(
            f"refusing to create {path}: a link on the way leads outside {data_dir}; "
            "replace the link with a real folder"
        )


def create_in_data(path: Path, content: bytes, data_dir: Path) -> None:
    """Create ``path`` (a new file, never an existing one or a link) inside ``data_dir``."""
    check_inside_data(path, data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    check_inside_data(path, data_dir)  # a folder made above cannot lead elsewhere
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    except FileExistsError:
        raise OutputRefused(f"refusing to create {path}: it is already there") from None
    except OSError as exc:
        raise OutputRefused(f"cannot create {path}: {exc.strerror}") from exc
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
