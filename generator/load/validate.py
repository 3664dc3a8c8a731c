"""Validate the whole data folder and report every problem at once.

``load_atlas`` reads ``atlas.yaml``, the codebooks and every region file,
checks each against the model (:mod:`generator.model`) and then across files
(references, unique ids, quotes in sources, figures in quotes). Problems are
collected, never raised one by one; :class:`ValidationFailed` carries them all.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import Problem, ValidationFailed, display_path
from generator.load import hints, limits
from generator.load import model as m
from generator.load.divisions import DivisionCodebook, load_codebook
from generator.load.glossary import GLOSSARY_FILE
from generator.load.hierarchy import (
    DIVISION_NAMES_FILE,
    REFERENCED_FILE,
    RegionFile,
    check_atlas_links,
    check_division_names,
    check_referenced_documents,
)
from generator.load.history import NO_HISTORY, DataHistory
from generator.load.loader import LoadedFile, Loc, load_yaml
from generator.load.messages import describe, model_at
from generator.load.release import UNVERSIONED, Release
from generator.load.rules import Codebooks, check_region
from generator.load.salvage import salvage_region

T = TypeVar("T", bound=BaseModel)

CODEBOOK_FILES: dict[str, tuple[str, type[BaseModel]]] = {
    "themes": ("themes.yaml", m.Theme),
    "indicators": ("indicators.yaml", m.Indicator),
    "levels": ("levels.yaml", m.Level),
    "document_kinds": ("document-kinds.yaml", m.DocumentKind),
}


@dataclass(frozen=True)
class ValidatedAtlas:
    """The atlas, the archived texts its quotes were found in, and any warnings."""

    atlas: m.Atlas
    sources: dict[tuple[str, str], str]  # (region id, document id) -> archived text
    warnings: list[Problem] = field(default_factory=list)
    divisions: DivisionCodebook = field(default_factory=load_codebook)
    release: Release = UNVERSIONED  # set by the build from git (generator.load.release)
    history: DataHistory = NO_HISTORY  # set by the build from git (generator.load.history)


def _clean_loc(
    loaded: LoadedFile, root: type[BaseModel], base: Loc, loc: Sequence[str | int]
) -> Loc:
    """The data path of an error: pydantic's union-member tags (``int``, ``float``) dropped,
    a missing field kept by name."""
    clean: list[str | int] = []
    for part in loc:
        candidate = (*base, *clean, part)
        if candidate in loaded.values or candidate in loaded.keys:
            clean.append(part)
            continue
        owner = model_at(root, clean)
        if isinstance(part, str) and owner is not None and part in owner.model_fields:
            clean.append(part)
    return (*base, *clean)


def model_problems(
    loaded: LoadedFile, exc: ValidationError, root: type[BaseModel], base: Loc = ()
) -> list[Problem]:
    """Turn pydantic's errors on a ``root`` record at ``base`` into located problems,
    one per field."""
    seen: dict[Loc, Problem] = {}
    errors = exc.errors()
    for error in errors[: limits.MAX_PROBLEMS_PER_FILE]:  # describing one costs time
        loc = _clean_loc(loaded, root, base, error["loc"])
        if loc in seen:
            continue  # one problem a field (a number field reports int and float)
        message, hint = describe(error, root)
        line, column = loaded.position(loc, key=error["type"] == "extra_forbidden")
        field_path = ".".join(str(p) for p in loc)
        seen[loc] = Problem(loaded.display, line, column, field_path, message, hint=hint)
    for error in errors[limits.MAX_PROBLEMS_PER_FILE :]:  # counted, not described
        loc = (*base, *error["loc"])
        line, column = loaded.position(loc)
        key = (*loc, "…")
        seen[key] = Problem(loaded.display, line, column, ".".join(map(str, loc)), error["msg"])
    return list(seen.values())


def _validate_model(
    loaded: LoadedFile, cls: type[T], problems: list[Problem], base: Loc = ()
) -> T | None:
    data = loaded.data
    for part in base:
        data = data[part]
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        problems.extend(model_problems(loaded, exc, cls, base))
        return None


def _load_codebook(
    data_dir: Path, name: str, problems: list[Problem]
) -> tuple[list[Any], LoadedFile | None]:
    filename, cls = CODEBOOK_FILES[name]
    path = data_dir / filename
    loaded = load_yaml(path, display_path(path), list, problems)
    if loaded is None:
        return [], None
    entries: list[Any] = []
    seen: dict[str, int] = {}
    for index, _ in enumerate(loaded.data):
        entry = _validate_model(loaded, cls, problems, (index,))
        if entry is None:
            continue
        entry_id = getattr(entry, "id")  # noqa: B009 - every codebook entry has an id
        line, column = loaded.position((index, "id"))
        if entry_id in seen:
            problems.append(
                Problem(
                    loaded.display,
                    line,
                    column,
                    f"{index}.id",
                    f"duplicate id '{entry_id}' (first on line {seen[entry_id]})",
                )
            )
            continue
        seen[entry_id] = line
        entries.append(entry)
    return entries, loaded


def _region_files(data_dir: Path, problems: list[Problem]) -> Iterator[Path]:
    """The region files; a ``.yml`` file, which would be skipped silently, is a problem."""
    regions = data_dir / "regions"
    if not regions.is_dir():
        return
    for path in sorted(regions.glob("*.yml")):
        problems.append(
            Problem(
                display_path(path),
                1,
                1,
                "",
                "a region file must end in .yaml",
                hint=f"rename it to {path.stem}.yaml",
            )
        )
    yield from sorted(regions.glob("*.yaml"))


def load_atlas(data_dir: Path, *, strict: bool = False) -> ValidatedAtlas:
    """Load and validate everything under ``data_dir``.

    Raises :class:`ValidationFailed` with every problem when there is any error
    (or any warning, with ``strict``). Warnings alone come back on the result.
    """
    problems: list[Problem] = []
    if not data_dir.is_dir():
        raise ValidationFailed([Problem(display_path(data_dir), 1, 1, "", "data folder not found")])
    settings_file = load_yaml(
        data_dir / "atlas.yaml", display_path(data_dir / "atlas.yaml"), dict, problems
    )
    settings = _validate_model(settings_file, m.SiteSettings, problems) if settings_file else None
    loaded_books = {name: _load_codebook(data_dir, name, problems) for name in CODEBOOK_FILES}
    codebooks = {name: entries for name, (entries, _) in loaded_books.items()}
    references = Codebooks(
        kinds={kind.id: kind for kind in codebooks["document_kinds"]},
        ids={name: _written_ids(loaded) for name, (_, loaded) in loaded_books.items()},
        indicators={entry.id: entry for entry in codebooks["indicators"]},
        names={name: _names(entries) for name, entries in codebooks.items()},
        glossary=_load_glossary(data_dir, problems),
    )
    _check_indicator_themes(references.ids["themes"], loaded_books["indicators"][1], problems)

    divisions = load_codebook()
    referenced, referenced_file = _load_optional_list(
        data_dir, REFERENCED_FILE, m.ReferencedDocument, problems
    )
    check_referenced_documents(referenced_file, referenced, references.ids["levels"], problems)
    division_names, names_file = _load_optional_list(
        data_dir, DIVISION_NAMES_FILE, m.DivisionName, problems
    )
    check_division_names(names_file, division_names, divisions, problems)

    regions: list[m.Region] = []
    region_files: list[RegionFile] = []
    sources: dict[tuple[str, str], str] = {}
    region_lines: dict[str, str] = {}
    for path in _region_files(data_dir, problems):
        loaded = load_yaml(path, display_path(path), dict, problems)
        if loaded is None:
            continue
        before = len(problems)
        region = _validate_model(loaded, m.Region, problems)
        problems[before:] = _with_name_hints(problems[before:], loaded, references.names)
        if loaded.damaged:
            continue  # its quotes and names are not as written: checking them would mislead
        if region is None:
            _check_partial_region(loaded, path, data_dir, references, problems)
            continue
        if region.id != path.stem:
            line, column = loaded.position(("id",))
            problems.append(
                Problem(
                    loaded.display,
                    line,
                    column,
                    "id",
                    f"id '{region.id}' does not match the file name",
                    hint=f"rename the file to {region.id}.yaml or the id to '{path.stem}'",
                )
            )
        if region.id in region_lines:
            line, column = loaded.position(("id",))
            problems.append(
                Problem(
                    loaded.display,
                    line,
                    column,
                    "id",
                    f"region id '{region.id}' is already used by {region_lines[region.id]}",
                )
            )
            continue
        region_lines[region.id] = loaded.display
        texts = check_region(region, loaded, data_dir, references, problems)
        sources.update({(region.id, doc): text for doc, text in texts.items()})
        regions.append(region)
        region_files.append(RegionFile(region, loaded, texts))
    check_atlas_links(region_files, referenced, divisions, problems)

    if not region_lines and not any(p.severity == "error" for p in problems):
        problems.append(
            Problem(
                display_path(data_dir / "regions"),
                1,
                1,
                "",
                "no region files found",
                hint="run `atlas new region ID`",
            )
        )
    problems = _in_report_order(problems, strict=strict)
    if any(p.severity == "error" for p in problems) or settings is None:
        raise ValidationFailed(problems)
    atlas = m.Atlas(
        site=settings,
        regions=sorted(regions, key=lambda r: r.id),
        referenced_documents=referenced,
        division_names=division_names,
        **codebooks,
    )
    return ValidatedAtlas(atlas=atlas, sources=sources, warnings=problems, divisions=divisions)


def _load_optional_list(
    data_dir: Path, filename: str, cls: type[T], problems: list[Problem]
) -> tuple[list[T], LoadedFile | None]:
    """The entries of an optional codebook file (none when the file does not exist)."""
    path = data_dir / filename
    if not path.is_file():
        return [], None
    loaded = load_yaml(path, display_path(path), list, problems)
    if loaded is None:
        return [], None
    entries = [
        entry
        for index in range(len(loaded.data))
        if (entry := _validate_model(loaded, cls, problems, (index,))) is not None
    ]
    return entries, loaded


def _check_partial_region(
    loaded: LoadedFile, path: Path, data_dir: Path, codebooks: Codebooks, problems: list[Problem]
) -> None:
    """Check the records of a region that failed the model, so all its problems show."""
    salvaged = salvage_region(loaded.data, path.stem)
    if salvaged is not None:
        check_region(
            salvaged.region, loaded, data_dir, codebooks, problems, partial=salvaged.partial
        )


def _in_report_order(problems: list[Problem], *, strict: bool) -> list[Problem]:
    """Problems by file and line, each once, at most :data:`~limits.MAX_PROBLEMS_PER_FILE`
    a file (then a count); with ``strict`` every warning is an error."""
    if strict:
        problems = [replace(p, severity="error") for p in problems]
    unique = {(p.path, p.line, p.column, p.field, p.message): p for p in problems}
    listed: list[Problem] = []
    per_file: dict[str, int] = {}
    for key in sorted(unique):
        problem = unique[key]
        per_file[problem.path] = per_file.get(problem.path, 0) + 1
        count = per_file[problem.path]
        if count <= limits.MAX_PROBLEMS_PER_FILE:
            listed.append(problem)
        elif count == limits.MAX_PROBLEMS_PER_FILE + 1:
            rest = sum(1 for k in unique if k[0] == problem.path) - limits.MAX_PROBLEMS_PER_FILE
            listed.append(
                replace(
                    problem, field="", message=f"{rest:,} more problems from here on", hint=None
                )
            )
    return listed


def _load_glossary(data_dir: Path, problems: list[Problem]) -> list[m.GlossaryTerm]:
    """The glossary's terms; an atlas without ``glossary.yaml`` has none (and no check)."""
    path = data_dir / GLOSSARY_FILE
    if not path.is_file():
        return []
    loaded = load_yaml(path, display_path(path), list, problems)
    if loaded is None:
        return []
    terms = (
        _validate_model(loaded, m.GlossaryTerm, problems, (i,)) for i in range(len(loaded.data))
    )
    return [term for term in terms if term is not None]


