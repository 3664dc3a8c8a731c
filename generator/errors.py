"""Problems found in the data, and the exceptions the library raises.

The library never prints: it raises :class:`AtlasError` subclasses or returns
:class:`Problem` lists, and the CLI turns them into messages and exit codes.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]

SHOWN_VALUE = 60  # characters of a quoted value a message shows
MAX_MESSAGE = 600  # characters of a whole message or hint
_LONG_QUOTED = re.compile("'([^'\n]{" + str(SHOWN_VALUE + 1) + ",})'")


def _shortened(text: str) -> str:
    """``text`` with every quoted value cut to a short prefix and the whole bounded, so a
    1 MB value is never echoed whole."""
    text = _LONG_QUOTED.sub(lambda m: f"'{m.group(1)[: SHOWN_VALUE - 1]}…'", text)
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem, located as ``path:line:col: field.path: message``."""

    path: str
    line: int
    column: int
    field: str
    message: str
    severity: Severity = "error"
    hint: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", _shortened(self.message))
        if self.hint is not None:
            object.__setattr__(self, "hint", _shortened(self.hint))

    def format(self) -> str:
        """``path:line:col: field.path: message (hint: …)``, ``warning:`` before a warning."""
        return f"{self.path}:{self.line}:{self.column}: {self.detail()}"

    def detail(self, *, label: bool = True) -> str:
        """``field.path: message (hint: …)``: the problem without its place; ``label`` puts
        ``warning:`` before a warning's message (annotations carry the level themselves)."""
        prefix = "warning: " if label and self.severity == "warning" else ""
        text = f"{self.field or '<document>'}: {prefix}{self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text


class AtlasError(Exception):
    """Base class of every error the library raises on purpose."""


class ValidationFailed(AtlasError):
    """The data has errors; nothing was built or written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = sum(1 for p in problems if p.severity == "error")
        super().__init__(f"{errors} error(s) in the data")


class BuildError(AtlasError):
    """A build step failed after validation (rendering, search indexing, writing)."""


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as the editor should see it: relative to ``root`` (or the cwd) when possible."""
    # the folder resolved once (an atlas's files share a few), the name as the editor
    # wrote it: a link is shown where it is, not where it points; compared as strings (a
    # save in `atlas serve` shows 2,800 region files' names: pathlib took 0.15 s)
    folder_name, name = os.path.split(os.fspath(path))
    named = name not in ("", ".", "..")
    resolved = os.path.join(_resolved(folder_name or "."), name) if named else str(path.resolve())
    for base in (root, os.getcwd()):
        if base is None:
            continue
        folder = _resolved(os.fspath(base))
        if resolved == folder:
            return "."
        prefix = folder if folder.endswith(os.sep) else folder + os.sep
        if resolved.startswith(prefix):
            return resolved[len(prefix) :].replace(os.sep, "/")
    return path.as_posix()


@lru_cache(maxsize=256)
def _resolved(folder: str) -> str:
    """A folder's real path, once per folder (every file of an atlas is shown relative
    to the same working folder)."""
    return str(Path(folder).resolve())
