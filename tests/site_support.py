"""A built site on disk, as the site tests read it (see the ``built_site`` fixture)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.build import BuildReport
from generator.output.writer import MARKER


@dataclass(frozen=True)
class BuiltSite:
    """A built site on disk, with its report."""

    root: Path
    report: BuildReport

    def read(self, path: str) -> bytes:
        return (self.root / path).read_bytes()

    def text(self, path: str) -> str:
        return self.read(path).decode("utf-8")

    def files(self) -> dict[str, bytes]:
        """Every file, keyed by site-relative POSIX path (the build's marker aside)."""
        return {
            p.relative_to(self.root).as_posix(): p.read_bytes()
            for p in sorted(self.root.rglob("*"))
            if p.is_file() and p.relative_to(self.root).as_posix() != MARKER
        }

    def html_paths(self) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))
