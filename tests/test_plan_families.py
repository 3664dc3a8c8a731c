"""A family of aggregate pages is taken from an earlier build while what it is made from
is unchanged (generator/plan/families.py, generator/render/settled.py). These tests edit
each kind of record a family does not name, in every way an editor can (every text,
number, date and choice changed; every optional field left out; a record added), and
check that the family's views, hashed as the page cache hashes them, do not change: a
kind whose edit changes them must be in ``FAMILY_READS``, or a warm build would serve a
stale page."""

from __future__ import annotations

import re
import typing
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from generator.load import model as m
from generator.load.validate import ValidatedAtlas, load_atlas
from generator.plan.families import (
    COUNT,
    FAMILY_READS,
    KINDS,
    RECORDS,
    REGION_FIELDS,
    family_digests,
)
from generator.plan.index import AtlasIndex
from generator.plan.pages import FAMILIES, plan_pages
from generator.project import Project
from generator.render.cached import _Keys, page_inputs

REPO = Path(__file__).resolve().parent.parent
# fields that name another record: kept (an edit there would be a broken link)
REFERENCES = {"id", "document", "parent", "goals", "phases"}
# fields that name a codebook entry: changed to the next entry
Codebooks = dict[str, list[str]]
DATE = re.compile(r"^(\d{4})((?:-\d{2}){0,2})$")

# every text, number, date and choice changed; every optional field left out; a record
# more; none of the kind
EDITS = ("changed", "cleared", "more", "none")


def _literal_values(annotation: Any) -> tuple[Any, ...]:
    """The choices of a ``Literal`` field (or of an optional one)."""
    parts = [annotation, *typing.get_args(annotation)]
    for part in parts:
        if typing.get_origin(part) is typing.Literal:
            return typing.get_args(part)
    return ()


def _changed_value(name: str, value: Any, annotation: Any, codebooks: Codebooks) -> Any:
    """Every text, number, date, choice, codebook entry and free string in ``value``
    changed."""
    if isinstance(value, m.Text):
        return m.Text.model_construct(zh=value.zh + "改", en=(value.en or "") + " changed")
    if isinstance(value, BaseModel):
        return changed(value, codebooks)
    if isinstance(value, list):
        return [_changed_value(name, item, None, codebooks) for item in value]
    entries = codebooks.get(name)
    if entries and value in entries:
        return entries[(entries.index(value) + 1) % len(entries)]
    if isinstance(value, bool) or name in REFERENCES or value is None:
        choices = _literal_values(annotation)
        if value is None and choices:
            return choices[0]
        return value
    if isinstance(value, int | float):
        return value + 1
    choices = _literal_values(annotation)
    if choices:
        return choices[(choices.index(value) + 1) % len(choices)]
    if isinstance(value, str):
        date = DATE.match(value)
        if date:
            return f"{int(date.group(1)) + 1}{date.group(2)}"
        return value + "-changed"
    return value


def changed(record: BaseModel, codebooks: Codebooks) -> BaseModel:
    fields = type(record).model_fields
    update = {
        name: _changed_value(name, getattr(record, name), info.annotation, codebooks)
        for name, info in fields.items()
    }
    if "id" in fields and not isinstance(record, m.Document):  # renamed (not what names
        update["id"] = f"{record.__dict__['id']}-renamed"  # it: every record names a document)
    return record.model_copy(update=update)


def cleared(record: BaseModel) -> BaseModel:
    """Every optional field left out (and each one inside), every list of parts empty."""
    update: dict[str, Any] = {}
    for name, info in type(record).model_fields.items():
        value = getattr(record, name)
        if value is None:
            continue
        if not info.is_required() and info.default is None:
            update[name] = None
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            update[name] = [] if not info.is_required() else [cleared(v) for v in value]
        elif isinstance(value, BaseModel) and not isinstance(value, m.Text):
            update[name] = cleared(value)
    return record.model_copy(update=update)


