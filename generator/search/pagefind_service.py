"""Run Pagefind's indexer (the extended build) through its Python API, fully in memory.

The Python package's service waits 100 ms between reading two replies from the indexer,
reads each reply through a 2 MiB buffer and formats every request for a debug log even
when nobody logs: indexing thousands of records would take minutes and a large index
could not be returned. :class:`_Service` keeps the package's protocol and classes and
replaces only those parts: it sends without formatting, reads replies as they arrive
through a buffer large enough for the whole index, and fails every pending request when
the indexer stops, instead of waiting forever.

Each bundle (a language's records, a language's source texts) is indexed by its own
indexer process, at the same time (:func:`run_pagefind_bundles`).

The indexer is Pagefind 1.6.0's extended build from npm (``package.json`` pins it;
``npm ci`` installs the binary for the machine under ``node_modules/@pagefind/``): it
writes a first search about 11 KB smaller than 1.5.2, the newest on PyPI, with the same
results (``scripts/search_bytes.py``). The Python package supplies only the protocol.
``PAGEFIND_BINARY_PATH`` names another indexer binary.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import json
import os
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pagefind.index import IndexConfig
from pagefind.service import PagefindService

from generator.errors import BuildError
from generator.project import Project
from generator.search.entries import SearchPage

T = TypeVar("T")
K = TypeVar("K", str, tuple[str, bool])  # what names a bundle

PAGEFIND_VERSION = "1.6.0"  # as package.json pins it
READ_LIMIT = 1 << 31  # bytes: the whole index comes back as one reply
BATCH = 2000  # requests in flight at once
# Index chunk size the indexer aims at (its PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE; an
# environment that sets it wins). A search loads the chunks holding its words: chunks a
# tenth of the default's let a first search fetch about 30 KB of index instead of 120 KB
# on the real atlas (scripts/benchmark.py and the browser suite's budget measure it), for
# a few more files.
INDEX_CHUNK_SIZE = 4000


def pagefind_binary() -> Path:
    """The indexer: ``PAGEFIND_BINARY_PATH``, else npm's ``pagefind_extended`` for this
    machine in the project's ``node_modules``."""
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named:
        return Path(named)
    folder = Project.for_data(Path.cwd()).node_modules / "@pagefind"
    found = sorted(folder.glob("*/bin/pagefind_extended*"))
    binaries = [path for path in found if not path.name.endswith(".sha256")]
    if not binaries:
        raise BuildError(
            f"the Pagefind {PAGEFIND_VERSION} indexer is not installed: run npm ci "
            f"(looked for {folder}/*/bin/pagefind_extended)"
        )
    return binaries[0]


