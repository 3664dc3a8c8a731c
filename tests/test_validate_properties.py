"""Property-based tests: random mutations of a valid region file.

Whatever an editor does to a region file (deletes a key, changes a type, adds an
unknown key, writes junk for a date, copies an id, mangles the YAML text or its
bytes), the validator answers with problems or success, never a crash, and every
problem it reports points at a real line of the file. Mutations that must be caught
are caught where they are.
"""

from __future__ import annotations

import copy
import os
import re
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import Problem, ValidationFailed
from generator.load import model as m
from generator.load.characters import NOT_ALLOWED_IN_FILE
from generator.load.loader import load_yaml
from generator.load.validate import load_atlas
from tests.validation_support import HESHUI, make_atlas

Path_ = tuple[str | int, ...]
# ATLAS_PROPERTY_EXAMPLES=5000 for a longer hunt than the test suite's
SETTINGS = settings(
    max_examples=int(os.environ.get("ATLAS_PROPERTY_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
DATE_FIELDS = {"reviewed", "published", "start", "end", "deadline", "as_of", "date"}
RECORD_LISTS = ("goals", "status", "phases", "measures")


def _base_region() -> Any:
    loaded = load_yaml(HESHUI, "heshui.yaml", dict, [])
    assert loaded is not None
    return loaded.data


BASE = _base_region()


def _paths(node: Any, here: Path_ = ()) -> list[Path_]:
    """Every path to a value in the data, the root excluded."""
    found: list[Path_] = []
    children: list[tuple[str | int, Any]] = (
        list(node.items())
        if isinstance(node, dict)
        else list(enumerate(node))
        if isinstance(node, list)
        else []
    )
    for key, child in children:
        found.append((*here, key))
        found.extend(_paths(child, (*here, key)))
    return found


PATHS = _paths(BASE)
KEY_PATHS = [p for p in PATHS if isinstance(p[-1], str)]


def _get(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


MAPPING_PATHS = [(), *(p for p in PATHS if isinstance(_get(BASE, p), dict))]
DATE_PATHS = [p for p in KEY_PATHS if p[-1] in DATE_FIELDS]
ID_PATHS = [p for p in PATHS if p[-1] == "id" and len(p) > 1 and p[0] in RECORD_LISTS]

EXTREMES = st.sampled_from(
    [
        10**400,
        -(10**400),
        1e308,
        float("inf"),
        float("nan"),
        -0.0,
        "1.0e400",
        "0x1F",
        "1_000",
        "٣",
        "１２",
        ".inf",
    ]
)
ANY_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | EXTREMES,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(min_size=1, max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_atlas(tmp_path_factory.mktemp("properties"))


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200)


def _validate(data_dir: Path, content: bytes) -> list[Problem]:
    """Validate with the region file holding ``content``: problems, or [] on success.

    Any exception but ValidationFailed propagates and fails the test."""
    target = data_dir / "regions" / "heshui.yaml"
    target.write_bytes(content)
    try:
        load_atlas(data_dir)
    except ValidationFailed as exc:
        problems = exc.problems
    else:
        return []
    lines = content.count(b"\n") + 1
    for problem in problems:
        assert problem.path.endswith("regions/heshui.yaml"), problem
        assert 1 <= problem.line <= lines, problem
        assert problem.column >= 1, problem
        assert problem.message, problem
    return problems


def _field(path: Path_) -> str:
    return ".".join(str(part) for part in path)


def test_the_unmutated_region_is_valid(data_dir: Path) -> None:
    assert _validate(data_dir, _dump(BASE).encode("utf-8")) == []


@SETTINGS
@given(path=st.sampled_from(KEY_PATHS))
def test_deleting_a_key(data_dir: Path, path: Path_) -> None:
    data = copy.deepcopy(BASE)
    del _get(data, path[:-1])[path[-1]]
    problems = _validate(data_dir, _dump(data).encode("utf-8"))
    owner = _model_of(path[:-1])
    if owner is not None and owner.model_fields[str(path[-1])].is_required():
        assert any(
            p.field == _field(path) and p.message == "required field is missing" for p in problems
        ), problems
    assert all(p.field for p in problems), problems


@SETTINGS
@given(path=st.sampled_from(PATHS), value=ANY_VALUE)
def test_changing_a_value_or_its_type(data_dir: Path, path: Path_, value: Any) -> None:
    data = copy.deepcopy(BASE)
    _get(data, path[:-1])[path[-1]] = value
    problems = _validate(data_dir, _dump(data).encode("utf-8"))
    assert all(p.field or "key" in p.message for p in problems), problems


@SETTINGS
@given(
    path=st.sampled_from(MAPPING_PATHS), key=st.from_regex(r"\Ax[a-z_]{0,10}\Z"), value=ANY_VALUE
)
def test_an_unknown_key_is_named(data_dir: Path, path: Path_, key: str, value: Any) -> None:
    data = copy.deepcopy(BASE)
    _get(data, path)[key] = value
    problems = _validate(data_dir, _dump(data).encode("utf-8"))
    assert any(
        p.field == _field((*path, key)) and f"unknown field '{key}'" in p.message for p in problems
    ), problems


@SETTINGS
@given(
    path=st.sampled_from(DATE_PATHS),
    # a forbidden character is reported where it stands, and made a space, which can make
    # the junk a syntax error ("-" then a space): the attack cases (raw-bidi-...) cover those
    junk=st.text(max_size=12).filter(
        lambda s: not re.fullmatch(r"\d{4}(-\d{2}){0,2}", s) and not NOT_ALLOWED_IN_FILE.search(s)
    ),
)
def test_junk_for_a_date_is_reported_at_the_date(data_dir: Path, path: Path_, junk: str) -> None:
    data = copy.deepcopy(BASE)
    _get(data, path[:-1])[path[-1]] = junk
    problems = _validate(data_dir, _dump(data).encode("utf-8"))
    assert any(p.field == _field(path) for p in problems), problems


@SETTINGS
@given(pair=st.lists(st.sampled_from(ID_PATHS), min_size=2, max_size=2, unique=True))
def test_a_copied_id_is_a_duplicate(data_dir: Path, pair: list[Path_]) -> None:
    data = copy.deepcopy(BASE)
    first, second = pair
    record_id = _get(data, first)
    _get(data, second[:-1])["id"] = record_id
    problems = _validate(data_dir, _dump(data).encode("utf-8"))
    assert any(
        f"duplicate id '{record_id}'" in p.message and p.field.endswith(".id") for p in problems
    ), problems


YAML_NOISE = st.sampled_from([*"\t:-{}[]\"'&*!#|>%@` \n,?", "中", "\u3000", "  ", "- "])


@SETTINGS
@given(
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 3), YAML_NOISE), min_size=1, max_size=4
    )
)
def test_corrupted_yaml_text(data_dir: Path, edits: list[tuple[float, int, str]]) -> None:
    text = _dump(BASE)
    for where, removed, noise in edits:
        at = int(where * len(text))
        text = text[:at] + noise + text[at + removed :]
    _validate(data_dir, text.encode("utf-8"))


@SETTINGS
@given(
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=3)), min_size=1, max_size=3
    )
)
def test_corrupted_bytes(data_dir: Path, edits: list[tuple[float, bytes]]) -> None:
    raw = _dump(BASE).encode("utf-8")
    for where, noise in edits:
        at = int(where * len(raw))
        raw = raw[:at] + noise + raw[at:]
    _validate(data_dir, raw)


def _model_in(annotation: Any) -> type[m.Strict] | None:
    if isinstance(annotation, type) and issubclass(annotation, m.Strict):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _model_of(path: Path_) -> type[m.Strict] | None:
    """The model of the record at ``path`` in a region (list indexes skipped)."""
    current: type[m.Strict] | None = m.Region
    for part in path:
        if isinstance(part, str) and current is not None:
            current = _model_in(current.model_fields[part].annotation)
    return current
