#!/usr/bin/env python3
"""Lighthouse audit of every page kind of the real atlas, both languages, mobile profile.

Not a test (slow, and performance scores depend on the machine). It
1. installs npm lighthouse@12.2.3 into a cache folder outside the repository if missing,
2. builds the real atlas (data/) into a temporary folder,
3. serves it on 127.0.0.1 with the headers netlify.toml sets (tests/browser/site_server.py),
4. audits one page of each kind in each language with Debian's Chromium, and prints the
   four category scores against the budgets in docs/architecture.md (performance >= 95;
   accessibility, best practices and SEO 100), with the audits that cost points.

    .venv/bin/python scripts/lighthouse.py [--kinds home,region] [--langs zh] [--runs 3]

Exit status 1 when a page misses a budget.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))

from pages import KINDS, LANGS, lang_path, page_kinds  # noqa: E402
from site_server import HeaderRules, serve_site  # noqa: E402

LIGHTHOUSE_VERSION = "12.2.3"
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / (
    f"policy-atlas/lighthouse-{LIGHTHOUSE_VERSION}"
)
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BUDGET = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


def ensure_lighthouse(cache: Path) -> Path:
    """The Lighthouse CLI entry point, installed into ``cache`` first if missing."""
    cli = cache / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        print(f"installing lighthouse@{LIGHTHOUSE_VERSION} into {cache}", file=sys.stderr)
        subprocess.run(
            [
                "npm",
                "i",
                "-E",
                f"lighthouse@{LIGHTHOUSE_VERSION}",
                "--prefix",
                str(cache),
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
            ],
            check=True,
        )
    return cli


def audit(cli: Path, url: str, attempts: int = 3) -> dict[str, Any]:
    """One Lighthouse run (mobile, the default form factor): the JSON report (lhr).
    Lighthouse sometimes fails to record a trace on a busy machine (NO_NAVSTART): such a
    run is tried again."""
    for attempt in range(1, attempts + 1):
        try:
            return _run_lighthouse(cli, url)
        except RuntimeError as error:
            if attempt == attempts:
                raise
            print(f"retrying {url}: {str(error).splitlines()[-1]}", file=sys.stderr)
    raise AssertionError("unreachable")


def _run_lighthouse(cli: Path, url: str) -> dict[str, Any]:
    result = subprocess.run(
        [
            "node",
            str(cli),
            url,
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            f"--chrome-flags={CHROME_FLAGS}",
            f"--only-categories={','.join(CATEGORIES)}",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "CHROME_PATH": CHROME},
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def scores(report: dict[str, Any]) -> dict[str, int]:
    return {name: round((report["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}


def lost_points(report: dict[str, Any], category: str) -> list[str]:
    """The weighted audits of ``category`` that did not pass, with their display values."""
    found = []
    for ref in report["categories"][category]["auditRefs"]:
        result = report["audits"][ref["id"]]
        if ref.get("weight", 0) > 0 and result.get("score") is not None and result["score"] < 1:
            value = result.get("displayValue", "")
            found.append(f"{ref['id']} ({result['score']:.2f}{', ' + value if value else ''})")
    return found


def page_url(site_url: str, lang: str, kind: str, path: str) -> str:
    # The 404 page is audited at its own URL: on a missing URL Lighthouse rightly marks the
    # HTTP 404 status itself as an SEO failure, which says nothing about the page.
    return site_url + (lang_path(lang, "404.html") if kind == "404" else lang_path(lang, path))


def audit_site(
    cli: Path, site_url: str, kinds: dict[str, str], langs: list[str], wanted: list[str], runs: int
) -> list[tuple[str, dict[str, int], list[str]]]:
    rows = []
    for lang in langs:
        for kind in wanted:
            url = page_url(site_url, lang, kind, kinds[kind])
            reports = [audit(cli, url) for _ in range(runs)]
            all_scores = [scores(r) for r in reports]
            median = {c: int(statistics.median(s[c] for s in all_scores)) for c in CATEGORIES}
            notes = [
                f"{c}: {', '.join(lost_points(reports[-1], c))}"
                for c in CATEGORIES
                if median[c] < 100 and lost_points(reports[-1], c)
            ]
            rows.append((f"{lang:2} {kind}", median, notes))
            print(_row(rows[-1]), flush=True)
    return rows


def _row(row: tuple[str, dict[str, int], list[str]]) -> str:
    name, score, notes = row
    missed = [c for c in CATEGORIES if score[c] < BUDGET[c]]
    line = f"{name:18}" + "".join(f"{score[c]:>16}" for c in CATEGORIES)
    line += "   " + ("below budget: " + ", ".join(missed) if missed else "ok")
    return line + "".join(f"\n{'':20}- {note}" for note in notes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO / "data")
    parser.add_argument(
        "--cache",
        type=Path,
        default=DEFAULT_CACHE,
        help="where lighthouse is installed (outside the repository)",
    )
    parser.add_argument("--kinds", default=",".join(KINDS), help="page kinds to audit")
    parser.add_argument("--langs", default=",".join(LANGS))
    parser.add_argument("--runs", type=int, default=1, help="runs per page (median reported)")
    args = parser.parse_args()

    from generator.build import build_site
    from generator.load.validate import load_atlas

    cli = ensure_lighthouse(args.cache)
    kinds = page_kinds(load_atlas(args.data).atlas)
    rules = HeaderRules.load(REPO / "netlify.toml")
    print(f"headers from {rules.source}; Chromium {CHROME}; mobile profile", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="atlas-lighthouse-") as tmp:
        site = Path(tmp) / "site"
        print(build_site(args.data, site).summary(), file=sys.stderr)
        with serve_site(site, rules) as site_url:
            print(f"{'page':18}" + "".join(f"{c:>16}" for c in CATEGORIES))
            rows = audit_site(
                cli, site_url, kinds, args.langs.split(","), args.kinds.split(","), args.runs
            )
    below = [name for name, score, _ in rows if any(score[c] < BUDGET[c] for c in CATEGORIES)]
    print(
        f"\n{len(rows) - len(below)} of {len(rows)} pages meet every budget"
        + (f"; below budget: {', '.join(below)}" if below else "")
    )
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
