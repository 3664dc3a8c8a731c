"""Plain-language messages for the model's validation errors.

pydantic words its errors for programmers ("Input should be a valid dictionary
or instance of Text"); editors need to read what is wrong with the line they
wrote and how to fix it. :func:`describe` turns one pydantic error into a
message and, where one helps, a hint, knowing which model field it is about.
"""

from __future__ import annotations

import difflib
import math
import re
import types
from collections.abc import Iterator, Sequence
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import AfterValidator, BaseModel
from pydantic.fields import FieldInfo

from generator.load import fields, hints

_PATTERNS: dict[str, tuple[str, str | None]] = {
    fields.SLUG_PATTERN: (
        "is not an id",
        "use lowercase ASCII letters, digits and single hyphens, such as 'pilot-schools'",
    ),
    fields.DATE_PATTERN: (
        "is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD",
        "write null when the source does not say",
    ),
    r"^https?://": ("is not a web address", "start it with https:// or http://"),
    r"^https?://.*/$": ("is not a web address ending in /", None),
    r"^[A-Za-z0-9._-]+\.txt$": (
        "is not a source file name",
        "name a .txt file in data/sources/<region id>/, using only "
        "letters, digits, '.', '_' and '-'",
    ),
    r"^zh-Han[st]$": ("is not a language", "write zh-Hans (simplified) or zh-Hant (traditional)"),
}


def _annotation_parts(annotation: Any) -> Iterator[Any]:
    """The annotation and everything nested in it (Optional, list, Annotated metadata)."""
    yield annotation
    origin = get_origin(annotation)
    if origin is Annotated:
        yield from get_args(annotation)[1:]
        yield from _annotation_parts(get_args(annotation)[0])
    elif origin in (Union, types.UnionType, list):
        for arg in get_args(annotation):
            yield from _annotation_parts(arg)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    for part in _annotation_parts(annotation):
        if isinstance(part, type) and issubclass(part, BaseModel):
            return part
    return None


def is_date(info: FieldInfo) -> bool:
    """Whether the field holds a date string (YYYY, YYYY-MM or YYYY-MM-DD)."""
    parts = [*_annotation_parts(info.annotation), *info.metadata]
    return any(isinstance(p, AfterValidator) and p.func is fields.check_date for p in parts)


def is_nullable(info: FieldInfo) -> bool:
    return any(part is type(None) for part in _annotation_parts(info.annotation))


def field_at(root: type[BaseModel], loc: Sequence[str | int]) -> FieldInfo | None:
    """The last model field named in ``loc`` (union tags such as ``int`` are skipped)."""
    info: FieldInfo | None = None
    current: type[BaseModel] | None = root
    for part in loc:
        if isinstance(part, int):
            continue
        if current is None or part not in current.model_fields:
            break
        info = current.model_fields[part]
        current = _model_in(info.annotation)
    return info


def model_at(root: type[BaseModel], path: Sequence[str | int]) -> type[BaseModel] | None:
    """The model of the record at ``path`` (list indexes skipped), or ``None``."""
    current: type[BaseModel] | None = root
    for part in path:
        if isinstance(part, int):
            continue
        if current is None or part not in current.model_fields:
            return None
        current = _model_in(current.model_fields[part].annotation)
    return current


def _unknown_field(
    root: type[BaseModel], loc: Sequence[str | int], value: Any
) -> tuple[str, str | None]:
    name = str(loc[-1])
    if value is None and (not name.isascii() or " " in name):
        return f"unknown field '{name}'", (
            "this looks like the rest of a text cut at a comma: inside {…} a comma ends the "
            "field, so put text that holds a comma in quotes"
        )
    owner = model_at(root, loc[:-1])
    if owner is None:
        return f"unknown field '{name}'", None
    allowed = list(owner.model_fields)
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.7)
    if close:
        return f"unknown field '{name}'", f"did you mean '{close[0]}'?"
    return f"unknown field '{name}'", f"allowed here: {', '.join(allowed)}"


def _number_hint(got: Any) -> str | None:
    if not isinstance(got, str):
        return None
    if re.fullmatch(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", got.strip()):
        if not math.isfinite(float(got)):
            return "the number is too large"
        return "write the number without quotes"
    return "write decimal digits only, such as 90 or 2.5 (the unit goes in `unit`)"


def _type_message(kind: str, error: Any, info: FieldInfo | None) -> tuple[str, str | None]:
    got = error.get("input")
    if kind == "string_type" and info is not None and is_date(info):
        hint = f'put it in quotes: "{got}"' if isinstance(got, int) else None
        return f'expected a date as text, such as "2026-07" (got {got!r})', hint
    if kind == "string_type":
        hint = f'put it in quotes: "{got}"' if isinstance(got, int | float | bool) else None
        return f"expected text (got {got!r})", hint
    if kind in ("int_type", "float_type", "int_from_float"):
        whole = kind != "float_type" and (info is None or info.annotation is int)
        return f"expected a {'whole ' if whole else ''}number (got {got!r})", _number_hint(got)
    if kind == "bool_type":
        return f"expected true or false (got {got!r})", None
    if kind == "list_type":
        return f"expected a list (got {got!r})", "write each item on its own line after '- '"
    if kind == "model_type" and error.get("ctx", {}).get("class_name") == "Text":
        example = got if isinstance(got, str) else "中文"
        return f"expected bilingual text {{zh: …, en: …}} (got {got!r})", (
            f"write {{zh: {example}, en: English}}"
        )
    if kind in ("model_type", "dict_type"):
        return f"expected a mapping of fields (got {got!r})", None
    return f"{error['msg'][0].lower()}{error['msg'][1:]} (got {got!r})", None


def describe(error: Any, root: type[BaseModel]) -> tuple[str, str | None]:
    """A message and hint for one pydantic error on a ``root`` record."""
    kind = error["type"]
    loc = error["loc"]
    info = field_at(root, loc)
    if kind == "extra_forbidden":
        return _unknown_field(root, loc, error.get("input"))
    if kind == "missing":
        hint = "write null when the source does not say" if info and is_nullable(info) else None
        return "required field is missing", hint
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        message, hint = _PATTERNS.get(pattern, (f"does not match {pattern}", None))
        if pattern == fields.DATE_PATTERN:
            hint = hints.date_hint(error["input"]) or hint
        return f"{error['input']!r} {message}", hint
    if kind == "value_error":
        return str(error["ctx"]["error"]), None
    if kind == "too_short":
        return f"needs at least {error['ctx']['min_length']} item(s)", None
    if kind == "string_too_short":
        return "must not be empty", "write null if the field allows it, or delete the field"
    if kind == "string_too_long":
        return f"is longer than {error['ctx']['max_length']} characters", None
    if kind == "literal_error":
        hint = hints.comparator_hint(error["input"]) if loc and loc[-1] == "comparator" else None
        return f"{error['input']!r} is not one of: {error['ctx']['expected']}", hint
    return _type_message(kind, error, info)
