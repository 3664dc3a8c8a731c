"""Run one function over many items on every CPU, in forked workers, in input order.

Forking shares everything the parent has loaded (the validated atlas, compiled templates)
without pickling it; only the items' results travel back. Fork is used only where it is
safe: on Linux, with two or more CPUs, from a single-threaded process, for enough items
to repay starting the workers. Otherwise the items run in-process, with the same results.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_JOB: tuple[Callable[[Any], Any], Sequence[Any]] | None = None  # what forked workers run


def cpu_count() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def worker_count(items: int, minimum: int) -> int:
    """Workers for ``items`` items: one per CPU (at most 8) when forking is worth it."""
    cpus = cpu_count()
    if (
        items < minimum
        or cpus < 2
        or threading.active_count() > 1
        or sys.platform != "linux"
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return 1
    return min(cpus, 8)


CHUNKS_PER_WORKER = 16  # results come back a chunk at a time, not one share per worker


def _run_chunk(bounds: tuple[int, int]) -> list[Any]:
    """In a worker: the items of one chunk. What each result holds stays until the chunk
    is sent back, so it is frozen out of the cyclic collector's sight (a checked region
    file is ~100,000 objects: every full collection walked all the results so far again,
    a fifth of a validation worker's time)."""
    assert _JOB is not None
    function, items = _JOB
    start, stop = bounds
    results = []
    for item in items[start:stop]:
        results.append(function(item))
        gc.freeze()
    return results


def chunk_bounds(items: int, workers: int) -> list[tuple[int, int]]:
    """``[start, stop)`` of each chunk of ``items`` items: about
    :data:`CHUNKS_PER_WORKER` a worker, so a worker that finishes early takes the next
    chunk, and the parent holds one chunk's results in transit at a time, not a whole
    worker's share (which, for rendered pages, is hundreds of megabytes pickled at once)."""
    size = max(1, -(-items // (workers * CHUNKS_PER_WORKER)))
    return [(start, min(start + size, items)) for start in range(0, items, size)]


def fork_map(function: Callable[[T], R], items: Sequence[T], *, minimum: int) -> list[R]:
    """``[function(item) for item in items]``, spread over forked workers when
    ``len(items) >= minimum``, in chunks handed to whichever worker is free. While the
    results arrive the cyclic collector is off in this process (they are all kept: each
    full collection would walk those received so far again); the workers collect."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return list(fork_each(function, items, minimum=minimum))
    finally:
        if collecting:
            gc.enable()


def fork_each(function: Callable[[T], R], items: Sequence[T], *, minimum: int) -> Iterator[R]:
    """``function(item)`` for each item, in order, as :func:`fork_map` makes them, but
    handed over a chunk at a time: a caller that keeps only a little of each result (the
    renderer, which stores each page and keeps its digest) never holds them all. Nothing
    else may fork from this module until the iterator is exhausted or closed."""
    global _JOB
    workers = worker_count(len(items), minimum)
    if workers == 1:
        yield from (function(item) for item in items)
        return
    _JOB = (function, items)
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=gc.enable) as pool:
            for chunk in pool.imap(_run_chunk, chunk_bounds(len(items), workers)):
                yield from chunk
    finally:
        _JOB = None
