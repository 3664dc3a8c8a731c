"""`atlas serve`: answers on a free port with netlify.toml's headers, rebuilds after a save,
survives an invalid file (problems on the page and in the terminal) and recovers, stops on
Ctrl-C; and the live-reload script it injects never reaches a built site."""

from __future__ import annotations

import http.client
import os
import queue
import shutil
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.errors import Problem, ValidationFailed
from generator.serve.live_site import LiveSite
from generator.serve.netlify_config import load_netlify_config, parse_netlify_config
from generator.serve.preview_pages import error_page, inject_reload
from generator.serve.server import AtlasServer, site_path
from tests.site_support import BuiltSite

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "small-atlas"
TIMEOUT = 60.0


@pytest.fixture(scope="module")
def small_atlas_site(built_site: BuiltSite) -> Path:
    """The small fixture atlas, built once per session (tests/conftest.py)."""
    return built_site.root


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    text: str


def fetch(url: str) -> Response:
    request = urllib.request.Request(url, headers={"Cache-Control": "no-cache"})
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return Response(reply.status, dict(reply.headers), reply.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        return Response(error.code, dict(error.headers), error.read().decode("utf-8"))


def wait_until(check: Callable[[], bool], what: str, timeout: float = TIMEOUT) -> float:
    """Poll ``check`` every 20 ms; the seconds it took, or fail after ``timeout``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if check():
            return time.perf_counter() - start
        time.sleep(0.02)
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}")


class ServeProcess:
    """`atlas serve` in a subprocess, its output collected line by line."""

    def __init__(self, data_dir: Path, command: Path) -> None:
        self.process = subprocess.Popen(
            [str(command), "serve", "--data", str(data_dir), "--port", "0"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env={**os.environ, "NO_COLOR": "1", "ATLAS_CACHE": str(data_dir.parent / "cache")},
        )
        self.stdout: queue.Queue[str] = queue.Queue()
        self.stderr: list[str] = []
        self.lines: list[str] = []
        threading.Thread(
            target=self._pump, args=(self.process.stdout, self.stdout.put), daemon=True
        ).start()
        threading.Thread(
            target=self._pump, args=(self.process.stderr, self.stderr.append), daemon=True
        ).start()
        self.url = self._wait_for_url()

    @staticmethod
    def _pump(stream: object, sink: Callable[[str], None]) -> None:
        for line in stream:  # type: ignore[attr-defined]
            sink(line)

    def _wait_for_url(self) -> str:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                line = self.stdout.get(timeout=0.5)
            except queue.Empty:
                if self.process.poll() is not None:
                    pytest.fail(f"atlas serve exited: {''.join(self.stderr)}")
                continue
            self.lines.append(line)
            if line.startswith("serving "):
                return line.split()[1]
        pytest.fail("atlas serve did not say where it serves")

    def output(self) -> str:
        while not self.stdout.empty():
            self.lines.append(self.stdout.get())
        return "".join(self.lines)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            pytest.fail("atlas serve did not stop on Ctrl-C")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURE, target)
    return target


@pytest.fixture
def served(data_dir: Path, atlas_command: Path) -> Iterator[ServeProcess]:
    server = ServeProcess(data_dir, atlas_command)
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.slow
def test_serve_rebuilds_survives_an_invalid_file_and_stops_on_ctrl_c(
    served: ServeProcess, data_dir: Path, record_property: Callable[[str, object], None]
) -> None:
    region_file = data_dir / "regions" / "heshui.yaml"
    original = region_file.read_text(encoding="utf-8")
    page_url = served.url + "en/regions/heshui/"

    # it answers, with netlify.toml's headers and the live-reload script
    home = fetch(served.url)
    assert home.status == 200
    expected = load_netlify_config(ROOT / "netlify.toml").headers_for("/")
    for name in (
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Permissions-Policy",
        "Strict-Transport-Security",
    ):
        assert home.headers[name] == expected[name]
    assert '<script src="/__atlas/live-reload.js"' in home.text
    before = fetch(page_url)
    assert before.status == 200 and "Heshui County" in before.text
    assert "Lakeshore County" not in before.text

    # a save rebuilds: the served page changes
    saved = time.perf_counter()
    region_file.write_text(
        original.replace("en: Heshui County", "en: Lakeshore County", 1), encoding="utf-8"
    )
    seconds = wait_until(lambda: "Lakeshore County" in fetch(page_url).text, "the rebuilt page")
    record_property("save_to_served_seconds", round(seconds, 3))
    assert time.perf_counter() - saved < TIMEOUT

    # an invalid file: the problems on the page (path:line:col) and in the terminal
    region_file.write_text(original + 'deadine: "2026"\n', encoding="utf-8")
    wait_until(lambda: fetch(page_url).status == 500, "the error page")
    broken = fetch(page_url)
    line = original.count("\n") + 1
    assert f"heshui.yaml:{line}:1: deadine: unknown field" in broken.text
    assert '<script src="/__atlas/live-reload.js"' in broken.text
    assert fetch(served.url + "__atlas/build-id").text.endswith('"ok": false}')
    wait_until(lambda: any("deadine" in line for line in served.stderr), "the terminal report")
    assert served.process.poll() is None, "the server stopped on an invalid file"

    # the next good save recovers
    region_file.write_text(original, encoding="utf-8")
    wait_until(lambda: fetch(page_url).status == 200, "the recovered page")
    assert "Heshui County" in fetch(page_url).text

    # Ctrl-C stops cleanly
    assert served.stop() == 0
    assert "stopped" in served.output()
    assert "Traceback" not in "".join(served.stderr)


def test_unknown_paths_get_the_404_page_of_their_language(served: ServeProcess) -> None:
    english = fetch(served.url + "en/no-such-page/")
    chinese = fetch(served.url + "no-such-page/")
    assert english.status == chinese.status == 404
    assert 'lang="en"' in english.text and 'lang="zh-Hans"' in chinese.text
    redirect = urllib.request.urlopen(served.url + "en/regions/heshui", timeout=10)
    assert redirect.url.endswith("/en/regions/heshui/")  # followed the redirect to the folder


def in_own_thread(work: Callable[[], None]) -> None:
    """Run ``work`` in a fresh thread: Playwright's sync API refuses a thread whose asyncio
    loop is running (the browser suite keeps one running for its whole session)."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # handed back to the test's thread
            failures.append(exc)

    thread = threading.Thread(target=run, name="playwright")
    thread.start()
    thread.join(timeout=180)
    assert not thread.is_alive(), "the browser check did not finish in 3 minutes"
    if failures:
        raise failures[0]


def _chromium() -> str | None:
    candidates = [os.environ.get("ATLAS_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


@pytest.mark.browser
@pytest.mark.slow
def test_the_open_page_reloads_itself_after_each_save(served: ServeProcess, data_dir: Path) -> None:
    chromium = _chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    if chromium is None:
        reason = "no Chromium found (install Debian's chromium, or set ATLAS_CHROMIUM)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI is set, so browser tests may not skip")
        pytest.skip(reason)
    region_file = data_dir / "regions" / "heshui.yaml"
    original = region_file.read_text(encoding="utf-8")
    blocked: list[str] = []

    def edit_while_watching() -> None:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=["--no-sandbox", "--headless"]
            )
            page = browser.new_page()
            page.on(
                "console",
                lambda message: (
                    blocked.append(message.text)
                    if "Content Security Policy" in message.text
                    else None
                ),
            )
            page.goto(served.url + "en/regions/heshui/")
            body = page.locator("body")
            sync_api.expect(body).to_contain_text("Heshui County")
            region_file.write_text(
                original.replace("en: Heshui County", "en: Lakeshore County", 1), encoding="utf-8"
            )
            sync_api.expect(body).to_contain_text("Lakeshore County", timeout=30_000)
            region_file.write_text(original + 'deadine: "2026"\n', encoding="utf-8")
            sync_api.expect(body).to_contain_text("deadine: unknown field", timeout=30_000)
            region_file.write_text(original, encoding="utf-8")
            sync_api.expect(body).to_contain_text("Heshui County", timeout=30_000)
            sync_api.expect(body).not_to_contain_text("deadine")
            browser.close()

    in_own_thread(edit_while_watching)
    assert not blocked, blocked


# --- the pieces, without a server ------------------------------------------------------------


def test_a_failed_build_keeps_the_last_good_files_and_reports_its_problems() -> None:
    builds: list[dict[str, bytes] | Exception] = [
        {"index.html": b"<html><head></head><body>first</body></html>"},
        ValidationFailed(
            [Problem("data/regions/x.yaml", 3, 5, "goals.0.quote", "quote not found")]
        ),
        {"index.html": b"<html><head></head><body>fixed</body></html>"},
    ]

    def builder(_: Path) -> dict[str, bytes]:
        result = builds.pop(0)
        if isinstance(result, Exception):
            raise result
        return result

    site = LiveSite(Path("data"), builder)
    first = site.rebuild()
    assert first.ok and first.pages == 1
    failed = site.rebuild(["data/regions/x.yaml"])
    assert not failed.ok and failed.build_id != first.build_id
    assert site.files["index.html"].endswith(b"first</body></html>")
    page = error_page(failed)
    assert "data/regions/x.yaml:3:5: goals.0.quote: quote not found" in page
    assert "<script" not in page and "style" not in page
    # a page waiting on the failed build's id wakes at the next build
    waiter: list[str] = []
    thread = threading.Thread(
        target=lambda: waiter.append(
            site.wait_for_build_after(failed.build_id, 10).build_id  # type: ignore[union-attr]
        )
    )
    thread.start()
    fixed = site.rebuild()
    thread.join(5)
    assert waiter == [fixed.build_id] and fixed.ok
    assert site.files["index.html"].endswith(b"fixed</body></html>")


def test_a_broken_template_does_not_stop_the_server() -> None:
    def builder(_: Path) -> dict[str, bytes]:
        raise RuntimeError("unexpected end of template, expected 'endfor'")

    outcome = LiveSite(Path("data"), builder).rebuild()
    assert not outcome.ok
    assert "expected &#39;endfor&#39;" in error_page(outcome)


def test_reload_script_is_added_to_served_pages_only() -> None:
    page = b'<!DOCTYPE html><html lang="en"><head><title>t</title></head><body></body></html>'
    served = inject_reload(page, "abc-3")
    assert served.count(b"<script") == 1
    tag = b'<script src="/__atlas/live-reload.js" data-build="abc-3" defer></script>'
    assert tag + b"</head>" in served
    assert site_path("/") == "index.html"
    assert site_path("/en/regions/heshui/") == "en/regions/heshui/index.html"
    assert site_path("/data/atlas.json") == "data/atlas.json"


def test_a_built_site_has_no_trace_of_the_server(small_atlas_site: Path) -> None:
    for path in small_atlas_site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".js", ".json", ".xml", ".css"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "__atlas" not in text and "live-reload" not in text, path
    assert not list(small_atlas_site.rglob("*live-reload*"))


MOVED = """
[[redirects]]
  from = "/old/:region/*"
  to = "/regions/:region/:splat"
  status = 301

[[redirects]]
  from = "/compare/old-section/"
  to = "/compare/#pilot-schools"
  status = 301
  force = true

[[redirects]]
  from = "/*"
  to = "/404.html"
  status = 404
"""


def test_serve_follows_netlify_toml_redirects_as_netlify_does() -> None:
    """A moved page keeps its old address: `atlas serve` answers it with the redirect
    netlify.toml gives, so a preview shows what the published site will do."""
    netlify = parse_netlify_config(MOVED)
    assert netlify.redirect_for("/old/heshui/sources/plan/", exists=False) == (
        301,
        "/regions/heshui/sources/plan/",
    )
    assert netlify.redirect_for("/old/heshui/", exists=True) is None  # a file shadows it
    assert netlify.redirect_for("/compare/old-section/", exists=True) == (
        301,
        "/compare/#pilot-schools",
    )
    assert netlify.redirect_for("/nowhere/", exists=False) is None  # the 404 rule is not one
    site = LiveSite(Path("data"), lambda _: {"index.html": b"<html><body>home</body></html>"})
    site.rebuild()
    server = AtlasServer(site, netlify, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        connection = http.client.HTTPConnection(str(host), int(port), timeout=10)
        connection.request("GET", "/old/heshui/sources/plan/?q=1")
        reply = connection.getresponse()
        assert reply.status == 301
        assert reply.getheader("Location") == "/regions/heshui/sources/plan/?q=1"
    finally:
        server.shutdown()
        server.server_close()
