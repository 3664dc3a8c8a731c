"""Rules across the atlas: division codes, the documents a document cites, completeness.

These need more than one region file (a citation of another region's document) or the
division codebook (:mod:`generator.load.divisions`), so :func:`check_atlas_links` runs once
every region file has been read. Every problem is located at its YAML line and column.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol

from generator.cache import digest
from generator.errors import Problem, Severity
from generator.load import model as m
from generator.load.divisions import DivisionCodebook
from generator.load.loader import LoadedFile, Loc, Position
from generator.load.quotes import find_quote, squash

REFERENCED_FILE = "referenced-documents.yaml"
DIVISION_NAMES_FILE = "division-names.yaml"


@dataclass(frozen=True)
class RegionFile:
    """A region that passed the model, the file it came from and its archived texts. The
    parsed file, which places a problem, is read only when a problem is found (a cached
    check does not keep it in memory): ``load`` gives it."""

    region: m.Region
    load: Callable[[], LoadedFile]
    texts: dict[str, str]

    @cached_property
    def loaded(self) -> LoadedFile:
        return self.load()

    @property
    def display(self) -> str:
        return self.loaded.display

    def position(self, loc: Loc) -> Position:
        """Where ``loc`` is in the file, which is parsed (once) only now."""
        return self.loaded.position(loc)


class Places(Protocol):
    """What places a problem: a parsed file, or a :class:`RegionFile`, which parses its file
    only when a problem is found."""

    @property
    def display(self) -> str: ...

    def position(self, loc: Loc) -> Position: ...


def _add(
    problems: list[Problem],
    loaded: Places,
    loc: Loc,
    message: str,
    *,
    hint: str | None = None,
    severity: Severity = "error",
) -> None:
    line, column = loaded.position(loc)
    field = ".".join(str(p) for p in loc)
    problems.append(
        Problem(loaded.display, line, column, field, message, severity=severity, hint=hint)
    )


# --- division codes ----------------------------------------------------------------------


def check_division(
    region: m.Region, loaded: Places, codebook: DivisionCodebook, problems: list[Problem]
) -> None:
    """The code exists and is current, the name is the code's, the level is the code's,
    副省级 only on a prefecture-level city, and a written ``parent`` chain agrees."""
    if region.code is None:
        _add(
            problems,
            loaded,
            ("id",),
            "region has no division code",
            hint="add `code:` with its six-digit GB/T 2260 code (100000 for the national level)",
            severity="warning",
        )
        return
    division = codebook.get(region.code)
    if division is None:
        retired = codebook.retired(region.code)
        if retired is not None:
            message = (
                f"division code {region.code} was retired: last listed in {retired.last_year} "
                f"as {retired.name}"
            )
            hint = "use the division's current code; name the former one in a note"
        else:
            message = f"division code {region.code} does not exist in the {codebook.year} list"
            hint = f"codes from {codebook.source}"
        _add(problems, loaded, ("code",), message, hint=hint)
        return
    if region.name.zh != division.name:
        _add(
            problems,
            loaded,
            ("name", "zh"),
            f"name '{region.name.zh}' does not match code {region.code}, which is {division.name}",
            hint=f"the {codebook.year} list names {region.code} '{division.name}'",
        )
    if region.level != division.level_id:
        _add(
            problems,
            loaded,
            ("level",),
            f"level '{region.level}' does not match code {region.code}, a {division.type} "
            f"(level '{division.level_id}')",
            hint=f"write level: {division.level_id}",
        )
    if region.sub_provincial and division.level != "prefecture":
        _add(
            problems,
            loaded,
            ("sub_provincial",),
            f"only a prefecture-level city can be sub-provincial (副省级); {division.name} is "
            f"a {division.type}",
        )
    _check_written_parents(region, loaded, codebook, problems)


def _check_written_parents(
    region: m.Region, loaded: Places, codebook: DivisionCodebook, problems: list[Problem]
) -> None:
    if not region.parent or region.code is None:
        return
    chain = [d.name for d in codebook.chain(region.code) if d.level != "national"]
    written = [p.zh for p in region.parent]
    if written != chain:
        _add(
            problems,
            loaded,
            ("parent",),
            f"parent {' › '.join(written)} is not the chain of code {region.code}: "
            f"{' › '.join(chain) or 'none'}",
            hint="the chain comes from the code; correct the names or leave `parent` out",
        )


def check_division_names(
    loaded: LoadedFile | None,
    entries: list[m.DivisionName],
    codebook: DivisionCodebook,
    problems: list[Problem],
) -> None:
    """Each English name is for a current code, whose Chinese name it repeats."""
    if loaded is None:
        return
    for index, entry in enumerate(entries):
        division = codebook.get(entry.code)
        if division is None:
            _add(problems, loaded, (index, "code"), f"division code {entry.code} does not exist")
        elif division.name != entry.name.zh:
            _add(
                problems,
                loaded,
                (index, "name", "zh"),
                f"'{entry.name.zh}' is not the name of {entry.code}, which is {division.name}",
            )


# --- referenced documents and citations ---------------------------------------------------


def check_referenced_documents(
    loaded: LoadedFile | None,
    entries: list[m.ReferencedDocument],
    level_ids: set[str] | None,
    problems: list[Problem],
) -> None:
    """Levels are known, and a field that is not stated has a note saying so."""
    if loaded is None:
        return
    for index, entry in enumerate(entries):
        if level_ids is not None and entry.level not in level_ids:
            _add(problems, loaded, (index, "level"), f"unknown level '{entry.level}'")
        for field in ("number", "issuer", "date"):
            if getattr(entry, field) is None and not entry.notes:
                _add(
                    problems,
                    loaded,
                    (index, field),
                    f"{field} is not stated but no note says so",
                    hint="add a note: what the sources leave unsaid",
                    severity="warning",
                )


def _cited_names(
    target: str, files: dict[str, RegionFile], referenced: dict[str, m.ReferencedDocument]
) -> list[str] | None:
    """The title, 文号 and variants a quote citing ``target`` may contain; None if unknown."""
    if "/" in target:
        region_id, document_id = target.split("/", 1)
        found = files.get(region_id)
        doc = (
            next((d for d in found.region.documents if d.id == document_id), None)
            if found
            else None
        )
        if doc is None:
            return None
        return [doc.title.zh, *([doc.number] if doc.number else [])]
    entry = referenced.get(target)
    if entry is None:
        return None
    return [entry.title.zh, *([entry.number] if entry.number else []), *entry.variants]


def _known_targets(
    files: dict[str, RegionFile], referenced: dict[str, m.ReferencedDocument]
) -> list[str]:
    atlas_docs = [f"{rid}/{d.id}" for rid, f in files.items() for d in f.region.documents]
    return sorted([*referenced, *atlas_docs])


def _check_citation(
    rf: RegionFile,
    doc_index: int,
    doc: m.Document,
    cite_index: int,
    cite: m.DocumentCitation,
    names: list[str] | None,
    known: Callable[[], list[str]],
    problems: list[Problem],
) -> None:
    loc: Loc = ("documents", doc_index, "cites", cite_index)
    if cite.document == f"{rf.region.id}/{doc.id}":
        _add(problems, rf.loaded, (*loc, "document"), "a document cannot cite itself")
        return
    if names is None:
        close = difflib.get_close_matches(cite.document, known(), n=1, cutoff=0.6)
        _add(
            problems,
            rf.loaded,
            (*loc, "document"),
            f"unknown cited document '{cite.document}'",
            hint=f"did you mean '{close[0]}'?"
            if close
            else f"add it to {REFERENCED_FILE}, or write <region id>/<document id>",
        )
        return
    text = rf.texts.get(doc.id)
    if text is not None and find_quote(cite.quote, text) < 0:
        _add(
            problems,
            rf.loaded,
            (*loc, "quote"),
            f"quote not found in the archived text of document '{doc.id}'",
            hint="copy the words that name the cited document verbatim",
        )
    if not any(squash(name) in squash(cite.quote) for name in names):
        _add(
            problems,
            rf.loaded,
            (*loc, "quote"),
            f"the quote names neither the title nor the number of '{cite.document}'",
            hint=f"it must contain one of: {'; '.join(names)}",
        )


def _check_document_citations(
    rf: RegionFile,
    files: dict[str, RegionFile],
    referenced: dict[str, m.ReferencedDocument],
    known: Callable[[], list[str]],
    problems: list[Problem],
) -> None:
    for doc_index, doc in enumerate(rf.region.documents):
        seen: set[str] = set()
        for cite_index, cite in enumerate(doc.cites):
            if cite.document in seen:
                _add(
                    problems,
                    rf.loaded,
                    ("documents", doc_index, "cites", cite_index, "document"),
                    f"'{cite.document}' is cited twice by document '{doc.id}'",
                    hint="one entry per cited document; quote the first mention",
                )
                continue
            seen.add(cite.document)
            names = _cited_names(cite.document, files, referenced)
            _check_citation(rf, doc_index, doc, cite_index, cite, names, known, problems)


def _check_completeness(rf: RegionFile, problems: list[Problem]) -> None:
    for index, doc in enumerate(rf.region.documents):
        if doc.completeness == "partial" and doc.missing is None:
            _add(
                problems,
                rf.loaded,
                ("documents", index, "completeness"),
                "a partial document must say what is missing",
                hint="add `missing:` {zh: …, en: …}",
            )
        if doc.completeness == "complete" and doc.missing is not None:
            _add(
                problems,
                rf.loaded,
                ("documents", index, "missing"),
                "a complete document has nothing missing",
                hint="write completeness: partial, or remove `missing`",
            )


@dataclass(frozen=True)
class AtlasLinks:
    """What the checks of one region read of the others: every region's documents (ids,
    titles, numbers) and the documents outside the atlas; :meth:`digest` hashes it all."""

    files: dict[str, RegionFile]
    referenced: dict[str, m.ReferencedDocument]
    codebook: DivisionCodebook

    @classmethod
    def of(
        cls,
        files: list[RegionFile],
        referenced: list[m.ReferencedDocument],
        codebook: DivisionCodebook,
    ) -> AtlasLinks:
        return cls({rf.region.id: rf for rf in files}, {e.id: e for e in referenced}, codebook)

    @cached_property
    def known(self) -> list[str]:
        return _known_targets(self.files, self.referenced)

    def digest(self) -> str:
        shown: dict[str, Any] = {
            "id": True,
            "documents": {"__all__": {"id": True, "title": True, "number": True}},
        }
        return digest(
            *(rf.region.model_dump_json(include=shown) for rf in self.files.values()),
            *(entry.model_dump_json() for entry in self.referenced.values()),
        )

    def check(self, rf: RegionFile, problems: list[Problem]) -> None:
        """The rules of one region that look beyond its own records: its division code,
        its documents' completeness and the documents they cite."""
        check_division(rf.region, rf, self.codebook, problems)
        _check_completeness(rf, problems)
        _check_document_citations(rf, self.files, self.referenced, lambda: self.known, problems)


def check_atlas_links(
    files: list[RegionFile],
    referenced: list[m.ReferencedDocument],
    codebook: DivisionCodebook,
    problems: list[Problem],
) -> None:
    """Every rule that looks beyond one record: codes, citations, completeness."""
    links = AtlasLinks.of(files, referenced, codebook)
    for rf in files:
        links.check(rf, problems)
