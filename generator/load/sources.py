"""Reading the archived source texts, under the same rules as the YAML files.

A document's ``text:`` names a file in ``data/sources/<region id>/``. It is read only
when it resolves, after following every link, to a regular file inside that folder and
no larger than :data:`~generator.load.limits.MAX_SOURCE_BYTES`; a symlink to
``/etc/passwd`` or ``/proc/self/environ`` is a validation error at the document's
``text:`` line, never published. The text itself must be UTF-8 with no control
characters but tab and line breaks, no bidi controls and no zero-width characters
(each reported at its line and column in the source file); a byte-order mark is
removed, with a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Problem, display_path
from generator.load import limits
from generator.load.characters import clean_characters, decode_utf8
from generator.load.safe_read import Unreadable, read_inside, resolves_inside

BOM = b"\xef\xbb\xbf"


@dataclass
class SourceText:
    """What reading one source gave: its text (``None`` when it cannot be used), why not
    (a problem for the document's ``text:`` field), and problems inside the file."""

    text: str | None
    refusal: Unreadable | None = None
    problems: list[Problem] = field(default_factory=list)


def read_source(data_dir: Path, region_id: str, name: str) -> SourceText:
    """Read ``sources/<region_id>/<name>`` from ``data_dir`` under the rules above."""
    folder = data_dir / "sources" / region_id
    path = folder / name
    shown = f"sources/{region_id}/{name}"
    sources = data_dir / "sources"
    if not resolves_inside(sources, data_dir) or not resolves_inside(folder, sources):
        return SourceText(
            None,
            Unreadable(
                f"sources/{region_id}/ is a link that leads outside the data folder's sources/",
                hint="store the folder itself, not a symbolic link to it",
            ),
        )
    if not path.is_symlink() and not path.exists():
        return SourceText(
            None,
            Unreadable(
                f"archived source text not found: {shown}",
                hint="paste the source text, verbatim, into that file",
            ),
        )
    raw = read_inside(path, folder, limits.MAX_SOURCE_BYTES, shown)
    if isinstance(raw, Unreadable):
        return SourceText(None, raw)
    display = display_path(path)
    problems: list[Problem] = []
    if raw.startswith(BOM):
        raw = raw[len(BOM) :]
        problems.append(
            Problem(
                display,
                1,
                1,
                "",
                "a byte-order mark (U+FEFF) starts the file; it was removed",
                severity="warning",
                hint="save the file as UTF-8 without BOM",
            )
        )
    before = len(problems)
    text = decode_utf8(raw, display, problems)
    text = clean_characters(text, display, problems)
    damaged = len(problems) > before
    return SourceText(None if damaged else text, problems=problems)
