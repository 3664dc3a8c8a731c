"""What the rules of one region share: the codebooks it refers to, and the checker that
locates every problem at its line and column in the region's file.

:class:`RegionChecker` wraps a region (whole, or the records of a partial region that
failed the model), its loaded file and the list problems are appended to; the rules in
:mod:`generator.load.rules` and the fidelity rules report through it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from generator.errors import Problem, Severity
from generator.load import model as m
from generator.load.loader import LoadedFile, Loc
from generator.load.salvage import RECORD_LISTS, Partial


@dataclass(frozen=True)
class Codebooks:
    """What region files refer to in the codebooks.

    ``ids`` holds every id each codebook file writes, valid entry or not (``None`` when
    the file cannot be read), so that one broken codebook entry or file is reported
    once, not again at every reference to it.
    """

    kinds: dict[str, m.DocumentKind]
    ids: dict[str, set[str] | None]
    indicators: dict[str, m.Indicator] = field(default_factory=dict)
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # codebook -> name -> id
    glossary: list[m.GlossaryTerm] = field(default_factory=list)


@dataclass
class RegionChecker:
    """One region under check: its records, where each is in the file, and the problems found."""

    region: m.Region
    loaded: LoadedFile
    problems: list[Problem]
    partial: Partial | None = None

    def ids(self, records: str) -> set[str]:
        """Ids of a record list (``goals``...), including records that failed the model."""
        own = {record.id for record in getattr(self.region, records)}
        return own | (self.partial.written_ids[records] if self.partial else set())

    def each(self, records: str) -> Iterable[tuple[int, Any]]:
        """The records of a list with their index in the file (a partial region lacks some)."""
        items = getattr(self.region, records)
        if self.partial is None:
            return enumerate(items)
        return zip(self.partial.positions[records], items, strict=True)

    def add(
        self,
        loc: Loc,
        message: str,
        *,
        hint: str | None = None,
        severity: Severity = "error",
        key: bool = False,
    ) -> None:
        line, column = self.loaded.position(loc, key=key)
        self.problems.append(
            Problem(
                self.loaded.display,
                line,
                column,
                ".".join(str(p) for p in loc),
                message,
                severity=severity,
                hint=hint,
            )
        )

    def reference(
        self, loc: Loc, value: str | None, known: Iterable[str] | None, what: str
    ) -> None:
        """Report ``value`` unless it is one of ``known`` (``None``: the list is unreadable)."""
        if value is None or known is None:
            return
        known = sorted(known)
        if value in known:
            return
        close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
        if close:
            hint = f"did you mean '{close[0]}'?"
        else:
            hint = "known: " + (
                ", ".join(known[:10]) + (" …" if len(known) > 10 else "") if known else "none"
            )
        self.add(loc, f"unknown {what} '{value}'", hint=hint)


def texts_of(value: Any, loc: Loc) -> list[tuple[Loc, m.Text]]:
    """Every bilingual text in ``value`` (a model, a list, a text) with its location."""
    found: list[tuple[Loc, m.Text]] = []
    _collect_texts(value, loc, found)
    return found


def _collect_texts(value: Any, loc: Loc, found: list[tuple[Loc, m.Text]]) -> None:
    if isinstance(value, m.Text):
        found.append((loc, value))
    elif isinstance(value, m.Strict):
        for name in type(value).model_fields:
            _collect_texts(getattr(value, name), (*loc, name), found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _collect_texts(item, (*loc, index), found)


def translatable(c: RegionChecker) -> Iterable[tuple[Loc, m.Text]]:
    if c.partial is None:
        yield from texts_of(c.region, ())
        return
    for name in RECORD_LISTS:  # a partial region has placeholders outside its records
        for index, record in c.each(name):
            yield from texts_of(record, (name, index))
