"""The columns of the atlas's tables: names, Table Schema types and descriptions, and how
a cell is written to CSV (text cells that a spreadsheet would run as a formula are
neutralised). :mod:`generator.exports.tables` fills them with rows. No I/O.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.load import fields
from generator.load import model as m

Cell = str | int | float | bool | list[object] | None

DATE_CONSTRAINT: dict[str, object] = {"pattern": fields.DATE_PATTERN}
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
    # the rows as CSV text already, in parts (a region's each): csv_rows(columns, rows) joined
    encoded: list[str] | None = None

    def csv_bytes(self) -> bytes:
        """UTF-8 CSV with a byte-order mark (so Excel on Windows reads it as UTF-8), a
        header row then one row per record, ``\\r\\n`` line ends."""
        return b"".join(self.csv_pieces())

    def csv_pieces(self) -> list[bytes]:
        """:meth:`csv_bytes` in parts: the header, then each region's rows when the rows
        are :attr:`encoded` already (else all of them in one part)."""
        header = ("\ufeff" + _csv_text([[c.name for c in self.columns]])).encode()
        if self.encoded is not None:
            return [header, *(part.encode() for part in self.encoded)]
        return [header, csv_rows(self.columns, self.rows).encode()]

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


def csv_rows(columns: list[Column], rows: list[list[Cell]]) -> str:
    """``rows`` as CSV lines (``\r\n``), each cell written and neutralised by its type."""
    kinds = [c.type for c in columns]
    return _csv_text(
        [_neutralised(_cell_text(cell), kind) for cell, kind in zip(row, kinds, strict=True)]
        for row in rows
    )


def _csv_text(rows: Iterable[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


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
        *_text(
            "unit_qualifier",
            "The qualifier the unit names in brackets (县级 in 人(县级)); the level the figure "
            "counts at is the scope column",
        ),
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
