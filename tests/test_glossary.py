"""The glossary codebook: English text is checked against one English term per Chinese
term, and the real data uses the glossary's terms."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from generator.errors import Severity
from generator.load import model as m
from generator.load.glossary import check_glossary
from generator.load.loader import Loc
from generator.load.validate import load_atlas

DATA = Path(__file__).resolve().parent.parent / "data"
FLAGSHIP = m.GlossaryTerm(zh=["领航学校", "領航學校"], en="flagship school", avoid=["navigator"])
SCENARIO = m.GlossaryTerm(zh=["应用场景"], en="scenario", required=False, avoid=["use case"])


@dataclasses.dataclass
class Collected:
    problems: list[tuple[Loc, str, Severity]] = dataclasses.field(default_factory=list)

    def add(
        self,
        loc: Loc,
        message: str,
        *,
        hint: str | None = None,
        severity: Severity = "error",
        key: bool = False,
    ) -> None:
        self.problems.append((loc, message, severity))


def _check(zh: str, en: str, *terms: m.GlossaryTerm) -> list[tuple[Loc, str, Severity]]:
    report = Collected()
    check_glossary(report, [(("measures", 0, "summary"), m.Text(zh=zh, en=en))], list(terms))
    return report.problems


def test_an_avoided_rendering_is_an_error_naming_the_glossary_term() -> None:
    [(loc, message, severity)] = _check("遴选领航学校", "Select navigator schools", FLAGSHIP)
    assert loc == ("measures", 0, "summary", "en") and severity == "error"
    assert message == "'navigator' for 领航学校: the glossary's term is 'flagship school'"


def test_a_missing_term_is_a_warning_and_case_and_plural_do_not_matter() -> None:
    [(_, message, severity)] = _check("遴选领航学校", "Select lead schools", FLAGSHIP)
    assert severity == "warning" and "'flagship school'" in message
    assert _check("遴选領航學校", "Flagship schools are chosen", FLAGSHIP) == []


def test_a_term_that_may_be_rephrased_still_refuses_its_avoided_rendering() -> None:
    assert _check("建设应用场景", "Build AI uses in class", SCENARIO) == []
    assert _check("建设应用场景", "Build use cases", SCENARIO)


def test_the_real_glossary_loads_and_the_data_follows_it() -> None:
    atlas = load_atlas(DATA, strict=True)  # raises on any glossary warning
    assert atlas.atlas.regions
    terms = (DATA / "glossary.yaml").read_text(encoding="utf-8").count("\n- zh:")
    assert terms >= 20
