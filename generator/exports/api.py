"""A static JSON API under ``/api/v1/``: one file per region, per indicator and per cited
document, an index of them all, the JSON Schema every file follows and an OpenAPI
document describing the paths. No I/O; the same atlas gives the same bytes.

Every file carries the dataset version and the review date its deadline states are judged
against. netlify.toml gives ``/api/*`` a Cache-Control and an open CORS header, and
``atlas serve`` sends the same.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from generator import urls
from generator.cache import digest
from generator.exports.citations import Edition
from generator.exports.reuse import indented_json, reused, suspended
from generator.exports.schema import json_schema
from generator.load import fields
from generator.load import model as m
from generator.plan import deadlines as dl

PREFIX = "api/v1/"
DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def _dump(data: object) -> bytes:
    return (indented_json(data) + "\n").encode()


def _meta(edition: Edition, now: str) -> dict[str, str]:
    return {"dataset_version": edition.version, "released": edition.released, "review_date": now}


def _page(edition: Edition, path: str) -> str:
    return f"{edition.site.base_url}{path}"


def _goal_entry(region: m.Region, goal: m.Goal, now: str) -> dict[str, Any]:
    return {
        "region": region.id,
        "anchor": f"goal-{goal.id}",
        "document": goal.document,
        "goal": goal.model_dump(mode="json"),
        "deadline_state": dl.deadline_state(goal, now),
    }


def region_file(region: m.Region, edition: Edition, now: str) -> dict[str, Any]:
    return {
        **_meta(edition, now),
        "url": _page(edition, urls.region_path(region.id)),
        "region": region.model_dump(mode="json"),
        "deadline_states": {
            goal.id: state
            for goal in region.goals
            if (state := dl.deadline_state(goal, now)) is not None
        },
    }


def indicator_file(
    indicator: m.Indicator,
    atlas: m.Atlas,
    kinds: dict[str, m.DocumentKind],
    edition: Edition,
    now: str,
) -> dict[str, Any]:
    documents = {(r.id, d.id): d for r in atlas.regions for d in r.documents}

    def kind_of(region: m.Region, document_id: str) -> dict[str, Any]:
        kind = kinds[documents[(region.id, document_id)].kind]
        return {"document_kind": kind.id, "document_rank": kind.rank}

    goals = [
        {**_goal_entry(r, g, now), **kind_of(r, g.document)}
        for r in atlas.regions
        for g in r.goals
        if g.indicator == indicator.id
    ]
    status = [
        {
            "region": r.id,
            "anchor": f"status-{s.id}",
            "document": s.document,
            "status": s.model_dump(mode="json"),
            **kind_of(r, s.document),
        }
        for r in atlas.regions
        for s in r.status
        if s.indicator == indicator.id
    ]
    return {
        **_meta(edition, now),
        "url": _page(edition, urls.indicator_path(indicator.id)),
        "indicator": indicator.model_dump(mode="json"),
        "goals": goals,
        "status": status,
    }


def _indicator_bytes(
    indicator: m.Indicator,
    atlas: m.Atlas,
    kinds: dict[str, m.DocumentKind],
    edition: Edition,
    now: str,
) -> bytes:
    with suspended():  # kept whole, on its inputs: its JSON text is not also stored apart
        return _dump(indicator_file(indicator, atlas, kinds, edition, now))


def indicator_inputs(atlas: m.Atlas, record_digests: dict[str, dict[str, list[str]]]) -> str | None:
    """The hash of what :func:`indicator_file` reads of the regions: each region's id, the
    digests of its goals and status figures (made when its file was checked), its
    documents' kinds, and the kinds' codebook; ``None`` when a region has no digests."""
    parts = [kind.model_dump_json() for kind in atlas.document_kinds]
    for region in atlas.regions:
        digests = record_digests.get(region.id, {})
        goals, status = digests.get("goals"), digests.get("status")
        if goals is None or status is None:
            return None
        if len(goals) != len(region.goals) or len(status) != len(region.status):
            return None
        parts += [region.id, *goals, "|", *status, "|"]
        parts += [f"{document.id}={document.kind}" for document in region.documents]
    return digest(*parts)


def _citing(region: m.Region, document_id: str) -> list[str]:
    """The anchors of the region's records quoting ``document_id``, in page order."""
    anchors = [f"goal-{g.id}" for g in region.goals if g.document == document_id]
    anchors += [f"status-{s.id}" for s in region.status if s.document == document_id]
    for phase in region.phases:
        if phase.document == document_id:
            anchors += [f"phase-{phase.id}", *(f"milestone-{x.id}" for x in phase.milestones)]
    anchors += [f"measure-{x.id}" for x in region.measures if x.document == document_id]
    return anchors


