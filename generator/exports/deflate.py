"""A zip archive written from its members' pieces, each batch of pieces deflated once.

The release zip holds the atlas's largest files (``atlas.json`` and the record CSVs, tens
of megabytes at 1,000 regions), and an edit to one region changes every one of them, so
zipping them again took half a second of every rebuild. But those files are made of a
region's part after another (:func:`~generator.exports.files.atlas_json_pieces`,
:meth:`~generator.exports.columns.Table.csv_pieces`), and a deflate stream may be made of
independently compressed runs, each ending on a byte boundary (a sync flush) and the
last followed by an empty final block. So a member's pieces are grouped into batches whose
ends the content chooses (a piece's hash, past a minimum size), each batch is deflated on
its own and the result is reused from the build cache while the batch's pieces are the
same (:func:`generator.exports.reuse.reused`). An edit recompresses the one batch per
member that holds the edited region; an insertion moves no other batch's ends. Batches
not in the cache are deflated in threads (zlib lets go of the GIL).

The archive is written here rather than by :mod:`zipfile`, which only compresses: no
ZIP64 (a member or the whole under 4 GiB), names in ASCII or flagged UTF-8, every entry
dated alike, so the bytes depend on the pieces alone.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from generator.errors import BuildError
from generator.exports import reuse

LEVEL = 6  # zlib's default, as zipfile uses
MIN_BATCH = 64 * 1024  # bytes before a piece's hash may end a batch
MAX_BATCH = 4 * 1024 * 1024  # a batch ends here whatever the hashes
ENDS_BATCH = 16  # a piece ends a batch (past MIN_BATCH) when its hash's first byte % this is 0
FINAL_BLOCK = b"\x03\x00"  # an empty final block with fixed codes: the stream's end
LIMIT = 0xFFFFFFFF  # beyond it a zip needs ZIP64, which this writer does not do


@dataclass(frozen=True)
class Batch:
    """Pieces deflated together, and what names them: their hashes."""

    key: bytes
    pieces: list[bytes]

    def deflated(self) -> bytes:
        compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
        out = [compressor.compress(piece) for piece in self.pieces]
        out.append(compressor.flush(zlib.Z_SYNC_FLUSH))
        return b"".join(out)


def batches(pieces: Sequence[bytes]) -> list[Batch]:
    """The pieces in runs whose ends depend on the pieces' content (and the sizes since
    the run began), so an edit to one piece changes one run."""
    found: list[Batch] = []
    hashes: list[bytes] = []
    run: list[bytes] = []
    size = 0
    for piece in pieces:
        hashed = hashlib.sha256(piece).digest()
        hashes.append(hashed)
        run.append(piece)
        size += len(piece)
        if size >= MAX_BATCH or (size >= MIN_BATCH and hashed[0] % ENDS_BATCH == 0):
            found.append(Batch(b"".join(hashes), run))
            hashes, run, size = [], [], 0
    if run:
        found.append(Batch(b"".join(hashes), run))
    return found


def deflate_members(members: Sequence[Sequence[bytes]]) -> list[bytes]:
    """Each member's raw deflate stream, made from its pieces' batches (reused from the
    build cache while :func:`generator.exports.reuse.reusing` is on)."""
    grouped = [batches(pieces) for pieces in members]
    todo: dict[bytes, Batch] = {}
    known: dict[bytes, bytes] = {}
    for batch in (b for group in grouped for b in group):
        found = reuse.stored(_key_text(batch))
        if found is None:
            todo[batch.key] = batch
        else:
            known[batch.key] = found
    if todo:
        with ThreadPoolExecutor(max_workers=2) as pool:
            made = dict(zip(todo, pool.map(Batch.deflated, todo.values()), strict=True))
        for key, deflated in made.items():
            reuse.store(_key_text(todo[key]), deflated)
        known.update(made)
    return [b"".join(known[batch.key] for batch in group) + FINAL_BLOCK for group in grouped]


def _key_text(batch: Batch) -> bytes:
    return b"deflate level=%d\n" % LEVEL + batch.key


@dataclass(frozen=True)
class Member:
    """An entry of the archive: its name and its content, in pieces."""

    name: str
    pieces: Sequence[bytes]


def zip_archive(members: Sequence[Member], date_time: tuple[int, int, int]) -> bytes:
    """The zip of ``members`` in order, each deflated and dated ``date_time`` (year,
    month, day; midnight), readable 0644 on Unix."""
    year, month, day = date_time
    dos_date = ((year - 1980) << 9) | (month << 5) | day
    streams = deflate_members([member.pieces for member in members])
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for member, stream in zip(members, streams, strict=True):
        header = _Header(member.name, dos_date, _crc(member.pieces), len(stream), _size(member))
        local = header.local()
        central.append(header.central(offset))
        out += [local, stream]
        offset += len(local) + len(stream)
    directory = b"".join(central)
    if offset > LIMIT or len(members) >= 0xFFFF:
        raise BuildError(f"the release zip is too large for a zip without ZIP64 ({offset:,} B)")
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), offset, 0
    )
    return b"".join([*out, directory, end])


def _crc(pieces: Sequence[bytes]) -> int:
    crc = 0
    for piece in pieces:
        crc = zlib.crc32(piece, crc)
    return crc


def _size(member: Member) -> int:
    size = sum(len(piece) for piece in member.pieces)
    if size > LIMIT:
        raise BuildError(f"{member.name} is too large for a zip without ZIP64 ({size:,} B)")
    return size


@dataclass(frozen=True)
class _Header:
    name: str
    dos_date: int
    crc: int
    compressed: int
    size: int

    def _fields(self) -> Iterator[int]:
        flags = 0 if self.name.isascii() else 0x800  # bit 11: the name is UTF-8
        yield from (20, flags, 8, 0, self.dos_date, self.crc, self.compressed, self.size)

    def local(self) -> bytes:
        name = self.name.encode("utf-8")
        return struct.pack("<IHHHHHIIIHH", 0x04034B50, *self._fields(), len(name), 0) + name

    def central(self, offset: int) -> bytes:
        name = self.name.encode("utf-8")
        made_by = (3 << 8) | 20  # Unix, so the external attributes are its modes
        return (
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                made_by,
                *self._fields(),
                len(name),
                0,
                0,
                0,
                0,
                0o100644 << 16,
                offset,
            )
            + name
        )