class _Service(PagefindService):
    """Pagefind's service, reading each reply as soon as it arrives."""

    def __init__(self, binary: Path) -> None:  # the package's, with npm's binary
        self._loop = asyncio.get_running_loop()
        self._bin = binary
        self._responses = {}

    async def launch(self) -> _Service:
        environment = {"PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(INDEX_CHUNK_SIZE), **os.environ}
        self._backend = await asyncio.create_subprocess_exec(
            self._bin,
            "--service",
            cwd=os.getcwd(),
            env=environment,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
            limit=READ_LIMIT,
        )
        self._poll_task = self._loop.create_task(self._wait_for_responses())
        return self

    def _write(self, payload: Any) -> asyncio.Future[Any]:
        """Queue one request; the future resolves with the indexer's reply."""
        self._message_id += 1
        future: asyncio.Future[Any] = self._loop.create_future()
        self._responses[self._message_id] = future
        stdin = self._backend.stdin
        if stdin is None:
            raise BuildError("the search indexer has no input")
        request = json.dumps({"message_id": self._message_id, "payload": payload})
        stdin.write(base64.b64encode(request.encode("utf-8")) + b",")
        return future

    async def send(self, payload: Any) -> Any:
        future = self._write(payload)
        assert self._backend.stdin is not None
        await self._backend.stdin.drain()
        return await future

    async def _request(self, payload: dict[str, Any], answer: str) -> dict[str, Any]:
        """Send one request of the service's protocol; its reply, which must be ``answer``."""
        reply = await self.send(payload)
        if not isinstance(reply, dict) or reply.get("type") != answer:
            kind = reply.get("type") if isinstance(reply, dict) else type(reply).__name__
            raise BuildError(f"the search indexer answered {kind!r} instead of {answer!r}")
        return reply

    async def new_index(self, config: IndexConfig) -> int:
        """Create an index in the indexer; the id its other requests name it by.

        The protocol's own ``NewIndex`` reply carries the id, so nothing depends on the
        private attribute where the package's ``PagefindIndex`` keeps it."""
        settings = {key: value for key, value in config.items() if key != "output_path"}
        reply = await self._request({"type": "NewIndex", "config": settings}, "NewIndex")
        index_id = reply.get("index_id")
        if not isinstance(index_id, int):
            raise BuildError("the search indexer created an index without an id")
        return index_id

    async def get_files(self, index_id: int) -> dict[str, bytes]:
        """The bundle of index ``index_id``: its files' contents by path."""
        reply = await self._request({"type": "GetFiles", "index_id": index_id}, "GetFiles")
        return {f["path"]: base64.b64decode(f["content"]) for f in reply.get("files", [])}

    async def delete_index(self, index_id: int) -> None:
        await self._request({"type": "DeleteIndex", "index_id": index_id}, "DeleteIndex")

    async def add_pages(self, index_id: int, pages: Sequence[SearchPage]) -> None:
        """Add ``pages`` as the package's ``add_html_file`` would, a batch per write."""
        assert self._backend.stdin is not None
        for start in range(0, len(pages), BATCH):
            replies = [
                self._write(
                    {
                        "type": "AddFile",
                        "index_id": index_id,
                        "url": page.url,
                        "file_contents": page.html,
                        "file_path": None,
                    }
                )
                for page in pages[start : start + BATCH]
            ]
            await self._backend.stdin.drain()
            for reply in await asyncio.gather(*replies):
                if reply.get("type") != "IndexedFile":
                    raise BuildError(f"the search indexer answered {reply.get('type')!r}")

    async def _wait_for_responses(self) -> None:
        stdout = self._backend.stdout
        assert stdout is not None
        try:
            while True:
                reply = json.loads(base64.b64decode((await stdout.readuntil(b","))[:-1]))
                self._resolve(reply)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as exc:
            self._fail_pending(f"the search indexer stopped ({exc.__class__.__name__})")

    def _resolve(self, reply: dict[str, object]) -> None:
        message_id = reply.get("message_id")
        future = self._responses.pop(message_id, None) if isinstance(message_id, int) else None
        if future is None or future.done():
            return
        payload = reply.get("payload")
        if not isinstance(payload, dict):
            future.set_exception(BuildError("the search indexer sent an unreadable reply"))
        elif payload.get("type") == "Error":
            future.set_exception(BuildError(f"search indexer: {payload.get('message')}"))
        else:
            future.set_result(payload)  # type: ignore[arg-type]

    def _fail_pending(self, message: str) -> None:
        for future in self._responses.values():
            if not future.done():
                future.set_exception(BuildError(message))
        self._responses.clear()


async def _index_language(pages: Sequence[SearchPage], config: IndexConfig) -> dict[str, bytes]:
    service = _Service(pagefind_binary())
    async with service:
        index_id = await service.new_index(config)
        await service.add_pages(index_id, pages)
        files = await service.get_files(index_id)
        await service.delete_index(index_id)
    return files


async def _index(
    groups: dict[K, list[SearchPage]], config: IndexConfig
) -> dict[K, dict[str, bytes]]:
    names = sorted(groups)
    bundles = await asyncio.gather(*(_index_language(groups[name], config) for name in names))
    return dict(zip(names, bundles, strict=True))


def _run_coroutine_to_end(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """``asyncio.run``, also from a thread whose event loop is already running (a caller
    driving a browser through Playwright's sync API, an editor's notebook): then the
    coroutine runs on a fresh loop in a worker thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


def run_pagefind_bundles(groups: dict[K, list[SearchPage]]) -> dict[K, dict[str, bytes]]:
    """Index each group of pages (one language each) into a Pagefind bundle of its own,
    each by its own indexer process, at the same time: the bundles' files by group."""
    config = IndexConfig(write_playground=False)
    try:
        return _run_coroutine_to_end(lambda: _index(groups, config))
    except FileNotFoundError as exc:
        raise BuildError(
            f"the Pagefind indexer is not installed: run npm ci (pagefind {PAGEFIND_VERSION})"
        ) from exc
    except OSError as exc:
        raise BuildError(f"the search indexer failed: {exc}") from exc
