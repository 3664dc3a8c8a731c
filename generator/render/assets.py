"""The site's static files: assets/ (CSS, JS, images) and plotly.js from node_modules/,
published under ``assets/`` with a content hash in every file name, so they can be cached
for a year and a new build never serves a stale copy."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.errors import BuildError
from generator.load.safe_read import resolves_inside

PLOTLY_PACKAGE = "plotly.js-basic-dist-min"
PLOTLY_FILE = "plotly-basic.min.js"
PLOTLY_NAME = "js/plotly.js"  # the name templates ask for
# plotly.js adds a <style> for maplibre unless an element with this id exists; the
# site's CSP (no unsafe-inline) would block it, so chart pages carry such an element.
_MAPLIBRE_STYLE_ID = re.compile(rb'getElementById\("([0-9a-f]{64})"\)')


def hashed_name(name: str, content: bytes) -> str:
    """``css/atlas.css`` -> ``css/atlas.1a2b3c4d5e.css`` (first 10 hex of SHA-256)."""
    path = PurePosixPath(name)
    digest = hashlib.sha256(content).hexdigest()[:10]
    suffixes = "".join(path.suffixes)
    stem = path.name[: -len(suffixes)] if suffixes else path.name
    return str(path.with_name(f"{stem}.{digest}{suffixes}"))


@dataclass(frozen=True)
class SiteAssets:
    """Published asset files (``assets/<hashed name>`` -> bytes) and the name map."""

    files: dict[str, bytes]
    urls: dict[str, str]  # logical name ("css/atlas.css") -> site path ("assets/css/...")
    plotly_style_id: str | None

    @classmethod
    def load(cls, assets_dir: Path, node_modules: Path) -> SiteAssets:
        files: dict[str, bytes] = {}
        urls: dict[str, str] = {}
        for path in sorted(p for p in assets_dir.rglob("*") if p.is_file()):
            name = path.relative_to(assets_dir).as_posix()
            if path.name.startswith("."):
                continue
            if not resolves_inside(path, assets_dir):
                raise BuildError(
                    f"assets/{name} is a link that leads outside assets/: refusing to publish "
                    "it (store the file itself)"
                )
            content = path.read_bytes()
            urls[name] = "assets/" + hashed_name(name, content)
            files[urls[name]] = content
        plotly = _plotly_bundle(node_modules)
        urls[PLOTLY_NAME] = "assets/" + hashed_name("js/plotly-basic.min.js", plotly)
        files[urls[PLOTLY_NAME]] = plotly
        match = _MAPLIBRE_STYLE_ID.search(plotly)
        return cls(files, urls, match.group(1).decode() if match else None)

    def path(self, name: str) -> str:
        """The site path of asset ``name``; a missing asset is a build error."""
        try:
            return self.urls[name]
        except KeyError:
            raise BuildError(
                f"a template asks for asset '{name}', which is not in "
                f"assets/ (known: {', '.join(sorted(self.urls))})"
            ) from None


def _plotly_bundle(node_modules: Path) -> bytes:
    path = node_modules / PLOTLY_PACKAGE / "dist" / PLOTLY_FILE
    fallback = node_modules / PLOTLY_PACKAGE / PLOTLY_FILE
    for candidate in (path, fallback):
        if candidate.is_file():
            return candidate.read_bytes()
    raise BuildError(
        f"plotly.js is missing ({fallback} not found): run `npm ci` in "
        f"{node_modules.parent} to install the front-end packages"
    )
