"""The search indexer runs whether or not the caller already runs an event loop."""

from __future__ import annotations

import asyncio
import concurrent.futures
from pathlib import Path

import pytest

from generator.errors import BuildError
from generator.search.entries import SearchPage
from generator.search.pagefind_service import run_pagefind_bundles

RECORD = SearchPage(
    url="/en/regions/x/",
    language="en",
    html='<html lang="en"><body><h2 id="goal-a">teacher training coverage</h2></body></html>',
)


def test_indexes_without_a_running_loop() -> None:
    files = run_pagefind_bundles({"en": [RECORD]})["en"]
    assert any(path.startswith("index/en_") for path in files)


def test_indexes_inside_a_running_loop() -> None:
    # Playwright's sync API (the browser suite) keeps a loop running in the main thread;
    # a build started from there must still index instead of failing in asyncio.run.
    async def build_from_inside_a_loop() -> dict[str, bytes]:
        return run_pagefind_bundles({"en": [RECORD]})["en"]

    # Own thread: the browser suite may already hold a loop in the main thread.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        files = pool.submit(lambda: asyncio.run(build_from_inside_a_loop())).result()
    assert any(path.startswith("index/en_") for path in files)


def test_a_missing_indexer_says_to_run_npm_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A project whose node_modules lacks npm's pagefind: the build names the fix.
    (tmp_path / "templates").mkdir()
    (tmp_path / "assets").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    with pytest.raises(BuildError, match="npm ci"):
        run_pagefind_bundles({"en": [RECORD]})
