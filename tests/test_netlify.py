"""Publishing: netlify.toml's headers, caching and 404 rules, the built pages against its
Content-Security-Policy, and the GitHub Actions workflows (actionlint, and the steps that
checking and publishing need).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from generator.serve.netlify_config import (
    NETLIFY_DEFAULT_CACHE_CONTROL,
    NetlifyConfig,
    load_netlify_config,
    pattern_regex,
)
from tests.site_support import BuiltSite

ROOT = Path(__file__).resolve().parent.parent
NETLIFY_TOML = ROOT / "netlify.toml"
WORKFLOWS = ROOT / ".github" / "workflows"
IMMUTABLE = "public, max-age=31536000, immutable"
HASHED_NAME = re.compile(r"[._-][0-9a-f]{7,}(\.[a-z0-9_]+)+$")


@pytest.fixture(scope="module")
def small_atlas_site(built_site: BuiltSite) -> Path:
    """The small fixture atlas, built once per session (tests/conftest.py)."""
    return built_site.root


@pytest.fixture(scope="module")
def netlify() -> NetlifyConfig:
    return load_netlify_config(NETLIFY_TOML)


@pytest.fixture(scope="module")
def raw_toml() -> dict[str, Any]:
    return tomllib.loads(NETLIFY_TOML.read_text(encoding="utf-8"))


def csp_directives(policy: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


# --- netlify.toml --------------------------------------------------------------------------


def test_build_settings(raw_toml: dict[str, Any]) -> None:
    build = raw_toml["build"]
    assert build["publish"] == "site"
    assert build["environment"] == {"PYTHON_VERSION": "3.11", "NODE_VERSION": "20"}
    for command in (build["command"], raw_toml["context"]["deploy-preview"]["command"]):
        assert "pip install" in command and "npm ci" in command
        assert re.search(r"(atlas|python -m generator) build", command)


def test_deploy_previews_get_their_own_base_url_and_noindex(raw_toml: dict[str, Any]) -> None:
    command = raw_toml["context"]["deploy-preview"]["command"]
    assert 'ATLAS_BASE_URL="$DEPLOY_PRIME_URL/"' in command
    assert "X-Robots-Tag: noindex" in command and "site/_headers" in command
    # production must stay indexable
    assert "noindex" not in raw_toml["build"]["command"]
    for rule in raw_toml["headers"]:
        assert "x-robots-tag" not in {name.lower() for name in rule["values"]}


def test_every_path_gets_the_security_headers(netlify: NetlifyConfig) -> None:
    for path in (
        "/",
        "/en/",
        "/regions/heshui/",
        "/assets/js/site.0123abcd.js",
        "/pagefind/pagefind.js",
        "/data/atlas.json",
    ):
        headers = netlify.headers_for(path)
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] in {
            "strict-origin-when-cross-origin",
            "no-referrer",
            "same-origin",
            "strict-origin",
        }
        assert "camera=()" in headers["Permissions-Policy"]
        max_age = re.search(r"max-age=(\d+)", headers["Strict-Transport-Security"])
        assert max_age and int(max_age.group(1)) >= 31536000
        assert "Content-Security-Policy" in headers


def test_content_security_policy_allows_nothing_inline(netlify: NetlifyConfig) -> None:
    csp = csp_directives(netlify.headers_for("/")["Content-Security-Policy"])
    everything = " ".join(" ".join(values) for values in csp.values())
    assert "'unsafe-inline'" not in everything
    assert "'unsafe-eval'" not in everything
    assert "'unsafe-hashes'" not in everything
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'", "'wasm-unsafe-eval'"]  # Pagefind's WebAssembly
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["connect-src"] == ["'self'"]
    sources = [s for values in csp.values() for s in values]
    assert not [s for s in sources if s.startswith(("http:", "https:", "*", "blob:", "data:"))]


def test_only_content_hashed_files_are_cached_for_a_year(netlify: NetlifyConfig) -> None:
    hashed = [
        "/assets/css/site.0123abcd.css",
        "/assets/js/plotly-basic.89abcdef01.js",
        "/pagefind/zh-hans/fragment/x-han_3a4b5c6d7e.pf_fragment",
        "/pagefind/en/index/en_0a1b2c3.pf_index",
        "/pagefind/zh-hans/filter/x-han_abcdef1.pf_filter",
        "/pagefind/en/pagefind.en_1234abcd.pf_meta",
    ]
    for path in hashed:
        assert netlify.headers_for(path)["Cache-Control"] == IMMUTABLE, path
    for path in (
        "/",
        "/index.html",
        "/en/regions/heshui/",
        "/pagefind/en/pagefind.js",
        "/pagefind/zh-hans/pagefind-entry.json",
        "/pagefind/zh-hans/atlas-search.json",
        "/pagefind/zh-hans/wasm.unknown.pagefind",
        "/data/atlas.json",
        "/feed.xml",
        "/sitemap.xml",
        "/404.html",
    ):
        assert netlify.headers_for(path)["Cache-Control"] == NETLIFY_DEFAULT_CACHE_CONTROL, path


def test_no_rule_for_every_path_sets_cache_control(raw_toml: dict[str, Any]) -> None:
    """Netlify may join one header's values from several matching rules, so a catch-all
    Cache-Control would spoil the year-long caching of hashed files."""
    for rule in raw_toml["headers"]:
        if rule["for"] == "/*":
            assert not {k.lower() for k in rule["values"]} & {"cache-control"}


def test_unknown_paths_get_the_404_page_of_their_language(netlify: NetlifyConfig) -> None:
    assert netlify.not_found_page("/en/no-such-page/") == "/en/404.html"
    assert netlify.not_found_page("/en/regions/nowhere/") == "/en/404.html"
    assert netlify.not_found_page("/regions/nowhere/") == "/404.html"
    assert netlify.not_found_page("/english/") == "/404.html"
    for redirect in netlify.redirects:
        assert redirect.status == 404 and not redirect.force  # never shadows a real file


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("/*", "/", True),
        ("/*", "/a/b/c.html", True),
        ("/assets/*", "/assets", True),
        ("/assets/*", "/assets/css/x.css", True),
        ("/assets/*", "/assetsx/y", False),
        ("/pagefind/pagefind.*.pf_meta", "/pagefind/pagefind.zh_12ab.pf_meta", True),
        ("/pagefind/pagefind.*.pf_meta", "/pagefind/pagefind.js", False),
        ("/regions/:id/", "/regions/heshui/", True),
        ("/regions/:id/", "/regions/a/b/", False),
        ("/EN/*", "/en/x", True),
    ],
)
def test_patterns_match_as_netlify_matches_them(pattern: str, path: str, matches: bool) -> None:
    assert bool(pattern_regex(pattern).match(path)) is matches


# --- the built pages against the policy ------------------------------------------------------


class _PageAudit(HTMLParser):
    """What a page would need the CSP to allow: inline code, styles, foreign resources."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inline_scripts: list[str] = []
        self.style_elements = 0
        self.style_attributes: list[str] = []
        self.event_handlers: list[str] = []
        self.javascript_urls: list[str] = []
        self.resources: list[str] = []
        self._in_script: str | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "style" in values:
            self.style_attributes.append(tag)
        self.event_handlers += [f"{tag}[{n}]" for n in values if n.startswith("on")]
        self.javascript_urls += [
            v
            for n, v in values.items()
            if n in {"href", "src", "action"} and v.strip().lower().startswith("javascript:")
        ]
        if tag == "style":
            self.style_elements += 1
        if tag == "script":
            kind = values.get("type", "").lower()
            if "src" in values:
                self.resources.append(values["src"])
            elif kind != "application/json":
                self._in_script = kind or "text/javascript"
        if tag == "link" and {"stylesheet", "modulepreload", "preload", "icon"} & set(
            values.get("rel", "").lower().split()
        ):
            self.resources.append(values.get("href", ""))
        if tag in {"img", "iframe", "embed", "object", "source", "audio", "video"}:
            self.resources += [values[n] for n in ("src", "data") if n in values]

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            self._script_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_script is not None:
            self.inline_scripts.append("".join(self._script_text).strip()[:80])
            self._in_script, self._script_text = None, []


