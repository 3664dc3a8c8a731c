"""The history section of a region page: per record, when it was added and when its
fields last changed, each with the commit's date and message (from
:mod:`generator.load.history`); or why there is no history."""

from __future__ import annotations

from dataclasses import dataclass

from generator import urls
from generator.load import model as m
from generator.load.history import Commit, DataHistory

# the region file's record lists -> the record kinds of the anchors
ANCHOR_KINDS: dict[str, urls.RecordKind] = {
    "documents": "doc",
    "goals": "goal",
    "status": "status",
    "phases": "phase",
    "measures": "measure",
    "outcomes": "outcome",
}


@dataclass(frozen=True)
class HistoryRow:
    """One record: its anchor, when it was added, and its later changes (newest first),
    each a commit with the fields whose last change it was."""

    href: str
    record: str
    added: Commit
    changes: list[tuple[Commit, list[str]]]


@dataclass(frozen=True)
class RegionHistory:
    available: bool
    reason: str  # no-git, shallow
    rows: list[HistoryRow]


def region_history(history: DataHistory, region_id: str) -> RegionHistory:
    """The history rows of a region's records, most recently changed first."""
    rows: list[HistoryRow] = []
    for (region, kind, record), found in history.records.items():
        if region != region_id or kind not in ANCHOR_KINDS:
            continue
        by_commit: dict[Commit, list[str]] = {}
        for name, commit in sorted(found.fields.items()):
            if commit != found.added:
                by_commit.setdefault(commit, []).append(name)
        changes = sorted(by_commit.items(), key=lambda item: item[0].order, reverse=True)
        href = urls.record_path(region_id, urls.anchor(ANCHOR_KINDS[kind], record))
        rows.append(HistoryRow(href, f"{kind}/{record}", found.added, changes))
    rows.sort(key=lambda r: (-(r.changes[0][0] if r.changes else r.added).order, r.href))
    return RegionHistory(history.available, history.reason, rows)


@dataclass(frozen=True)
class ChangedRecord:
    href: str
    label: str  # the record list and id: goals/pilot-schools
    added: bool
    fields: tuple[str, ...]


@dataclass(frozen=True)
class ChangelogEntry:
    """One commit of the data: its records added or changed, grouped by region (by id)."""

    commit: Commit
    regions: list[tuple[m.Region, list[ChangedRecord]]]


@dataclass(frozen=True)
class Changelog:
    available: bool
    reason: str
    entries: list[ChangelogEntry]  # newest first


def changelog(history: DataHistory, regions: dict[str, m.Region]) -> Changelog:
    """The changelog page: every commit that added or changed records of ``regions`` (by
    id), newest first."""
    entries: list[ChangelogEntry] = []
    for commit, changes in reversed(history.commits):
        grouped: dict[str, list[ChangedRecord]] = {}
        for c in changes:
            if c.region not in regions or c.kind not in ANCHOR_KINDS:
                continue
            href = urls.record_path(c.region, urls.anchor(ANCHOR_KINDS[c.kind], c.record))
            grouped.setdefault(c.region, []).append(
                ChangedRecord(href, f"{c.kind}/{c.record}", c.added, c.fields)
            )
        if grouped:
            entries.append(
                ChangelogEntry(commit, [(regions[rid], grouped[rid]) for rid in sorted(grouped)])
            )
    return Changelog(history.available, history.reason, entries)
