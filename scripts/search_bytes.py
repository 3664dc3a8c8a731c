#!/usr/bin/env python3
"""Bytes a reader's first search fetches, and what it finds, on the real atlas.

Not a test (the numbers are for comparing index designs and Pagefind versions). It builds
data/ into a temporary folder (or reads an already built ``--site``), serves it on 127.0.0.1
and runs each query below in a fresh Pagefind instance under node (scripts/search_bytes.mjs):
the bytes of pagefind.js and everything it fetched for that one search, the number of
results, and which regions the results land in. Chinese queries go through the site's
traditional-to-simplified map first, as the search page does.

    .venv/bin/python scripts/search_bytes.py [--site DIR] [--json]

Set PAGEFIND_BINARY_PATH to index with another Pagefind build (e.g. npm's pagefind_extended).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from generator.search.words import HAN_CHARACTERS

REPO = Path(__file__).resolve().parents[1]
QUERIES: list[tuple[str, str]] = [
    ("zh-hans", "人工智能 教师 培训"),
    ("zh-hans", "教师培训"),
    ("en", "智慧教育平台"),
    ("zh-hans", "學校"),
    ("zh-hans", "学校"),
    ("zh-hans", "名师工作室"),
    ("en", "teacher training"),
]
REGION = re.compile(r"/regions/([^/]+)/")


HAN_RUN = re.compile(f"([{HAN_CHARACTERS}]+)")


def _pagefind_queries(query: str, simplified: dict[str, str], shingle: int) -> list[list[str]]:
    """The Pagefind searches assets/js/search.js runs for a query, as [search, Chinese
    run or ""]: simplified (on the Chinese site); its other words together; each run of
    Chinese characters on its own, up to ``shingle`` characters one word, a longer run the
    phrase of its shingles."""
    query = "".join(simplified.get(c, c) for c in query)
    words, queries = [], []
    for part in re.sub(r"[\"“”「」]", " ", query).split():
        for piece in filter(None, HAN_RUN.split(part)):
            if not HAN_RUN.fullmatch(piece):
                words.append(piece)
            elif len(piece) <= shingle:
                queries.append([piece, piece])
            else:
                shingles = [piece[i : i + shingle] for i in range(len(piece) - shingle + 1)]
                queries.append([f'"{" ".join(shingles)}"', piece])
    return [[word, ""] for word in words] + queries


class _Server(ThreadingHTTPServer):
    request_queue_size = 256  # a phrase search fetches many fragments at once


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No request log."""


def _measure(site: Path) -> list[dict[str, Any]]:
    server = _Server(("127.0.0.1", 0), partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    data = json.loads(
        (site / "pagefind" / "zh-hans" / "atlas-search.json").read_text(encoding="utf-8")
    )
    mapping, shingle = data["simplified"], data["shingle"]
    rows: list[dict[str, Any]] = []
    try:
        for lang in sorted({lang for lang, _ in QUERIES}):
            typed = [q for query_lang, q in QUERIES if query_lang == lang]
            sent = [_pagefind_queries(q, mapping if lang != "en" else {}, shingle) for q in typed]
            done = subprocess.run(
                [
                    "node",
                    str(REPO / "scripts" / "search_bytes.mjs"),
                    str(site / "pagefind" / lang),
                    f"{url}/pagefind/{lang}/",
                    "x-han" if lang == "zh-hans" else lang,  # as the search page starts it
                    json.dumps(sent),
                ],
                capture_output=True,
                text=True,
                timeout=120,
                check=True,
            )
            for query, row in zip(typed, json.loads(done.stdout), strict=True):
                regions = sorted({m.group(1) for u in row["urls"] if (m := REGION.search(u))})
                rows.append({"lang": lang, **row, "query": query, "regions": regions})
    finally:
        server.shutdown()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build data/)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="search-bytes-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            subprocess.run(
                [str(REPO / ".venv" / "bin" / "atlas"), "build", "--out", str(site)],
                check=True,
                capture_output=True,
            )
        rows = _measure(site)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for row in rows:
        print(
            f"{row['lang']:8} {row['query']:<12} {row['bytes']:>9,} B  "
            f"{row['pages']:>3} pages  {len(row['urls']):>3} records  {' '.join(row['regions'])}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