def _same_origin(url: str) -> bool:
    parts = urlsplit(url)
    return (not parts.scheme and not parts.netloc) or url.startswith("data:")


@pytest.fixture(scope="module")
def built_pages(small_atlas_site: Path) -> dict[str, str]:
    pages = {
        path.relative_to(small_atlas_site).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(small_atlas_site.rglob("*.html"))
    }
    assert "index.html" in pages and "en/index.html" in pages
    return pages


def test_built_pages_need_nothing_the_policy_forbids(built_pages: dict[str, str]) -> None:
    problems = []
    for path, text in built_pages.items():
        audit = _PageAudit()
        audit.feed(text)
        problems += [f"{path}: inline <script> {s!r}" for s in audit.inline_scripts]
        problems += [f"{path}: <style> element"] * audit.style_elements
        problems += [f"{path}: style= on <{tag}>" for tag in audit.style_attributes]
        problems += [f"{path}: inline event handler {h}" for h in audit.event_handlers]
        problems += [f"{path}: javascript: URL" for _ in audit.javascript_urls]
        problems += [
            f"{path}: resource from another origin {url}"
            for url in audit.resources
            if not _same_origin(url)
        ]
    assert not problems, "\n".join(problems[:40])


def test_every_page_loads_scripts_and_styles_of_its_own(built_pages: dict[str, str]) -> None:
    for path in ("index.html", "en/index.html"):
        audit = _PageAudit()
        audit.feed(built_pages[path])
        assert any(url.endswith(".css") for url in audit.resources), f"{path} has no stylesheet"


