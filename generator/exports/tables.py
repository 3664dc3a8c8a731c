"""The atlas as flat tables: one CSV per record type, and their Frictionless descriptions.

Each table is a list of :class:`Column` (name, Table Schema type, description) and rows
in that order. Bilingual text becomes two columns, ``<name>_zh`` and ``<name>_en``; every
record row names its region, document, document kind and the kind's rank, so figures from
a binding plan and from a reply to a proposal are never compared unawares. No I/O.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from generator import urls
from generator.load import model as m
from generator.plan.deadlines import atlas_review_date, deadline_state

Cell = str | int | float | bool | list[object] | None

DATE_CONSTRAINT: dict[str, object] = {"pattern": m.DATE_PATTERN}
DATE_NOTE = " (YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source; empty: not stated)"


@dataclass(frozen=True)
class Column:
    """One column: its name, Table Schema type and what it holds."""

    name: str
    type: str
    description: str
    constraints: dict[str, object] = field(default_factory=dict)
    format: str = "default"

    def descriptor(self) -> dict[str, object]:
        """The Table Schema field descriptor."""
        out: dict[str, object] = {
            "name": self.name,
            "type": self.type,
            "description": self.description,
        }
        if self.format != "default":
            out["format"] = self.format
        if self.constraints:
            out["constraints"] = self.constraints
        return out


@dataclass(frozen=True)
class Table:
    """A table of the export: its columns, rows, key and references."""

    name: str
    title: str
    columns: list[Column]
    rows: list[list[Cell]]
    primary_key: list[str]
    foreign_keys: list[dict[str, object]] = field(default_factory=list)

    def csv_bytes(self) -> bytes:
        """UTF-8 CSV with a byte-order mark (so Excel on Windows reads it as UTF-8), a
        header row then one row per record, ``\\r\\n`` line ends."""
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([c.name for c in self.columns])
        kinds = [c.type for c in self.columns]
        writer.writerows(
            [_neutralised(_cell_text(cell), kind) for cell, kind in zip(row, kinds, strict=True)]
            for row in self.rows
        )
        return buffer.getvalue().encode("utf-8")

    def resource(self) -> dict[str, object]:
        """The Frictionless Tabular Data Resource describing :meth:`csv_bytes`."""
        schema: dict[str, object] = {
            "fields": [c.descriptor() for c in self.columns],
            "missingValues": [""],
            "primaryKey": self.primary_key,
        }
        if self.foreign_keys:
            schema["foreignKeys"] = self.foreign_keys
        return {
            "name": self.name,
            "path": f"{self.name}.csv",
            "title": self.title,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema,
        }


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMERIC_TYPES = ("number", "integer", "boolean")


def _neutralised(text: str, kind: str) -> str:
    """A text cell that a spreadsheet would run as a formula, with a leading apostrophe
    (OWASP's advice for CSV injection); numeric columns stay numbers."""
    if kind in NUMERIC_TYPES or not text.startswith(FORMULA_STARTS):
        return text
    return "'" + text


def _cell_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, list):
        return json.dumps(cell, ensure_ascii=False, separators=(",", ":"))
    return str(cell)


# --- columns ---------------------------------------------------------------------------


def _text(name: str, what: str) -> list[Column]:
    return [
        Column(f"{name}_zh", "string", f"{what}, in Chinese"),
        Column(f"{name}_en", "string", f"{what}, in English (empty: not yet translated)"),
    ]


def _date(name: str, what: str) -> Column:
    return Column(name, "string", what + DATE_NOTE, DATE_CONSTRAINT)


def _url(name: str, what: str) -> Column:
    return Column(name, "string", what, format="uri")


def _record_head(noun: str) -> list[Column]:
    return [
        Column("region", "string", "Region id (regions.csv)", {"required": True}),
        Column("id", "string", f"Id of the {noun}, unique in its region", {"required": True}),
        Column("document", "string", "Id of the source document (documents.csv)"),
        Column("document_kind", "string", "Kind of the source document (document-kinds codebook)"),
        Column("kind_rank", "integer", "How binding the document kind is: 1 is the most binding"),
    ]


