"""Cited documents as lineage records: each citation the source makes, matched to an atlas
document or to an entry of ``data/referenced-documents.yaml`` by its title (or a variant
as some source writes it) or its 文号.

Lineage needs the model's ``Document.cites``; on a model without it, or for a citation
nothing matches, the citation is only listed for the editor (as a comment).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.draft.citations import Citation
from generator.errors import Problem
from generator.load import model as m
from generator.load.loader import load_yaml
from generator.load.quotes import squash

REFERENCED = "referenced-documents.yaml"


@dataclass(frozen=True)
class Lineage:
    cites: list[dict[str, str]]  # {document, relation, quote}, as Document.cites holds them
    unmatched: list[Citation]


def supports_lineage() -> bool:
    """Whether the model records cited documents (``Document.cites``)."""
    return "cites" in m.Document.model_fields


def _entries(path: Path, expect: type) -> Any:
    problems: list[Problem] = []
    loaded = load_yaml(path, path.name, expect, problems) if path.is_file() else None
    return loaded.data if loaded is not None else expect()


def known_documents(data_dir: Path, own_region: str) -> dict[str, str]:
    """Squashed title, variant or number -> the id a citation gives (``beijing/work-plan``
    for an atlas document, the entry id for a referenced document)."""
    names: dict[str, str] = {}
    for entry in _entries(data_dir / REFERENCED, list):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue
        title = entry.get("title")
        words = [title.get("zh") if isinstance(title, dict) else None, entry.get("number")]
        words += entry.get("variants") or []
        names.update({squash(str(w)): entry["id"] for w in words if w})
    for path in sorted((data_dir / "regions").glob("*.yaml")):
        if path.stem == own_region:
            continue
        region = _entries(path, dict)
        for doc in region.get("documents") or []:
            if not isinstance(doc, dict):
                continue
            title = doc.get("title")
            words = [title.get("zh") if isinstance(title, dict) else None, doc.get("number")]
            names.update({squash(str(w)): f"{path.stem}/{doc.get('id')}" for w in words if w})
    return names


def lineage(citations: list[Citation], data_dir: Path, own_region: str) -> Lineage:
    """The citations the atlas can link, and the rest."""
    if not supports_lineage():
        return Lineage([], citations)
    names = known_documents(data_dir, own_region)
    cites: list[dict[str, str]] = []
    unmatched: list[Citation] = []
    seen: set[str] = set()
    for citation in citations:
        keys = [squash(c) for c in (citation.title, citation.number) if c]
        target = next((names[k] for k in keys if k in names), None)
        if target is None:
            unmatched.append(citation)
            continue
        if target in seen:
            continue
        seen.add(target)
        relation = "implements" if citation.implements else "cites"
        cites.append({"document": target, "relation": relation, "quote": citation.quote})
    return Lineage(cites, unmatched)