def document_file(
    region: m.Region, document: m.Document, edition: Edition, now: str
) -> dict[str, Any]:
    source = urls.source_path(region.id, document.id)
    return {
        **_meta(edition, now),
        "url": _page(edition, source),
        "region": region.id,
        "document": document.model_dump(mode="json"),
        "records": _citing(region, document.id),
    }


def region_api_files(region: m.Region, edition: Edition, now: str) -> dict[str, bytes]:
    """A region's own files of ``/api/v1/``: the region and each of its documents."""
    files = {f"{PREFIX}regions/{region.id}.json": _dump(region_file(region, edition, now))}
    for document in region.documents:
        path = f"{PREFIX}documents/{region.id}/{document.id}.json"
        files[path] = _dump(document_file(region, document, edition, now))
    return files


def api_files(
    atlas: m.Atlas, edition: Edition, *, regions: bool = True, records: str | None = None
) -> dict[str, bytes]:
    """Every file of ``/api/v1/``, keyed by site-relative path; with ``regions=False``
    without each region's own (:func:`region_api_files`), which the build caches. With
    ``records``, the hash of everything an indicator's file reads of the regions
    (:func:`indicator_inputs`), an indicator's file is reused while it and they are the
    same (an edit to a measure leaves every indicator's file as it was)."""
    now = dl.atlas_review_date(atlas.regions)
    kinds = {k.id: k for k in atlas.document_kinds}
    files: dict[str, bytes] = {}
    listing: dict[str, list[dict[str, str]]] = {"regions": [], "indicators": [], "documents": []}
    for region in sorted(atlas.regions, key=lambda r: r.id):
        if regions:
            files.update(region_api_files(region, edition, now))
        listing["regions"].append({"id": region.id, "path": f"/{PREFIX}regions/{region.id}.json"})
        for document in region.documents:
            path = f"/{PREFIX}documents/{region.id}/{document.id}.json"
            listing["documents"].append({"id": f"{region.id}/{document.id}", "path": path})
    for indicator in atlas.indicators:
        path = f"{PREFIX}indicators/{indicator.id}.json"
        if records is None:
            files[path] = _dump(indicator_file(indicator, atlas, kinds, edition, now))
        else:
            key = f"api indicator\n{indicator.model_dump_json()}\n{edition!r}\n{now}\n{records}"
            made = partial(_indicator_bytes, indicator, atlas, kinds, edition, now)
            files[path] = reused(key.encode(), made)
        listing["indicators"].append({"id": indicator.id, "path": "/" + path})
    files[f"{PREFIX}index.json"] = _dump({**_meta(edition, now), **listing})
    files[f"{PREFIX}schema.json"] = _dump(api_schema())
    files[f"{PREFIX}openapi.json"] = _dump(openapi(edition))
    return files


# --- the schema and the OpenAPI description --------------------------------------------


def _object(properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "required": sorted(properties),
        "properties": properties,
        "additionalProperties": False,
        **extra,
    }


