"""The history of the region files in git: per record, the commit that added it and the
commit that last changed each of its fields, with the commit's date and message.

Read-only git calls (``git log`` and ``git show``), commit dates only (never the clock),
the first-parent line oldest first, so two builds of one commit read the same history. A
data folder outside git (a tarball) or in a shallow clone has no usable history: the
history says so (``available`` false, with the reason) instead of showing a partial one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.load.release import git_output

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


def read_history(data_dir: Path) -> DataHistory:
    """The history of ``data_dir/regions/`` in git (read-only)."""
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
        f"--format={SEP}%H{SEP}%cd{SEP}%s",
        "--date=format-local:%Y-%m-%d",
        "--name-only",
        "--",
        str(regions),
    )
    if log is None:
        return NO_HISTORY
    state: dict[str, dict[tuple[str, str], dict[str, str]]] = {}
    records: dict[tuple[str, str, str], RecordHistory] = {}
    commits: list[tuple[Commit, list[RecordChange]]] = []
    for order, block in enumerate(log.split(f"\n{SEP}") if log.strip() else []):
        head, _, names = block.lstrip(SEP).partition("\n")
        sha, date, message = head.split(SEP, 2)
        commit = Commit(sha[:12], date, message, order)
        changes: list[RecordChange] = []
        for name in sorted(n for n in names.split("\n") if n.endswith(".yaml")):
            if not name.startswith(prefix):
                continue
            text = git_output(data_dir, "show", f"{sha}:{name}")
            region, now = _records(text) if text is not None else ("", {})
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
