"""Rules on dates a document reports: a status figure cannot be dated after the document
that reports it (its date is when the document says the figure stood)."""

from __future__ import annotations

from generator.load import fields
from generator.load import model as m
from generator.load.reporting import Reporter


def check_status_dates(
    report: Reporter, indexed: list[tuple[int, m.Status]], documents: dict[str, m.Document]
) -> None:
    for index, status in indexed:
        document = documents.get(status.document)
        if document is None or status.as_of is None or document.published is None:
            continue
        if fields.date_sort_key(status.as_of) > fields.date_end(document.published):
            report.add(
                ("status", index, "as_of"),
                f"status figure dated {status.as_of}, after its document "
                f"'{document.id}' ({document.published})",
                hint="a status figure's date is the date the document reports it as of: the "
                "date its text gives, else the document's own date",
            )
