"""A page context made only when a template reads it.

A region's own pages (its page, its source pages) are keyed in the build cache on their
region alone (:mod:`generator.render.cached`), so a warm build needs their views only for
the few pages it renders: :class:`LazyContext` defers building the view to the first read
and keeps it, and one instance serves both languages' pages."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

Make = Callable[[], dict[str, Any]]


class LazyContext(Mapping[str, Any]):
    """A read-only mapping whose items ``make()`` returns, called on the first read."""

    def __init__(self, make: Make) -> None:
        self._make: Make | None = make
        self._items: dict[str, Any] = {}

    @property
    def made(self) -> bool:
        return self._make is None

    def _context(self) -> dict[str, Any]:
        if self._make is not None:
            self._items = self._make()
            self._make = None
        return self._items

    def __getitem__(self, key: str) -> Any:
        return self._context()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._context())

    def __len__(self) -> int:
        return len(self._context())
