"""Validate region files one by one: each file once per content, on every CPU.

A region file's checks depend only on its own bytes, the archived texts it quotes, the
codebooks and the generator's code, never on another region (the checks across files, a
region id used twice and the links between regions (:mod:`generator.load.hierarchy`), are
made afterwards by :func:`generator.load.validate.load_atlas`).
So the result of checking a file (its region, its texts, its problems) is stored in the
build cache under the hash of those inputs, with the hash of every source text it read;
an entry is reused only when the file and each of those texts are byte for byte the same.
Files without a valid entry are checked in forked workers when there are many.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import BaseModel

from generator.cache import BuildCache, code_fingerprint, collector_paused, digest, file_digest
from generator.errors import BuildError, Problem, display_path
from generator.load import model as m
from generator.load.checker import Codebooks
from generator.load.loader import LoadedFile, load_yaml
from generator.load.model_check import validate_model, with_name_hints
from generator.load.rules import check_region
from generator.load.salvage import salvage_region
from generator.parallel import fork_map

CACHE_KIND = "validate"
LOADED_KIND = "validate-parsed"  # the parsed files, apart from their checks
PARALLEL_FROM = 40  # region files: fewer are checked faster than workers start


@dataclass(frozen=True)
class RegionCheck:
    """What checking one region file found."""

    path: Path
    display: str
    region: m.Region | None  # None: the file failed the model or could not be read
    id_position: tuple[int, int] = (1, 1)
    texts: dict[str, str] = field(default_factory=dict)  # document id -> archived text
    file_problems: list[Problem] = field(default_factory=list)  # syntax, model, file name
    record_problems: list[Problem] = field(default_factory=list)  # references, quotes
    read: dict[str, str] = field(default_factory=dict)  # source file -> its digest
    # the parsed file, pickled, for the checks across files (generator.load.hierarchy),
    # which unpickle it only to place a problem; a check from the cache has none
    # (:func:`parsed_file` reads it from the cache's own entry, or parses the file again)
    parsed: bytes | None = None
    key: str = ""  # the check's cache key (the hash of its file among its inputs)
    records: dict[str, list[str]] = field(default_factory=dict)  # see record_digests


def _source_paths(region: m.Region, data_dir: Path) -> list[Path]:
    return [data_dir / "sources" / region.id / doc.text for doc in region.documents]


def _check_partial_region(
    loaded: LoadedFile, path: Path, data_dir: Path, codebooks: Codebooks, problems: list[Problem]
) -> None:
    """Check the records of a region that failed the model, so all its problems show."""
    salvaged = salvage_region(loaded.data, path.stem)
    if salvaged is not None:
        check_region(
            salvaged.region, loaded, data_dir, codebooks, problems, partial=salvaged.partial
        )


def check_region_file(path: Path, data_dir: Path, references: Codebooks) -> RegionCheck:
    """Check one region file on its own (in the order and with the messages of
    :func:`~generator.load.validate.load_atlas`)."""
    display = display_path(path)
    problems: list[Problem] = []
    loaded = load_yaml(path, display, dict, problems)
    if loaded is None:
        return RegionCheck(path, display, None, file_problems=problems)
    region = validate_model(loaded, m.Region, problems)
    problems = with_name_hints(problems, loaded, references.names)
    if loaded.damaged:  # its quotes and names are not as written: checking them would mislead
        return RegionCheck(path, display, None, file_problems=problems)
    if region is None:
        record_problems: list[Problem] = []
        _check_partial_region(loaded, path, data_dir, references, record_problems)
        return RegionCheck(path, display, None, file_problems=problems + record_problems)
    id_position = loaded.position(("id",))
    if region.id != path.stem:
        problems.append(
            Problem(
                display,
                *id_position,
                "id",
                f"id '{region.id}' does not match the file name",
                hint=f"rename the file to {region.id}.yaml or the id to '{path.stem}'",
            )
        )
    record_problems = []
    texts = check_region(region, loaded, data_dir, references, record_problems)
    read = {str(p): file_digest(p) for p in _source_paths(region, data_dir)}
    return RegionCheck(
        path,
        display,
        region,
        id_position,
        texts,
        problems,
        record_problems,
        read,
        pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL),
        records=record_digests(region),
    )


RECORD_LISTS = ("documents", "goals", "status", "phases", "measures")


def region_records(region: m.Region, name: str) -> list[BaseModel]:
    """A region's records of one kind (``milestones``: those of all its phases)."""
    if name == "milestones":
        return [milestone for phase in region.phases for milestone in phase.milestones]
    records: list[BaseModel] = getattr(region, name)
    return records


