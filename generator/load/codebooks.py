"""The codebooks (themes, indicators, levels, document kinds, the glossary and the
optional lists of referenced documents and division names), loaded and checked.

:func:`load_codebooks` returns each codebook's valid entries and the :class:`Codebooks`
that region files are checked against; it reports duplicate ids and the one cross-file
rule among codebooks (an indicator's theme must be a theme).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from generator.errors import Problem, display_path
from generator.load import model as m
from generator.load.checker import Codebooks
from generator.load.glossary import GLOSSARY_FILE
from generator.load.loader import LoadedFile, load_yaml
from generator.load.model_check import validate_model

T = TypeVar("T", bound=BaseModel)

CODEBOOK_FILES: dict[str, tuple[str, type[BaseModel]]] = {
    "themes": ("themes.yaml", m.Theme),
    "indicators": ("indicators.yaml", m.Indicator),
    "levels": ("levels.yaml", m.Level),
    "document_kinds": ("document-kinds.yaml", m.DocumentKind),
}


def load_codebooks(
    data_dir: Path, problems: list[Problem]
) -> tuple[dict[str, list[Any]], Codebooks]:
    """Each codebook's valid entries by name, and what region files are checked against."""
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
    return codebooks, references


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
        entry = validate_model(loaded, cls, problems, (index,))
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


def load_optional_list(
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
        if (entry := validate_model(loaded, cls, problems, (index,))) is not None
    ]
    return entries, loaded


def _load_glossary(data_dir: Path, problems: list[Problem]) -> list[m.GlossaryTerm]:
    """The glossary's terms; an atlas without ``glossary.yaml`` has none (and no check)."""
    path = data_dir / GLOSSARY_FILE
    if not path.is_file():
        return []
    loaded = load_yaml(path, display_path(path), list, problems)
    if loaded is None:
        return []
    terms = (
        validate_model(loaded, m.GlossaryTerm, problems, (i,)) for i in range(len(loaded.data))
    )
    return [term for term in terms if term is not None]


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
