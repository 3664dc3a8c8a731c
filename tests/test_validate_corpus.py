"""`atlas validate` against a corpus of broken and tricky inputs, one case a file.

Each file in fixtures/invalid/ is dropped into a copy of the fixture atlas (as the
region file or the codebook its expect line names) and must fail with the expected
`path:line:col: field.path: message`; each file in fixtures/valid/ must pass. Cases
that need bytes no text file should hold (bad UTF-8, control characters) are made here.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from generator.cli import main
from generator.load import limits
from tests.validation_support import HESHUI, TESTS, case_content, make_atlas, parse_report

INVALID = TESTS / "fixtures" / "invalid"
VALID = TESTS / "fixtures" / "valid"
_EXPECT = re.compile(
    r"^# expect(?P<strict> --strict)?: (?P<suffix>[^:]+):(?P<line>\d+):(?P<col>\d+): "
    r"(?P<field>[^:]+?): (?P<fragment>.+)$"
)


@dataclass(frozen=True)
class Case:
    """A data file and the one problem it must produce."""

    name: str
    target: str  # where it goes in the data folder: regions/heshui.yaml, themes.yaml …
    content: bytes
    line: int
    column: int
    field: str
    fragment: str
    strict: bool = False  # a warning: reported as an error with --strict
    prepare: Callable[[Path], None] | None = None  # changes the data folder instead
    source: Path | None = None  # a synthetic source text beside the case (<name>.txt)


def _file_case(path: Path) -> Case:
    content = case_content(path)
    match = _EXPECT.match(content.decode("utf-8").split("\n")[0])
    assert match, f"{path.name}: the first line must be '# expect: path:line:col: field: text'"
    return Case(
        path.stem,
        match["suffix"],
        content,
        int(match["line"]),
        int(match["col"]),
        match["field"],
        match["fragment"],
        strict=bool(match["strict"]),
        source=path.with_suffix(".txt") if path.with_suffix(".txt").exists() else None,
    )


def _byte_cases() -> list[Case]:
    """Cases made of bytes: positions are computed from the text they are put in."""
    base = (VALID / "plain-scalars-stay-strings.yaml").read_text(encoding="utf-8")
    lines = base.split("\n")
    name_line = next(i for i, text in enumerate(lines) if text.startswith("name: {zh: 合水县"))
    prefix = "name: {zh: 合"

    def with_bytes(insert: bytes) -> bytes:
        edited = lines.copy()
        edited[name_line] = edited[name_line].replace(prefix, "\0", 1)
        head, tail = "\n".join(edited).encode("utf-8").split(b"\0", 1)
        return head + prefix.encode("utf-8") + insert + tail

    gbk = base.encode("gb18030")
    first_chinese = next(i for i, text in enumerate(lines) if not text.isascii())
    gbk_column = next(i for i, ch in enumerate(lines[first_chinese]) if not ch.isascii()) + 1
    where = ("regions/heshui.yaml", name_line + 1, len(prefix) + 1, "<document>")
    return [
        Case(
            "bytes-invalid-utf8",
            where[0],
            with_bytes(b"\xff\xfe"),
            *where[1:],
            "invalid UTF-8 byte 0xff",
        ),
        Case(
            "bytes-truncated-utf8-sequence",
            where[0],
            with_bytes(b"\xe6\xb0"),
            *where[1:],
            "invalid UTF-8 byte 0xe6",
        ),
        Case(
            "bytes-file-saved-as-gbk",
            "regions/heshui.yaml",
            gbk,
            first_chinese + 1,
            gbk_column,
            "<document>",
            "the file looks like GBK",
        ),
        Case(
            "bytes-control-character",
            where[0],
            with_bytes(b"\x07"),
            *where[1:],
            "control character U+0007",
        ),
        Case("bytes-nul", where[0], with_bytes(b"\x00"), *where[1:], "control character U+0000"),
        Case(  # the first ten are listed, the rest counted where the eleventh stands
            "bytes-many-control-characters",
            where[0],
            with_bytes(b"\x07" * 11),
            where[1],
            where[2] + 10,
            where[3],
            "1 more forbidden character(s)",
        ),
    ]


def _limit_cases() -> list[Case]:
    """Cases past a limit of the loader (:mod:`generator.load.limits`), too large to write
    as a patch: each is reported where the limit is passed, and nothing after it is read."""
    lines = HESHUI.read_text(encoding="utf-8").split("\n")

    def edited(line: int, *new: str, drop: int = 1) -> bytes:
        """The fixture region with ``drop`` lines from ``line`` (1-based) replaced by ``new``."""
        return "\n".join([*lines[: line - 1], *new, *lines[line - 1 + drop :]]).encode("utf-8")

    region = "regions/heshui.yaml"
    depth, items, chars, key = limits.MAX_DEPTH, limits.MAX_ITEMS, limits.MAX_STRING, limits.MAX_KEY
    deep = ["notes:"] + [f"{'  ' * level}- a:" for level in range(1, depth + 2)]
    return [
        Case(  # each "- a:" nests two levels: the mapping at depth 32 is refused where it starts
            "limit-nested-too-deep",
            region,
            edited(len(lines), *deep, drop=0),
            len(lines) + depth // 2,
            depth + 3,
            "notes.0.a.0.a.0.a.0",  # the field path is cut to its first eight parts
            f"nested more than {depth} levels deep",
        ),
        Case(
            "limit-too-many-items",
            region,
            edited(len(lines), "notes:", *["  - {zh: 注, en: note}"] * (items + 1), drop=0),
            len(lines) + 1 + items,
            5,
            f"notes.{items}",
            f"more than {items:,} items in one list",
        ),
        Case(
            "limit-value-too-long",
            region,
            edited(51, "    quote: " + "率" * (chars + 1)),
            51,
            12,
            "goals.1.quote",
            f"a value of {chars + 1:,} characters, more than the limit of {chars:,}",
        ),
        Case(
            "limit-key-too-long",
            region,
            edited(22, "    " + "n" * (key + 1) + ": null", lines[21]),
            22,
            5,
            "documents.0",
            f"is longer than {key} characters",
        ),
        Case(
            "limit-brackets-nested-too-deep",  # refused before parsing, at the bracket
            region,
            edited(7, "parent: " + "[" * (depth + 1) + "]" * (depth + 1)),
            7,
            len("parent: ") + depth + 1,
            "<document>",
            f"brackets nested more than {depth} levels deep",
        ),
    ]


def _source(data: Path) -> Path:
    return data / "sources" / "heshui" / "implementation-plan.txt"


def _quote_twice(data: Path) -> None:
    first_quote = (data / "regions" / "heshui.yaml").read_text(encoding="utf-8")
    quote = first_quote.split("\n    quote: ", 1)[1].split("\n", 1)[0]
    with _source(data).open("a", encoding="utf-8") as text:
        text.write(f"\n{quote}\n")


def _glossary(term: str) -> Callable[[Path], None]:
    """A data folder whose glossary holds one term."""

    def write(data: Path) -> None:
        (data / "glossary.yaml").write_text(f"- {term}\n", encoding="utf-8")

    return write


_NOTICE = "moe-notice-ai-education-2024"


def _citing(*quotes: str) -> Callable[[Path], None]:
    """A data folder with one referenced document, which the region's document cites once
    for each of ``quotes``."""

    def write(data: Path) -> None:
        (data / "referenced-documents.yaml").write_text(
            f"- id: {_NOTICE}\n"
            "  title: {zh: 教育部办公厅关于加强中小学人工智能教育的通知, en: Notice}\n"
            "  number: 教基厅函〔2024〕32号\n"
            "  issuer: {zh: 教育部办公厅, en: General Office of the Ministry of Education}\n"
            '  level: national\n  date: "2024-11"\n',
            encoding="utf-8",
        )
        region = data / "regions" / "heshui.yaml"
        cites = "".join(
            f"      - document: {_NOTICE}\n        relation: implements\n        quote: {quote}\n"
            for quote in quotes
        )
        text = region.read_text(encoding="utf-8")
        line = "    text: implementation-plan.txt\n"
        region.write_text(text.replace(line, f"{line}    cites:\n{cites}", 1), encoding="utf-8")

    return write


def _layout_cases() -> list[Case]:
    """Cases made by changing the data folder: sources, file names, the folder itself."""
    text_at = ("regions/heshui.yaml", 21, 11, "documents.0.text")

    def case(name: str, where: tuple[str, int, int, str], fragment: str, **kw: Any) -> Case:
        return Case(name, where[0], b"", *where[1:], fragment, **kw)

    return [
        case(
            "source-not-utf8",  # reported in the source itself, line by line, as for YAML
            ("sources/heshui/implementation-plan.txt", 1, 1, "<document>"),
            "invalid UTF-8 byte 0xff",
            prepare=lambda d: _source(d).write_bytes(b"\xff\xfe"),
        ),
        case(
            "source-byte-order-mark",  # removed, with a warning at the mark
            ("sources/heshui/implementation-plan.txt", 1, 1, "<document>"),
            "a byte-order mark (U+FEFF) starts the file; it was removed",
            strict=True,
            prepare=lambda d: _source(d).write_bytes(b"\xef\xbb\xbf" + _source(d).read_bytes()),
        ),
        case(
            "source-empty",
            text_at,
            "implementation-plan.txt is empty",
            strict=True,
            prepare=lambda d: _source(d).write_bytes(b""),
        ),
        case(
            "source-quote-twice",
            ("regions/heshui.yaml", 38, 12, "goals.0.quote"),
            "quote occurs 2 times in document 'implementation-plan'",
            strict=True,
            prepare=_quote_twice,
        ),
        case(
            "region-file-not-yaml",
            ("regions/extra.yml", 1, 1, "<document>"),
            "a region file must end in .yaml",
            prepare=lambda d: shutil.copy(d / "regions/heshui.yaml", d / "regions/extra.yml"),
        ),
        case(
            "region-id-used-twice",
            ("regions/heshui.yaml", 3, 5, "id"),
            "region id 'heshui' is already used by",
            prepare=lambda d: shutil.copy(
                d / "regions/heshui.yaml", d / "regions/heshui-copy.yaml"
            ),
        ),
        case(
            "no-region-files",
            ("regions", 1, 1, "<document>"),
            "no region files found",
            prepare=lambda d: (d / "regions" / "heshui.yaml").unlink(),
        ),
        case(
            "problems-beyond-the-limit-are-counted",
            ("levels.yaml", 67, 3, "<document>"),
            "250 more problems from here on",
            prepare=lambda d: (d / "levels.yaml").write_text(
                "".join(f"- {{id: l{n}}}\n" for n in range(150)), encoding="utf-8"
            ),
        ),
        case(
            "data-folder-missing",
            ("data", 1, 1, "<document>"),
            "data folder not found",
            prepare=shutil.rmtree,
        ),
        case(
            "citation-quote-without-title-or-number",
            ("regions/heshui.yaml", 25, 16, "documents.0.cites.0.quote"),
            f"the quote names neither the title nor the number of '{_NOTICE}'",
            prepare=_citing("等文件要求"),
        ),
        case(
            "citation-twice",
            ("regions/heshui.yaml", 26, 19, "documents.0.cites.1.document"),
            f"'{_NOTICE}' is cited twice by document 'implementation-plan'",
            prepare=_citing(*["《教育部办公厅关于加强中小学人工智能教育的通知》"] * 2),
        ),
        case(
            "glossary-avoided-rendering",
            ("regions/heshui.yaml", 32, 11, "goals.0.statement.en"),
            "'pilot school' for 试点校: the glossary's term is 'model school'",
            prepare=_glossary("{zh: [试点校], en: model school, avoid: [pilot school]}"),
        ),
        case(
            "glossary-term-missing",
            ("regions/heshui.yaml", 32, 11, "goals.0.statement.en"),
            "试点校 is 'trial school' in the glossary, not found in the English",
            prepare=_glossary("{zh: [试点校], en: trial school}"),
            strict=True,
        ),
    ]


CASE_FILES = sorted([*INVALID.glob("*.case"), *INVALID.glob("*.yaml")])
CASES = [
    *[_file_case(path) for path in CASE_FILES],
    *_byte_cases(),
    *_limit_cases(),
    *_layout_cases(),
]
VALID_CASES = sorted(VALID.glob("*.yaml"))


def drop_in(tmp_path: Path, case: Case) -> Path:
    """A copy of the fixture atlas with ``case`` in it."""
    data = make_atlas(tmp_path)
    if case.prepare is not None:
        case.prepare(data)
    else:
        (data / case.target).write_bytes(case.content)
    if case.source is not None:
        shutil.copy(case.source, data / "sources" / "heshui" / case.source.name)
    return data


def _drop_in(tmp_path: Path, target: str, content: bytes, extra_source: Path | None = None) -> Path:
    data = make_atlas(tmp_path)
    (data / target).write_bytes(content)
    if extra_source is not None:
        shutil.copy(extra_source, data / "sources" / "heshui" / extra_source.name)
    return data


def _validate(data: Path, *options: str) -> Result:
    return CliRunner().invoke(main, ["validate", "--data", str(data), *options])


def _no_crash(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"the validator crashed: {result.exception!r}\n{result.output}"
    )
    assert "Traceback" not in result.output


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_invalid_input_is_reported_where_it_is(tmp_path: Path, case: Case) -> None:
    result = _validate(drop_in(tmp_path, case), *(["--strict"] if case.strict else []))
    _no_crash(result)
    assert result.exit_code == 1, result.output
    reported = parse_report(result.output)
    at_place = [
        p
        for p in reported
        if p.path.endswith(case.target)
        and (p.line, p.column, p.field) == (case.line, case.column, case.field)
    ]
    assert at_place, (
        f"expected {case.target}:{case.line}:{case.column}: {case.field}: "
        f"…{case.fragment}…\ngot:\n{result.output}"
    )
    assert any(case.fragment in p.message for p in at_place), result.output
    assert "nothing was changed" in result.output


@pytest.mark.parametrize("path", VALID_CASES, ids=[p.stem for p in VALID_CASES])
def test_valid_edge_cases_pass(tmp_path: Path, path: Path) -> None:
    source = path.with_suffix(".txt")
    data = _drop_in(
        tmp_path, "regions/heshui.yaml", path.read_bytes(), source if source.exists() else None
    )
    result = _validate(data)
    _no_crash(result)
    assert result.exit_code == 0, result.output
    assert "ok: 1 regions" in result.output


@pytest.mark.parametrize(
    "prefix,line_end",
    [(b"\xef\xbb\xbf", b"\n"), (b"", b"\r\n")],
    ids=["byte-order-mark", "windows-line-endings"],
)
def test_a_byte_order_mark_or_windows_line_endings_are_fine(
    tmp_path: Path, prefix: bytes, line_end: bytes
) -> None:
    text = (VALID / "plain-scalars-stay-strings.yaml").read_bytes()
    data = _drop_in(tmp_path, "regions/heshui.yaml", prefix + text.replace(b"\n", line_end))
    assert _validate(data).exit_code == 0


def test_no_traceback_from_the_installed_command(tmp_path: Path, atlas_command: Path) -> None:
    """The real console script, as an editor runs it: exit 1 and no traceback, every case."""

    def run(case: Case) -> tuple[str, subprocess.CompletedProcess[str]]:
        data = drop_in(tmp_path / case.name, case)
        done = subprocess.run(
            [str(atlas_command), "validate", "--data", str(data), *(["--strict"] * case.strict)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        return case.name, done

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(run, CASES))
    for name, done in results:
        assert done.returncode == 1, f"{name}: exit {done.returncode}\n{done.stderr}"
        assert "Traceback" not in done.stderr + done.stdout, f"{name}:\n{done.stderr}"
        assert parse_report(done.stderr), f"{name}: no located problem\n{done.stderr}"


SEVERAL_MISTAKES = {
    # (old, new) in the fixture region, and where each mistake must be reported
    ('    deadline: "2026-07"\n    quote: 到', '    deadine: "2026-07"\n    quote: 到'): (
        37,
        5,
        "goals.0.deadine",
        "unknown field 'deadine'",
    ),
    ("教师账号活跃率超 90%\n", "教师账号活跃率超过 90%\n"): (
        51,
        12,
        "goals.1.quote",
        "quote not found",
    ),
    ("      value_max: 2,\n", "      value_max: 3,\n"): (
        61,
        18,
        "goals.2.target.value_max",
        "3 does not occur in the quote",
    ),
    ('    start: "2025-08"\n    end: "2025-08"', '    start: "2025-08"\n    end: "2025-31"'): (
        71,
        10,
        "phases.0.end",
        "'2025-31' is not a real date",
    ),
    ("    theme: teaching\n", "    theme: teach\n"): (
        96,
        12,
        "measures.0.theme",
        "unknown theme 'teach'",
    ),
    ("    goals: [pilot-schools]", "    goals: [pilot-schools, pilot-schools-2]"): (
        106,
        28,
        "measures.0.goals.1",
        "unknown goal 'pilot-schools-2'",
    ),
    ("    phases: [implementation]\n", "    phases: [implementation]\n    phases: [review]\n"): (
        108,
        5,
        "measures.0.phases",
        "duplicate key 'phases' (first on line 107, again on line 108)",
    ),
}


def test_every_problem_of_a_file_is_reported_in_one_run(tmp_path: Path) -> None:
    """Loader, model and cross-record problems together: a goal and a phase that fail the
    model do not hide the misquoted goal or the measure's unknown theme and goal."""
    text = case_content(INVALID / "unknown-theme.case").decode("utf-8")
    text = text.replace("    theme: pilot\n", "    theme: pilots\n")  # back to valid
    for old, new in SEVERAL_MISTAKES:
        assert old in text, old
        text = text.replace(old, new, 1)
    result = _validate(_drop_in(tmp_path, "regions/heshui.yaml", text.encode("utf-8")))
    _no_crash(result)
    assert result.exit_code == 1
    reported = parse_report(result.output)
    for line, column, field, fragment in SEVERAL_MISTAKES.values():
        assert any(
            (r.line, r.column, r.field) == (line, column, field) and fragment in r.message
            for r in reported
        ), f"missing {line}:{column}: {field}: {fragment}\n{result.output}"
    # and nothing else but the deadline the misspelt key leaves missing
    assert len(reported) == len(SEVERAL_MISTAKES) + 1, result.output
    assert any(r.field == "goals.0.deadline" for r in reported)


