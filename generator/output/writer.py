"""The only module that writes the site to disk.

The whole site is written to a fresh sibling folder (``.site-new`` beside ``site``) and
swapped in only when every file is written, so a failed build leaves the previous site
exactly as it was. Every folder the build makes carries a marker file
(:data:`MARKER`): a folder is replaced or removed only when it carries it (or is empty),
never because it happens to hold an ``index.html``. The marker says ``building`` until
the last file is written and ``complete`` after, so that after a kill at any instant the
next build, under :func:`site_lock`, can tell a finished new site from a half-written one
(:func:`recover_site`) and always leaves a complete ``site/``.

The swap, step by step (a kill may fall between any two):
1. ``.site-new`` made, marker ``building``; 2. every file written; 3. marker ``complete``;
4. ``site`` renamed to ``.site-old``; 5. ``.site-new`` renamed to ``site``;
6. ``.site-old`` emptied, its marker last, then removed.

A file whose bytes are the same as in the previous site is not written again: the new
folder gets a hard link to the old file (a directory entry, no data), so a rebuild after a
small edit writes only what the edit changed. Where hard links are not possible (another
file system), the file is written.

With a :class:`Manifests` store (the build cache), a rebuild does not make a new folder at
all when the previous site's manifest is at hand: the manifest holds each file's size,
digest and the ``stat`` it had when written (size, mtime, ctime, inode), so the files whose
bytes changed, or that someone changed on disk since, are found without reading the site
back (a file added by hand beside them is not seen: the full swap, without a manifest,
removes it). Only those are written, into ``.site-new`` marked as a *patch*, which is then
moved into place file by file; a file no longer in the site is deleted. A build killed while
the patch is moved in is completed by the next one (:func:`recover_site`), so the next build
always starts from a complete site, old or new, as with the swap.

The files may be a :class:`~generator.sitefiles.SiteFiles` holding build-cache entries
instead of bytes: those are compared by their known digest and read only to be written.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import stat
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Literal, Protocol

from generator.errors import BuildError
from generator.sitefiles import SiteFiles, content_digest

MARKER = ".atlas-site"
BUILDING = b"built by policy-atlas: building\n"
COMPLETE = b"built by policy-atlas: complete\n"
PATCH_BUILDING = b"built by policy-atlas: patch being written\n"
PATCH_COMPLETE = b"built by policy-atlas: patch complete\n"
JOURNAL = ".atlas-patch"  # in a patch: the files it deletes (JSON list)
# a written file: size, mtime_ns, ctime_ns, inode (as it was on disk) and the hash of its bytes
Entry = tuple[int, int, int, int, str]
Manifest = dict[str, Entry]
KILL_AT = "ATLAS_TEST_KILL_AT"  # tests: the step after which the build kills itself
State = Literal["absent", "empty", "building", "complete", "foreign"]


def _step(name: str) -> None:
    """A step of the swap; with ``ATLAS_TEST_KILL_AT=name`` the process dies right here
    (SIGKILL: no clean-up runs), so tests can interrupt a real build at each step."""
    if os.environ.get(KILL_AT) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def staging_folder(out_dir: Path) -> Path:
    return out_dir.with_name(f".{out_dir.name}-new")


def previous_folder(out_dir: Path) -> Path:
    return out_dir.with_name(f".{out_dir.name}-old")


def lock_file(out_dir: Path) -> Path:
    return out_dir.with_name(f".{out_dir.name}.lock")


def folder_state(folder: Path) -> State:
    """What ``folder`` is: missing, empty, the build's own (half-written or complete), or
    something else (a file, a link, a folder the build did not make)."""
    if not os.path.lexists(folder):
        return "absent"
    if folder.is_symlink() or not folder.is_dir():
        return "foreign"
    marker = folder / MARKER
    if marker.is_symlink():
        return "foreign"
    if marker.is_file():
        return "complete" if marker.read_bytes() == COMPLETE else "building"
    return "foreign" if any(folder.iterdir()) else "empty"


def _remove_own(folder: Path) -> None:
    """Remove a folder of the build's own: everything but the marker, then the marker,
    then the folder, so that a kill half-way leaves it still recognisable."""
    for child in folder.iterdir():
        if child.name == MARKER:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    _step("emptied")
    (folder / MARKER).unlink(missing_ok=True)
    folder.rmdir()


def _refuse_foreign(folder: Path, role: str) -> None:
    if folder_state(folder) == "foreign":
        raise BuildError(
            f"{folder} is in the way: the build keeps {role} under that name, and this one "
            f"is not the build's own (no {MARKER} marker); move it away or remove it yourself"
        )


def check_replaceable(out_dir: Path) -> None:
    """Raise :class:`BuildError` unless every folder the write touches may be replaced."""
    out_dir = Path(os.path.abspath(out_dir))
    if folder_state(out_dir) == "foreign":
        what = "is not a folder" if out_dir.is_symlink() or not out_dir.is_dir() else "holds"
        raise BuildError(
            f"{out_dir} {what} files the build did not make (no {MARKER} marker); refusing "
            "to replace it: choose a new or empty folder for --out, or remove it yourself"
            if what == "holds"
            else f"{out_dir} exists and is not a folder: choose another --out"
        )
    _refuse_foreign(staging_folder(out_dir), "the site being written")
    _refuse_foreign(previous_folder(out_dir), "the site being replaced")


@contextmanager
def site_lock(out_dir: Path) -> Iterator[None]:
    """Hold the output folder's lock (``.site.lock`` beside ``site``) for a whole build.

    A second build into the same folder is refused at once, with a message, rather than
    writing over the first."""
    out_dir = Path(os.path.abspath(out_dir))
    path = lock_file(out_dir)
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise BuildError(f"cannot take the build lock {path}: {exc.strerror}") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(
                f"another atlas build is writing {out_dir} (it holds {path.name}); "
                "wait for it to finish, then build again"
            ) from None
        yield
    finally:
        os.close(fd)  # closing releases the lock


def recover_site(out_dir: Path) -> None:
    """After an interrupted build: put the newest complete site in place and remove the
    build's leftovers. Call it holding :func:`site_lock`."""
    out_dir = Path(os.path.abspath(out_dir))
    staging, previous = staging_folder(out_dir), previous_folder(out_dir)
    check_replaceable(out_dir)
    if _marker(staging) == PATCH_COMPLETE and folder_state(out_dir) == "complete":
        _apply_patch(staging, out_dir)  # a patch killed half-way in: finish moving it in
    if folder_state(out_dir) == "absent":
        if folder_state(staging) == "complete":
            staging.rename(out_dir)
        elif folder_state(previous) == "complete":
            previous.rename(out_dir)
    for leftover in (staging, previous):
        if folder_state(leftover) != "absent":
            _remove_own(leftover)