def test_files_cached_for_a_year_are_content_hashed(
    small_atlas_site: Path, netlify: NetlifyConfig
) -> None:
    cached = [
        path.relative_to(small_atlas_site).as_posix()
        for path in sorted(small_atlas_site.rglob("*"))
        if path.is_file()
        and netlify.headers_for("/" + path.relative_to(small_atlas_site).as_posix())[
            "Cache-Control"
        ]
        == IMMUTABLE
    ]
    assert any(p.startswith("assets/") for p in cached), "no asset is cached for a year"
    assert any(
        p.startswith(("pagefind/zh-hans/fragment/", "pagefind/en/fragment/")) for p in cached
    )
    unhashed = [p for p in cached if not HASHED_NAME.search(p)]
    assert not unhashed, f"cached for a year but not named by content hash: {unhashed}"


def test_the_site_has_both_404_pages_the_redirects_name(
    small_atlas_site: Path, netlify: NetlifyConfig
) -> None:
    for redirect in netlify.redirects:
        assert (small_atlas_site / redirect.target.lstrip("/")).is_file(), redirect.target
    assert 'lang="en"' in (small_atlas_site / "en" / "404.html").read_text(encoding="utf-8")


def test_the_build_writes_no_netlify_config_of_its_own(small_atlas_site: Path) -> None:
    """Headers and redirects live in netlify.toml only (previews add a _headers file)."""
    assert not (small_atlas_site / "_headers").exists()
    assert not (small_atlas_site / "_redirects").exists()


# --- GitHub Actions ----------------------------------------------------------------------------