def test_json_format_lists_every_problem_with_its_place(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == "unknown-theme")
    result = _validate(_drop_in(tmp_path, case.target, case.content), "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert [(p["line"], p["column"], p["field"], p["severity"]) for p in problems] == [
        (case.line, case.column, case.field, "error")
    ]
    assert problems[0]["path"].endswith("regions/heshui.yaml")
    assert problems[0]["hint"] == "did you mean 'pilots'?"


def test_github_format_annotates_the_line(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == "target-not-in-quote")
    result = _validate(_drop_in(tmp_path, case.target, case.content), "--format", "github")
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert len(lines) == 1
    head, message = lines[0].split("::", 2)[1:]
    assert head.startswith("error file=") and head.endswith(f",line={case.line},col={case.column}")
    assert message.startswith("goals.1.target.value: 95 does not occur in the quote")
    # a % would start an escape in a workflow command: it must be written %25
    assert "全覆盖 for 100%25" in message and "100%)" not in message


def test_strict_turns_warnings_into_errors(tmp_path: Path) -> None:
    path = VALID / "plain-scalars-stay-strings.yaml"  # one name without English
    data = _drop_in(tmp_path, "regions/heshui.yaml", path.read_bytes())
    relaxed = _validate(data)
    assert relaxed.exit_code == 0
    assert "phases.2.name: warning: no English text" in relaxed.output
    strict = _validate(data, "--strict")
    assert strict.exit_code == 1
    assert [(p.field, p.message) for p in parse_report(strict.output)] == [
        (
            "phases.2.name",
            "no English text (hint: add `en:`; the site shows the Chinese "
            "marked 'not yet translated')",
        )
    ]
    assert "1 error(s), 0 warning(s)" in strict.output


def test_a_region_file_ending_in_yml_is_not_skipped_silently(tmp_path: Path) -> None:
    data = make_atlas(tmp_path)
    shutil.copy(VALID / "plain-scalars-stay-strings.yaml", data / "regions" / "suixi.yml")
    result = _validate(data)
    assert result.exit_code == 1
    assert any(
        p.path.endswith("regions/suixi.yml") and "must end in .yaml" in p.message
        for p in parse_report(result.output)
    )


def test_a_missing_data_folder_is_one_clear_problem(tmp_path: Path) -> None:
    result = _validate(tmp_path / "nowhere")
    _no_crash(result)
    assert result.exit_code != 0
    assert "nowhere" in result.output