def _check_path(name: str) -> PurePosixPath:
    return PurePosixPath(*_check_parts(name))


def _check_parts(name: str) -> tuple[str, ...]:
    """The parts of a plain site-relative path (no empty part, ``.``, ``..``, backslash);
    split as a string (a warm build checks some 16,000 names at 1,000 regions)."""
    parts = tuple(name.split("/"))
    if name.startswith("/") or "\\" in name or any(p in ("", ".", "..") for p in parts):
        raise BuildError(f"refusing to write '{name}': not a plain site-relative path")
    if parts == (MARKER,):
        raise BuildError(f"refusing to write '{name}': the name of the build's marker")
    return parts


def _write_marker(folder: Path, content: bytes, *, replace: bool = False) -> None:
    """Write the marker in one system call (a kill cannot leave it half-written: an empty
    marker still marks the folder), or replace it atomically through a temporary file."""
    target = folder / (f"{MARKER}.tmp" if replace else MARKER)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    try:
        os.write(fd, content)
    finally:
        os.close(fd)
    if replace:
        os.replace(target, folder / MARKER)


def _unchanged(previous: Path, files: SiteFiles, name: str) -> bool:
    """``previous`` is a file holding exactly the bytes of ``files[name]`` (a stored file
    is compared by digest, not read; a stamped file whose digest is not known yet is
    taken as changed, so it is read once, to be written, not also to be compared)."""
    try:
        if files.is_stored(name):
            known = files.known(name)
            return (
                known is not None
                and previous.stat().st_size == known[1]
                and content_digest(previous.read_bytes()) == known[0]
            )
        content = files[name]
        return previous.stat().st_size == len(content) and previous.read_bytes() == content
    except OSError:
        return False


def _write_tree(files: SiteFiles, root: Path, previous_site: Path | None) -> int:
    """Write ``files`` under ``root``, linking those unchanged since ``previous_site``;
    return how many were written."""
    root.mkdir(parents=True)
    _write_marker(root, BUILDING)
    _step("staging-made")
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
            if _unchanged(previous, files, name):
                try:
                    os.link(previous, target)
                    continue
                except OSError:
                    pass
        target.write_bytes(files[name])
        written += 1
    _step("files-written")
    _write_marker(root, COMPLETE, replace=True)
    _step("marked-complete")
    return written


class Manifests(Protocol):
    """Where the manifest of each site written is kept (the build cache): a missing or
    stale one only means the next build writes the whole site again."""

    def load(self, out_dir: Path) -> Manifest | None: ...

    def save(self, out_dir: Path, manifest: Manifest) -> None: ...


def _marker(folder: Path) -> bytes | None:
    try:
        return (folder / MARKER).read_bytes() if not (folder / MARKER).is_symlink() else None
    except OSError:
        return None


def _entry(path: Path, files: SiteFiles, name: str) -> Entry:
    found = path.lstat()
    digest = files.digest(name)
    return (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino, digest)


