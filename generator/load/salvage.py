"""The usable part of a region file that does not validate as a whole.

An editor should see every problem of a file in one run: a typo in one goal
must not hide a misquoted sentence in another. When a region fails the model,
each record (document, goal, status figure, phase, measure) is validated on its
own; the records that pass are checked against the sources and each other as
usual, while the model's problems stand for the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.load import fields
from generator.load import model as m

RECORD_LISTS: dict[str, type[BaseModel]] = {
    "documents": m.Document,
    "goals": m.Goal,
    "status": m.Status,
    "phases": m.Phase,
    "measures": m.Measure,
}


@dataclass(frozen=True)
class Partial:
    """What is missing from a partial region: where its records stand, what ids exist."""

    positions: dict[str, list[int]]  # record list -> index in the file of each record kept
    written_ids: dict[str, set[str]]  # record list -> every id written, valid record or not


@dataclass(frozen=True)
class Salvaged:
    """The records that validated on their own."""

    region: m.Region
    partial: Partial


def _valid_records(cls: type[BaseModel], items: list[Any]) -> list[tuple[int, BaseModel]]:
    kept = []
    for index, item in enumerate(items):
        try:
            kept.append((index, cls.model_validate(item)))
        except ValidationError:
            continue
    return kept


def _written_ids(items: list[Any]) -> set[str]:
    return {
        item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)
    }


def salvage_region(data: Any, file_stem: str) -> Salvaged | None:
    """A partial region from ``data`` (a mapping), or ``None`` when nothing is usable.

    Fields outside the record lists are not trusted: the region id falls back to
    the file name, and its name, level and parents are left empty.
    """
    if not isinstance(data, dict):
        return None
    records: dict[str, list[Any]] = {}
    positions: dict[str, list[int]] = {}
    written: dict[str, set[str]] = {}
    for name, cls in RECORD_LISTS.items():
        raw = data.get(name)
        items = raw if isinstance(raw, list) else []
        kept = _valid_records(cls, items)
        positions[name] = [index for index, _ in kept]
        records[name] = [record for _, record in kept]
        written[name] = _written_ids(items)
    region_id = data.get("id")
    if not isinstance(region_id, str) or not re.fullmatch(fields.SLUG_PATTERN, region_id):
        region_id = file_stem
    region = m.Region.model_construct(
        id=region_id,
        name=m.Text(zh=region_id),
        level="",
        parent=[],
        reviewed="",
        notes=[],
        documents=records["documents"],
        goals=records["goals"],
        status=records["status"],
        phases=records["phases"],
        measures=records["measures"],
    )
    return Salvaged(region, Partial(positions, written))
