"""Documents a source cites: titles in 《》 and document numbers such as 教基厅函〔2024〕32号.

A title counts when its sentence says the text follows it (全面落实《…》, 按照《…》要求,
根据《…》), not when the plan asks for a document to be written (编制《…指南》); a number in
brackets right after a title (《…通知》(教基厅函〔2024〕32号)) belongs to that title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.draft.quoting import unique_quote

TITLE = re.compile(r"《([^《》\n]{2,80})》")
DOCUMENT_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,10}[〔\[［(（]\s*(\d{4})\s*[〕\]］)）]\s*\d{1,4}\s*号"
)
_NUMBER_AFTER = re.compile(r"\s*[((]\s*(" + DOCUMENT_NUMBER.pattern + r")\s*[))]")

#: Words of a sentence that cites a document it follows (全面落实《…》), rather than one the
#: plan asks to be written (编制《…指南》).
CITING_WORDS = re.compile(
    r"落实|落實|贯彻|貫徹|根据|根據|依据|依據|按照|部署|精神|印发了|下发了|印發了"
)
#: Words saying the text carries the document out, not only that it names it.
IMPLEMENTING_WORDS = re.compile(r"落实|落實|贯彻|貫徹|按照|要求")
ISSUING_WORDS = re.compile(r"^《[^》]*》\s*[,,]?\s*(现印发|現印發|印发给你们|印發給你們)")
_CLAUSE_BREAKS = ",,。;;\n"


@dataclass(frozen=True)
class Citation:
    """A cited document as the source names it: its title and/or number, whether the text
    says it implements it, and a verbatim clause naming it (unique in the text)."""

    title: str | None
    number: str | None
    quote: str
    implements: bool = False

    @property
    def label(self) -> str:
        """《title》 (number), or the number alone."""
        if self.title and self.number:
            return f"《{self.title}》({self.number})"
        return f"《{self.title}》" if self.title else str(self.number)


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(ch, 0, start) for ch in "。;;\n") + 1
    stops = [i for i in (text.find(ch, end) for ch in "。;;\n") if i >= 0]
    right = min(stops, default=len(text))
    return text[left:right].strip()


def _clause(text: str, start: int, end: int) -> str:
    left = max(text.rfind(ch, 0, start) for ch in _CLAUSE_BREAKS) + 1
    return unique_quote(text, left, end)


def _implements(clause: str, text: str, end: int) -> bool:
    """Whether the clause naming a document says the text carries it out (落实《…》,
    按照《…》要求), judged on the clause and the words right after it."""
    after = text[end : end + 12]
    stop = min((i for i in (after.find(ch) for ch in _CLAUSE_BREAKS) if i >= 0), default=12)
    return bool(IMPLEMENTING_WORDS.search(clause + after[:stop]))


def find_citations(
    text: str, own_title: str | None = None, own_number: str | None = None
) -> list[Citation]:
    """Every distinct document the text cites, in order of first mention. The document's
    own title and number (a notice quoting the plan it issues) are left out."""
    found: dict[str, Citation] = {}
    attached: set[str] = set()
    own = re.sub(r"\s+", "", own_title or "")
    for match in TITLE.finditer(text):
        title = re.sub(r"\s+", "", match.group(1))
        sentence = _sentence_around(text, match.start(), match.end())
        if (own and (title == own or title in own)) or not CITING_WORDS.search(sentence):
            continue
        if ISSUING_WORDS.search(sentence[sentence.find(match.group(0)) :]):
            continue  # the notice issuing this very plan (制定了《…》,现印发给你们)
        if any(title in earlier for earlier in found):
            continue  # a short form (《行动方案》) of a title already named
        after = _NUMBER_AFTER.match(text, match.end())
        number = re.sub(r"\s+", "", after.group(1)) if after else None
        if number:
            attached.add(number)
        end = after.end() if after else match.end()
        if title not in found:
            clause = _clause(text, match.start(), end)
            found[title] = Citation(title, number, clause, _implements(clause, text, end))
    for match in DOCUMENT_NUMBER.finditer(text):
        number = re.sub(r"\s+", "", match.group(0))
        if number in found or number in attached or number == own_number:
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        if text[line_start : line_end if line_end >= 0 else None].strip(" \t\u3000") == number:
            continue  # a number alone on its line is the document's own 文号, not a citation
        sentence = _sentence_around(text, match.start(), match.end())
        clause = _clause(text, match.start(), match.end())
        found[number] = Citation(None, number, clause, _implements(clause, text, match.end()))
    return list(found.values())
