"""Run Pagefind's indexer (the extended build) through its Python API, fully in memory.

The Python package's service waits 100 ms between reading two replies from the indexer
and reads each reply through a 2 MiB buffer: indexing thousands of records would take
minutes and a large index could not be returned. :class:`_Service` keeps the package's
protocol and classes and replaces only those two parts: it reads replies as they arrive,
through a buffer large enough for the whole index, and fails every pending request when
the indexer stops, instead of waiting forever.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from pagefind.index import IndexConfig
from pagefind.service import PagefindService

from .errors import BuildError

READ_LIMIT = 1 << 31  # bytes: the whole index comes back as one reply
BATCH = 2000  # requests in flight at once


@dataclass(frozen=True)
class SearchRecord:
    """One search result: a page or a record's anchor, in one language."""

    url: str
    language: str  # the lowercased <html lang> of the pages it belongs to: "zh-hans", "en"
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]] = field(default_factory=dict)


class _Service(PagefindService):
    """Pagefind's service, reading each reply as soon as it arrives."""

    async def launch(self) -> _Service:
        self._backend = await asyncio.create_subprocess_exec(
            self._bin, "--service", cwd=os.getcwd(),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL, limit=READ_LIMIT,
        )
        self._poll_task = self._loop.create_task(self._wait_for_responses())
        return self

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


async def _index(records: Sequence[SearchRecord], config: IndexConfig) -> dict[str, bytes]:
    async with _Service() as service:
        index = await service.create_index(config)
        for start in range(0, len(records), BATCH):
            await asyncio.gather(*(
                index.add_custom_record(url=r.url, content=r.content, language=r.language,
                                        meta=r.meta, filters=r.filters)
                for r in records[start:start + BATCH]))
        files = await index.get_files()
        await index.delete_index()
    return {f["path"]: f["content"] for f in files}


def run_pagefind(records: Sequence[SearchRecord]) -> dict[str, bytes]:
    """Index ``records`` and return Pagefind's bundle, paths relative to ``pagefind/``."""
    config = IndexConfig(write_playground=False)
    try:
        return asyncio.run(_index(records, config))
    except FileNotFoundError as exc:
        raise BuildError("the Pagefind indexer is not installed: pip install "
                         "'pagefind[extended]==1.5.2'") from exc
    except OSError as exc:
        raise BuildError(f"the search indexer failed: {exc}") from exc
