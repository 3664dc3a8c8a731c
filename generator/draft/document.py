"""The document entry ``atlas draft`` proposes: metadata from the capture, its citations
as lineage, and how complete the capture looks.

A new document is appended to ``documents``; a document the scaffold left unfilled (its
title still the placeholder) is filled in line by line, keeping the scaffold's guidance
comments; a document an editor has filled in is never touched.
"""

from __future__ import annotations

from typing import Any

from generator.draft import records as r
from generator.draft.citations import Citation
from generator.draft.lineage import Lineage
from generator.draft.metadata import Metadata
from generator.draft.yamltext import INDENT, insert_records, record_yaml, scalar, value_lines
from generator.load import model as m
from generator.load.loader import LoadedFile

PLACEHOLDER_TITLE = "待填写文件标题"
CUT_OFF = "原文末尾不是完整的句子:抓取可能在此截断,请核对原页面并写明缺少的部分。"


def document_entry(data: dict[str, Any], text_name: str) -> tuple[int, dict[str, Any]] | None:
    """The document of the region file whose archived text is ``text_name``."""
    for index, doc in enumerate(data.get("documents") or []):
        if isinstance(doc, dict) and doc.get("text") == text_name:
            return index, doc
    return None


def is_placeholder(doc: dict[str, Any]) -> bool:
    title = doc.get("title")
    return isinstance(title, dict) and title.get("zh") == PLACEHOLDER_TITLE


FIELD_NAMES = {
    "title": "标题",
    "issuer": "发布机关",
    "published": "发布日期",
    "number": "文号",
    "period": "实施期限",
}


def _notes(md: Metadata) -> list[m.Text]:
    notes = [
        r.note(f"{FIELD_NAMES.get(name, name)}取自原文“{where}”。")
        for name, where in md.where.items()
        if where
    ]
    if md.cut_off:
        notes.append(r.note(CUT_OFF))
    return notes


def _lineage_fields(md: Metadata, links: Lineage) -> dict[str, Any]:
    """``cites`` and ``completeness`` where the model has them."""
    fields: dict[str, Any] = {}
    if links.cites:
        fields["cites"] = links.cites
    if md.cut_off and "completeness" in m.Document.model_fields:
        fields["completeness"] = "partial"
        fields["missing"] = {"zh": CUT_OFF, "en": None}
    return fields


def citation_comments(citations: list[Citation]) -> list[str]:
    """Comment lines listing citations the atlas cannot link (yet)."""
    if not citations:
        return []
    lines = ["cites, not yet in the atlas or data/referenced-documents.yaml (atlas draft):"]
    return lines + [f"  {c.label}" for c in citations]


def new_document(doc_id: str, text_name: str, md: Metadata, kind: str, links: Lineage) -> Any:
    """The document as a model record, ``review: draft``."""
    return m.Document.model_validate(
        {
            "id": doc_id,
            "title": r.zh(md.title or PLACEHOLDER_TITLE),
            "kind": kind,
            "issuer": r.zh(md.issuer) if md.issuer else None,
            "number": md.number,
            "published": md.published,
            "period": m.Period(start=md.period.start, end=md.period.end) if md.period else None,
            "text": text_name,
            "notes": _notes(md),
            "review": r.DRAFT,
            **_lineage_fields(md, links),
        }
    )


def _scalar_fields(md: Metadata, kind: str) -> dict[str, str]:
    """The one-line document fields filled into a scaffold, as YAML values."""
    period = "null"
    if md.period:
        period = f"{{start: {scalar(md.period.start)}, end: {scalar(md.period.end)}}}"
    return {
        "title": f"{{zh: {scalar(md.title or PLACEHOLDER_TITLE)}, en: null}}",
        "kind": kind,
        "issuer": f"{{zh: {scalar(md.issuer)}, en: null}}" if md.issuer else "null",
        "number": scalar(md.number),
        "published": scalar(md.published),
        "period": period,
    }


def fill_placeholder(
    text: str, loaded: LoadedFile, index: int, md: Metadata, kind: str, links: Lineage
) -> str:
    """Fill a scaffolded document line by line; its comments stay where they are."""
    lines = text.split("\n")
    for name, value in _scalar_fields(md, kind).items():
        line = loaded.position(("documents", index, name), key=True)[0] - 1
        indent = lines[line][: len(lines[line]) - len(lines[line].lstrip())]
        lines[line] = f"{indent}{name}: {value}"
    pad = INDENT * 2
    notes_line = loaded.position(("documents", index, "notes"), key=True)[0] - 1
    extra = {**_lineage_fields(md, links), "notes": [_plain_text(n) for n in _notes(md)]}
    if lines[notes_line].strip() == "notes: []":
        lines[notes_line : notes_line + 1] = value_lines(extra, pad)
    id_line = loaded.position(("documents", index, "id"), key=True)[0] - 1
    comments = [f"{pad}# {c}" for c in citation_comments(links.unmatched)]
    lines[id_line + 1 : id_line + 1] = [f"{pad}review: draft", *comments]
    return "\n".join(lines)


def _plain_text(text: m.Text) -> dict[str, Any]:
    return {"zh": text.zh, "en": text.en}


def add_document(
    text: str,
    loaded: LoadedFile,
    text_name: str,
    doc_id: str,
    md: Metadata,
    kind: str,
    links: Lineage,
) -> tuple[str, bool]:
    """``text`` with the proposed document, and whether one was proposed."""
    entry = document_entry(loaded.data, text_name)
    if entry is None:
        document = new_document(doc_id, text_name, md, kind, links)
        comments = citation_comments(links.unmatched)
        return insert_records(text, "documents", [record_yaml(document, comments)]), True
    if is_placeholder(entry[1]):
        return fill_placeholder(text, loaded, entry[0], md, kind, links), True
    return text, False
