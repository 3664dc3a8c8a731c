"""What the scaffold (``atlas new region``) writes as a placeholder, and the rule that
reports each placeholder still in a region file: a warning, so the scaffold validates as
it is, and an error under ``--strict`` until the editor replaces it."""

from __future__ import annotations

from generator.load import model as m
from generator.load.loader import LoadedFile, Loc
from generator.load.reporting import Reporter

REGION_NAME = {"zh": "待填写地区名称", "en": "Region name to fill in"}
DOCUMENT_TITLE = {"zh": "待填写文件标题", "en": "Document title to fill in"}
#: The comment the scaffold puts after a value it chose for the editor (level, kind).
MARK = "# 占位 placeholder"


def check_placeholders(report: Reporter, region: m.Region, loaded: LoadedFile) -> None:
    _placeholder_text(report, ("name",), region.name, REGION_NAME, "the region's name")
    for index, doc in enumerate(region.documents):
        loc: Loc = ("documents", index)
        _placeholder_text(report, (*loc, "title"), doc.title, DOCUMENT_TITLE, "the title")
        _marked(report, loaded, (*loc, "kind"), f"kind '{doc.kind}'", "document-kinds.yaml")
    _marked(report, loaded, ("level",), f"level '{region.level}'", "levels.yaml")


def _placeholder_text(
    report: Reporter, loc: Loc, text: m.Text, placeholder: dict[str, str], what: str
) -> None:
    for lang in ("zh", "en"):
        if getattr(text, lang) == placeholder[lang]:
            report.add(
                (*loc, lang),
                f"'{placeholder[lang]}' is the scaffold's placeholder",
                hint=f"write {what} as the source gives it",
                severity="warning",
            )


def _marked(report: Reporter, loaded: LoadedFile, loc: Loc, what: str, codebook: str) -> None:
    line = loaded.position(loc)[0]
    lines = loaded.text.split("\n")  # as positions count lines: on line feeds alone
    if 0 < line <= len(lines) and MARK in lines[line - 1]:
        report.add(
            loc,
            f"{what} is the scaffold's placeholder choice",
            hint=f"choose from data/{codebook} (listed above it) and delete the '{MARK}' comment",
            severity="warning",
        )
