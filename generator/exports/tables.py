"""The atlas as flat tables: one CSV per record type, and their Frictionless descriptions.

Each table is a list of :class:`Column` (name, Table Schema type, description) and rows
in that order. Bilingual text becomes two columns, ``<name>_zh`` and ``<name>_en``; every
record row names its region, document, document kind and the kind's rank, so figures from
a binding plan and from a reply to a proposal are never compared unawares. No I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from generator import urls
from generator.exports.columns import (
    DOCUMENT_COLUMNS,
    GOAL_COLUMNS,
    MEASURE_COLUMNS,
    MILESTONE_COLUMNS,
    PHASE_COLUMNS,
    REGION_COLUMNS,
    STATUS_COLUMNS,
    Cell,
    Column,
    Table,
    csv_rows,
    unit_scope,
)
from generator.load import model as m
from generator.plan.deadlines import atlas_review_date, deadline_state


@dataclass(frozen=True)
class Lookups:
    """Codebook and document lookups the rows need."""

    base_url: str
    kinds: dict[str, m.DocumentKind]
    levels: dict[str, m.Level]
    review_date: str

    @classmethod
    def of(cls, atlas: m.Atlas) -> Lookups:
        return cls(
            atlas.site.base_url,
            {k.id: k for k in atlas.document_kinds},
            {lv.id: lv for lv in atlas.levels},
            atlas_review_date(atlas.regions),
        )

    def urls(self, path: str) -> list[Cell]:
        """Absolute URLs of a site path in Chinese and in English."""
        return [self.base_url + path, f"{self.base_url}en/{path}"]


def _bi(text: m.Text | None) -> list[Cell]:
    return [None, None] if text is None else [text.zh, text.en]


def _joined(texts: Sequence[m.Text], sep: str) -> list[Cell]:
    if not texts:
        return [None, None]
    english = [t.en for t in texts]
    return [
        sep.join(t.zh for t in texts),
        sep.join(e for e in english if e) if all(english) else None,
    ]


def _notes(notes: Sequence[m.Text]) -> list[Cell]:
    return _joined(notes, "\n")


def _quantity(q: m.Quantity | None) -> list[Cell]:
    if q is None:
        return [None] * 9
    return [q.comparator, q.value, q.value_max, *_bi(q.unit), *_bi(q.per), q.scope, q.wording]


class _RegionRows:
    """Rows for one region's records, with its documents looked up once."""

    def __init__(self, region: m.Region, lookups: Lookups) -> None:
        self.region = region
        self.lookups = lookups
        self.documents = {d.id: d for d in region.documents}

    def head(self, record_id: str, document_id: str) -> list[Cell]:
        kind = self.documents[document_id].kind
        rank = self.lookups.kinds[kind].rank if kind in self.lookups.kinds else None
        return [self.region.id, record_id, document_id, kind, rank]

    def tail(self, quote: str, notes: Sequence[m.Text], anchor: str) -> list[Cell]:
        return [quote, *_notes(notes), *self.lookups.urls(urls.record_path(self.region.id, anchor))]

    def goals(self) -> Iterator[list[Cell]]:
        for g in self.region.goals:
            outcome = g.outcome
            yield [
                *self.head(g.id, g.document),
                g.theme,
                g.indicator,
                *_bi(g.statement),
                *_quantity(g.target),
                g.deadline,
                deadline_state(g, self.lookups.review_date),
                *unit_scope(g.target.unit if g.target else None),
                "target",
                outcome.status if outcome else None,
                outcome.as_of if outcome else None,
                *_bi(outcome.statement if outcome else None),
                *self.tail(g.quote, g.notes, urls.anchor("goal", g.id)),
            ]

    def status(self) -> Iterator[list[Cell]]:
        for s in self.region.status:
            yield [
                *self.head(s.id, s.document),
                s.theme,
                s.indicator,
                *_bi(s.statement),
                s.comparator,
                s.value,
                *_bi(s.unit),
                *_bi(s.per),
                s.scope,
                s.wording,
                s.as_of,
                *unit_scope(s.unit),
                "reached",
                *self.tail(s.quote, s.notes, urls.anchor("status", s.id)),
            ]

    def phases(self) -> Iterator[list[Cell]]:
        for p in self.region.phases:
            yield [
                *self.head(p.id, p.document),
                *_bi(p.name),
                p.start,
                p.end,
                len(p.milestones),
                *self.tail(p.quote, p.notes, urls.anchor("phase", p.id)),
            ]

    def milestones(self) -> Iterator[list[Cell]]:
        for p in self.region.phases:
            for milestone in p.milestones:
                yield [
                    *self.head(milestone.id, p.document),
                    p.id,
                    milestone.date,
                    *_bi(milestone.text),
                    *self.tail(
                        milestone.quote, milestone.notes, urls.anchor("milestone", milestone.id)
                    ),
                ]

    def measures(self) -> Iterator[list[Cell]]:
        for measure in self.region.measures:
            figures: list[object] = [f.model_dump(mode="json") for f in measure.figures]
            yield [
                *self.head(measure.id, measure.document),
                measure.number,
                measure.parent,
                measure.theme,
                *_bi(measure.title),
                *_bi(measure.summary),
                *_joined(measure.responsible, "; "),
                figures,
                " ".join(measure.goals) or None,
                " ".join(measure.phases) or None,
                *self.tail(measure.quote, measure.notes, urls.anchor("measure", measure.id)),
            ]


