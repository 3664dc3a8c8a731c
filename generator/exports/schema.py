"""JSON Schemas (draft-07) for editors and data users, generated from the model.

``schema/region.schema.json`` lets an editor (VS Code with yaml-language-server)
flag a mistake in a region file as it is typed; ``schema/atlas.schema.json``
describes ``/data/atlas.json``, the whole exported atlas. Both are generated from
:mod:`generator.model`, the contract the validator enforces, so the three never
drift apart. The schema checks each record's shape; the validator also checks
what no schema can (references, quotes in the sources, real calendar dates).
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from generator.load import model as m

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
SCHEMAS: dict[str, tuple[type[BaseModel], str, str]] = {
    "region": (
        m.Region,
        "Policy Atlas region file",
        "One region's documents, goals, status figures, phases and measures "
        "(data/regions/<id>.yaml). Every record quotes its archived source text. "
        "`atlas validate` checks more than this schema can: references, quotes and real dates.",
    ),
    "atlas": (
        m.Atlas,
        "Policy Atlas export",
        "The whole validated atlas as published in /data/atlas.json: site settings, "
        "codebooks and every region, in the shape of the YAML, dates as strings.",
    ),
}


def _draft_07(node: Any) -> Any:
    """Rewrite pydantic's JSON Schema (2020-12) into draft-07.

    ``$defs`` become ``definitions``; a ``$ref`` with sibling keywords (a description,
    a default), which draft-07 would ignore, is wrapped in ``allOf``.
    """
    if isinstance(node, list):
        return [_draft_07(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {
        ("definitions" if key == "$defs" else key): _draft_07(value) for key, value in node.items()
    }
    if "$ref" in out and len(out) > 1:
        ref = out.pop("$ref")
        out = {"allOf": [{"$ref": ref}], **out}
    return out


def json_schema(kind: str) -> dict[str, Any]:
    """The draft-07 JSON Schema for ``region`` files or the ``atlas`` export."""
    model, title, description = SCHEMAS[kind]
    generated = model.model_json_schema(ref_template="#/definitions/{model}")
    body = _draft_07(generated)
    body.pop("title", None)
    body.pop("description", None)
    return {"$schema": DRAFT_07, "title": title, "description": description, **body}


def schema_text(kind: str) -> str:
    """The schema as the committed file holds it: stable key order, UTF-8, final newline."""
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"
