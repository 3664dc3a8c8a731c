"""The site's files as the stages hand them to the writer: site-relative path -> bytes.

A page the build cache holds need not be in memory until it is written: a
:class:`SiteFiles` can hold, instead of its bytes, a :class:`StoredFile` (the cache entry's
path, the SHA-256 digest and the size of its bytes), read only when someone asks for the
bytes. The writer compares a file with the previous site by its digest, so a rebuild after
one edit reads back only the pages it must write, and a cold build keeps no rendered page
in memory after it has stored it (at 1,000 regions the pages are about 400 MB).

A file made with placeholders for the dataset version and dates (pages, a region's
citation and API files: :mod:`generator.stamp`) is held as a :class:`Stamped`: its bytes
are stamped as they are read, and its digest and size are those of the stamped bytes,
known without reading it when the stamp has stamped the same bytes before.

Reading a stored file whose entry has gone, or changed size, since it was stored raises
:class:`~generator.errors.BuildError`: the site is then not written at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import BuildError

if TYPE_CHECKING:
    from generator.stamp import Stamp


@dataclass(frozen=True)
class StoredFile:
    """A file's bytes as a build cache entry holds them."""

    path: str | Path
    digest: str  # SHA-256, hexadecimal
    size: int
    offset: int = 0  # where its bytes start in the entry (an entry may hold several files)

    def read(self, name: str) -> bytes:
        try:
            with open(self.path, "rb") as stream:
                stream.seek(self.offset)
                content = stream.read(self.size)
        except OSError as exc:
            raise BuildError(f"the build cache lost /{name} ({self.path}): {exc}") from exc
        if len(content) != self.size:
            raise BuildError(
                f"the build cache entry of /{name} ({self.path}) changed during the build"
            )
        return content


def content_digest(content: bytes) -> str:
    """The digest :class:`StoredFile` and the writer's manifest hold for ``content``."""
    return hashlib.sha256(content).hexdigest()


@dataclass(frozen=True)
class Stamped:
    """A file made with placeholders, and the stamp that fills them in."""

    source: bytes | StoredFile
    stamp: Stamp

    @cached_property
    def raw_digest(self) -> str:
        """The digest of the unstamped bytes (hashed once, when they are in memory)."""
        source = self.source
        return content_digest(source) if isinstance(source, bytes) else source.digest

    def read(self, name: str) -> bytes:
        source = self.source
        raw = source if isinstance(source, bytes) else source.read(name)
        return self.stamp.stamped(raw, self.raw_digest, name)

    def known(self, name: str) -> tuple[str, int]:
        """The stamped bytes' digest and size (stamping them if they were never)."""
        found = self.stamp.lookup(self.raw_digest)
        if found is None:
            content = self.read(name)
            return content_digest(content), len(content)
        return found


Entry = bytes | StoredFile | Stamped


class SiteFiles(MutableMapping[str, bytes]):
    """Site-relative path -> bytes, some of them :class:`StoredFile` read when asked."""

    def __init__(self, files: Mapping[str, bytes] | None = None) -> None:
        self._files: dict[str, Entry] = {}
        if files is not None:
            self.update(files)

    def __getitem__(self, name: str) -> bytes:
        found = self._files[name]
        return found if isinstance(found, bytes) else found.read(name)

    def __setitem__(self, name: str, content: bytes) -> None:
        self._files[name] = content

    def __delitem__(self, name: str) -> None:
        del self._files[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)

    def __contains__(self, name: object) -> bool:
        return name in self._files

    def update(self, other: Mapping[str, bytes] | Iterable[tuple[str, bytes]] = (), /) -> None:  # type: ignore[override]
        """As :meth:`dict.update`; from another :class:`SiteFiles`, its stored files stay
        stored (not read)."""
        if isinstance(other, SiteFiles):
            self._files.update(other._files)
        elif isinstance(other, Mapping):
            self._files.update(other)
        else:
            self._files.update(dict(other))

    def store(self, name: str, stored: StoredFile) -> None:
        """``name``'s bytes are those of ``stored``, read when asked."""
        self._files[name] = stored

    def stamp(self, name: str, stamp: Stamp) -> None:
        """``name`` was made with placeholders: ``stamp`` fills them in when it is read."""
        found = self._files[name]
        if not isinstance(found, Stamped):
            self._files[name] = Stamped(found, stamp)

    def is_stored(self, name: str) -> bool:
        """Whether ``name``'s bytes are in a cache entry, not in memory (compare them by
        :meth:`digest`)."""
        found = self._files[name]
        return isinstance(found.source if isinstance(found, Stamped) else found, StoredFile)

    def known(self, name: str) -> tuple[str, int] | None:
        """The digest and size of ``name``'s bytes if they are known without reading a
        file (``None``: a stamped file whose stamp has not stamped these bytes yet)."""
        found = self._files[name]
        if isinstance(found, Stamped):
            return found.stamp.lookup(found.raw_digest)
        if isinstance(found, bytes):
            return content_digest(found), len(found)
        return found.digest, found.size

    def size(self, name: str) -> int:
        """The size of ``name``'s bytes, without reading a stored file."""
        found = self._files[name]
        if isinstance(found, Stamped):
            return found.known(name)[1]
        return len(found) if isinstance(found, bytes) else found.size

    def digest(self, name: str) -> str:
        """:func:`content_digest` of ``name``'s bytes, without reading a stored file."""
        found = self._files[name]
        if isinstance(found, Stamped):
            return found.known(name)[0]
        return content_digest(found) if isinstance(found, bytes) else found.digest

    def total_bytes(self) -> int:
        return sum(self.size(name) for name in self._files)

    def sorted(self) -> SiteFiles:
        """The same files, by path."""
        ordered = SiteFiles()
        ordered._files = dict(sorted(self._files.items()))
        return ordered

    def in_memory(self) -> dict[str, bytes]:
        """Every file's bytes (stored files read): for tests and small sites."""
        return {name: self[name] for name in self._files}
