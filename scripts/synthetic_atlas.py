"""Synthetic regions for the benchmark: valid records whose quotes occur in a synthetic text.

Each region has an action plan (goals with targets, three phases with milestones, measures)
and a reply to a proposal (status figures), about the size of the real regions (about 55
records and 8 KB of archived text each). Everything is derived from the region's number,
so the same N always gives the same atlas.
"""

from __future__ import annotations

import functools
import random
import shutil
from pathlib import Path
from typing import Any

import yaml

from generator.load.divisions import Division, load_codebook

CODEBOOKS = (
    "atlas.yaml",
    "themes.yaml",
    "indicators.yaml",
    "levels.yaml",
    "document-kinds.yaml",
    "division-names.yaml",
)
# Synthetic regions take real divisions below the province level, spread over the list by
# a stride prime to its length, so N regions fall in many provinces and prefectures.
DIVISION_STRIDE = 97
# (indicator, theme, Chinese sentence with {n}, unit zh, unit en, English statement with {n})
TARGETS = (
    (
        "pilot-schools",
        "pilots",
        "遴选{n}所人工智能教育试点校",
        "所",
        "schools",
        "Select {n} AI education pilot schools",
    ),
    (
        "application-scenarios",
        "pilots",
        "每年培育{n}个人工智能教育应用场景",
        "个",
        "scenarios",
        "Develop {n} AI application scenarios a year",
    ),
    (
        "lead-teachers",
        "teachers",
        "培养{n}名人工智能教学骨干教师",
        "人",
        "teachers",
        "Train {n} lead teachers in AI teaching",
    ),
    (
        "teacher-training-coverage",
        "teachers",
        "教师人工智能培训覆盖率达到{n}%",
        "%",
        "%",
        "Reach {n}% of teachers trained in AI",
    ),
    (
        "master-studios",
        "teachers",
        "成立{n}个人工智能名师工作室",
        "个",
        "studios",
        "Set up {n} AI master-teacher studios",
    ),
    (
        "ai-labs",
        "infrastructure",
        "建成{n}个人工智能实验室",
        "个",
        "labs",
        "Build {n} AI laboratories",
    ),
    (
        "smart-schools",
        "infrastructure",
        "建成{n}所智慧校园",
        "所",
        "schools",
        "Build {n} smart campuses",
    ),
    (
        "student-devices",
        "infrastructure",
        "配备学生终端{n}台",
        "台",
        "devices",
        "Provide {n} student devices",
    ),
)
MEASURE_THEMES = (
    "ai-curriculum",
    "teaching",
    "teachers",
    "infrastructure",
    "resources",
    "assessment",
    "governance",
    "home-school",
    "safety-ethics",
    "support",
)
ACTIONS = ("推进", "加强", "完善", "建设", "探索", "健全", "深化", "统筹")
OBJECTS = (
    "人工智能课程体系",
    "智慧课堂教学模式",
    "教师数字素养培训",
    "区域教育数据平台",
    "家校协同育人机制",
    "人工智能伦理与安全教育",
    "学生综合素质评价",
    "数字教育资源库",
    "教研共同体",
    "校园网络与算力设施",
    "人工智能社团活动",
    "中小学编程教育",
)
FILLER = (
    "为深入贯彻落实教育数字化战略行动,充分发挥人工智能赋能教育的作用,"
    "结合本地实际,制定本方案。各地各校要提高认识,加强组织领导,明确责任分工,"
    "确保各项任务落到实处。"
)