_NAMED_FIELDS = {
    "theme": ("themes", "theme"),
    "indicator": ("indicators", "indicator"),
    "level": ("levels", "level"),
    "kind": ("document_kinds", "document kind"),
}


def _with_name_hints(
    problems: list[Problem], loaded: LoadedFile, names: dict[str, dict[str, str]]
) -> list[Problem]:
    """A codebook field given by the entry's name (theme: 教师人工智能素养与队伍) is told
    the entry's id."""
    out = []
    for problem in problems:
        last = problem.field.rsplit(".", 1)[-1]
        if last in _NAMED_FIELDS and problem.message.endswith("is not an id"):
            book, what = _NAMED_FIELDS[last]
            hint = hints.name_hint(_value_at(loaded.data, problem.field), names.get(book, {}), what)
            if hint is not None:
                problem = replace(problem, hint=hint)
        out.append(problem)
    return out


def _value_at(data: Any, field_path: str) -> Any:
    for part in field_path.split("."):
        if isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        elif isinstance(data, dict) and part in data:
            data = data[part]
        else:
            return None
    return data


def _names(entries: list[Any]) -> dict[str, str]:
    """Each codebook entry's Chinese and English names, mapped to its id."""
    names: dict[str, str] = {}
    for entry in entries:
        names[entry.name.zh] = entry.id
        if entry.name.en:
            names[entry.name.en] = entry.id
    return names


def _written_ids(loaded: LoadedFile | None) -> set[str] | None:
    """Every id a codebook file writes, valid entry or not; ``None`` for an unreadable file."""
    if loaded is None:
        return None
    return {
        entry["id"]
        for entry in loaded.data
        if isinstance(entry, dict) and isinstance(entry.get("id"), str)
    }


def _check_indicator_themes(
    themes: set[str] | None, loaded: LoadedFile | None, problems: list[Problem]
) -> None:
    if loaded is None or themes is None:
        return
    for index, raw in enumerate(loaded.data):
        theme = raw.get("theme") if isinstance(raw, dict) else None
        if isinstance(theme, str) and theme not in themes:
            line, column = loaded.position((index, "theme"))
            problems.append(
                Problem(loaded.display, line, column, f"{index}.theme", f"unknown theme '{theme}'")
            )
