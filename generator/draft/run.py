"""`atlas draft`: propose every record of a region from its archived source text.

Reads ``sources/<id>/<document>.txt`` and writes ``regions/<id>.yaml`` (creating it from
the scaffold when there is none): nothing else is ever written. Every proposal is marked
``review: draft``; a record already in the file, reviewed or not, is never changed, and a
proposal that matches one (same id, quote and figure, number, or phase quote) is not added.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator.draft import records as r
from generator.draft.citations import Citation, find_citations
from generator.draft.document import add_document, document_entry, is_placeholder
from generator.draft.figures import ProposedFigure, merge_restatements, propose_figures
from generator.draft.lineage import lineage
from generator.draft.measures import propose_measures
from generator.draft.metadata import Metadata, read_metadata
from generator.draft.numbering import outline
from generator.draft.phases import propose_phases
from generator.draft.yamltext import insert_records, record_yaml
from generator.editor.scaffold import check_region_id, region_template
from generator.errors import AtlasError, Problem, ValidationFailed, display_path
from generator.load import model as m
from generator.load.codebooks import CODEBOOK_FILES
from generator.load.loader import LoadedFile, load_yaml
from generator.load.quotes import squash


class DraftError(AtlasError):
    """The region cannot be drafted (no source text, several to choose from, bad id)."""


@dataclass
class DraftResult:
    region_file: Path
    document: str
    created: bool
    changed: bool = True  # False: every proposal was already there, the file is untouched
    added: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)  # proposals already in the file
    rejected: int = 0
    linked: int = 0  # citations proposed as lineage (Document.cites)
    citations: list[Citation] = field(default_factory=list)
    metadata: Metadata | None = None


def _source_file(data_dir: Path, region_id: str, document: str | None) -> Path:
    sources = data_dir / "sources" / region_id
    if document is not None:
        path = sources / f"{document}.txt"
        if not path.is_file():
            raise DraftError(f"no archived text {display_path(path)}: paste the source there")
        return path
    texts = sorted(sources.glob("*.txt")) if sources.is_dir() else []
    if not texts:
        raise DraftError(
            f"no archived text in {display_path(sources)}: paste the source into "
            f"{display_path(sources / 'plan.txt')} (or run `atlas new region {region_id}`)"
        )
    if len(texts) > 1:
        names = ", ".join(t.stem for t in texts)
        raise DraftError(f"{display_path(sources)} holds several texts ({names}): pass --document")
    return texts[0]


def _codebook(data_dir: Path, name: str) -> list[Any]:
    filename, cls = CODEBOOK_FILES[name]
    problems: list[Problem] = []
    loaded = load_yaml(data_dir / filename, filename, list, problems)
    entries = []
    for raw in loaded.data if loaded else []:
        try:
            entries.append(cls.model_validate(raw))
        except ValidationError:
            continue
    return entries


def _load_region(path: Path, text: str) -> LoadedFile:
    problems: list[Problem] = []
    loaded = load_yaml(path, display_path(path), dict, problems)
    if loaded is None or any(p.severity == "error" for p in problems):
        raise ValidationFailed(problems)
    return loaded


def _records(data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    value = data.get(name)
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


@dataclass
class _Existing:
    """What the file already holds, to propose only what is missing."""

    ids: set[str]
    figures: set[tuple[str, float]]
    phase_quotes: set[str]
    numbers: set[str]
    measure_quotes: set[str]

    @classmethod
    def of(cls, data: dict[str, Any]) -> _Existing:
        ids: set[str] = set()
        for name in ("goals", "status", "phases", "measures"):
            for record in _records(data, name):
                ids.add(str(record.get("id")))
                for milestone in record.get("milestones") or []:
                    if isinstance(milestone, dict):
                        ids.add(str(milestone.get("id")))
        figures = set()
        for goal in _records(data, "goals"):
            target = goal.get("target")
            value = target.get("value", -1) if isinstance(target, dict) else -1
            figures.add((squash(str(goal.get("quote"))), value))
        for status in _records(data, "status"):
            figures.add((squash(str(status.get("quote"))), status.get("value", -1)))
        return cls(
            ids=ids,
            figures=figures,
            phase_quotes={squash(str(p.get("quote"))) for p in _records(data, "phases")},
            numbers={str(x.get("number")) for x in _records(data, "measures") if x.get("number")},
            measure_quotes={squash(str(x.get("quote"))) for x in _records(data, "measures")},
        )

    def new_id(self, stem: str) -> str:
        """``stem``, or ``stem-2``, ``stem-3`` … when taken."""
        candidate, n = stem, 2
        while candidate in self.ids:
            candidate, n = f"{stem}-{n}", n + 1
        self.ids.add(candidate)
        return candidate

    def next_id(self, prefix: str) -> str:
        """The first free ``prefix-N`` (goal-1, goal-2 …)."""
        n = 1
        while f"{prefix}-{n}" in self.ids:
            n += 1
        self.ids.add(f"{prefix}-{n}")
        return f"{prefix}-{n}"


def draft_region(
    data_dir: Path, region_id: str, document: str | None = None, today: dt.date | None = None
) -> DraftResult:
    """Propose the records of ``region_id`` from its archived text and add the missing ones
    to its region file (created from the scaffold when absent)."""
    check_region_id(region_id)
    if not (data_dir / "atlas.yaml").is_file():
        raise DraftError(f"{display_path(data_dir)} is not an atlas data folder (no atlas.yaml)")
    source_path = _source_file(data_dir, region_id, document)
    source = source_path.read_text(encoding="utf-8")
    if not squash(source):
        raise DraftError(f"{display_path(source_path)} is empty: paste the source text first")
    doc_id = source_path.stem
    region_file = data_dir / "regions" / f"{region_id}.yaml"
    created = not region_file.exists()
    day = (today or dt.date.today()).isoformat()
    written = (
        region_template(data_dir, region_id, doc_id, source_path.name, day)
        if created
        else region_file.read_bytes().decode("utf-8")
    )
    newline = "\r\n" if "\r\n" in written else "\n"  # the editor's line endings are kept
    text = written.replace("\r\n", "\n")
    if created:
        region_file.parent.mkdir(parents=True, exist_ok=True)
        region_file.write_text(text, encoding="utf-8", newline="\n")
    try:
        loaded = _load_region(region_file, text)
        result, text = _draft_text(data_dir, region_file, loaded, text, source, source_path.name)
    except BaseException:
        if created:
            region_file.unlink()
        raise
    result.created = created
    result.changed = text.replace("\n", newline) != written or created
    if result.changed:
        region_file.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return result


def _draft_text(
    data_dir: Path, region_file: Path, loaded: LoadedFile, text: str, source: str, text_name: str
) -> tuple[DraftResult, str]:
    data = loaded.data
    md = read_metadata(source)
    kinds = {k.id: k for k in _codebook(data_dir, "document_kinds")}
    entry = document_entry(data, text_name)
    doc_id = str(entry[1].get("id")) if entry else text_name.removesuffix(".txt")
    written_kind = str(entry[1].get("kind")) if entry else None
    kind: str = (
        md.kind
        if md.kind is not None and md.kind in kinds
        else written_kind or next(iter(kinds), "implementation-plan")
    )
    if entry and entry[1].get("review") != "draft" and not is_placeholder(entry[1]):
        kind = written_kind or kind  # a reviewed document's kind is the editor's
    citations = find_citations(source, md.title, md.number)
    links = lineage(citations, data_dir, region_file.stem)
    result = DraftResult(region_file, doc_id, False, citations=citations, metadata=md)
    text, proposed = add_document(text, loaded, text_name, doc_id, md, kind, links)
    result.added["documents"] = int(proposed)
    result.linked = len(links.cites)
    books = r.Codebook(
        themes=_codebook(data_dir, "themes"),
        indicators=_codebook(data_dir, "indicators"),
        sets_targets=kinds[kind].sets_targets if kind in kinds else True,
    )
    existing = _Existing.of(data)
    for key, items in _proposals(source, doc_id, md, books, existing, result).items():
        text = insert_records(text, key, [record_yaml(item) for item in items])
        result.added[key] = len(items)
    return result, text


def _proposals(
    source: str,
    doc_id: str,
    md: Metadata,
    books: r.Codebook,
    existing: _Existing,
    result: DraftResult,
) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {"goals": [], "status": [], "phases": [], "measures": []}
    floors = [item.heading.start for item in outline(source)]
    phases = propose_phases(source)
    spans = [(p.body[0], p.body[1], p.span.end) for p in phases if p.body is not None]
    for figure in merge_restatements(propose_figures(source, floors, spans), floors):
        if not r.quote_holds(figure.quote, source) or not r.figure_holds(figure):
            result.rejected += 1
            continue
        key = "goals" if books.sets_targets else "status"
        if (squash(figure.quote), figure.value) in existing.figures:
            result.kept[key] = result.kept.get(key, 0) + 1
            continue
        out[key].append(_figure_record(figure, doc_id, md, books, existing))
    for phase in phases:
        if squash(phase.quote) in existing.phase_quotes or not r.quote_holds(phase.quote, source):
            result.kept["phases"] = result.kept.get("phases", 0) + 1
            continue
        out["phases"].append(r.phase(phase, existing.new_id(f"phase-{phase.number}"), doc_id))
    for measure in propose_measures(source):
        if measure.number in existing.numbers or squash(measure.quote) in existing.measure_quotes:
            result.kept["measures"] = result.kept.get("measures", 0) + 1
            continue
        renamed = replace(measure, id=existing.new_id(measure.id))
        out["measures"].append(r.measure(renamed, doc_id, books, []))
    return out


def _figure_record(
    figure: ProposedFigure, doc_id: str, md: Metadata, books: r.Codebook, existing: _Existing
) -> m.Goal | m.Status:
    if books.sets_targets:
        return r.goal(figure, existing.next_id("goal"), doc_id, books)
    return r.status(figure, existing.next_id("status"), doc_id, md, books)