def _region_row(region: m.Region, lookups: Lookups) -> list[Cell]:
    level = lookups.levels.get(region.level)
    counts = [
        len(region.documents),
        len(region.goals),
        len(region.status),
        len(region.phases),
        sum(len(p.milestones) for p in region.phases),
        len(region.measures),
    ]
    return [
        region.id,
        *_bi(region.name),
        region.level,
        *_bi(level.name if level else None),
        level.rank if level else None,
        *_joined(region.parent, " / "),
        region.reviewed,
        *counts,
        *_notes(region.notes),
        *lookups.urls(urls.region_path(region.id)),
    ]


def _document_rows(region: m.Region, lookups: Lookups) -> Iterator[list[Cell]]:
    for d in region.documents:
        kind = lookups.kinds.get(d.kind)
        period = d.period or m.Period()
        yield [
            region.id,
            d.id,
            *_bi(d.title),
            d.kind,
            *_bi(kind.name if kind else None),
            kind.rank if kind else None,
            kind.sets_targets if kind else None,
            *_bi(d.issuer),
            d.number,
            d.published,
            period.start,
            period.end,
            d.url,
            d.language,
            *_notes(d.notes),
            *lookups.urls(urls.source_path(region.id, d.id)),
        ]


REGION_KEY: dict[str, object] = {
    "fields": "region",
    "reference": {"resource": "regions", "fields": "id"},
}
DOCUMENT_KEY: dict[str, object] = {
    "fields": ["region", "document"],
    "reference": {"resource": "documents", "fields": ["region", "id"]},
}

RecordRows = Callable[[_RegionRows], Iterator[list[Cell]]]
RECORD_TABLES: list[tuple[str, str, list[Column], RecordRows]] = [
    ("goals", "Goals: what each document aims to reach", GOAL_COLUMNS, _RegionRows.goals),
    (
        "status",
        "Status figures: figures already reached (never targets)",
        STATUS_COLUMNS,
        _RegionRows.status,
    ),
    ("phases", "Phases of each plan", PHASE_COLUMNS, _RegionRows.phases),
    ("milestones", "Milestones within phases", MILESTONE_COLUMNS, _RegionRows.milestones),
    (
        "measures",
        "Measures: what each document says will be done",
        MEASURE_COLUMNS,
        _RegionRows.measures,
    ),
]


COLUMNS: dict[str, list[Column]] = {
    "regions": REGION_COLUMNS,
    "documents": DOCUMENT_COLUMNS,
    **{name: columns for name, _, columns, _ in RECORD_TABLES},
}
RegionTables = dict[str, tuple[list[list[Cell]], str]]  # table -> a region's rows, as CSV
RegionRowsOf = Callable[[m.Region, "Lookups"], RegionTables]


def region_tables(region: m.Region, lookups: Lookups) -> RegionTables:
    """One region's rows of every table and their CSV lines: they read that region and
    the lookups alone (the build caches them on those)."""
    records = _RegionRows(region, lookups)
    rows: dict[str, list[list[Cell]]] = {
        "regions": [_region_row(region, lookups)],
        "documents": list(_document_rows(region, lookups)),
    }
    for name, _, _, rows_of in RECORD_TABLES:
        rows[name] = list(rows_of(records))
    return {name: (found, csv_rows(COLUMNS[name], found)) for name, found in rows.items()}


def atlas_tables(atlas: m.Atlas, rows_of: RegionRowsOf = region_tables) -> list[Table]:
    """Every table of the export, rows in region order then source order."""
    lookups = Lookups.of(atlas)
    per_region = [rows_of(region, lookups) for region in atlas.regions]

    def table(name: str, title: str, key: list[str], foreign: list[dict[str, object]]) -> Table:
        rows = [row for tables in per_region for row in tables[name][0]]
        encoded = [tables[name][1] for tables in per_region]
        return Table(name, title, COLUMNS[name], rows, key, foreign, encoded)

    tables = [
        table("regions", "Regions", ["id"], []),
        table("documents", "Source documents", ["region", "id"], [REGION_KEY]),
    ]
    for name, title, _, _ in RECORD_TABLES:
        key = ["region", "phase", "id"] if name == "milestones" else ["region", "id"]
        tables.append(table(name, title, key, [REGION_KEY, DOCUMENT_KEY]))
    return tables


def datapackage(atlas: m.Atlas, tables: Sequence[Table]) -> dict[str, object]:
    """The Frictionless Tabular Data Package describing every CSV of ``tables``."""
    site = atlas.site
    return {
        "profile": "tabular-data-package",
        "name": "policy-atlas",
        "title": site.title.en or site.title.zh,
        "description": site.tagline.en or site.tagline.zh,
        "homepage": site.base_url,
        "licenses": [{"path": site.licence_url, "title": site.licence.en or site.licence.zh}],
        "sources": [{"title": "Policy Atlas data and archived sources", "path": site.repository}],
        "contributors": [{"title": site.publisher.en or site.publisher.zh, "role": "publisher"}],
        "resources": [t.resource() for t in tables],
    }
