"""Make Pagefind's output byte-identical from one build to the next.

Pagefind (1.5.2 and 1.6.0) writes two things in hash-map order, which changes from run to
run: the values inside each filter file and the list of filters in the language's metadata
file.
Both are CBOR behind a ``pagefind_dcd`` signature, gzipped, and named by a content hash
that the metadata file and ``pagefind-entry.json`` refer to. :func:`stabilise` decodes
them, sorts what is unordered, re-encodes, gzips without a timestamp and renames by a
new content hash, updating every reference. The search index means the same afterwards:
filters are looked up by name and value, never by position.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from typing import Any

from generator.errors import BuildError

SIGNATURE = b"pagefind_dcd"
Cbor = Any  # int | str | bytes | list[Cbor] | dict[Cbor, Cbor] | bool | None


# --- a small CBOR codec: the subset Pagefind's index files use ---------------------------


def _read_argument(data: bytes, pos: int, info: int) -> tuple[int, int]:
    if info < 24:
        return info, pos
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None:
        raise BuildError(f"unsupported CBOR item (additional info {info}) in the search index")
    return int.from_bytes(data[pos : pos + size], "big"), pos + size


def cbor_decode(data: bytes, pos: int = 0) -> tuple[Cbor, int]:
    """Decode one CBOR item at ``pos``; return it and the position after it."""
    major, info = data[pos] >> 5, data[pos] & 31
    if major == 7:
        simple = {20: False, 21: True, 22: None}
        if info not in simple:
            raise BuildError(f"unsupported CBOR simple value {info} in the search index")
        return simple[info], pos + 1
    arg, pos = _read_argument(data, pos + 1, info)
    if major == 0:
        return arg, pos
    if major == 1:
        return -1 - arg, pos
    if major in (2, 3):
        raw = data[pos : pos + arg]
        return (raw if major == 2 else raw.decode("utf-8")), pos + arg
    items: list[Cbor] = []
    for _ in range(arg * (2 if major == 5 else 1)):
        item, pos = cbor_decode(data, pos)
        items.append(item)
    if major == 4:
        return items, pos
    if major == 5:
        return dict(zip(items[::2], items[1::2], strict=True)), pos
    raise BuildError(f"unsupported CBOR major type {major} in the search index")


def _head(major: int, arg: int) -> bytes:
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if arg < 1 << (8 * size):
            return bytes([major << 5 | info]) + arg.to_bytes(size, "big")
    raise BuildError("integer too large for CBOR")


def cbor_encode(item: Cbor) -> bytes:
    """Encode with the shortest heads and definite lengths, as Pagefind does."""
    if item is False or item is True or item is None:
        return bytes([0xF4 if item is False else 0xF5 if item is True else 0xF6])
    if isinstance(item, int):
        return _head(0, item) if item >= 0 else _head(1, -1 - item)
    if isinstance(item, bytes):
        return _head(2, len(item)) + item
    if isinstance(item, str):
        raw = item.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(item, list):
        return _head(4, len(item)) + b"".join(cbor_encode(i) for i in item)
    if isinstance(item, dict):
        return _head(5, len(item)) + b"".join(
            cbor_encode(k) + cbor_encode(v) for k, v in item.items()
        )
    raise BuildError(f"cannot encode {type(item).__name__} as CBOR")


# --- Pagefind files ------------------------------------------------------------------


def read_pagefind_file(content: bytes) -> Cbor:
    """The CBOR item inside a (gzipped) Pagefind index file; checks that it round-trips."""
    raw = content if content.startswith(SIGNATURE) else gzip.decompress(content)
    if not raw.startswith(SIGNATURE):
        raise BuildError("a search index file lacks Pagefind's signature")
    item, end = cbor_decode(raw, len(SIGNATURE))
    if end != len(raw) or cbor_encode(item) != raw[len(SIGNATURE) :]:
        raise BuildError("a search index file did not round-trip; is Pagefind still 1.6.0?")
    return item


def write_pagefind_file(item: Cbor) -> bytes:
    """Signature, CBOR and gzip with no timestamp: the same item always gives the same bytes."""
    return gzip.compress(SIGNATURE + cbor_encode(item), compresslevel=9, mtime=0)


def _content_name(language: str, content: bytes, digits: int) -> str:
    return f"{language}_{hashlib.sha256(content).hexdigest()[:digits]}"


def _stable_filters(
    files: dict[str, bytes], language: str, filters: list[list[str]]
) -> list[list[str]]:
    """Rewrite each filter file with its values sorted; return the (name, new hash) list."""
    renamed: list[list[str]] = []
    for name, old_hash in sorted(filters):
        item = read_pagefind_file(files.pop(f"filter/{old_hash}.pf_filter"))
        item[1] = sorted(item[1], key=lambda value_pages: str(value_pages[0]))
        content = write_pagefind_file(item)
        new_hash = _content_name(language, content, 7)
        files[f"filter/{new_hash}.pf_filter"] = content
        renamed.append([name, new_hash])
    return renamed


def stabilise(files: dict[str, bytes]) -> dict[str, bytes]:
    """Pagefind's files (paths relative to the bundle) in a form that does not vary by run."""
    out = dict(files)
    entry = json.loads(out["pagefind-entry.json"])
    for language, info in entry["languages"].items():
        meta = read_pagefind_file(out.pop(f"pagefind.{info['hash']}.pf_meta"))
        meta[3] = _stable_filters(out, language, meta[3])
        content = write_pagefind_file(meta)
        info["hash"] = _content_name(language, content, 15)
        out[f"pagefind.{info['hash']}.pf_meta"] = content
    entry["languages"] = dict(sorted(entry["languages"].items()))
    out["pagefind-entry.json"] = json.dumps(
        entry, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    return out