class _NoAliasDumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _text(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def _goals(rng: random.Random, sentences: list[str]) -> list[dict[str, Any]]:
    goals = []
    for k in range(12):
        indicator, theme, zh, unit_zh, unit_en, en = TARGETS[k % len(TARGETS)]
        n = rng.randint(2, 95) if unit_zh == "%" else rng.randint(3, 900)
        year = 2025 + k % 3
        quote = f"到{year}年底,{zh.format(n=n)}(第{k + 1}项目标)。"
        sentences.append(quote)
        goals.append(
            {
                "id": f"goal-{k + 1}",
                "document": "action-plan",
                "theme": theme,
                "indicator": indicator,
                "statement": _text(zh.format(n=n), en.format(n=n)),
                "target": {
                    "value": n,
                    "unit": _text(unit_zh, unit_en),
                    "comparator": "exactly",
                    **({"per": _text("每年", "per year")} if "每年" in zh else {}),
                },
                "deadline": f"{year}-12",
                "quote": quote,
            }
        )
    return goals


def _phases(sentences: list[str]) -> list[dict[str, Any]]:
    phases = []
    for k, (name_zh, name_en) in enumerate(
        (
            ("启动部署阶段", "Launch"),
            ("全面推进阶段", "Full implementation"),
            ("总结提升阶段", "Review"),
        )
    ):
        year = 2025 + k
        quote = f"({k + 1}){name_zh}({year}年1月—{year}年12月)。"
        sentences.append(quote)
        milestones = []
        for j, month in enumerate((3, 9)):
            m_quote = f"{year}年{month}月,完成{name_zh}第{j + 1}项重点工作。"
            sentences.append(m_quote)
            milestones.append(
                {
                    "id": f"milestone-{k + 1}-{j + 1}",
                    "date": f"{year}-{month:02d}",
                    "text": _text(
                        f"完成{name_zh}第{j + 1}项重点工作", f"{name_en}: key task {j + 1} done"
                    ),
                    "quote": m_quote,
                }
            )
        phases.append(
            {
                "id": f"phase-{k + 1}",
                "document": "action-plan",
                "name": _text(name_zh, name_en),
                "start": f"{year}-01",
                "end": f"{year}-12",
                "quote": quote,
                "milestones": milestones,
            }
        )
    return phases


def _measures(rng: random.Random, sentences: list[str]) -> list[dict[str, Any]]:
    measures = []
    for k in range(25):
        action, obj = rng.choice(ACTIONS), rng.choice(OBJECTS)
        quote = f"{action}{obj},形成可推广的经验做法(第{k + 1}项举措)。"
        sentences.append(quote + FILLER[: rng.randint(20, 60)])
        measures.append(
            {
                "id": f"measure-{k + 1}",
                "document": "action-plan",
                "number": f"({k + 1})",
                "theme": MEASURE_THEMES[k % len(MEASURE_THEMES)],
                "title": _text(f"{action}{obj}", f"Measure {k + 1}"),
                "summary": _text(
                    f"{action}{obj},**形成**可推广的经验做法。",
                    f"Measure {k + 1}: spread what *works*.",
                ),
                "quote": quote,
                "responsible": [_text("教育局", "Education bureau")],
                "goals": [f"goal-{k % 12 + 1}"],
                "phases": [f"phase-{k % 3 + 1}"],
            }
        )
    return measures


def _status(rng: random.Random, sentences: list[str]) -> list[dict[str, Any]]:
    status = []
    for k in range(8):
        indicator, theme, zh, unit_zh, unit_en, en = TARGETS[(k + 3) % len(TARGETS)]
        n = rng.randint(2, 95) if unit_zh == "%" else rng.randint(3, 900)
        quote = f"目前,已{zh.format(n=n)}(第{k + 1}项进展)。"
        sentences.append(quote)
        status.append(
            {
                "id": f"status-{k + 1}",
                "document": "reply",
                "theme": theme,
                "indicator": indicator,
                "statement": _text(zh.format(n=n), en.format(n=n)),
                "value": n,
                "unit": _text(unit_zh, unit_en),
                **({"per": _text("每年", "per year")} if "每年" in zh else {}),
                "as_of": "2025-08",
                "quote": quote,
            }
        )
    return status


@functools.cache
def _below_provinces() -> list[Division]:
    divisions = load_codebook().divisions.values()
    return sorted(
        (d for d in divisions if d.level not in ("national", "province")), key=lambda d: d.code
    )


def synthetic_division(number: int) -> Division:
    """A real prefecture-, county- or district-level division for region ``number``, so the
    region has a real code, a name that matches it, and a chain of enclosing divisions."""
    candidates = _below_provinces()
    return candidates[(number * DIVISION_STRIDE) % len(candidates)]


def synthetic_region(number: int) -> tuple[dict[str, Any], dict[str, str]]:
    """Region ``number``'s YAML data and its archived texts (file name -> text)."""
    rng = random.Random(number)
    division = synthetic_division(number)
    name_zh, name_en = division.name, f"Synthetic region {number:04d} ({division.code})"
    plan: list[str] = [f"{name_zh}人工智能赋能教育行动方案", FILLER]
    reply: list[str] = [f"对第{number}号提案的答复", FILLER]
    goals, phases, measures = _goals(rng, plan), _phases(plan), _measures(rng, plan)
    status = _status(rng, reply)
    region = {
        "id": f"synthetic-{number:04d}",
        "name": _text(name_zh, name_en),
        "code": division.code,
        "level": division.level_id,
        "reviewed": f"2026-{number % 12 + 1:02d}-{number % 28 + 1:02d}",
        "documents": [
            {
                "id": "action-plan",
                "title": _text(plan[0], f"{name_en} AI education action plan"),
                "kind": "action-plan",
                "issuer": _text(f"{name_zh}教育局", "County education bureau"),
                "number": f"合教〔2025〕{number}号",
                "published": "2025-03-01",
                "period": {"start": "2025", "end": "2027"},
                "url": None,
                "text": "action-plan.txt",
            },
            {
                "id": "reply",
                "title": _text(reply[0], f"Reply to proposal {number}"),
                "kind": "reply-to-proposal",
                "issuer": None,
                "number": None,
                "published": "2025-08-13",
                "url": None,
                "text": "reply.txt",
            },
        ],
        "goals": goals,
        "status": status,
        "phases": phases,
        "measures": measures,
    }
    texts = {"action-plan.txt": "\n\n".join(plan) + "\n", "reply.txt": "\n\n".join(reply) + "\n"}
    return region, texts


def write_synthetic_atlas(repo_data: Path, target: Path, regions: int) -> None:
    """A data folder at ``target``: the real codebooks and ``regions`` synthetic regions."""
    (target / "regions").mkdir(parents=True)
    for name in CODEBOOKS:
        shutil.copy(repo_data / name, target / name)
    for number in range(1, regions + 1):
        region, texts = synthetic_region(number)
        (target / "regions" / f"{region['id']}.yaml").write_text(
            yaml.dump(region, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False),
            encoding="utf-8",
        )
        sources = target / "sources" / region["id"]
        sources.mkdir(parents=True)
        for name, text in texts.items():
            (sources / name).write_text(text, encoding="utf-8")
