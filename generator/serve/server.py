"""`atlas serve`: build the site in memory, serve it on 127.0.0.1, rebuild on every save.

The site is built exactly as `atlas build` builds it, but kept in memory (nothing is
written to ``site/``). Every HTML page served gets one extra, external script
(``generator/serve/live-reload.js``) that long-polls the build id and reloads the page when a
new build, good or failed, is ready. When a build fails, every page shows the problems as
``path:line:col: field: message`` until the next good save; the last good build's other
files stay available. Responses carry the headers ``netlify.toml`` sets, read from it.
"""

from __future__ import annotations

import html
import mimetypes
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import jinja2
import watchfiles

from generator.errors import AtlasError, Problem, ValidationFailed
from generator.load.validate import load_atlas
from generator.project import Project
from generator.render.i18n import LOCALE_DIR
from generator.serve.incremental import IncrementalBuilder
from generator.serve.netlify_config import NetlifyConfig, load_netlify_config

RELOAD_SCRIPT = Path(__file__).with_name("live-reload.js")  # package data, never published
RELOAD_URL = "/__atlas/live-reload.js"
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

Builder = Callable[[Path], dict[str, bytes]]


class ServeError(AtlasError):
    """The preview server cannot start (the port is taken, netlify.toml is unreadable)."""


def build_in_memory(data_dir: Path) -> dict[str, bytes]:
    """Every file of the site, as `atlas build` makes it, without writing anything."""
    from generator.build import build_files  # the whole pipeline, loaded on first build

    return build_files(load_atlas(data_dir), Project.for_data(data_dir)).files


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


_PAGES = jinja2.Environment(
    loader=jinja2.PackageLoader("generator.serve", "."),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)


def error_page(outcome: BuildOutcome) -> str:
    """A page listing why the build failed, each problem as path:line:col: field: message."""
    count = sum(1 for p in outcome.problems if p.severity == "error")
    return _PAGES.get_template("build-failed.html").render(
        summary=f"{count} error(s)" if outcome.problems else "the build failed",
        problems=[p.format() for p in outcome.problems],
        error=outcome.error or "",
    )


SEARCH_PENDING_NOTE = (
    '<p class="notice" role="status" data-atlas-serve="search-pending">'
    "Search is being updated with your last save and still shows the previous build; "
    "reload in a moment. 搜索索引正在按最新保存更新,暂时仍是上一版,请稍后刷新。</p>"
).encode()


def inject_search_note(page: bytes) -> bytes:
    """Tell the reader of a search page that its index lags behind the pages."""
    at = page.find(b"<main")
    end = page.find(b">", at) + 1 if at >= 0 else -1
    return page[:end] + SEARCH_PENDING_NOTE + page[end:] if end > 0 else SEARCH_PENDING_NOTE + page


def inject_reload(page: bytes, build_id: str) -> bytes:
    """Add the live-reload script to an HTML page (served pages only, never built ones)."""
    tag = (
        f'<script src="{RELOAD_URL}" data-build="{html.escape(build_id)}" defer></script>'
    ).encode()
    for marker in (b"</head>", b"</body>"):
        at = page.rfind(marker)
        if at >= 0:
            return page[:at] + tag + page[at:]
    return page + tag


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
