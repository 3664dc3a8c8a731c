"""A loaded file checked against a model: pydantic's errors as located, plain problems.

:func:`validate_model` validates the data at a path of a :class:`LoadedFile` against a
record class and turns each error into a :class:`Problem` at the field's line and column,
worded by :mod:`generator.load.messages`; :func:`with_name_hints` tells an editor who wrote
a codebook entry's name (教师人工智能素养与队伍) where its id belongs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import Problem
from generator.load import hints, limits
from generator.load.loader import LoadedFile, Loc
from generator.load.messages import describe, model_at

T = TypeVar("T", bound=BaseModel)


def _clean_loc(
    loaded: LoadedFile, root: type[BaseModel], base: Loc, loc: Sequence[str | int]
) -> Loc:
    """The data path of an error: pydantic's union-member tags (``int``, ``float``) dropped,
    a missing field kept by name."""
    clean: list[str | int] = []
    for part in loc:
        candidate = (*base, *clean, part)
        if candidate in loaded.values or candidate in loaded.keys:
            clean.append(part)
            continue
        owner = model_at(root, clean)
        if isinstance(part, str) and owner is not None and part in owner.model_fields:
            clean.append(part)
    return (*base, *clean)


def model_problems(
    loaded: LoadedFile, exc: ValidationError, root: type[BaseModel], base: Loc = ()
) -> list[Problem]:
    """Turn pydantic's errors on a ``root`` record at ``base`` into located problems,
    one per field."""
    seen: dict[Loc, Problem] = {}
    errors = exc.errors()
    for error in errors[: limits.MAX_PROBLEMS_PER_FILE]:  # describing one costs time
        loc = _clean_loc(loaded, root, base, error["loc"])
        if loc in seen:
            continue  # one problem a field (a number field reports int and float)
        message, hint = describe(error, root)
        line, column = loaded.position(loc, key=error["type"] == "extra_forbidden")
        field_path = ".".join(str(p) for p in loc)
        seen[loc] = Problem(loaded.display, line, column, field_path, message, hint=hint)
    for error in errors[limits.MAX_PROBLEMS_PER_FILE :]:  # counted, not described
        loc = (*base, *error["loc"])
        line, column = loaded.position(loc)
        key = (*loc, "…")
        seen[key] = Problem(loaded.display, line, column, ".".join(map(str, loc)), error["msg"])
    return list(seen.values())


def validate_model(
    loaded: LoadedFile, cls: type[T], problems: list[Problem], base: Loc = ()
) -> T | None:
    data = loaded.data
    for part in base:
        data = data[part]
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        problems.extend(model_problems(loaded, exc, cls, base))
        return None


_NAMED_FIELDS = {
    "theme": ("themes", "theme"),
    "indicator": ("indicators", "indicator"),
    "level": ("levels", "level"),
    "kind": ("document_kinds", "document kind"),
}


def with_name_hints(
    problems: list[Problem], loaded: LoadedFile, names: dict[str, dict[str, str]]
) -> list[Problem]:
    """A codebook field given by the entry's name (theme: 教师人工智能素养与队伍) is told
    the entry's id."""
    out = []
    for problem in problems:
        last = problem.field.rsplit(".", 1)[-1]
        if last in _NAMED_FIELDS and problem.message.endswith("is not an id"):
            book, what = _NAMED_FIELDS[last]
            hint = hints.name_hint(_value_at(loaded.data, problem.field), names.get(book, {}), what)
            if hint is not None:
                problem = replace(problem, hint=hint)
        out.append(problem)
    return out


def _value_at(data: Any, field_path: str) -> Any:
    for part in field_path.split("."):
        if isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        elif isinstance(data, dict) and part in data:
            data = data[part]
        else:
            return None
    return data
