"""The history of the region files in git: per record, the commit that added it and the
commit that last changed each of its fields, with the commit's date and message.

Read-only git calls (``git log`` and ``git cat-file``), commit dates only (never the clock),
the first-parent line oldest first, so two builds of one commit read the same history. A
data folder outside git (a tarball) or in a shallow clone has no usable history: the
history says so (``available`` false, with the reason) instead of showing a partial one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from generator.cache import BuildCache, code_fingerprint, digest
from generator.load.release import git_bytes, git_output

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, when built with it
RECORD_LISTS = ("documents", "goals", "status", "phases", "measures", "outcomes")
SEP = "\x1f"


@dataclass(frozen=True)
class Commit:
    """A commit of the data: short hash, committer date (YYYY-MM-DD, UTC), subject line."""

    sha: str
    date: str
    message: str
    order: int = 0  # its place on the first-parent line, oldest 0


@dataclass(frozen=True)
class RecordChange:
    """A record added or changed by a commit: its region, list, id and changed fields."""

    region: str
    kind: str  # the record list: goals, status, phases, measures, documents, outcomes
    record: str
    added: bool
    fields: tuple[str, ...]


@dataclass(frozen=True)
class RecordHistory:
    """When a record was added, and when each of its fields last changed."""

    added: Commit
    fields: dict[str, Commit]


@dataclass(frozen=True)
class DataHistory:
    """The history of the data, or why there is none (``no-git``, ``shallow``)."""

    available: bool
    reason: str = ""
    records: dict[tuple[str, str, str], RecordHistory] = field(default_factory=dict)
    commits: list[tuple[Commit, list[RecordChange]]] = field(default_factory=list)

    def of(self, region: str, kind: str, record: str) -> RecordHistory | None:
        return self.records.get((region, kind, record))

    @cached_property
    def by_region(self) -> dict[str, list[tuple[str, str, RecordHistory]]]:
        """Region id -> its records' (kind, id, history), in the history's order; made once
        (a region page asks for its own rows: walking every record for each of 1,000
        regions was 54 million steps)."""
        grouped: dict[str, list[tuple[str, str, RecordHistory]]] = {}
        for (region, kind, record), history in self.records.items():
            grouped.setdefault(region, []).append((kind, record, history))
        return grouped


NO_HISTORY = DataHistory(available=False, reason="no-git")


def _records(text: str) -> tuple[str, dict[tuple[str, str], dict[str, str]]]:
    """The region id and every record of a region file: (list, id) -> field -> JSON."""
    try:
        data = yaml.load(text, Loader=SafeLoader)  # a safe loader: no tags, no objects
    except yaml.YAMLError:
        return "", {}
    if not isinstance(data, dict):
        return "", {}
    found: dict[tuple[str, str], dict[str, str]] = {}
    for kind in RECORD_LISTS:
        for item in data.get(kind) or []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                found[(kind, item["id"])] = {
                    str(k): json.dumps(v, sort_keys=True, ensure_ascii=False, default=str)
                    for k, v in item.items()
                    if k != "id"
                }
    return str(data.get("id") or ""), found


HISTORY_KIND = "history-files"  # a region file's records, by the git blob they were read from


def read_history(data_dir: Path, cache: BuildCache | None = None) -> DataHistory:
    """The history of ``data_dir/regions/`` in git (read-only). The region files of every
    commit are read in one ``git cat-file --batch``; with a ``cache``, a file's records are
    kept by its blob (the hash of its bytes), so a build reads and parses only the files
    that commits since the last build changed."""
    top = git_output(data_dir, "rev-parse", "--show-toplevel")
    if top is None:
        return NO_HISTORY
    if (git_output(data_dir, "rev-parse", "--is-shallow-repository") or "").strip() == "true":
        return DataHistory(available=False, reason="shallow")
    regions = (data_dir / "regions").resolve()
    prefix = regions.relative_to(Path(top.strip()).resolve()).as_posix() + "/"
    log = git_output(
        data_dir,
        "log",
        "--first-parent",
        "--reverse",
        "--diff-merges=first-parent",
        "--no-renames",  # a renamed file: its old path deleted, its new one added
        "--raw",
        "--no-abbrev",
        f"--format={SEP}%H{SEP}%cd{SEP}%s",
        "--date=format-local:%Y-%m-%d",
        "--",
        str(regions),
    )
    if log is None:
        return NO_HISTORY
    blocks = _log_blocks(log, prefix)
    wanted = {blob for _, files in blocks for _, blob in files if blob is not None}
    parsed = _parsed_files(data_dir, wanted, cache)
    return _history(blocks, parsed)


Block = tuple[tuple[str, str, str], list[tuple[str, str | None]]]
Parsed = tuple[str, dict[tuple[str, str], dict[str, str]]]


def _log_blocks(log: str, prefix: str) -> list[Block]:
    """Each commit's (hash, date, subject) and its region files with their blob (``None``:
    deleted), in path order."""
    blocks: list[Block] = []
    for block in log.split(f"\n{SEP}") if log.strip() else []:
        head, _, lines = block.lstrip(SEP).partition("\n")
        sha, date, message = head.split(SEP, 2)
        files: dict[str, str | None] = {}
        for line in lines.split("\n"):
            if not line.startswith(":"):
                continue
            fields, _, name = line.partition("\t")
            if name.endswith(".yaml") and name.startswith(prefix):
                blob = fields.split()[3]
                files[name] = None if set(blob) == {"0"} else blob
        blocks.append(((sha, date, message), sorted(files.items())))
    return blocks


def _parsed_files(data_dir: Path, blobs: set[str], cache: BuildCache | None) -> dict[str, Parsed]:
    """Blob -> the region id and records of the region file it holds."""
    parsed: dict[str, Parsed] = {}
    key = code_fingerprint() if cache is not None else ""
    for blob in sorted(blobs):
        found = cache.get_object(HISTORY_KIND, digest(key, blob)) if cache is not None else None
        if isinstance(found, tuple):
            parsed[blob] = found
    missing = sorted(blobs - parsed.keys())
    for blob, content in _blob_texts(data_dir, missing).items():
        parsed[blob] = _records(content.decode("utf-8", "replace"))
        if cache is not None:
            cache.put_object(HISTORY_KIND, digest(key, blob), parsed[blob], keep=False)
    if cache is not None:
        cache.retain(HISTORY_KIND, [digest(key, blob) for blob in blobs])
    return parsed


def _blob_texts(data_dir: Path, blobs: list[str]) -> dict[str, bytes]:
    """The bytes of each blob, read in one ``git cat-file --batch`` (read-only)."""
    if not blobs:
        return {}
    listed = "".join(f"{blob}\n" for blob in blobs).encode()
    out = git_bytes(data_dir, "cat-file", "--batch", stdin=listed, timeout=300) or b""
    found: dict[str, bytes] = {}
    at = 0
    while at < len(out):
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) != 3:  # "<blob> missing"
            continue
        size = int(header[2])
        found[header[0].decode()] = out[at : at + size]
        at += size + 1
    return found


def _history(blocks: list[Block], parsed: dict[str, Parsed]) -> DataHistory:
    state: dict[str, dict[tuple[str, str], dict[str, str]]] = {}
    records: dict[tuple[str, str, str], RecordHistory] = {}
    commits: list[tuple[Commit, list[RecordChange]]] = []
    for order, ((sha, date, message), files) in enumerate(blocks):
        commit = Commit(sha[:12], date, message, order)
        changes: list[RecordChange] = []
        for name, blob in files:
            region, now = parsed.get(blob, ("", {})) if blob is not None else ("", {})
            before = state.get(name, {})
            state[name] = now
            region = region or Path(name).stem
            for key, values in now.items():
                old = before.get(key)
                changed = tuple(sorted(f for f in values if old is None or old.get(f) != values[f]))
                if old is not None and not changed:
                    continue
                history = records.get((region, *key))
                if history is None or old is None:
                    history = RecordHistory(commit, {})
                history.fields.update({f: commit for f in changed})
                records[(region, *key)] = history
                changes.append(RecordChange(region, key[0], key[1], old is None, changed))
        commits.append((commit, changes))
    return DataHistory(True, "", records, commits)