def _changed(files: SiteFiles, out_dir: Path, manifest: Manifest) -> list[str]:
    """The files to write: new, of other bytes, or not on disk as the manifest has them
    (compared by size and digest: a stored file is not read, nor a stamped one whose
    digest is not known yet, which counts as changed)."""
    changed = []
    root = str(out_dir)
    for name in sorted(files):
        entry = manifest.get(name)
        parts = _check_parts(name)
        known = files.known(name)  # None: a stamped file never stamped, written (read once)
        if entry is None or known is None or entry[0] != known[1]:
            changed.append(name)
            continue
        try:  # a string path: pathlib's joins were half of this loop's time
            found = os.lstat(os.path.join(root, *parts))
        except OSError:
            changed.append(name)
            continue
        on_disk = (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)
        as_written = stat.S_ISREG(found.st_mode) and on_disk == entry[:4]
        if not as_written or known[0] != entry[4]:
            changed.append(name)
    return changed


def _patch_site(files: SiteFiles, out_dir: Path, manifest: Manifest) -> tuple[int, Manifest]:
    """Write only the changed files of a complete site (see the module's description)."""
    changed = _changed(files, out_dir, manifest)
    removed = sorted(name for name in manifest if name not in files)
    staging = staging_folder(out_dir)
    staging.mkdir()
    _write_marker(staging, PATCH_BUILDING)
    _step("staging-made")
    for name in changed:
        target = staging.joinpath(*_check_path(name).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[name])
    (staging / JOURNAL).write_text(json.dumps(removed), encoding="utf-8")
    _step("files-written")
    _write_marker(staging, PATCH_COMPLETE, replace=True)
    _step("marked-complete")
    _apply_patch(staging, out_dir)
    updated = {name: entry for name, entry in manifest.items() if name in files}
    for name in changed:
        updated[name] = _entry(out_dir.joinpath(*_check_path(name).parts), files, name)
    return len(changed), updated


def _apply_patch(staging: Path, out_dir: Path) -> None:
    """Move a complete patch's files into the site and delete what it removes; again after
    a kill, it finishes what is left (a moved file is no longer in the patch)."""
    journal = staging / JOURNAL
    # no journal: a kill came after the deletions, while the patch folder was removed
    removed = json.loads(journal.read_text(encoding="utf-8")) if journal.is_file() else []
    for folder, _, names in os.walk(staging):
        for name in names:
            source = Path(folder) / name
            relative = source.relative_to(staging)
            if relative.as_posix() in (MARKER, JOURNAL):
                continue
            target = out_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
    _step("old-moved")
    for name in removed:
        target = out_dir.joinpath(*_check_path(name).parts)
        target.unlink(missing_ok=True)
        for parent in target.parents:
            if parent == out_dir or any(parent.iterdir()):
                break
            parent.rmdir()
    _step("new-moved")
    journal.unlink(missing_ok=True)
    _remove_own(staging)


def write_site(
    files: Mapping[str, bytes], out_dir: Path, manifests: Manifests | None = None
) -> int:
    """Replace ``out_dir`` with exactly ``files`` (site-relative path -> bytes, or a
    :class:`~generator.sitefiles.SiteFiles`) and the marker, atomically as far as the file
    system allows: the old site stays until the new one is complete. Call it holding
    :func:`site_lock`. Returns how many files were written (the others, unchanged, are
    hard links to the previous site's)."""
    files = files if isinstance(files, SiteFiles) else SiteFiles(files)
    out_dir = Path(os.path.abspath(out_dir))
    recover_site(out_dir)
    manifest = manifests.load(out_dir) if manifests is not None else None
    if manifests is not None and manifest is not None and folder_state(out_dir) == "complete":
        try:
            written, updated = _patch_site(files, out_dir, manifest)
        except (OSError, BuildError) as exc:
            patch = staging_folder(out_dir)
            if folder_state(patch) != "absent" and _marker(patch) != PATCH_COMPLETE:
                _remove_own(patch)
            raise BuildError(f"could not write the site to {out_dir}: {exc}") from exc
        manifests.save(out_dir, updated)
        return written
    staging, previous = staging_folder(out_dir), previous_folder(out_dir)
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        written = _write_tree(files, staging, out_dir if out_dir.is_dir() else None)
    except (OSError, BuildError) as exc:
        if folder_state(staging) in ("building", "complete", "empty"):
            _remove_own(staging)
        raise BuildError(f"could not write the site to {staging}: {exc}") from exc
    try:
        if os.path.lexists(out_dir):
            out_dir.rename(previous)
            _step("old-moved")
        staging.rename(out_dir)
        _step("new-moved")
    except OSError as exc:
        if folder_state(previous) == "complete" and not os.path.lexists(out_dir):
            previous.rename(out_dir)
        raise BuildError(f"could not move the new site into {out_dir}: {exc}") from exc
    if folder_state(previous) != "absent":
        _remove_own(previous)
    if manifests is not None:
        parts = {name: out_dir.joinpath(*_check_path(name).parts) for name in files}
        manifests.save(out_dir, {name: _entry(parts[name], files, name) for name in files})
    return written
