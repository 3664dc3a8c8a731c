"""Rule on the notes a reader sees: they speak of records and codebook entries by name,
never by id (``ai-labs``, ``teacher-training-hours``) or by field name (``url``,
``as_of``), which mean nothing on the page."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel

from generator.load import model as m
from generator.load.loader import Loc
from generator.load.messages import _annotation_parts
from generator.load.reporting import Reporter

_TOKEN = re.compile(r"(?<![A-Za-z0-9_-])[a-z0-9]+(?:[-_][a-z0-9]+)*(?![A-Za-z0-9_-])")


def field_names(model: type[BaseModel] = m.Region) -> set[str]:
    """Every field name of the region model and the models nested in it."""
    names: set[str] = set()
    pending: list[type[BaseModel]] = [model]
    while pending:
        current = pending.pop()
        for name, info in current.model_fields.items():
            names.add(name)
            for part in _nested(info.annotation):
                if part not in pending and part is not current:
                    pending.append(part)
    return names


def _nested(annotation: object) -> Iterable[type[BaseModel]]:
    for part in _annotation_parts(annotation):
        if isinstance(part, type) and issubclass(part, BaseModel) and part is not m.Text:
            yield part


_FIELDS = frozenset(field_names() - {"id", "zh", "en"})


def notes_of(texts: Iterable[tuple[Loc, m.Text]]) -> Iterable[tuple[Loc, m.Text]]:
    """The texts that are notes (``….notes.N``)."""
    for loc, text in texts:
        if len(loc) >= 2 and loc[-2] == "notes":
            yield loc, text


def check_reader_notes(
    report: Reporter, texts: Iterable[tuple[Loc, m.Text]], ids: set[str]
) -> None:
    """Report an id (one with a hyphen: an id that reads as a word is left alone) or, in
    Chinese, a field name, in a note."""
    hyphenated = {i for i in ids if "-" in i}
    for loc, text in notes_of(texts):
        for lang in ("zh", "en"):
            value = getattr(text, lang)
            if value is None:
                continue
            for token in _TOKEN.findall(value):
                if token in hyphenated:
                    what = f"the id '{token}'"
                elif lang == "zh" and token in _FIELDS:
                    what = f"the field name '{token}'"
                else:
                    continue
                report.add(
                    (*loc, lang),
                    f"a note a reader sees names {what}",
                    hint="name the record, indicator or field in words, as the page shows it "
                    "(the indicator “AI and innovation laboratories”, the document number)",
                )
                break
