"""Exports of the validated atlas: JSON in the shape of the YAML (more to come)."""

from __future__ import annotations

import json

from .model import Atlas


def atlas_json(atlas: Atlas) -> str:
    """The whole atlas as JSON, dates as strings, keys in model order; deterministic."""
    return json.dumps(atlas.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n"