def _with_records(validated: ValidatedAtlas, kind: str, edit: str) -> ValidatedAtlas:
    atlas = validated.atlas
    codebooks = {
        "theme": [t.id for t in atlas.themes],
        "indicator": [i.id for i in atlas.indicators],
        "kind": [k.id for k in atlas.document_kinds],
    }
    regions = []
    for region in atlas.regions:
        records: list[Any] = list(getattr(region, kind))
        if edit == "changed":
            records = [changed(r, codebooks) for r in records]
        elif edit == "cleared":
            records = [cleared(r) for r in records]
        elif edit == "none":  # none of them (a region needs a document)
            records = records[:1] if kind == "documents" else []
        elif records:  # a record more: the last one again, under an id of its own
            records.append(records[-1].model_copy(update={"id": records[-1].id + "-more"}))
        regions.append(region.model_copy(update={kind: records}))
    edited = atlas.model_copy(update={"regions": regions})
    return replace(validated, atlas=edited, record_digests={})


def _views(validated: ValidatedAtlas, family: str) -> dict[str, str | None]:
    index = AtlasIndex.build(validated)
    keys = _Keys(page_inputs(index, Project.for_data(REPO / "data")), index)
    try:
        pages = plan_pages(index, {}, families={family})
    except Exception as error:  # an edit the family's views cannot be made without
        return {"planning failed": repr(error)}
    return {page.output_path: keys.view(page) for page in pages}


@pytest.fixture(scope="module", params=["small-atlas", "data"])
def atlas(request: pytest.FixtureRequest) -> ValidatedAtlas:
    """The fixture atlas and the real one: the real one has every kind in use."""
    folder = (
        REPO / "tests" / "fixtures" / "small-atlas" if request.param != "data" else REPO / "data"
    )
    validated = load_atlas(folder)
    return replace(validated, record_digests={})


def test_every_family_names_what_it_reads() -> None:
    assert set(FAMILIES) == set(FAMILY_READS)
    assert all(set(reads) <= set(KINDS) for reads in FAMILY_READS.values())
    assert {grade for reads in FAMILY_READS.values() for grade in reads.values()} <= {
        RECORDS,
        COUNT,
    }
    # a region field that is neither its own nor a kind of record would be read unseen
    assert set(m.Region.model_fields) == REGION_FIELDS | set(KINDS)


def _unseen_edits(family: str) -> list[tuple[str, str]]:
    """The edits the family's hash does not see: every edit to a kind it does not read,
    and those that keep the number of records of a kind it counts."""
    reads = FAMILY_READS[family]
    return [
        (kind, edit)
        for kind in KINDS
        for edit in EDITS
        if kind not in reads or (reads[kind] == COUNT and edit in ("changed", "cleared"))
    ]


@pytest.mark.parametrize("family", sorted(FAMILY_READS))
def test_an_edit_a_familys_hash_does_not_see_leaves_its_views(
    atlas: ValidatedAtlas, family: str
) -> None:
    before = _views(atlas, family)
    assert before and None not in before.values()
    hashed = family_digests(AtlasIndex.build(atlas))[family]
    stale = []
    for kind, edit in _unseen_edits(family):
        edited = _with_records(atlas, kind, edit)
        assert family_digests(AtlasIndex.build(edited))[family] == hashed, (kind, edit)
        after = _views(edited, family)
        if after != before:
            pages = sorted(p for p in after.keys() | before.keys() if after.get(p) != before.get(p))
            stale.append(f"{kind} {edit}: {pages[:3]}")
    assert not stale, f"{family}'s views change with edits its hash does not see: {stale}"


@pytest.mark.parametrize("family", sorted(FAMILY_READS))
def test_an_edit_to_a_kind_a_family_reads_changes_its_hash(
    atlas: ValidatedAtlas, family: str
) -> None:
    before = family_digests(AtlasIndex.build(atlas))[family]
    for kind, grade in FAMILY_READS[family].items():
        edited = _with_records(atlas, kind, "changed" if grade == RECORDS else "more")
        if any(getattr(region, kind) for region in atlas.atlas.regions):
            assert family_digests(AtlasIndex.build(edited))[family] != before, kind


def test_an_edit_to_a_regions_own_field_changes_every_familys_hash(atlas: ValidatedAtlas) -> None:
    before = family_digests(AtlasIndex.build(atlas))
    region = atlas.atlas.regions[0]
    renamed = region.model_copy(update={"name": m.Text(zh=region.name.zh + "新", en="New")})
    regions = [renamed, *atlas.atlas.regions[1:]]
    edited = replace(atlas, atlas=atlas.atlas.model_copy(update={"regions": regions}))
    after = family_digests(AtlasIndex.build(edited))
    assert all(after[family] != before[family] for family in FAMILY_READS)
