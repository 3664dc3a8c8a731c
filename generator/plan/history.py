"""The history section of a region page: per record, when it was added and when its
fields last changed, each with the commit's date and message (from
:mod:`generator.load.history`); or why there is no history."""

from __future__ import annotations

from dataclasses import dataclass

from generator import urls
from generator.load import model as m
from generator.load.history import Commit, DataHistory, RecordChange

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
    for kind, record, found in history.by_region.get(region_id, []):
        if kind not in ANCHOR_KINDS:
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


# The changelog page at any size: every commit keeps its anchor (changes/#commit-<sha>), with
# how many records it added and changed in how many regions; the newest commits list their
# regions and records, up to a few of each (a region's page lists all of its own in its
# history section), so the page grows with the commits, never with the regions or records.
DETAILED_COMMITS = 20  # the newest commits listed with their regions and records
REGIONS_SHOWN = 10  # regions listed under a commit; the others counted
RECORDS_SHOWN = 10  # records listed under a region; the others counted, linked to its history


@dataclass(frozen=True)
class ChangedRecord:
    href: str
    label: str  # the record list and id: goals/pilot-schools
    added: bool
    fields: tuple[str, ...]


@dataclass(frozen=True)
class RegionChanges:
    """A region's records a commit added or changed: the first :data:`RECORDS_SHOWN`."""

    region: m.Region
    records: list[ChangedRecord]
    more: int  # records not listed (its page's history section lists them)
    history: str  # the region page's history section


@dataclass(frozen=True)
class ChangelogEntry:
    """One commit of the data: how many records it added and changed in how many regions,
    and (for the newest commits) the first regions with their first records, by id."""

    commit: Commit
    added: int
    changed: int
    region_count: int
    regions: list[RegionChanges]  # empty for an older commit: its counts only
    more_regions: int  # regions not listed


@dataclass(frozen=True)
class Changelog:
    available: bool
    reason: str
    entries: list[ChangelogEntry]  # newest first


def changelog(history: DataHistory, regions: dict[str, m.Region]) -> Changelog:
    """The changelog page: every commit that added or changed records of ``regions`` (by
    id), newest first; the newest :data:`DETAILED_COMMITS` with their regions."""
    entries: list[ChangelogEntry] = []
    for commit, changes in reversed(history.commits):
        grouped: dict[str, list[RecordChange]] = {}
        for change in changes:
            if change.region in regions and change.kind in ANCHOR_KINDS:
                grouped.setdefault(change.region, []).append(change)
        if not grouped:
            continue
        added = sum(c.added for found in grouped.values() for c in found)
        total = sum(len(found) for found in grouped.values())
        detailed = len(entries) < DETAILED_COMMITS
        shown = sorted(grouped)[:REGIONS_SHOWN] if detailed else []
        listed = [_region_changes(regions[rid], grouped[rid]) for rid in shown]
        entries.append(
            ChangelogEntry(
                commit, added, total - added, len(grouped), listed, len(grouped) - len(shown)
            )
        )
    return Changelog(history.available, history.reason, entries)


def _region_changes(region: m.Region, changes: list[RecordChange]) -> RegionChanges:
    records = [
        ChangedRecord(
            urls.record_path(region.id, urls.anchor(ANCHOR_KINDS[c.kind], c.record)),
            f"{c.kind}/{c.record}",
            c.added,
            c.fields,
        )
        for c in changes[:RECORDS_SHOWN]
    ]
    history = urls.region_path(region.id) + "#history"
    return RegionChanges(region, records, len(changes) - len(records), history)
