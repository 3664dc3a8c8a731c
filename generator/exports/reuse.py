"""Exports made again only when what they are made from changed.

The downloads are JSON written with an indent and CSV written cell by cell, both in
Python and slow for a large atlas, while an edit to one region leaves most of them as
they were. While :func:`reusing` is on, :func:`indented_json` keys a JSON text on the
compact form of its data (which the C encoder writes fast, and which determines the
indented text exactly) and :func:`table_csv` a table's CSV on its rows, and takes the text
from the build cache when the key is there."""

from __future__ import annotations

import io
import json
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from generator.cache import BuildCache, code_fingerprint, digest
from generator.exports.columns import Table

CACHE_KIND = "exports"
_active: list[tuple[BuildCache, list[str]]] = []  # the cache and the keys used, when on


@contextmanager
def reusing(cache: BuildCache | None) -> Iterator[None]:
    """Reuse earlier exports from ``cache`` in the block; afterwards keep only those used."""
    if cache is None or not cache.enabled:
        yield
        return
    used: list[str] = []
    _active.append((cache, used))
    try:
        yield
    finally:
        _active.pop()
    cache.retain(CACHE_KIND, used)


@contextmanager
def suspended() -> Iterator[None]:
    """Nothing reused or stored in the block: for the parts of a result the build cache
    keeps whole (a region's own files), which a warm build never asks for, so entries of
    their own would only be written by a cold build and deleted by the next."""
    saved = _active[:]
    _active.clear()
    try:
        yield
    finally:
        _active[:] = saved


def reused(key_text: bytes, make: Callable[[], bytes]) -> bytes:
    """``make()``, or what it made before for the same ``key_text`` (and code)."""
    found = stored(key_text)
    if found is not None:
        return found
    made = make()
    store(key_text, made)
    return made


def stored(key_text: bytes) -> bytes | None:
    """What was made before for ``key_text`` (and code), if the cache has it; the key
    counts as used either way (:func:`store` the bytes when it had not)."""
    if not _active:
        return None
    cache, used = _active[-1]
    key = digest(code_fingerprint(), key_text)
    used.append(key)
    return cache.get(CACHE_KIND, key)


def store(key_text: bytes, made: bytes) -> None:
    """Keep ``made`` for the next build that asks for ``key_text``."""
    if _active:
        cache, _ = _active[-1]
        cache.put(CACHE_KIND, digest(code_fingerprint(), key_text), made)


def used_mark() -> int:
    """Where the list of keys used stands now (see :func:`used_since`)."""
    return len(_active[-1][1]) if _active else 0


def used_since(mark: int) -> list[str]:
    """The keys used since :func:`used_mark` gave ``mark`` (a forked worker's, for its
    parent to :func:`note_used`)."""
    return _active[-1][1][mark:] if _active else []


def note_used(keys: list[str]) -> None:
    """Count ``keys`` as used (so the cache keeps them) though another process used them."""
    if _active:
        _active[-1][1].extend(keys)


def indented_json(data: object, indent: int = 1) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=indent)``, reused when it can be."""
    if not _active:
        return json.dumps(data, ensure_ascii=False, indent=indent)
    compact = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    key = f"json indent={indent}\n{compact}".encode()
    made = reused(key, lambda: json.dumps(data, ensure_ascii=False, indent=indent).encode())
    return made.decode("utf-8")


def table_csv(table: Table) -> bytes:
    """``table.csv_bytes()``, reused when its columns and rows are the same."""
    if not _active or table.encoded is not None:  # encoded: its parts are reused already
        return table.csv_bytes()
    pickled = io.BytesIO()
    pickler = pickle.Pickler(pickled, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo: equal rows give equal bytes, however cells are shared
    pickler.dump(([(c.name, c.type) for c in table.columns], table.rows))
    return reused(b"csv\n" + pickled.getvalue(), table.csv_bytes)
