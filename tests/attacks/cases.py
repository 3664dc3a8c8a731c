"""The attack corpus: one small builder per case, each making a hostile or careless input.

A case gets a fresh project folder (``project``: ``data/`` is a copy of the small fixture
atlas, and the current folder when the command runs) and returns the ``atlas`` arguments
to run and a piece of the message the command must print. Every case must end in exit
status 1 with that message, no traceback, within the time limit, and leave ``data/``
byte-identical (tests/test_attacks.py checks all four); ``scripts/attack_costs.py``
measures each case's time and peak memory.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
REGION = "heshui"  # the fixture region the cases tamper with
SOURCE = "implementation-plan.txt"
HEAD = (
    "id: heshui\nname: {zh: 合水县, en: Heshui County}\nlevel: county\n"
    'parent: []\nreviewed: "2026-11-25"\n'
)


@dataclass(frozen=True)
class Case:
    """What a case runs and what it must print (a piece of standard error)."""

    args: list[str]
    expect: str


Builder = Callable[[Path], Case]
CASES: dict[str, Builder] = {}


def case(name: str) -> Callable[[Builder], Builder]:
    def register(builder: Builder) -> Builder:
        CASES[name] = builder
        return builder

    return register


def region_file(project: Path) -> Path:
    return project / "data" / "regions" / f"{REGION}.yaml"


def source_file(project: Path) -> Path:
    return project / "data" / "sources" / REGION / SOURCE


def replace_region(project: Path, body: str) -> None:
    """The region file written anew: a valid head, then ``body``."""
    region_file(project).write_text(HEAD + body, encoding="utf-8")


def edit_region(project: Path, old: str, new: str) -> None:
    path = region_file(project)
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the fixture no longer holds {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def link_source(project: Path, target: Path) -> None:
    source_file(project).unlink()
    source_file(project).symlink_to(target)


# --- file disclosure -------------------------------------------------------------------


@case("source-links-to-etc-passwd")
def _(project: Path) -> Case:
    link_source(project, Path("/etc/passwd"))
    return Case(["validate"], "link that leads outside")


@case("source-links-to-proc-environ")
def _(project: Path) -> Case:
    link_source(project, Path("/proc/self/environ"))
    return Case(["build", "--out", "site"], "link that leads outside")


@case("source-links-to-a-file-outside-the-repository")
def _(project: Path) -> Case:
    secret = project.parent / "secret.txt"
    secret.write_text("NETLIFY_AUTH_TOKEN=s3cret", encoding="utf-8")
    link_source(project, secret)
    return Case(["build", "--out", "site"], "link that leads outside")


@case("source-links-to-another-regions-source")
def _(project: Path) -> Case:
    link_source(project, project / "data" / "sources" / "suixi" / "reply-to-proposal-20.txt")
    return Case(["validate"], "link that leads outside")


@case("source-folder-is-a-symlink")
def _(project: Path) -> Case:
    folder = project / "data" / "sources" / REGION
    outside = project.parent / "outside-sources"
    folder.rename(outside)
    folder.symlink_to(outside, target_is_directory=True)
    return Case(["validate"], f"sources/{REGION}/ is a link")


@case("sources-root-is-a-symlink-to-proc")
def _(project: Path) -> Case:
    sources = project / "data" / "sources"
    sources.rename(project.parent / "moved-sources")
    sources.symlink_to("/proc", target_is_directory=True)
    return Case(["validate"], "is a link that leads outside")


@case("source-is-a-folder")
def _(project: Path) -> Case:
    source_file(project).unlink()
    source_file(project).mkdir()
    return Case(["validate"], "is not a regular file")


@case("region-file-links-outside")
def _(project: Path) -> Case:
    outside = project.parent / "outside.yaml"
    outside.write_text(region_file(project).read_text(encoding="utf-8"), encoding="utf-8")
    region_file(project).unlink()
    region_file(project).symlink_to(outside)
    return Case(["validate"], "link that leads outside")


@case("new-region-through-a-dangling-symlink")
def _(project: Path) -> Case:
    (project / "data" / "regions" / "newplace.yaml").symlink_to(project.parent / "made.yaml")
    return Case(["new", "region", "newplace"], "is a symbolic link")


@case("new-region-source-through-a-dangling-symlink")
def _(project: Path) -> Case:
    folder = project / "data" / "sources" / "newplace"
    folder.mkdir()
    (folder / "plan.txt").symlink_to(project.parent / "made.txt")
    return Case(["new", "region", "newplace"], "not a plain file")


@case("new-region-source-folder-links-outside")
def _(project: Path) -> Case:
    (project / "data" / "sources" / "newplace").symlink_to(
        project.parent / "nowhere", target_is_directory=True
    )
    return Case(["new", "region", "newplace"], "leads outside")


# --- data loss -------------------------------------------------------------------------


def _out_case(where: Callable[[Path], Path], expect: str) -> Builder:
    def build(project: Path) -> Case:
        return Case(["build", "--out", str(where(project))], expect)

    return build


PROTECTED_OUTS: dict[str, Callable[[Path], Path]] = {
    "the-project-folder": lambda p: p,
    "data": lambda p: p / "data",
    "data-regions": lambda p: p / "data" / "regions",
    "the-repository-root": lambda p: REPO,
    "templates": lambda p: REPO / "templates",
    "assets": lambda p: REPO / "assets",
    "schema": lambda p: REPO / "schema",
    "tests": lambda p: REPO / "tests",
    "tests-golden": lambda p: REPO / "tests" / "golden",
    "git": lambda p: REPO / ".git",
    "data-through-a-symlink": lambda p: _link(p / "alias", p / "data"),
}


def _link(link: Path, target: Path) -> Path:
    link.symlink_to(target, target_is_directory=True)
    return link


for _name, _where in PROTECTED_OUTS.items():
    CASES[f"build-out-{_name}"] = _out_case(_where, "refusing to build into")


@case("build-out-a-folder-with-an-index-html")
def _(project: Path) -> Case:
    (project / "mine").mkdir()
    (project / "mine" / "index.html").write_text("my page", encoding="utf-8")
    (project / "mine" / "notes.txt").write_text("my notes", encoding="utf-8")
    return Case(["build", "--out", "mine"], "files the build did not make")


@case("build-beside-a-foreign-old-folder")
def _(project: Path) -> Case:
    (project / ".site-old").mkdir()
    (project / ".site-old" / "keep.txt").write_text("mine", encoding="utf-8")
    return Case(["build", "--out", "site"], ".site-old is in the way")


@case("build-beside-a-plain-file-named-new")
def _(project: Path) -> Case:
    (project / ".site-new").write_text("mine", encoding="utf-8")
    return Case(["build", "--out", "site"], ".site-new is in the way")


@case("build-out-a-plain-file")
def _(project: Path) -> Case:
    (project / "site").write_text("mine", encoding="utf-8")
    return Case(["build", "--out", "site"], "is not a folder")


@case("export-onto-a-region-file")
def _(project: Path) -> Case:
    return Case(["export", "-o", f"data/regions/{REGION}.yaml"], "refusing to write")


@case("export-into-data-through-a-symlink")
def _(project: Path) -> Case:
    (project / "alias").symlink_to(project / "data", target_is_directory=True)
    return Case(["export", "-o", "alias/atlas.yaml"], "refusing to write")


@case("export-onto-a-file-that-is-not-json")
def _(project: Path) -> Case:
    (project / "notes.txt").write_text("my notes", encoding="utf-8")
    return Case(["export", "-o", "notes.txt"], "not a JSON file")


@case("export-into-a-missing-folder")
def _(project: Path) -> Case:
    return Case(["export", "-o", str(project / "missing" / "dir" / "x.json")], "does not exist")


@case("schema-onto-atlas-yaml")
def _(project: Path) -> Case:
    return Case(["schema", "-o", "data/atlas.yaml"], "refusing to write")


@case("schema-into-templates")
def _(project: Path) -> Case:
    return Case(["schema", "-o", str(REPO / "templates" / "base.html")], "refusing to write")


@case("schema-into-a-missing-folder")
def _(project: Path) -> Case:
    return Case(["schema", "-o", "/missing/dir/x.json"], "does not exist")


# --- resource exhaustion ---------------------------------------------------------------

LIST_FIELDS = ("parent", "documents", "goals", "status", "phases", "measures", "notes")


def billion_laughs(field: str) -> str:
    """Nine levels of nine aliases each: 387 million strings if anything expanded them."""
    lines = [f"{field}:", '  - &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"  - &l{i} [{','.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


def _laughs_case(field: str) -> Builder:
    def build(project: Path) -> Case:
        replace_region(project, billion_laughs(field))
        return Case(["validate"], "is not allowed")

    return build


for _field in LIST_FIELDS:
    CASES[f"billion-laughs-in-{_field}"] = _laughs_case(_field)


@case("billion-laughs-in-a-codebook")
def _(project: Path) -> Case:
    (project / "data" / "themes.yaml").write_text(
        billion_laughs("- id").replace("- id:", "- id: x\n  name:", 1), encoding="utf-8"
    )
    return Case(["validate"], "is not allowed")


@case("nesting-10000-deep-flow-lists")
def _(project: Path) -> Case:
    replace_region(project, "notes: " + "[" * 10_000 + "]" * 10_000 + "\n")
    return Case(["validate"], "nested more than 32 levels deep")


@case("nesting-10000-deep-flow-mappings")
def _(project: Path) -> Case:
    replace_region(project, "notes: " + "{a: " * 10_000 + "x" + "}" * 10_000 + "\n")
    return Case(["validate"], "nested more than 32 levels deep")


@case("nesting-10000-deep-block-style")
def _(project: Path) -> Case:
    replace_region(project, "notes:\n" + "- " * 10_000 + "x\n")
    return Case(["validate"], "nested more than 32 levels deep")


@case("a-1-mb-value-of-the-wrong-type")
def _(project: Path) -> Case:
    edit_region(project, 'reviewed: "2026-11-25"', "reviewed: " + "9" * 1_000_000)
    return Case(["validate"], "more than the limit of 20,000")


@case("a-1-mb-list-where-a-date-belongs")
def _(project: Path) -> Case:
    edit_region(project, 'reviewed: "2026-11-25"', "reviewed: [" + "1," * 500_000 + "1]")
    return Case(["validate"], "more than 5,000 items")


@case("a-long-unknown-level")
def _(project: Path) -> Case:
    edit_region(project, "level: county", "level: " + "x" * 19_000)
    return Case(["validate"], "level")


@case("100000-goals")
def _(project: Path) -> Case:
    goal = "  - {id: g%d, document: implementation-plan, theme: pilots, quote: x}\n"
    replace_region(project, "goals:\n" + "".join(goal % i for i in range(100_000)))
    return Case(["build", "--out", "site"], "more than the limit of 4.0 MB")


@case("6000-goals-under-the-size-limit")
def _(project: Path) -> Case:
    replace_region(project, "goals:\n" + "".join(f"  - {{id: g{i}}}\n" for i in range(6_000)))
    return Case(["validate"], "more than 5,000 items")


@case("a-200-mb-source-text")
def _(project: Path) -> Case:
    with source_file(project).open("ab") as handle:
        handle.truncate(200_000_000)  # sparse: 200 MB to read, no disk used
    return Case(["build", "--out", "site"], "more than the limit of 4.0 MB")


# --- output injection: control characters ----------------------------------------------


def _escape_case(escape: str, expect: str) -> Builder:
    def build(project: Path) -> Case:
        edit_region(project, "name: {zh: 合水县,", f'name: {{zh: "合水{escape}县",')
        return Case(["build", "--out", "site"], expect)

    return build


ESCAPES = {
    "x01": ("\\x01", "control character U+0001"),
    "nul": ("\\0", "control character U+0000"),
    "ufffe": ("\\uFFFE", "noncharacter U+FFFE"),
    "bidi-override": ("\\u202E", "bidi control U+202E"),
    "zero-width-space": ("\\u200B", "zero-width character U+200B"),
    "escape-1b": ("\\e", "control character U+001B"),
}
for _name, (_escape, _expect) in ESCAPES.items():
    CASES[f"name-with-escaped-{_name}"] = _escape_case(_escape, _expect)


@case("raw-bidi-override-in-a-name")
def _(project: Path) -> Case:
    edit_region(project, "name: {zh: 合水县,", "name: {zh: 合水\u202e县,")
    return Case(["validate"], "bidi control U+202E")


@case("raw-zero-width-in-an-id")
def _(project: Path) -> Case:
    edit_region(project, "id: heshui", "id: hes\u200bhui")
    return Case(["validate"], "zero-width character U+200B")


@case("raw-control-characters-in-a-source")
def _(project: Path) -> Case:
    with source_file(project).open("ab") as handle:
        handle.write(b"\nNETLIFY_AUTH_TOKEN=x\x00y\x01\x1b[31m\n")
    return Case(["build", "--out", "site"], "control character U+0000")


@case("raw-bidi-override-in-a-source")
def _(project: Path) -> Case:
    with source_file(project).open("ab") as handle:
        handle.write("\n一句\u202e话\n".encode())
    return Case(["validate"], "bidi control U+202E")


@case("a-source-with-a-byte-order-mark-in-strict-mode")
def _(project: Path) -> Case:
    path = source_file(project)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return Case(["validate", "--strict"], "byte-order mark")


@case("a-source-that-is-not-utf-8")
def _(project: Path) -> Case:
    path = source_file(project)
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    return Case(["validate"], "GBK/GB18030")


# --- reserved names --------------------------------------------------------------------


RESERVED = ("con", "nul", "aux", "prn", "com1", "lpt1")


def _reserved_region_case(name: str) -> Builder:
    def build(project: Path) -> Case:
        text = region_file(project).read_text(encoding="utf-8")
        region_file(project).unlink()
        (project / "data" / "regions" / f"{name}.yaml").write_text(
            text.replace(f"id: {REGION}\n", f"id: {name}\n", 1), encoding="utf-8"
        )
        (project / "data" / "sources" / REGION).rename(project / "data" / "sources" / name)
        return Case(["validate"], "reserved file name on Windows")

    return build


for _name in RESERVED:
    CASES[f"reserved-region-id-{_name}"] = _reserved_region_case(_name)


@case("reserved-goal-id")
def _(project: Path) -> Case:
    edit_region(project, "  - id: pilot-schools\n", "  - id: lpt1\n")
    return Case(["validate"], "reserved file name on Windows")


@case("new-region-with-a-reserved-id")
def _(project: Path) -> Case:
    return Case(["new", "region", "aux"], "reserved file name on Windows")


def data_digest(data: Path) -> dict[str, str]:
    """Every entry under ``data`` (links not followed): file bytes, link targets, folders."""
    digest: dict[str, str] = {}
    for root, dirs, files in os.walk(data):
        for name in sorted(dirs + files):
            path = Path(root) / name
            key = path.relative_to(data).as_posix()
            if path.is_symlink():
                digest[key] = "link -> " + os.readlink(path)
            elif path.is_file():
                digest[key] = _file_digest(path)
            else:
                digest[key] = "folder"
    return digest


def _file_digest(path: Path) -> str:
    import hashlib

    hasher = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()