def _workflow(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _runs(workflow: dict[Any, Any]) -> str:
    return "\n".join(
        step.get("run", "") for job in workflow["jobs"].values() for step in job.get("steps", [])
    )


def _uses(workflow: dict[Any, Any]) -> list[str]:
    return [
        step["uses"]
        for job in workflow["jobs"].values()
        for step in job.get("steps", [])
        if "uses" in step
    ]


def test_every_pull_request_is_validated_tested_built_and_previewed() -> None:
    pull_request = _workflow("pull-request.yml")
    assert "pull_request" in pull_request[True]  # YAML 1.1 reads the key `on` as True
    assert pull_request["jobs"]["check"]["uses"] == "./.github/workflows/check.yml"
    check = _workflow("check.yml")
    job = check["jobs"]["check"]
    runs = _runs(check)
    assert "atlas validate --strict --format github" in runs
    assert re.search(r"^\s*pytest", runs, re.MULTILINE) and job["env"]["CI"] == "1"
    assert "chromium" in runs and "fonts-noto-cjk" in runs and "apt-get install" in runs
    assert "atlas build" in runs
    assert any(u.startswith("actions/upload-artifact@") for u in _uses(check))
    assert any(u.startswith("actions/setup-node@") for u in _uses(check))
    assert "3.11" in job["container"]["image"]
    node = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-node@"))
    assert node["with"]["node-version"] == "20"
    preview = pull_request["jobs"]["preview"]
    assert preview["needs"] == "check"
    assert "head.repo.full_name == github.repository" in preview["if"]
    assert re.search(
        r"netlify-cli@\d+\.\d+\.\d+ deploy --no-build --dir site --alias", _runs(pull_request)
    )
    assert "X-Robots-Tag: noindex" in _runs(pull_request)


def test_main_is_published_to_netlify_with_a_pinned_cli() -> None:
    publish = _workflow("publish.yml")
    assert publish[True]["push"]["branches"] == ["main"]
    deploy = publish["jobs"]["deploy"]
    assert deploy["needs"] == "check"
    assert deploy["env"]["NETLIFY_AUTH_TOKEN"] == "${{ secrets.NETLIFY_AUTH_TOKEN }}"
    assert deploy["env"]["NETLIFY_SITE_ID"] == "${{ secrets.NETLIFY_SITE_ID }}"
    assert re.search(
        r"npx --yes netlify-cli@\d+\.\d+\.\d+ deploy --no-build --dir site --prod", _runs(publish)
    )
    setup = {
        s["uses"].split("@")[0]: s.get("with", {})
        for job in publish["jobs"].values()
        for s in job.get("steps", [])
        if "uses" in s
    }
    assert setup["actions/setup-python"]["python-version"] == "3.11"
    assert setup["actions/setup-node"]["node-version"] == "20"


def test_the_secrets_are_documented() -> None:
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for name in ("NETLIFY_AUTH_TOKEN", "NETLIFY_SITE_ID", "NETLIFY_SITE_NAME"):
        assert contributing.count(name) >= 2, f"{name} is not documented in both languages"


def _actionlint() -> str | None:
    beside_python = Path(sys.executable).parent / "actionlint"
    return str(beside_python) if beside_python.exists() else shutil.which("actionlint")


def test_workflows_pass_actionlint() -> None:
    actionlint = _actionlint()
    if actionlint is None:
        pytest.skip("actionlint is not installed (pip install -e '.[test]' installs it)")
    result = subprocess.run(
        [actionlint, "-no-color"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_runs_ruff_at_the_pinned_version_and_validates_data() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    pinned = re.search(r'"ruff==([\d.]+)"', (ROOT / "pyproject.toml").read_text("utf-8"))
    assert pinned is not None
    ruff = next(r for r in config["repos"] if r["repo"].endswith("/ruff-pre-commit"))
    assert ruff["rev"] == f"v{pinned.group(1)}"
    hook = next(
        h
        for r in config["repos"]
        if r["repo"] == "local"
        for h in r["hooks"]
        if h["id"] == "atlas-validate"
    )
    assert hook["entry"].startswith("atlas validate")
    assert hook["files"] == "^data/" and hook["pass_filenames"] is False


def test_issue_form_asks_for_what_a_correction_needs() -> None:
    form = yaml.safe_load(
        (ROOT / ".github" / "ISSUE_TEMPLATE" / "correction.yml").read_text(encoding="utf-8")
    )
    ids = {item.get("id"): item for item in form["body"]}
    for field in ("region", "record", "problem", "source-sentence"):
        assert ids[field]["validations"]["required"] is True, field
    template = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert template.count("- [ ]") >= 8
    assert "atlas validate --strict" in template and "status" in template
