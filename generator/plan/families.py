"""What each family of aggregate pages is made from, as one hash a family.

The aggregate pages (home, directory, comparison and indicators, side by side, timeline,
themes, divisions and documents) are planned in families (``plan/pages.py``'s
``FAMILIES``). A family's views are made from the codebooks, the site settings, the
review date, the hierarchy's and the lineage's names (all of them in the page keys'
shared hash, ``render/cached.py``) and, of each region, its own fields (name, code,
level, parents, review date) and the records of the kinds :data:`FAMILY_READS` names
(of some kinds only how many a region has), nothing else. So when :func:`family_digests`
gives a family the hash it had in an earlier build, the family's views are those of that
build: ``render/settled.py`` takes its pages as that build planned them (their view
hashes), without making a view.

A kind a family does not name must not change its views, whatever is edited in it, nor
an edit that keeps the number of records of a kind it counts:
``tests/test_plan_families.py`` edits every kind of record in every way (texts, numbers,
dates, choices, codebook entries and ids changed, optional fields left out, a record
more, none at all) and fails on a view such an edit changes.
"""

from __future__ import annotations

from generator.cache import digest
from generator.load import model as m
from generator.load.region_files import RECORD_LISTS, region_records
from generator.plan.index import AtlasIndex

RECORDS, COUNT = "records", "count"
# The kinds of records each family's views are made from (a region's own fields always):
# RECORDS, every record of the kind as it is; COUNT, how many a region has, nothing more.
FAMILY_READS: dict[str, dict[str, str]] = {
    "home": {
        "documents": RECORDS,
        "goals": RECORDS,
        "phases": RECORDS,
        "status": COUNT,
        "measures": COUNT,
    },
    "directory": {"documents": RECORDS, "goals": RECORDS, "phases": COUNT, "status": COUNT},
    "comparison": {"documents": RECORDS, "goals": RECORDS, "status": RECORDS},
    "side-by-side": {"goals": RECORDS, "status": RECORDS, "measures": RECORDS},
    "timeline": {"documents": RECORDS, "goals": RECORDS, "phases": RECORDS},
    "themes": {"goals": RECORDS, "status": RECORDS, "measures": RECORDS},
    "hierarchy": {
        "documents": RECORDS,
        "goals": RECORDS,
        "phases": COUNT,
        "status": COUNT,
        "measures": COUNT,
    },
}
KINDS = RECORD_LISTS  # documents, goals, status, phases (with their milestones), measures
REGION_FIELDS = {"id", "name", "code", "level", "sub_provincial", "parent", "reviewed", "notes"}


def family_digests(index: AtlasIndex) -> dict[str, str]:
    """Each family's hash of the regions' fields and records its views are made from."""
    regions = [_region_parts(index, region) for region in index.regions]
    return {
        family: digest(
            family,
            *(
                part
                for own, kinds in regions
                for part in (own, *(kinds[kind, grade] for kind, grade in sorted(reads.items())))
            ),
        )
        for family, reads in FAMILY_READS.items()
    }


def _region_parts(index: AtlasIndex, region: m.Region) -> tuple[str, dict[tuple[str, str], str]]:
    """A region's own fields as JSON, and of its records of each kind, the hash of all of
    them (the hashes its file's check made of each record, else made here) and their
    number."""
    known = index.validated.record_digests.get(region.id, {})
    kinds = {}
    for kind in KINDS:
        hashes = known.get(kind)
        records = region_records(region, kind)
        if hashes is None or len(hashes) != len(records):
            hashes = [record.model_dump_json() for record in records]
        kinds[kind, RECORDS] = digest(kind, *hashes)
        kinds[kind, COUNT] = f"{kind}:{len(records)}"
    return region.model_dump_json(include=REGION_FIELDS), kinds
