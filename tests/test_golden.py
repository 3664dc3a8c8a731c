"""Golden snapshot of the small fixture atlas: representative pages in both languages and
the list of every file the build writes, compared byte for byte.

A change to templates, CSS or data that changes these pages fails here on purpose: look at
the diff, and when the change is intended, refresh the snapshot with one command:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py

Content-hashed asset names are written as ``.HASH.`` so that a change to a stylesheet or
script alone does not touch every page; the search index (``pagefind/``) has its own tests.
"""

from __future__ import annotations

import os
import re
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
        "timeline/index.html",
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


def _check(name: str, actual: bytes) -> None:
    golden = GOLDEN / name
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(actual)
        return
    assert golden.is_file(), f"no golden {golden}: run UPDATE_GOLDEN=1 pytest {__file__}"
    expected = golden.read_bytes()
    if actual != expected:
        actual_lines, expected_lines = actual.splitlines(), expected.splitlines()
        first = next(
            (
                i
                for i, (a, e) in enumerate(zip(actual_lines, expected_lines, strict=False))
                if a != e
            ),
            min(len(actual_lines), len(expected_lines)),
        )
        pytest.fail(
            f"{name} differs from tests/golden/{name} at line {first + 1}; "
            "if the change is intended: UPDATE_GOLDEN=1 .venv/bin/pytest "
            "tests/test_golden.py",
            pytrace=False,
        )


@pytest.mark.parametrize("path", PAGES)
def test_page_matches_its_golden_snapshot(built_site: BuiltSite, path: str) -> None:
    _check(path, normalised(built_site.read(path)))


def test_the_site_has_exactly_the_golden_files(built_site: BuiltSite) -> None:
    _check(MANIFEST, manifest(built_site))
