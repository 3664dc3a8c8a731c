"""`atlas serve`: build the site in memory, serve it on 127.0.0.1, rebuild on every save.

The site is built exactly as `atlas build` builds it, but kept in memory (nothing is
written to ``site/``). Every HTML page served gets one extra, external script
(``generator/serve/live-reload.js``) that long-polls the build id and reloads the page when a
new build, good or failed, is ready. When a build fails, every page shows the problems as
``path:line:col: field: message`` until the next good save; the last good build's other
files stay available. Responses carry the headers ``netlify.toml`` sets, read from it.
"""

from __future__ import annotations

import mimetypes
import sys
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import watchfiles

from generator.errors import AtlasError
from generator.project import Project
from generator.render.i18n import LOCALE_DIR
from generator.serve.incremental import IncrementalBuilder
from generator.serve.live_site import Builder, BuildOutcome, LiveSite
from generator.serve.netlify_config import NetlifyConfig, load_netlify_config
from generator.serve.preview_pages import (
    RELOAD_URL,
    error_page,
    inject_reload,
    inject_search_note,
)

RELOAD_SCRIPT = Path(__file__).with_name("live-reload.js")  # package data, never published
BUILD_ID_URL = "/__atlas/build-id"
LONG_POLL_SECONDS = 20.0
EXTRA_TYPES = {
    ".pf_meta": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
    ".pagefind": "application/octet-stream",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".csv": "text/csv",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
}


class ServeError(AtlasError):
    """The preview server cannot start (the port is taken, netlify.toml is unreadable)."""


def site_path(url_path: str) -> str:
    """The file a URL path names: ``/regions/x/`` -> ``regions/x/index.html``."""
    path = unquote(url_path).lstrip("/")
    return f"{path}index.html" if path == "" or path.endswith("/") else path


def content_type(path: str) -> str:
    suffix = Path(path).suffix.lower()
    guessed = EXTRA_TYPES.get(suffix) or mimetypes.guess_type(path)[0]
    kind = guessed or "application/octet-stream"
    textual = kind.startswith("text/") or kind in {"application/json", "application/xml"}
    return f"{kind}; charset=utf-8" if textual else kind


