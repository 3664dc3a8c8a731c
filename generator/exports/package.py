"""The data package as a reader downloads it: the record tables plus codebook tables,
Chinese field descriptions beside the English ones, the dataset version and release date
in ``datapackage.json``, and a zip of it all with a README. No I/O, no clock: the zip's
entries carry the release date as their time, so two builds of one commit are identical.

CSVs start with a UTF-8 byte-order mark (see :meth:`Table.csv_bytes`): Excel on Windows
then reads them as UTF-8 instead of the local code page, and Frictionless, pandas and R
read the mark as an encoding hint. No .xlsx is made: one format, nothing to drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.errors import BuildError
from generator.exports import deflate
from generator.exports.citations import Edition
from generator.exports.columns import Cell, Column, Table
from generator.exports.reuse import indented_json
from generator.load import model as m

ZIP_NAME = "policy-atlas-data.zip"

# Chinese descriptions by column name ((table, column) first, then the column alone).
ZH_BY_TABLE = {
    ("regions", "id"): "地区 id",
    ("regions", "name_zh"): "地区名称(中文)",
    ("regions", "name_en"): "地区名称(英文;空白表示尚未翻译)",
    ("regions", "notes_zh"): "编辑说明,每行一条(中文)",
    ("regions", "url_zh"): "中文网站上的地区页面",
    ("regions", "url_en"): "英文网站上的地区页面",
    ("documents", "id"): "文件 id,在所属地区内唯一",
    ("documents", "notes_zh"): "存档缺失或原文未说明的内容,每行一条(中文)",
    ("documents", "url_zh"): "中文网站上的存档原文页面",
    ("documents", "url_en"): "英文网站上的存档原文页面",
    ("phases", "name_zh"): "阶段名称(中文)",
    ("phases", "name_en"): "阶段名称(英文;空白表示尚未翻译)",
    ("phases", "start"): "阶段开始日期",
    ("phases", "end"): "阶段结束日期",
    ("phases", "milestones"): "阶段内节点数(milestones.csv)",
    ("measures", "parent"): "上一级举措的 id",
    ("measures", "number"): "原文编号,如 三(一)1",
    ("status", "statement_zh"): "现状数据说明(中文)",
    ("status", "statement_en"): "现状数据说明(英文;空白表示尚未翻译)",
    ("status", "value"): "已达到的数值;百分比按百分数记",
    ("status", "comparator"): "原文措辞的比较关系:at-least、more-than、about、exactly、at-most",
    ("status", "basis"): "数字性质:reached 表示已达到的现状(不是目标)",
}
ZH = {
    "id": "记录 id,在所属地区内唯一",
    "region": "地区 id(regions.csv)",
    "document": "来源文件 id(documents.csv)",
    "document_kind": "来源文件类型(文件类型代码表)",
    "kind_rank": "文件类型的约束力排序:1 最强",
    "name_zh": "名称(中文)",
    "name_en": "名称(英文;空白表示尚未翻译)",
    "level": "行政级别(级别代码表)",
    "level_name_zh": "级别名称(中文)",
    "level_name_en": "级别名称(英文;空白表示尚未翻译)",
    "level_rank": "级别排序:1 最高",
    "parent_zh": "上级行政区,由外到内,以“ / ”分隔(中文)",
    "parent_en": "上级行政区,由外到内,以“ / ”分隔(英文)",
    "reviewed": "最近一次编辑审核日期",
    "documents": "记录的文件数",
    "goals": "记录的目标数;在 measures.csv 中为该举措服务的目标 id,以空格分隔",
    "status_figures": "记录的现状数据数",
    "phases": "记录的阶段数;在 measures.csv 中为该举措所属阶段 id,以空格分隔",
    "milestones": "记录的节点数",
    "measures": "记录的举措数",
    "notes_zh": "编辑说明,每行一条(中文)",
    "notes_en": "编辑说明,每行一条(英文;空白表示尚未翻译)",
    "url_zh": "中文网站上该记录的永久链接",
    "url_en": "英文网站上该记录的永久链接",
    "title_zh": "标题(中文)",
    "title_en": "标题(英文;空白表示尚未翻译)",
    "kind": "文件类型(文件类型代码表)",
    "kind_name_zh": "文件类型名称(中文)",
    "kind_name_en": "文件类型名称(英文)",
    "sets_targets": "false 表示该类型只报告已达到的数字",
    "issuer_zh": "发布机构(中文;空白表示存档未列明)",
    "issuer_en": "发布机构(英文;空白表示存档未列明或尚未翻译)",
    "number": "文号;没有文号时为空",
    "published": "发布日期",
    "period_start": "文件覆盖期的开始",
    "period_end": "文件覆盖期的结束",
    "source_url": "文件的原始发布网址",
    "language": "存档原文的字形:zh-Hans 简体或 zh-Hant 繁体",
    "theme": "主题(主题代码表)",
    "indicator": "可比指标(指标代码表);无可比指标时为空",
    "statement_zh": "目标内容(中文)",
    "statement_en": "目标内容(英文;空白表示尚未翻译)",
    "comparator": "比较关系:at-least 不少于、more-than 超过、about 约、exactly 等于、"
    "at-most 不超过",
    "value": "目标值(区间的下限);百分比按百分数记",
    "value_max": "目标为区间时的上限",
    "unit_zh": "原文措辞的单位(中文)",
    "unit_en": "原文措辞的单位(英文)",
    "scope": "数字统计所在的层级:national、provincial、city、district、county 或 school;"
    "原文未说明时为空",
    "unit_qualifier_zh": "单位中括注的限定语,如“名(区级)”中的“区级”;没有时为空(中文);"
    "数字统计所在的层级见 scope 列",
    "unit_qualifier_en": "单位中括注的限定语(英文)",
    "basis": "数字性质:target 为目标值,reached 为已达到的现状",
    "per_zh": "计算基准,如每学期、每年(中文)",
    "per_en": "计算基准(英文)",
    "wording": "原文不用数字表达时代表该数值的原词(如“全覆盖”表示 100%)",
    "deadline": "目标的截止日期",
    "deadline_state": "按本地图审核日期判断的截止状态:due 未到期,passed-no-outcome 已过期且未记录"
    "完成情况,passed-with-outcome 已过期且已记录完成情况;无截止日期时为空",
    "outcome_status": "完成情况:met、not-met、partly-met 或 unknown;未记录时为空",
    "outcome_as_of": "完成情况的日期",
    "outcome_statement_zh": "记录的完成情况(中文)",
    "outcome_statement_en": "记录的完成情况(英文)",
    "quote": "原文中陈述该记录的句子,逐字摘录",
    "as_of": "数据所属日期",
    "start": "开始日期",
    "end": "结束日期",
    "phase": "节点所属阶段的 id(phases.csv)",
    "date": "节点日期",
    "text_zh": "节点内容(中文)",
    "text_en": "节点内容(英文)",
    "parent": "上一级记录的 id",
    "summary_zh": "举措摘要,Markdown(中文)",
    "summary_en": "举措摘要,Markdown(英文)",
    "responsible_zh": "责任主体,以“; ”分隔(中文)",
    "responsible_en": "责任主体,以“; ”分隔(英文)",
    "figures": "举措设定的数字,JSON 数组(value、value_max、unit、comparator、per、wording)",
    "definition_zh": "定义(中文)",
    "definition_en": "定义(英文)",
    "rank": "排序:1 最高或约束力最强",
}


def chinese_description(table: str, column: str) -> str | None:
    return ZH_BY_TABLE.get((table, column)) or ZH.get(column)


# --- codebooks -------------------------------------------------------------------------


def _code_columns(*extra: Column) -> list[Column]:
    return [
        Column("id", "string", "Code", {"required": True, "unique": True}),
        Column("name_zh", "string", "Name, in Chinese"),
        Column("name_en", "string", "Name, in English"),
        Column("definition_zh", "string", "Definition, in Chinese"),
        Column("definition_en", "string", "Definition, in English"),
        *extra,
    ]


def codebook_tables(atlas: m.Atlas) -> list[Table]:
    """The codebooks as tables, so a code such as ``teacher-training-coverage`` can be
    looked up beside the records that use it."""

    def head(code: m.Theme | m.Indicator | m.Level | m.DocumentKind) -> list[Cell]:
        return [code.id, code.name.zh, code.name.en, code.definition.zh, code.definition.en]

    return [
        Table(
            "codebook-themes",
            "Codebook: themes",
            _code_columns(),
            [head(t) for t in atlas.themes],
            ["id"],
        ),
        Table(
            "codebook-indicators",
            "Codebook: comparable indicators",
            _code_columns(
                Column("unit_zh", "string", "Unit, in Chinese"),
                Column("unit_en", "string", "Unit, in English"),
                Column("theme", "string", "Theme of the indicator (codebook-themes)"),
            ),
            [[*head(i), i.unit.zh, i.unit.en, i.theme] for i in atlas.indicators],
            ["id"],
        ),
        Table(
            "codebook-levels",
            "Codebook: administrative levels",
            _code_columns(Column("rank", "integer", "1 is the highest level")),
            [[*head(lv), lv.rank] for lv in atlas.levels],
            ["id"],
        ),
        Table(
            "codebook-document-kinds",
            "Codebook: document kinds",
            _code_columns(
                Column("rank", "integer", "How binding the kind is: 1 is the most binding"),
                Column("sets_targets", "boolean", "false for kinds that only report figures"),
            ),
            [[*head(k), k.rank, k.sets_targets] for k in atlas.document_kinds],
            ["id"],
        ),
    ]


def bilingual_resource(table: Table) -> dict[str, object]:
    """The table's resource with ``description_zh`` beside each field's description."""
    resource = table.resource()
    schema = resource["schema"]
    assert isinstance(schema, dict)
    for field in schema["fields"]:
        zh = chinese_description(table.name, field["name"])
        if zh:
            field["description_zh"] = zh
    return resource


def package_extras(edition: Edition) -> dict[str, object]:
    """What ``datapackage.json`` says of the release: its version and date."""
    return {
        "version": edition.version,
        "created": f"{edition.released}T00:00:00Z",
        "x_release_date": edition.released,
    }


# --- the release zip ------------------------------------------------------------------


def readme(edition: Edition, names: Sequence[str]) -> str:
    site = edition.site
    files = "\n".join(f"- {name}" for name in names)
    return (
        f"{site.title.en}\n{site.title.zh}\n\n"
        f"Dataset version {edition.version}, released {edition.released}.\n"
        f"数据集版本 {edition.version},发布于 {edition.released}。\n\n"
        "Every figure quotes the sentence of its archived source (column `quote`); dates are "
        "as precise as the source (YYYY, YYYY-MM or YYYY-MM-DD), empty when it does not say. "
        "Targets (goals.csv) and figures already reached (status.csv) are never mixed. "
        "deadline_state is judged against the review date in datapackage.json. The CSVs are "
        "UTF-8 with a byte-order mark, so Excel opens them as UTF-8.\n"
        "每个数字都附有存档原文中的句子(quote 列);日期精度与原文一致,原文未说明时为空。"
        "目标(goals.csv)与已达到的现状(status.csv)分开记录。CSV 为带 BOM 的 UTF-8,"
        "Excel 可直接打开。\n\n"
        f"Licence: {site.licence.en}\n{site.licence.zh}\n{site.licence_url}\n\n"
        f"Files:\n{files}\n\nMore: {site.base_url}data/\n"
    )


def release_zip(
    files: dict[str, bytes], edition: Edition, pieces: dict[str, list[bytes]] | None = None
) -> bytes:
    """The data package's files (``data/`` paths) and a README in one zip, every entry
    dated with the release date so the bytes depend on the data alone. ``pieces``, the
    parts some of the files are made of (their bytes joined): each run of unchanged
    parts is deflated once (:mod:`generator.exports.deflate`)."""
    year, month, day = (int(p) for p in (edition.released + "-01-01")[:10].split("-"))
    names = sorted(files)
    members = [deflate.Member("README.txt", [readme(edition, names).encode("utf-8")])]
    for name in names:
        parts = (pieces or {}).get(name) or [files[name]]
        if sum(len(part) for part in parts) != len(files[name]):
            raise BuildError(f"the release zip: the pieces of {name} are not its bytes")
        members.append(deflate.Member(name, parts))
    return deflate.zip_archive(members, (year, month, day))


def json_bytes(data: object) -> bytes:
    return (indented_json(data) + "\n").encode("utf-8")
