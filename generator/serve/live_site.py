"""The site as `atlas serve` holds it: the latest build in memory, and who waits for the next.

:class:`LiveSite` rebuilds on each save (through an incremental builder, or any function
from the data folder to the site's files) and keeps the last good build's files while a
failed build's problems are shown; long-polling pages wait on :meth:`LiveSite.wait_for_build_after`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import AtlasError, Problem, ValidationFailed
from generator.load.validate import load_atlas
from generator.project import Project

Builder = Callable[[Path], dict[str, bytes]]


def build_in_memory(data_dir: Path) -> dict[str, bytes]:
    """Every file of the site, as `atlas build` makes it, without writing anything."""
    from generator.build import build_files  # the whole pipeline, loaded on first build

    return build_files(load_atlas(data_dir), Project.for_data(data_dir)).files.in_memory()


@dataclass(frozen=True)
class BuildOutcome:
    """One build by the server: its id, how long it took, and what went wrong if it failed."""

    build_id: str
    seconds: float
    pages: int = 0
    problems: tuple[Problem, ...] = ()
    error: str | None = None
    changed: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None and not any(p.severity == "error" for p in self.problems)


@dataclass
class _State:
    files: dict[str, bytes] = field(default_factory=dict)
    latest: BuildOutcome | None = None


class LiveSite:
    """The latest build of the site, kept in memory; waiters learn of each new build."""

    def __init__(self, data_dir: Path, builder: Builder = build_in_memory) -> None:
        self.data_dir = data_dir
        self._builder = builder
        self._state = _State()
        self._changed = threading.Condition()
        self._count = 0
        self._instance = f"{time.time_ns():x}"
        self.closing = False

    def rebuild(self, changed: Iterable[str] = ()) -> BuildOutcome:
        """Build again; a failure keeps the last good files and records the problems."""
        start = time.perf_counter()
        files: dict[str, bytes] | None = None
        problems: tuple[Problem, ...] = ()
        error: str | None = None
        try:
            files = self._builder(self.data_dir)
        except ValidationFailed as exc:
            problems, error = tuple(exc.problems), str(exc)
        except AtlasError as exc:
            error = str(exc)
        except Exception as exc:  # a template being edited, a bug: keep serving, show it
            error = f"{type(exc).__name__}: {exc}"
        self._count += 1
        pages = sum(1 for path in files if path.endswith(".html")) if files else 0
        outcome = BuildOutcome(
            f"{self._instance}-{self._count}",
            round(time.perf_counter() - start, 3),
            pages,
            problems,
            error,
            tuple(sorted(changed)),
        )
        with self._changed:
            if files is not None:
                self._state.files = files
            self._state.latest = outcome
            self._changed.notify_all()
        return outcome

    @property
    def files(self) -> dict[str, bytes]:
        return self._state.files

    @property
    def search_pending(self) -> bool:
        """The pages are newer than the search index, which is being rebuilt."""
        return bool(getattr(self._builder, "search_pending", False))

    def swap_search(self, search_files: dict[str, bytes]) -> None:
        """Put a newly indexed search bundle in place of the one being served."""
        with self._changed:
            files = {k: v for k, v in self._state.files.items() if not k.startswith("pagefind/")}
            files.update(search_files)
            self._state.files = files

    def swap_site(self, site_files: dict[str, bytes]) -> None:
        """Put the whole site, built again in the background after the edited region's
        pages were served, in place of the files being served (the search files stay until
        :meth:`swap_search` brings the new ones)."""
        with self._changed:
            files = {k: v for k, v in site_files.items() if not k.startswith("pagefind/")}
            files.update({k: v for k, v in self._state.files.items() if k.startswith("pagefind/")})
            self._state.files = files

    @property
    def latest(self) -> BuildOutcome | None:
        return self._state.latest

    def wait_for_build_after(self, build_id: str, timeout: float) -> BuildOutcome | None:
        """Block until a build other than ``build_id`` is the latest, or ``timeout`` passes."""
        with self._changed:
            self._changed.wait_for(
                lambda: (
                    self.closing or (self.latest is not None and self.latest.build_id != build_id)
                ),
                timeout,
            )
            return self.latest

    def close(self) -> None:
        with self._changed:
            self.closing = True
            self._changed.notify_all()
