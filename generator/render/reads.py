"""Which fields of which regions a page read while it rendered.

An aggregate page (home, an indicator, a division, a timeline year, ...) holds regions in
its view but shows only a few of their fields: the home page's map links each region by
its name, it never shows a measure's text. The build cache keys such a page on the fields
it read the last time it rendered (:mod:`generator.render.cached`), found here: while
:func:`tracking` is on, every read of a model field of a :class:`~generator.load.model.Region`
(by a template, a snippet, a filter) is noted for the page being rendered.

A page whose view and read fields are unchanged takes the same path through its template
and reads the same fields again, so keying it on them is exact (the usual argument for
builds that record their dependencies as they run)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from generator.load import model as m

Reads = dict[str, list[str]]  # region id -> the fields of it the page read, sorted
FIELDS = frozenset(m.Region.model_fields)


class _Noting(threading.local):
    noted: dict[str, set[str]] | None = None  # this thread's page's reads, when tracking


_local = _Noting()
_patch = threading.Lock()
_tracking = [0]  # how many threads are tracking (the patch stays while any is)


def _noting_getattribute(region: m.Region, name: str) -> Any:
    noted = _local.noted
    if noted is not None:
        if name in FIELDS:
            noted.setdefault(object.__getattribute__(region, "id"), set()).add(name)
        elif name == "__dict__" or name.startswith("model_"):  # a dump, a copy: every field
            noted.setdefault(object.__getattribute__(region, "id"), set()).update(FIELDS)
    return object.__getattribute__(region, name)


@contextmanager
def tracking() -> Iterator[None]:
    """Note region reads (in this process and the workers it forks) while in the block;
    threads may track at once (`atlas serve` renders an edit while it builds the site)."""
    with _patch:
        if _tracking[0] == 0:
            m.Region.__getattribute__ = _noting_getattribute  # type: ignore[method-assign, assignment]
        _tracking[0] += 1
    try:
        yield
    finally:
        with _patch:
            _tracking[0] -= 1
            if _tracking[0] == 0:
                del m.Region.__getattribute__


def render_noting_reads(render: Callable[[], bytes]) -> tuple[bytes, Reads]:
    """``render()`` and the region fields it read (inside :func:`tracking`)."""
    _local.noted = {}
    try:
        content = render()
        noted = _local.noted
    finally:
        _local.noted = None
    return content, {region: sorted(fields) for region, fields in sorted(noted.items())}