def record_digests(region: m.Region) -> dict[str, list[str]]:
    """The hash of each record of a region, by kind, in file order: a view that holds a
    record is hashed with it (generator/render/cached.py), made once per file content."""
    return {
        name: [digest(record.model_dump_json()) for record in region_records(region, name)]
        for name in (*RECORD_LISTS, "milestones")
    }


def _codebooks_digest(data_dir: Path) -> str:
    """The codebooks a region's checks read (every YAML file beside ``regions/``: the
    settings, the codebooks, the glossary), by their bytes."""
    files = sorted(data_dir.glob("*.yaml"))
    return digest(*(f"{path.name}={file_digest(path)}" for path in files))


def _cache_key(path: Path, data_dir: Path, codebooks: str, cache: BuildCache) -> str:
    return digest(
        code_fingerprint(),
        CACHE_KIND,
        display_path(path),
        str(data_dir),
        codebooks,
        cache.file_digest(path),
    )


def _still_valid(check: object, cache: BuildCache) -> bool:
    """A cached check whose source texts are all as they were when it was made."""
    if not isinstance(check, RegionCheck) or check.region is None:
        return False
    return all(cache.file_digest(name) == hashed for name, hashed in check.read.items())


def check_region_files(
    paths: list[Path], data_dir: Path, references: Codebooks, cache: BuildCache
) -> list[RegionCheck]:
    """Check every file in ``paths`` (in that order), reusing valid cached checks."""
    codebooks = _codebooks_digest(data_dir)
    keys = [_cache_key(path, data_dir, codebooks, cache) for path in paths]
    checks: list[RegionCheck | None] = []
    with collector_paused():
        for key in keys:
            cached = cache.get_object(CACHE_KIND, key)
            checks.append(cached if _still_valid(cached, cache) else None)
    todo = [i for i, check in enumerate(checks) if check is None]
    fresh = fork_map(
        lambda i: check_region_file(paths[i], data_dir, references), todo, minimum=PARALLEL_FROM
    )
    for i, check in zip(todo, fresh, strict=True):
        checks[i] = check
        if check.region is not None:  # a file that failed the model is checked again
            # the parsed file apart: a warm build reads it only to place a problem
            cache.put_object(CACHE_KIND, keys[i], replace(check, parsed=None))
            if check.parsed is not None:
                cache.put_pickled(LOADED_KIND, keys[i], check.parsed)
    if cache.enabled:
        cache.retain(CACHE_KIND, keys)
        cache.retain(LOADED_KIND, keys)
    return [replace(check, key=key) for check, key in zip(checks, keys, strict=True) if check]


def parsed_file(check: RegionCheck, cache: BuildCache) -> Callable[[], LoadedFile]:
    """How to get a checked file's parsed form: kept, stored in the cache, or parsed again
    (the file is unchanged: its hash is in the check's key)."""

    def load() -> LoadedFile:
        if check.parsed is not None:
            kept = pickle.loads(check.parsed)
            if isinstance(kept, LoadedFile):
                return kept
        stored = cache.get_object(LOADED_KIND, check.key)
        if isinstance(stored, LoadedFile):
            return stored
        loaded = load_yaml(check.path, check.display, dict, [])
        if loaded is None:
            raise BuildError(f"{check.display} could not be read again")
        return loaded

    return load
