"""Scaffold a new region: a commented region file that validates as it is, and an empty
archived source text to paste the document into.

The region file has one document and no records yet (an empty source cannot hold quotes);
commented examples show a goal, a phase and a measure. Codebook choices (levels, document
kinds, themes, indicators) are listed from the data folder itself, so the guidance never
drifts from the codebooks.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from generator.errors import AtlasError, Problem, display_path
from generator.load import placeholders
from generator.load.fields import SLUG_PATTERN, reserved_name_problem
from generator.load.loader import load_yaml
from generator.load.safe_read import resolves_inside
from generator.output.guard import check_inside_data, create_in_data

DEFAULT_DOCUMENT = "plan"
DEFAULT_KIND = "implementation-plan"


class ScaffoldError(AtlasError):
    """The region cannot be scaffolded (bad id, region exists, no data folder)."""


@dataclass(frozen=True)
class CodebookEntry:
    """An id with its names, as listed in the scaffold's comments."""

    id: str
    zh: str
    en: str


@dataclass(frozen=True)
class ScaffoldedRegion:
    """What ``atlas new region`` created: the region file and the source text to fill."""

    region_id: str
    region_file: Path
    source_file: Path
    source_created: bool


def check_region_id(region_id: str) -> None:
    """Raise :class:`ScaffoldError` unless ``region_id`` is a lowercase ASCII slug that can
    be a file name everywhere."""
    reserved = reserved_name_problem(region_id)
    if reserved:
        raise ScaffoldError(f"'{region_id}' cannot be a region id: {reserved}")
    if not re.fullmatch(SLUG_PATTERN, region_id) or len(region_id) > 64:
        suggestion = re.sub(r"[^a-z0-9]+", "-", region_id.lower()).strip("-")
        hint = f" (for example '{suggestion}')" if re.fullmatch(SLUG_PATTERN, suggestion) else ""
        raise ScaffoldError(
            f"'{region_id}' is not a valid region id: use lowercase ASCII letters, digits and "
            f"single hyphens, such as 'heshui' or 'xinbei'{hint}; the id is also the file name "
            "and the page address /regions/<id>/"
        )


def read_codebook(path: Path) -> list[CodebookEntry]:
    """The ids and names of a codebook, or an empty list when it cannot be read."""
    problems: list[Problem] = []
    loaded = load_yaml(path, path.name, list, problems)
    if loaded is None:
        return []
    entries = []
    for raw in loaded.data:
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            continue
        name = raw["name"] if isinstance(raw.get("name"), dict) else {}
        entries.append(CodebookEntry(raw["id"], str(name.get("zh", "")), str(name.get("en", ""))))
    return entries


def _choice_lines(entries: list[CodebookEntry], indent: str = "#   ") -> str:
    width = max((len(e.id) for e in entries), default=0)
    return "\n".join(f"{indent}{e.id.ljust(width)}  {e.zh} / {e.en}" for e in entries)


def _existing_source(sources_dir: Path) -> Path | None:
    """The one archived text already pasted for this region, if there is exactly one."""
    texts = sorted(sources_dir.glob("*.txt")) if sources_dir.is_dir() else []
    return texts[0] if len(texts) == 1 else None


def _pick(entries: list[CodebookEntry], preferred: str) -> str:
    ids = [e.id for e in entries]
    return preferred if preferred in ids or not ids else ids[0]


def scaffold_region(
    data_dir: Path, region_id: str, *, document_id: str | None = None, today: dt.date | None = None
) -> ScaffoldedRegion:
    """Create ``regions/<id>.yaml`` and ``sources/<id>/<document>.txt`` under ``data_dir``.

    Never overwrites: an existing region file is an error, and an archived text that is
    already there (pasted before the region was scaffolded) is kept and pointed at.
    """
    check_region_id(region_id)
    if document_id is not None and not re.fullmatch(SLUG_PATTERN, document_id):
        raise ScaffoldError(
            f"'{document_id}' is not a valid document id: use a lowercase "
            "ASCII slug such as 'implementation-plan'"
        )
    if not (data_dir / "atlas.yaml").is_file():
        raise ScaffoldError(
            f"{display_path(data_dir)} is not an atlas data folder (it has no "
            "atlas.yaml); run the command from the repository root or pass --data"
        )
    region_file = data_dir / "regions" / f"{region_id}.yaml"
    if region_file.is_symlink():
        raise ScaffoldError(
            f"{display_path(region_file)} is a symbolic link: refusing to write through it; "
            "remove the link, or choose another id"
        )
    if os.path.lexists(region_file):
        raise ScaffoldError(
            f"{display_path(region_file)} already exists: edit it instead, or choose another id"
        )
    sources_dir = data_dir / "sources" / region_id
    existing = _existing_source(sources_dir) if document_id is None else None
    source_file = existing or sources_dir / f"{document_id or DEFAULT_DOCUMENT}.txt"
    text = region_template(
        data_dir,
        region_id,
        source_file.stem,
        source_file.name,
        (today or dt.date.today()).isoformat(),
    )
    created = not os.path.lexists(source_file)
    check_inside_data(region_file, data_dir)  # both refused before either is made
    if created:
        check_inside_data(source_file, data_dir)
    elif (
        source_file.is_symlink()
        or not source_file.is_file()
        or not resolves_inside(source_file, data_dir)
    ):
        raise ScaffoldError(
            f"{display_path(source_file)} is not a plain file (a link, or a folder): "
            "store the source text itself there"
        )
    if created:
        create_in_data(source_file, b"", data_dir)
    create_in_data(region_file, text.encode("utf-8"), data_dir)
    return ScaffoldedRegion(region_id, region_file, source_file, created)