def _record_tail(noun: str) -> list[Column]:
    return [
        Column("quote", "string", f"The sentence of the archived source that states the {noun}"),
        *_text("notes", "Editorial notes, one per line"),
        _url("url_zh", f"Permalink of the {noun} on the Chinese site"),
        _url("url_en", f"Permalink of the {noun} on the English site"),
    ]


_SCOPE_DESCRIPTION = (
    "The tier the figure is counted at: national, provincial, city, district, county or "
    "school; empty when the source names none"
)


def _quantity_columns(what: str) -> list[Column]:
    return [
        Column(
            "comparator",
            "string",
            f"How the {what} compares: at-least, more-than, about, exactly, at-most or "
            "between (a range)",
        ),
        Column("value", "number", f"The {what} (lower bound of a range); percentages in percent"),
        Column("value_max", "number", f"Upper bound when the {what} is a range"),
        *_text("unit", "Unit as the source words it"),
        *_text("per", "Rate basis (per term, per year)"),
        Column("scope", "string", _SCOPE_DESCRIPTION),
        Column(
            "wording",
            "string",
            "The words standing for the value when the source does not "
            "write a numeral (全覆盖 for 100%)",
        ),
    ]


REGION_COLUMNS = [
    Column("id", "string", "Region id", {"required": True, "unique": True}),
    *_text("name", "Region name"),
    Column("level", "string", "Administrative level (levels codebook)"),
    *_text("level_name", "Name of the level"),
    Column("level_rank", "integer", "Rank of the level: 1 is the highest"),
    *_text("parent", "Enclosing jurisdictions, outermost first, separated by ' / '"),
    _date("reviewed", "Date of the last editorial review"),
    *(
        Column(name, "integer", f"Number of {name.replace('_', ' ')} recorded")
        for name in ("documents", "goals", "status_figures", "phases", "milestones", "measures")
    ),
    *_text("notes", "Editorial notes, one per line"),
    _url("url_zh", "Region page on the Chinese site"),
    _url("url_en", "Region page on the English site"),
]

DOCUMENT_COLUMNS = [
    Column("region", "string", "Region id (regions.csv)", {"required": True}),
    Column("id", "string", "Document id, unique in its region", {"required": True}),
    *_text("title", "Document title"),
    Column("kind", "string", "Document kind (document-kinds codebook)"),
    *_text("kind_name", "Name of the document kind"),
    Column("kind_rank", "integer", "How binding the kind is: 1 is the most binding"),
    Column("sets_targets", "boolean", "false for kinds that only report figures reached"),
    *_text("issuer", "Issuing body (empty: the capture does not name it)"),
    Column("number", "string", "Document number (文号); empty when none is given"),
    _date("published", "Publication date"),
    _date("period_start", "Start of the period the document covers"),
    _date("period_end", "End of the period the document covers"),
    _url("source_url", "Where the document was published"),
    Column("language", "string", "Script of the archived text: zh-Hans or zh-Hant"),
    *_text("notes", "What the capture lost or the source leaves unsaid, one per line"),
    _url("url_zh", "Archived source page on the Chinese site"),
    _url("url_en", "Archived source page on the English site"),
]


def _scope_columns(basis: str) -> list[Column]:
    return [
        *_text("scope", "The scope or level the unit names in brackets (县级 in 人(县级))"),
        Column("basis", "string", basis),
    ]


def unit_scope(unit: m.Text | None) -> list[Cell]:
    """The bracketed qualifier at the end of a unit, in each language: 名(区级) -> 区级."""
    if unit is None:
        return [None, None]
    found = [re.search(r"[((]([^()()]+)[))]\s*$", text or "") for text in (unit.zh, unit.en)]
    return [match.group(1) if match else None for match in found]


