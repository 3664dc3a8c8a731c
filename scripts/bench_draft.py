"""Benchmark `atlas draft` against the curated regions: how much of a region it gets right.

Usage: .venv/bin/python scripts/bench_draft.py [--data DIR] [--region ID ...]

For every region in ``data/regions/`` whose archived text is in ``data/sources/``, runs
`atlas draft` from an empty file (a scratch copy of the codebooks and that source only) and
compares the proposals with the curated records:

- figures: of the curated targets and status figures, the share proposed with the right
  value (and value_max), comparator, unit (its counting word: 所 of 所(实验校)) and deadline
  (as_of for a status figure); a proposal is matched to a curated figure by value and by
  quotes that contain one another;
- measures: of the curated measures with a number, the share proposed with the right
  number and parent (the parent's number);
- phases: of the curated phases, the share proposed with the right start and end;
- precision: of all proposals, how many match no curated record (goal, status figure,
  measure figure, measure or phase), i.e. how many a curator would delete.

Prints one table. Not a test: it measures how close the drafts come to people's work.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.draft.run import draft_region  # noqa: E402
from generator.load.codebooks import CODEBOOK_FILES  # noqa: E402
from generator.load.quotes import squash  # noqa: E402

#: A range is ``between`` in fidelity's model and ``exactly`` with value_max before it.
EQUIVALENT = {"between": "exactly"}


@dataclass
class Score:
    right: int = 0
    total: int = 0

    def percent(self) -> str:
        return f"{100 * self.right / self.total:.0f}%" if self.total else "–"

    def share(self) -> str:
        return (
            f"{self.right}/{self.total} {100 * self.right / self.total:.0f}%" if self.total else "–"
        )


@dataclass
class RegionScore:
    region: str
    figures: Score = field(default_factory=Score)
    figure_fields: dict[str, Score] = field(default_factory=dict)
    measures: Score = field(default_factory=Score)
    themes: Score = field(default_factory=Score)
    phases: Score = field(default_factory=Score)
    proposals: int = 0
    deletable: int = 0
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)


def _overlap(a: str, b: str) -> bool:
    a, b = squash(a), squash(b)
    return bool(a) and bool(b) and (a in b or b in a)


def _unit_word(unit: Any) -> str:
    text = unit.get("zh", "") if isinstance(unit, dict) else str(unit or "")
    return text[:1]


def _figures(region: dict[str, Any]) -> list[dict[str, Any]]:
    """Curated or drafted figures, flattened: value, value_max, comparator, unit, date, quote."""
    out = []
    for goal in region.get("goals") or []:
        target = goal.get("target")
        if isinstance(target, dict):
            out.append(
                {
                    "value": target.get("value"),
                    "value_max": target.get("value_max"),
                    "comparator": target.get("comparator", "exactly"),
                    "unit": _unit_word(target.get("unit")),
                    "date": goal.get("deadline"),
                    "quote": goal.get("quote", ""),
                    "sentence": (goal.get("statement") or {}).get("zh", ""),
                }
            )
    for status in region.get("status") or []:
        out.append(
            {
                "value": status.get("value"),
                "value_max": None,
                "comparator": status.get("comparator", "exactly"),
                "unit": _unit_word(status.get("unit")),
                "date": status.get("as_of"),
                "quote": status.get("quote", ""),
                "sentence": (status.get("statement") or {}).get("zh", ""),
            }
        )
    return out


def _measure_figures(region: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"value": f.get("value"), "quote": measure.get("quote", "")}
        for measure in region.get("measures") or []
        for f in measure.get("figures") or []
    ]


def _matches(curated: dict[str, Any], proposal: dict[str, Any]) -> bool:
    same_value = curated["value"] == proposal["value"]
    quotes = _overlap(curated["quote"], proposal["quote"]) or _overlap(
        curated["quote"], proposal.get("sentence", "")
    )
    return same_value and quotes


def _score_figures(score: RegionScore, curated: dict[str, Any], drafted: dict[str, Any]) -> None:
    proposals = _figures(drafted)
    fields = {name: Score() for name in ("value", "comparator", "unit", "date")}
    for figure in _figures(curated):
        score.figures.total += 1
        candidates = [p for p in proposals if _matches(figure, p)]
        checks = {"value": False, "comparator": False, "unit": False, "date": False}
        for p in candidates:
            here = {
                "value": p["value_max"] == figure["value_max"],
                "comparator": EQUIVALENT.get(p["comparator"], p["comparator"])
                == EQUIVALENT.get(figure["comparator"], figure["comparator"]),
                "unit": p["unit"] == figure["unit"],
                "date": p["date"] == figure["date"],
            }
            if sum(here.values()) > sum(checks.values()):
                checks = here
        for name, ok in checks.items():
            fields[name].total += 1
            fields[name].right += ok
        if all(checks.values()):
            score.figures.right += 1
        else:
            wrong = [k for k, ok in checks.items() if not ok] if candidates else ["not proposed"]
            score.misses.append(
                f"figure {figure['value']} {figure['unit']} ({', '.join(wrong)}): "
                f"{squash(figure['quote'])[:40]}"
            )
    score.figure_fields = fields
    kept_by = _figures(curated) + _measure_figures(curated)
    for p in proposals:
        score.proposals += 1
        kept = any(c["value"] == p["value"] and _overlap(c["quote"], p["quote"]) for c in kept_by)
        if not kept and not any(_matches(c, p) for c in _figures(curated)):
            score.deletable += 1


def _numbers(region: dict[str, Any]) -> dict[str, str | None]:
    return {str(x.get("id")): x.get("number") for x in region.get("measures") or []}


def _score_measures(score: RegionScore, curated: dict[str, Any], drafted: dict[str, Any]) -> None:
    c_numbers, d_numbers = _numbers(curated), _numbers(drafted)
    proposed = {
        x.get("number"): d_numbers.get(str(x.get("parent"))) if x.get("parent") else None
        for x in drafted.get("measures") or []
    }
    themes = {x.get("number"): x.get("theme") for x in drafted.get("measures") or []}
    for measure in curated.get("measures") or []:
        number = measure.get("number")
        if not number:
            continue
        score.measures.total += 1
        parent = c_numbers.get(str(measure.get("parent"))) if measure.get("parent") else None
        if number in themes:
            score.themes.total += 1
            score.themes.right += themes[number] == measure.get("theme")
        if number in proposed and proposed[number] == parent:
            score.measures.right += 1
        else:
            score.misses.append(
                f"measure {number} (parent {parent}): proposed {proposed.get(number, '-')}"
            )
    curated_numbers = {x.get("number") for x in curated.get("measures") or []}
    curated_quotes = [x.get("quote", "") for x in curated.get("measures") or []]
    for measure in drafted.get("measures") or []:
        score.proposals += 1
        in_curated = measure.get("number") in curated_numbers or any(
            _overlap(measure.get("quote", ""), q) for q in curated_quotes
        )
        score.deletable += not in_curated


def _score_phases(score: RegionScore, curated: dict[str, Any], drafted: dict[str, Any]) -> None:
    proposals = drafted.get("phases") or []
    for phase in curated.get("phases") or []:
        score.phases.total += 1
        same = [
            p
            for p in proposals
            if _overlap(p.get("quote", ""), phase.get("quote", ""))
            or squash(phase.get("name", {}).get("zh", "")) in squash(p.get("quote", ""))
        ]
        if any(
            p.get("start") == phase.get("start") and p.get("end") == phase.get("end") for p in same
        ):
            score.phases.right += 1
        else:
            score.misses.append(f"phase {phase.get('id')} {phase.get('start')}..{phase.get('end')}")
    for p in proposals:
        score.proposals += 1 + len(p.get("milestones") or [])
        matched = any(
            _overlap(p.get("quote", ""), c.get("quote", "")) for c in curated.get("phases") or []
        )
        score.deletable += not matched
        curated_milestones = [
            ms.get("quote", "")
            for c in curated.get("phases") or []
            for ms in c.get("milestones") or []
        ]
        for ms in p.get("milestones") or []:
            score.deletable += not any(_overlap(ms.get("quote", ""), q) for q in curated_milestones)


def _draft_scratch(data: Path, region: str, document: str) -> tuple[dict[str, Any], float]:
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / "data"
        (scratch / "sources" / region).mkdir(parents=True)
        for filename, _ in CODEBOOK_FILES.values():
            shutil.copy(data / filename, scratch / filename)
        shutil.copy(data / "atlas.yaml", scratch / "atlas.yaml")
        shutil.copy(data / "sources" / region / document, scratch / "sources" / region / document)
        start = time.perf_counter()
        draft_region(scratch, region, Path(document).stem)
        seconds = time.perf_counter() - start
        text = (scratch / "regions" / f"{region}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text), seconds


def score_region(data: Path, path: Path) -> list[RegionScore]:
    curated = yaml.safe_load(path.read_text(encoding="utf-8"))
    scores = []
    for document in curated.get("documents") or []:
        source = data / "sources" / curated["id"] / str(document.get("text"))
        if not source.is_file():
            continue
        drafted, seconds = _draft_scratch(data, curated["id"], source.name)
        own = {
            **curated,
            **{
                key: [x for x in curated.get(key) or [] if x.get("document") == document["id"]]
                for key in ("goals", "status", "phases", "measures")
            },
        }
        score = RegionScore(f"{curated['id']}/{document['id']}", seconds=seconds)
        _score_figures(score, own, drafted)
        _score_measures(score, own, drafted)
        _score_phases(score, own, drafted)
        scores.append(score)
    return scores


def _total(scores: list[RegionScore]) -> RegionScore:
    total = RegionScore("all")
    for s in scores:
        for mine, theirs in (
            (total.figures, s.figures),
            (total.measures, s.measures),
            (total.themes, s.themes),
            (total.phases, s.phases),
        ):
            mine.right += theirs.right
            mine.total += theirs.total
        for name, sc in s.figure_fields.items():
            agg = total.figure_fields.setdefault(name, Score())
            agg.right += sc.right
            agg.total += sc.total
        total.proposals += s.proposals
        total.deletable += s.deletable
        total.seconds += s.seconds
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--region", action="append", help="only these regions")
    parser.add_argument("--misses", action="store_true", help="list what each region missed")
    args = parser.parse_args()
    paths = sorted((args.data / "regions").glob("*.yaml"))
    scores = [
        s
        for p in paths
        if not args.region or p.stem in args.region
        for s in score_region(args.data, p)
    ]
    rows = [*scores, _total(scores)]
    header = (
        f"{'source':<34} {'figures':>12} {'value':>6} {'comp.':>6} {'unit':>6} {'date':>6} "
        f"{'measures':>12} {'theme':>6} {'phases':>9} {'delete':>11} {'s':>5}"
    )
    print(header)
    print("-" * len(header))
    for s in rows:
        f = s.figure_fields
        pct = {k: (f"{100 * v.right / v.total:.0f}%" if v.total else "–") for k, v in f.items()}
        delete = f"{s.deletable}/{s.proposals}" if s.proposals else "–"
        print(
            f"{s.region:<34} {s.figures.share():>12} {pct.get('value', '–'):>6} "
            f"{pct.get('comparator', '–'):>6} {pct.get('unit', '–'):>6} {pct.get('date', '–'):>6} "
            f"{s.measures.share():>12} {s.themes.percent():>6} {s.phases.share():>9} "
            f"{delete:>11} {s.seconds:>5.2f}"
        )
    print(
        "\nfigures: curated targets and status figures proposed with value (and value_max), "
        "comparator, unit and deadline/as_of all right\nvalue/comp./unit/date: each field "
        "alone · measures: numbered, right number and parent · theme: the proposed theme is "
        "the curated one\ndelete: proposals matching no curated record / all proposals"
    )
    if args.misses:
        for s in scores:
            print(f"\n{s.region}:")
            for miss in s.misses:
                print(f"  {miss}")


if __name__ == "__main__":
    main()
