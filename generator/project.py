"""The atlas project folder: where the generator finds an atlas's templates and assets.

An atlas is a folder with ``data/`` (or any data folder given with ``--data``) and, at or
above it, ``templates/``, ``assets/``, ``node_modules/`` (front-end packages, from
``npm ci``) and ``netlify.toml``. The generator is installed as a package and reads its
project from there, so ``pip install .`` and an editable install build the same site.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.errors import BuildError


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def assets(self) -> Path:
        return self.root / "assets"

    @property
    def node_modules(self) -> Path:
        return self.root / "node_modules"

    @property
    def netlify_toml(self) -> Path:
        return self.root / "netlify.toml"

    @classmethod
    def for_data(cls, data_dir: Path) -> Project:
        """The project of a data folder: the nearest folder at or above it (or above the
        working folder) that holds ``templates/``."""
        start = data_dir.resolve()
        for folder in (start, *start.parents, Path.cwd(), *Path.cwd().parents):
            if (folder / "templates").is_dir() and (folder / "assets").is_dir():
                return cls(folder)
        raise BuildError(
            f"no atlas project around {data_dir}: the folder holding data/ needs templates/ "
            "and assets/ beside it (run atlas in the atlas project folder)"
        )