GOAL_COLUMNS = [
    *_record_head("goal"),
    Column("theme", "string", "Theme (themes codebook)"),
    Column("indicator", "string", "Comparable indicator (indicators codebook); empty when none"),
    *_text("statement", "What the goal aims to reach"),
    *_quantity_columns("target"),
    _date("deadline", "When the target is to be reached"),
    Column(
        "deadline_state",
        "string",
        "The deadline on the atlas's review date (datapackage.json): due, passed-no-outcome "
        "or passed-with-outcome; empty when the source gives no deadline",
        {"enum": ["due", "passed-no-outcome", "passed-with-outcome"]},
    ),
    *_scope_columns("target: the figure is a target the document sets"),
    Column(
        "outcome_status",
        "string",
        "met, not-met, partly-met or unknown; empty when no outcome is recorded",
    ),
    _date("outcome_as_of", "Date of the recorded outcome"),
    *_text("outcome_statement", "The recorded outcome"),
    *_record_tail("goal"),
]

STATUS_COLUMNS = [
    *_record_head("status figure"),
    Column("theme", "string", "Theme (themes codebook)"),
    Column("indicator", "string", "Comparable indicator (indicators codebook); empty when none"),
    *_text("statement", "What the figure reports"),
    Column(
        "comparator",
        "string",
        "How the figure compares, as the source words it: "
        "at-least, more-than, about, exactly or at-most",
    ),
    Column("value", "number", "The figure already reached; percentages in percent"),
    *_text("unit", "Unit as the source words it"),
    *_text("per", "Rate basis (per person a year)"),
    Column("scope", "string", _SCOPE_DESCRIPTION),
    Column(
        "wording",
        "string",
        "The words standing for the value when the source does not write a numeral",
    ),
    _date("as_of", "When the figure was reached"),
    *_scope_columns("reached: the figure was already reached (never a target)"),
    *_record_tail("status figure"),
]

PHASE_COLUMNS = [
    *_record_head("phase"),
    *_text("name", "Phase name"),
    _date("start", "Start of the phase"),
    _date("end", "End of the phase"),
    Column("milestones", "integer", "Number of milestones in the phase (milestones.csv)"),
    *_record_tail("phase"),
]

MILESTONE_COLUMNS = [
    *_record_head("milestone"),
    Column("phase", "string", "Id of the phase the milestone belongs to (phases.csv)"),
    _date("date", "Date of the milestone"),
    *_text("text", "What happens at the milestone"),
    *_record_tail("milestone"),
]

MEASURE_COLUMNS = [
    *_record_head("measure"),
    Column("number", "string", "The source's own numbering, e.g. 三(一)1"),
    Column("parent", "string", "Id of the measure this is a sub-item of"),
    Column("theme", "string", "Theme (themes codebook)"),
    *_text("title", "Measure title"),
    *_text("summary", "Summary (Markdown)"),
    *_text("responsible", "Responsible bodies, separated by '; '"),
    Column(
        "figures",
        "array",
        "Numbers the measure sets, as a JSON array of objects (value, "
        "value_max, unit, comparator, per, scope, wording)",
    ),
    Column("goals", "string", "Ids of the goals the measure serves, separated by spaces"),
    Column("phases", "string", "Ids of the phases the measure belongs to, separated by spaces"),
    *_record_tail("measure"),
]


# --- rows ------------------------------------------------------------------------------


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
        return [quote, *_notes(notes), *self.lookups.urls(f"regions/{self.region.id}/#{anchor}")]

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
        *lookups.urls(f"regions/{region.id}/"),
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
            *lookups.urls(f"regions/{region.id}/sources/{d.id}/"),
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


def atlas_tables(atlas: m.Atlas) -> list[Table]:
    """Every table of the export, rows in region order then source order."""
    lookups = Lookups.of(atlas)
    tables = [
        Table(
            "regions",
            "Regions",
            REGION_COLUMNS,
            [_region_row(r, lookups) for r in atlas.regions],
            ["id"],
        ),
        Table(
            "documents",
            "Source documents",
            DOCUMENT_COLUMNS,
            [row for r in atlas.regions for row in _document_rows(r, lookups)],
            ["region", "id"],
            [REGION_KEY],
        ),
    ]
    per_region = [_RegionRows(r, lookups) for r in atlas.regions]
    for name, title, columns, rows_of in RECORD_TABLES:
        key = ["region", "phase", "id"] if name == "milestones" else ["region", "id"]
        rows = [row for region_rows in per_region for row in rows_of(region_rows)]
        tables.append(Table(name, title, columns, rows, key, [REGION_KEY, DOCUMENT_KEY]))
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
