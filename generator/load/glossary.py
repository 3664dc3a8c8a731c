"""The glossary codebook (``data/glossary.yaml``): one English term for each Chinese term,
and the rule that checks English text against it.

A text whose Chinese holds a glossary term must use the term's English (matched without
regard to case, so "Flagship schools" and "flagship school" both use "flagship school")
and none of the renderings the glossary lists as avoided.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.load import model as m
from generator.load.loader import Loc
from generator.load.reporting import Reporter

GLOSSARY_FILE = "glossary.yaml"


def check_glossary(
    report: Reporter, texts: Iterable[tuple[Loc, m.Text]], terms: list[m.GlossaryTerm]
) -> None:
    for loc, text in texts:
        if text.en is None:
            continue
        english = text.en.casefold()
        for term in terms:
            chinese = next((zh for zh in term.zh if zh in text.zh), None)
            if chinese is None:
                continue
            avoided = next((a for a in term.avoid if a.casefold() in english), None)
            if avoided is not None:
                report.add(
                    (*loc, "en"),
                    f"'{avoided}' for {chinese}: the glossary's term is '{term.en}'",
                    hint=term.note.en if term.note and term.note.en else None,
                )
            elif term.en.casefold() not in english and term.required:
                report.add(
                    (*loc, "en"),
                    f"{chinese} is '{term.en}' in the glossary, not found in the English",
                    hint="use the glossary's term (data/glossary.yaml), or propose a change there",
                    severity="warning",
                )