def region_template(
    data_dir: Path, region_id: str, document_id: str, text_file: str, reviewed: str
) -> str:
    """The commented region file, with codebook choices read from ``data_dir``."""
    levels = read_codebook(data_dir / "levels.yaml")
    kinds = read_codebook(data_dir / "document-kinds.yaml")
    themes = read_codebook(data_dir / "themes.yaml")
    indicators = read_codebook(data_dir / "indicators.yaml")
    return REGION_TEMPLATE.format(
        id=region_id,
        document=document_id,
        text=text_file,
        reviewed=reviewed,
        level=_pick(levels, "county"),
        levels=_choice_lines(levels),
        kind=_pick(kinds, DEFAULT_KIND),
        kinds=_choice_lines(kinds, "    #   "),
        themes=_choice_lines(themes),
        indicators=_choice_lines(indicators),
        mark=placeholders.MARK,
        name_zh=placeholders.REGION_NAME["zh"],
        name_en=placeholders.REGION_NAME["en"],
        title_zh=placeholders.DOCUMENT_TITLE["zh"],
        title_en=placeholders.DOCUMENT_TITLE["en"],
    )


REGION_TEMPLATE = """\
# yaml-language-server: $schema=../../schema/region.schema.json
# 新地区 / A new region: {id}
# 填写说明见 CONTRIBUTING.md。每次保存后运行 `atlas validate --strict` 检查,`atlas serve` 预览。
# How to fill this in: CONTRIBUTING.md. After each save run `atlas validate --strict`;
# preview with `atlas serve`. Lines starting with # are comments and are ignored.
# 规则 / Rules: 每条记录的 quote 须逐字摘自原文(抓取造成的错字也照抄,空白不计);目标或现状
# 中的每个数字都须出现在 quote 中;原文未说明的写 null 并加 note 说明。Every quote is copied
# verbatim from the archived text (capture damage included; whitespace does not matter);
# every number of a target or status figure occurs in its quote; what the source does not
# say is null, with a note saying so. Nothing is invented.

# 地区 id:小写 ASCII,与文件名相同,也是网址 /regions/{id}/。
# Region id: a lowercase ASCII slug, the same as the file name and the page address.
id: {id}

# 地区名称,中文与英文。The region's name in Chinese and English.
name: {{zh: {name_zh}, en: {name_en}}}

# 行政区划代码(GB/T 2260 六位代码;国家级为 100000)。构建时据此核对名称、级别和上级行政区。
# Six-digit division code (GB/T 2260; 100000 for the national level). The build checks the
# name and the level against it and derives the enclosing divisions, for example:
#   code: "621024"   (合水县: 甘肃省 › 庆阳市 › 合水县)
code: null

# 行政级别(data/levels.yaml,须与代码一致),选定后删除行尾的“{mark}”/ Administrative
# level (the code's; delete the trailing "{mark}" once chosen, until then --strict fails):
{levels}
level: {level}  {mark}

# 上级行政区(可选,由代码推出;填写时须与代码一致)/ Enclosing divisions (optional: they
# come from the code; when written they must agree with it), outermost first, for example:
#   - {{zh: 甘肃省, en: Gansu Province}}
#   - {{zh: 庆阳市, en: Qingyang City}}
parent: []

# 最近一次编辑审核的日期 / Date of the last editorial review: "YYYY-MM-DD", in quotes.
reviewed: "{reviewed}"

# 关于整个地区的说明(可选)/ Notes on the region as a whole (optional), for example:
#   - {{zh: 未找到该地区的正式印发文件。, en: No formally issued document was found.}}
notes: []

# 原文文件:每份存档原文一条 / Source documents: one entry per archived text.
documents:
  - id: {document}
    # 文件标题 / Document title.
    title: {{zh: {title_zh}, en: {title_en}}}
    # 文件类型(data/document-kinds.yaml),选定后删除行尾的“{mark}”;rank 越小约束力越强;
    # 提案答复只报告现状 / Document kind (delete the trailing placeholder mark once chosen);
    # rank 1 binds most; a reply to a proposal reports status only:
{kinds}
    kind: {kind}  {mark}
    # 发布机关;抓取未列明时写 null 并在 notes 说明 / Issuing body; null when not named.
    #   例 / e.g. {{zh: 合水县教育科学技术局, en: Heshui County Education and Science Bureau}}
    issuer: null
    # 文号,如 厦教发〔2025〕11号;无文号写 null / Document number (文号); null when none.
    number: null
    # 发布日期 "YYYY"、"YYYY-MM" 或 "YYYY-MM-DD",与原文精度一致;不详写 null。
    # Publication date, as precise as the source; null when it does not say.
    published: null
    # 实施期限 / Implementation period: {{start: "2025-08", end: "2026-07"}}, or null.
    period: null
    # 原文网址 / Address the text was captured from (https://...), or null.
    url: null
    # 存档原文:把原文逐字粘贴到 data/sources/{id}/{text}。
    # The archived text: paste the source, verbatim, into data/sources/{id}/{text}.
    text: {text}
    # 抓取丢失了什么、原文没有说明什么 / What the capture lost, what the source leaves unsaid:
    #   - {{zh: 页面未列明发布机构。, en: The page names no issuing body.}}
    notes: []

# ---------------------------------------------------------------------------------------
# 记录 / Records. 原文粘贴后,把下面的 [] 换成记录列表(去掉示例前的 #)。
# Once the source is pasted, replace a [] below with a list of records (uncomment the
# examples and adapt them). Record ids are slugs, unique in this file: they become the
# anchors #goal-<id>, #phase-<id>, #measure-<id> on the region page.
#
# 主题 / Themes (data/themes.yaml), for goals, status figures and measures:
{themes}
# 可比指标 / Comparable indicators (data/indicators.yaml), optional, for goals and status:
{indicators}

# 目标:文件要达到什么 / Goals: what the document aims to reach.
goals: []
# goals:
#   - id: pilot-schools
#     document: {document}
#     theme: pilots
#     indicator: pilot-schools
#     statement:
#       zh: 推动6所试点校形成“一校一品牌、一校一特色”的AI教育应用场景。
#       en: Six pilot schools each develop a distinctive AI application scenario.
#     # comparator: at-least 不少于 | more-than 超过 | about 约 | exactly | at-most 不超过 |
#     #   between 区间(1至2个,with value_max); 县级/校级 go in scope: county / school
#     # value_max 表示区间,如 1至2个 / value_max for a range such as 1至2个;
#     # wording 用于“全覆盖”等不写数字的表述 / wording for figures such as 全覆盖 (100%).
#     target: {{value: 6, unit: {{zh: 所, en: schools}}, comparator: exactly}}
#     deadline: "2026-07"
#     quote: 推动6所试点校

# 现状:已达到的数字(提案答复、基线),永远不是目标 / Status: figures already reached
# (a reply, a baseline), never targets. Fields: id, document, theme, indicator, statement,
# value, unit, wording, as_of, quote, notes.
status: []

# 阶段 / Phases, each with optional dated milestones.
phases: []
# phases:
#   - id: implementation
#     document: {document}
#     name: {{zh: 全面实施阶段, en: Full implementation}}
#     start: "2025-09"
#     end: "2026-03"
#     quote: (二)全面实施阶段(2025年9月—2026年3月)。
#     milestones:
#       - id: first-training
#         date: "2025-09"
#         text: {{zh: 9月至10月分学段开展首轮教师培训。, en: First round of teacher training.}}
#         quote: 9月至10月,分学段开展首轮教师培训

# 举措:谁做什么 / Measures: who does what. summary is Markdown (no HTML).
measures: []
# measures:
#   - id: subject-ai-models
#     document: {document}
#     number: 三(一)1
#     theme: teaching
#     title: {{zh: 打造分学科AI教学应用范式, en: Subject-specific models for teaching with AI}}
#     summary:
#       zh: 各学校编制《AI 教学应用指南》,明确各学科适配的AI工具。
#       en: Each school writes an *AI teaching guide* naming suitable AI tools per subject.
#     quote: 推动各学校结合学科特点编制《AI 教学应用指南》
#     responsible:
#       - {{zh: 各学校(学区), en: Schools (school districts)}}
#     goals: [pilot-schools]
#     phases: [implementation]
"""
