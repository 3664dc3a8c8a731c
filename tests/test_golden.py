"""Golden snapshot of the small fixture atlas: representative pages in both languages and
the list of every file the build writes, compared byte for byte.

A change to templates, CSS or data that changes these pages fails here on purpose: look at
the diff, and when the change is intended, refresh the snapshot with one command:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py

Content-hashed asset names are written as ``.HASH.`` so that a change to a stylesheet or
script alone does not touch every page; the search index (``pagefind/``) has its own tests.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from pathlib import Path

import pytest

from tests.site_support import BuiltSite

GOLDEN = Path(__file__).parent / "golden"
PAGES = [
    f"{prefix}{path}"
    for prefix in ("", "en/")
    for path in (
        "index.html",
        "regions/heshui/index.html",
        "regions/suixi/index.html",
        "regions/heshui/sources/implementation-plan/index.html",
        "compare/index.html",
        "indicators/pilot-schools/index.html",
        "regions/index.html",
        "timeline/index.html",
        "timeline/2026/index.html",
        "themes/index.html",
        "side-by-side/index.html",
    )
]
MANIFEST = "files.txt"
HASHED = re.compile(rb"\.[0-9a-f]{10}\.")
UPDATE = bool(os.environ.get("UPDATE_GOLDEN"))


def normalised(content: bytes) -> bytes:
    return HASHED.sub(b".HASH.", content)


def manifest(site: BuiltSite) -> bytes:
    paths = [normalised(p.encode()) for p in site.files() if not p.startswith("pagefind/")]
    return b"\n".join(sorted(paths)) + b"\n"


DIFF_LINES = 80  # of the unified diff shown on a failure


def unified_diff(name: str, expected: bytes, actual: bytes) -> str:
    """The difference as ``diff -u`` shows it, cut to ``DIFF_LINES`` lines."""
    lines = list(
        difflib.unified_diff(
            expected.decode("utf-8", "replace").splitlines(),
            actual.decode("utf-8", "replace").splitlines(),
            f"tests/golden/{name}",
            f"built/{name}",
            lineterm="",
        )
    )
    more = len(lines) - DIFF_LINES
    return "\n".join(lines[:DIFF_LINES]) + (f"\n… {more} more lines" if more > 0 else "")


def _check(name: str, actual: bytes) -> None:
    """Fail when ``actual`` differs from the snapshot, with the unified diff. In update
    mode a differing snapshot is rewritten and the test still fails, so a run that
    changed snapshots never reads as a pass: review ``git diff tests/golden``, then run
    again without ``UPDATE_GOLDEN``."""
    golden = GOLDEN / name
    expected = golden.read_bytes() if golden.is_file() else None
    if actual == expected:
        return
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(actual)
        pytest.fail(f"rewrote tests/golden/{name}: review the diff, then rerun", pytrace=False)
    if expected is None:
        pytest.fail(f"no golden {golden}: run UPDATE_GOLDEN=1 pytest {__file__}", pytrace=False)
    pytest.fail(
        f"{name} differs from tests/golden/{name}; if the change is intended: "
        "UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py\n"
        + unified_diff(name, expected, actual),
        pytrace=False,
    )


@pytest.mark.parametrize("path", PAGES)
def test_page_matches_its_golden_snapshot(built_site: BuiltSite, path: str) -> None:
    _check(path, normalised(built_site.read(path)))


def test_the_site_has_exactly_the_golden_files(built_site: BuiltSite) -> None:
    _check(MANIFEST, manifest(built_site))


def test_a_difference_is_shown_as_a_unified_diff() -> None:
    diff = unified_diff("x.html", b"<p>one</p>\n<p>two</p>\n", b"<p>one</p>\n<p>2</p>\n")
    assert diff.splitlines()[:2] == ["--- tests/golden/x.html", "+++ built/x.html"]
    assert "-<p>two</p>" in diff and "+<p>2</p>" in diff


def test_update_mode_rewrites_and_still_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.modules[__name__], "GOLDEN", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "UPDATE", True)
    (tmp_path / "page.html").write_bytes(b"old\n")
    with pytest.raises(pytest.fail.Exception, match="rewrote"):
        _check("page.html", b"new\n")
    assert (tmp_path / "page.html").read_bytes() == b"new\n"
    _check("page.html", b"new\n")  # unchanged now: passes even in update mode
