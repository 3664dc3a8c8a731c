"""Serve a built atlas on 127.0.0.1 the way Netlify serves it.

Used by the browser tests (tests/browser/conftest.py) and by scripts/lighthouse.py:
- the response headers and the 404 pages come from netlify.toml's ``[[headers]]`` and
  ``[[redirects]]`` rules, matched by generator.serve.netlify_config as ``atlas serve`` does (the
  same Content-Security-Policy the published site sends); without netlify.toml a strict
  fallback policy with no ``unsafe-inline`` is used (``HeaderRules.source`` says so), and
  a missing page answers 404 with /404.html, or /en/404.html under /en/;
- text responses are gzip-compressed when the browser accepts it, as on Netlify.
"""

from __future__ import annotations

import gzip
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from generator.serve.netlify_config import NetlifyConfig, load_netlify_config

# Used only when the repository has no netlify.toml yet: the policy the design asks for.
FALLBACK_CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
FALLBACK_HEADERS = {
    "Content-Security-Policy": FALLBACK_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}

COMPRESSIBLE = re.compile(r"^(text/|application/(json|javascript|xml|atom\+xml|wasm)|image/svg)")
EXTRA_TYPES = {
    ".wasm": "application/wasm",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".pf_meta": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pagefind": "application/octet-stream",
}


@dataclass(frozen=True)
class HeaderRules:
    """What Netlify answers with: the headers for a path and the page for a missing path."""

    config: NetlifyConfig | None  # None: no netlify.toml, the fallback policy applies
    source: str  # the netlify.toml read, or "fallback (no netlify.toml)"

    @classmethod
    def load(cls, netlify_toml: Path) -> HeaderRules:
        if not netlify_toml.is_file():
            return cls(None, "fallback (no netlify.toml)")
        return cls(load_netlify_config(netlify_toml), str(netlify_toml))

    def for_path(self, path: str) -> dict[str, str]:
        """The headers Netlify sends for ``path``."""
        if self.config is None:
            return dict(FALLBACK_HEADERS)
        return self.config.headers_for(path)

    def not_found_page(self, path: str) -> str:
        """The site path of the page a missing ``path`` answers with."""
        page = self.config.not_found_page(path) if self.config is not None else None
        if page is None:
            page = "/en/404.html" if path.startswith("/en/") else "/404.html"
        return page.lstrip("/")

    @property
    def csp(self) -> str:
        return self.for_path("/").get("Content-Security-Policy", "")


class NetlifyLikeHandler(SimpleHTTPRequestHandler):
    """Static files with Netlify's headers, 404 pages and compression."""

    header_rules: HeaderRules

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests report what matters."""

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        return EXTRA_TYPES.get(Path(path).suffix) or super().guess_type(path)

    def do_HEAD(self) -> None:
        self._serve(head_only=True)

    def do_GET(self) -> None:
        self._serve(head_only=False)

    def _serve(self, *, head_only: bool) -> None:
        url_path = unquote(urlsplit(self.path).path)
        file_path = Path(self.translate_path(self.path))
        if file_path.is_dir():
            if not url_path.endswith("/"):
                self._redirect(url_path + "/")
                return
            file_path = file_path / "index.html"
        status = HTTPStatus.OK
        if not file_path.is_file():
            status = HTTPStatus.NOT_FOUND
            file_path = Path(self.directory) / self.header_rules.not_found_page(url_path)
        body = file_path.read_bytes() if file_path.is_file() else b"not found"
        content_type = self.guess_type(str(file_path))
        if content_type.startswith("text/") or content_type.endswith(("json", "xml")):
            content_type += "; charset=utf-8"
        self._send(status, url_path, content_type, body, head_only)

    def _send(
        self, status: HTTPStatus, url_path: str, content_type: str, body: bytes, head_only: bool
    ) -> None:
        if (
            COMPRESSIBLE.match(content_type)
            and len(body) > 512
            and "gzip" in self.headers.get("Accept-Encoding", "")
        ):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            self.send_response(status)
            self.send_header("Content-Encoding", "gzip")
        else:
            self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        for name, value in self.header_rules.for_path(url_path).items():
            self.send_header(name, value)
        self.end_headers()
        if not head_only:
            self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


@contextmanager
def serve_site(site_dir: Path, header_rules: HeaderRules) -> Iterator[str]:
    """Serve ``site_dir`` on a free port of 127.0.0.1; yields the base URL (ending in /)."""
    handler = type("AtlasHandler", (NetlifyLikeHandler,), {"header_rules": header_rules})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site_dir)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="atlas-site-server", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
