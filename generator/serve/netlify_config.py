"""Read the headers and redirects of ``netlify.toml``, and match them as Netlify does.

``atlas serve`` sends exactly the headers the published site sends and answers unknown
paths with the same 404 pages, because it reads them from ``netlify.toml`` instead of
keeping a copy that could drift.

Path patterns follow Netlify: ``*`` standing alone as a segment matches the rest of the
path (or nothing: ``/assets/*`` matches ``/assets`` and everything under it, not
``/assetsx``), ``*`` inside a segment matches any characters, ``:name`` matches one
segment; matching ignores case and a trailing slash.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import AtlasError

# What Netlify sends when no rule sets Cache-Control: cache, but revalidate every time.
NETLIFY_DEFAULT_CACHE_CONTROL = "public, max-age=0, must-revalidate"


class NetlifyConfigError(AtlasError):
    """netlify.toml is missing or cannot be read."""


def pattern_regex(pattern: str) -> re.Pattern[str]:
    """The regular expression Netlify matches a ``for``/``from`` path pattern with."""
    regex = ""
    for part in (part.rstrip() for part in pattern.split("/") if part.strip()):
        if part.startswith(":"):
            regex += f"/(?P<{part[1:]}>[^/]+)"
        elif part == "*":
            regex += "(?:/(?P<splat>.*))?"
        else:
            regex += "/" + ".*".join(re.escape(piece) for piece in part.split("*"))
    return re.compile(f"^{regex}/?$" if regex else "^/$", re.IGNORECASE)


@dataclass(frozen=True)
class HeaderRule:
    regex: re.Pattern[str]
    values: dict[str, str]


@dataclass(frozen=True)
class Redirect:
    source: str
    regex: re.Pattern[str]
    target: str
    status: int
    force: bool  # applies even when a file exists at the path (Netlify's "shadowing")

    def location(self, path: str) -> str | None:
        """Where ``path`` goes, placeholders (``:name``, ``:splat``) filled, or None."""
        match = self.regex.match(path)
        if match is None:
            return None
        target = self.target
        for name, value in sorted(match.groupdict().items(), key=lambda kv: -len(kv[0])):
            target = target.replace(f":{name}", value or "")
        return target


@dataclass(frozen=True)
class NetlifyConfig:
    """The parts of netlify.toml a server needs: header rules and redirects, in order."""

    headers: tuple[HeaderRule, ...]
    redirects: tuple[Redirect, ...]

    def redirect_for(self, path: str, *, exists: bool) -> tuple[int, str] | None:
        """The (status, location) of the first redirect rule (not a 404 rule) for
        ``path``; a rule without ``force`` gives way to a file that exists there."""
        for redirect in self.redirects:
            if redirect.status == 404 or (exists and not redirect.force):
                continue
            location = redirect.location(path)
            if location is not None:
                return redirect.status, location
        return None

    def headers_for(self, path: str) -> dict[str, str]:
        """Every header Netlify sends for ``path``; a later matching rule wins a name."""
        found: dict[str, str] = {}
        for rule in self.headers:
            if rule.regex.match(path):
                found.update(rule.values)
        if not any(name.lower() == "cache-control" for name in found):
            found["Cache-Control"] = NETLIFY_DEFAULT_CACHE_CONTROL
        return found

    def not_found_page(self, path: str) -> str | None:
        """The page Netlify answers an unknown ``path`` with (a 404 redirect rule), if any."""
        for redirect in self.redirects:
            if redirect.status == 404 and redirect.regex.match(path):
                return redirect.target
        return None


def _value(text: Any) -> str:
    """A header value as sent: TOML multi-line values joined into one line."""
    return " ".join(str(text).split())


def parse_netlify_config(text: str) -> NetlifyConfig:
    """Parse the text of netlify.toml (raises :class:`NetlifyConfigError`)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise NetlifyConfigError(f"netlify.toml is not valid TOML: {exc}") from None
    headers = tuple(
        HeaderRule(
            pattern_regex(rule["for"]),
            {name: _value(value) for name, value in rule.get("values", {}).items()},
        )
        for rule in data.get("headers", [])
    )
    redirects = tuple(
        Redirect(
            rule["from"],
            pattern_regex(rule["from"]),
            rule["to"],
            int(rule.get("status", 301)),
            bool(rule.get("force", False)),
        )
        for rule in data.get("redirects", [])
    )
    return NetlifyConfig(headers=headers, redirects=redirects)


def load_netlify_config(path: Path) -> NetlifyConfig:
    """Read and parse ``netlify.toml`` at ``path``."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise NetlifyConfigError(f"cannot read {path}: {exc.strerror}") from None
    return parse_netlify_config(text)