class _Handler(BaseHTTPRequestHandler):
    server: AtlasServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Requests are not logged: the terminal shows builds and problems only."""

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _answer(self, *, head: bool) -> None:
        url = urlsplit(self.path)
        site = self.server.site
        if url.path == BUILD_ID_URL:
            after = parse_qs(url.query).get("after", [""])[0]
            latest = site.wait_for_build_after(after, LONG_POLL_SECONDS) if after else site.latest
            body = (
                f'{{"build": "{latest.build_id if latest else ""}", '
                f'"ok": {"true" if latest and latest.ok else "false"}}}'
            ).encode()
            self._send(HTTPStatus.OK, url.path, body, "application/json", head, no_store=True)
            return
        if url.path == RELOAD_URL:
            self._send(
                HTTPStatus.OK,
                url.path,
                self.server.reload_script,
                "text/javascript",
                head,
                no_store=True,
            )
            return
        self._answer_file(url.path, url.query, head)

    def _answer_file(self, url_path: str, query: str, head: bool) -> None:
        site, latest = self.server.site, self.server.site.latest
        path = site_path(url_path)
        is_page = path.endswith(".html") or "." not in path.rsplit("/", 1)[-1]
        if latest is not None and not latest.ok and is_page:
            page = inject_reload(error_page(latest).encode(), latest.build_id)
            self._send(
                HTTPStatus.INTERNAL_SERVER_ERROR, url_path, page, "text/html", head, no_store=True
            )
            return
        files = site.files
        moved = self.server.netlify.redirect_for(url_path, exists=path in files)
        if moved is not None:
            self._redirect(moved[1] + (f"?{query}" if query else ""), HTTPStatus(moved[0]))
        elif path in files:
            self._send_site_file(HTTPStatus.OK, url_path, path, head)
        elif f"{path}/index.html" in files:
            self._redirect(url_path + "/" + (f"?{query}" if query else ""))
        else:
            fallback = self.server.netlify.not_found_page(url_path)
            not_found = fallback.lstrip("/") if fallback else "404.html"
            if not_found in files:
                self._send_site_file(HTTPStatus.NOT_FOUND, url_path, not_found, head)
            else:
                self._send(HTTPStatus.NOT_FOUND, url_path, b"not found\n", "text/plain", head)

    def _send_site_file(self, status: HTTPStatus, url_path: str, path: str, head: bool) -> None:
        body = self.server.site.files[path]
        kind = content_type(path)
        latest = self.server.site.latest
        if kind.startswith("text/html") and latest is not None:
            body = inject_reload(body, latest.build_id)
            if path.endswith("search/index.html") and self.server.site.search_pending:
                body = inject_search_note(body)
        self._send(status, url_path, body, kind, head)

    def _redirect(self, location: str, status: HTTPStatus = HTTPStatus.MOVED_PERMANENTLY) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(
        self,
        status: HTTPStatus,
        url_path: str,
        body: bytes,
        kind: str,
        head: bool,
        *,
        no_store: bool = False,
    ) -> None:
        self.send_response(status)
        headers = self.server.netlify.headers_for(url_path)
        if no_store:
            headers = {k: v for k, v in headers.items() if k.lower() != "cache-control"}
            headers["Cache-Control"] = "no-store"
        for name, value in headers.items():
            self.send_header(name, value)
        textual = kind.startswith("text/") and "charset" not in kind
        self.send_header("Content-Type", f"{kind}; charset=utf-8" if textual else kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)


class AtlasServer(ThreadingHTTPServer):
    """An HTTP server over a :class:`LiveSite`, sending netlify.toml's headers."""

    daemon_threads = True

    def __init__(
        self,
        site: LiveSite,
        netlify: NetlifyConfig,
        host: str,
        port: int,
        notice: Callable[[str], None] | None = None,
    ) -> None:
        self.site = site
        self.netlify = netlify
        self.reload_script = RELOAD_SCRIPT.read_bytes()
        self.notice = notice or (lambda line: None)
        super().__init__((host, port), _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        """A request that failed is one line for the terminal, never a traceback: a browser
        that closes or resets its connection mid-answer is an everyday event."""
        error = sys.exc_info()[1]
        host = client_address[0] if isinstance(client_address, tuple) else client_address
        if isinstance(error, ConnectionError):
            self.notice(f"{host} closed the connection early ({type(error).__name__})")
        else:
            self.notice(f"could not answer {host}: {type(error).__name__}: {error}")

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/"


def watched_paths(data_dir: Path) -> list[Path]:
    """What a save in rebuilds the site: the data, the templates, the assets, the catalog."""
    project = Project.for_data(data_dir)
    candidates = [data_dir, project.templates, project.assets, LOCALE_DIR]
    return [path for path in candidates if path.is_dir()]


class DevServer:
    """`atlas serve`: the first build, the server thread, and the watch-and-rebuild loop."""

    def __init__(
        self,
        data_dir: Path,
        *,
        port: int = 8000,
        host: str = "127.0.0.1",
        builder: Builder | None = None,
        netlify_toml: Path | None = None,
        cache_dir: Path | None = None,
        notice: Callable[[str], None] | None = None,
    ) -> None:
        netlify = load_netlify_config(netlify_toml or Project.for_data(data_dir).netlify_toml)
        if builder is None:
            builder = IncrementalBuilder(cache_dir)
        self.site = LiveSite(data_dir, builder)
        if isinstance(builder, IncrementalBuilder):
            builder.on_search = self.site.swap_search
            builder.on_site = self.site.swap_site
        self.first_build = self.site.rebuild()
        try:
            self.server = AtlasServer(self.site, netlify, host, port, notice)
        except OSError as exc:
            raise ServeError(
                f"cannot serve on {host}:{port}: {exc.strerror}; is another "
                "`atlas serve` running? Choose another port with --port"
            ) from None
        self._thread = threading.Thread(
            target=self.server.serve_forever, name="atlas-serve", daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        return self.server.url

    def watch(
        self, on_build: Callable[[BuildOutcome], None], stop_event: threading.Event | None = None
    ) -> None:
        """Rebuild after every change under :func:`watched_paths` until stopped
        (``stop_event`` set, or Ctrl-C, which raises :class:`KeyboardInterrupt`)."""
        paths = watched_paths(self.site.data_dir)
        for changes in watchfiles.watch(*paths, stop_event=stop_event, debounce=400, step=30):
            changed = {_relative(Path(path)) for _, path in changes}
            on_build(self.site.rebuild(changed))

    def close(self) -> None:
        """Stop serving: wake long-polling pages, stop the loop, free the port."""
        self.site.close()
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)


def _relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