META = {
    "dataset_version": {"type": "string", "description": "Package version + data commit."},
    "released": {
        "type": "string",
        "pattern": fields.DATE_PATTERN,
        "description": "Data commit date.",
    },
    "review_date": {
        "type": "string",
        "pattern": fields.DATE_PATTERN,
        "description": "The atlas's review date: deadline states are judged against it.",
    },
    "url": {"type": "string", "format": "uri", "description": "The page on the site."},
}
STATE = {"enum": [*dl.STATES, None], "description": "The deadline's state on the review date."}
ENTRY_LIST = {
    "type": "array",
    "items": _object({"id": {"type": "string"}, "path": {"type": "string"}}),
}


def api_schema() -> dict[str, Any]:
    """One draft-07 schema; ``definitions`` holds one schema per kind of file."""
    atlas = json_schema("atlas")
    models = atlas.pop("definitions")
    kind = {"document_kind": {"type": "string"}, "document_rank": {"type": "integer"}}
    record = {
        "region": {"type": "string"},
        "anchor": {"type": "string"},
        "document": {"type": "string"},
    }
    definitions = {
        **models,
        "RegionFile": _object(
            {
                **META,
                "region": {"$ref": "#/definitions/Region"},
                "deadline_states": {"type": "object", "additionalProperties": STATE},
            }
        ),
        "IndicatorFile": _object(
            {
                **META,
                "indicator": {"$ref": "#/definitions/Indicator"},
                "goals": {
                    "type": "array",
                    "items": _object(
                        {
                            **record,
                            **kind,
                            "goal": {"$ref": "#/definitions/Goal"},
                            "deadline_state": STATE,
                        }
                    ),
                },
                "status": {
                    "type": "array",
                    "items": _object(
                        {**record, **kind, "status": {"$ref": "#/definitions/Status"}}
                    ),
                },
            }
        ),
        "DocumentFile": _object(
            {
                **META,
                "region": {"type": "string"},
                "document": {"$ref": "#/definitions/Document"},
                "records": {"type": "array", "items": {"type": "string"}},
            }
        ),
        "IndexFile": _object(
            {
                **{k: v for k, v in META.items() if k != "url"},
                "regions": ENTRY_LIST,
                "indicators": ENTRY_LIST,
                "documents": ENTRY_LIST,
            }
        ),
    }
    return {
        "$schema": DRAFT_07,
        "title": "Policy Atlas API v1",
        "description": "The files under /api/v1/; each kind of file is one definition.",
        "definitions": definitions,
    }


SCHEMA_OF = {
    "/api/v1/index.json": "IndexFile",
    "/api/v1/regions/{region}.json": "RegionFile",
    "/api/v1/indicators/{indicator}.json": "IndicatorFile",
    "/api/v1/documents/{region}/{document}.json": "DocumentFile",
}


def schema_for(path: str) -> str:
    """The definition a site path of the API follows (``api/v1/regions/heshui.json``)."""
    parts = path.removeprefix(PREFIX).split("/")
    return {"index.json": "IndexFile", "regions": "RegionFile", "indicators": "IndicatorFile"}.get(
        parts[0], "DocumentFile"
    )


def openapi(edition: Edition) -> dict[str, Any]:
    """OpenAPI 3.1: every path a static GET answering JSON that follows schema.json."""
    paths: dict[str, Any] = {}
    for path, definition in SCHEMA_OF.items():
        names = [
            part[1:-1] for part in path.replace(".json", "").split("/") if part.startswith("{")
        ]
        paths[path] = {
            "get": {
                "summary": definition,
                "parameters": [
                    {"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
                    for n in names
                ],
                "responses": {
                    "200": {
                        "description": f"A {definition}",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"schema.json#/definitions/{definition}"}
                            }
                        },
                    },
                    "404": {"description": "No such region, indicator or document."},
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Policy Atlas API",
            "version": edition.version,
            "description": "Static JSON files, regenerated with every release of the data. "
            "CORS is open; files are cached for an hour.",
            "license": {"name": "CC BY 4.0", "url": edition.site.licence_url},
        },
        "servers": [{"url": edition.site.base_url.rstrip("/")}],
        "paths": paths,
    }
