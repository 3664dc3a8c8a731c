"""Documents a source cites: titles in 《》 and document numbers such as 教基厅函〔2024〕32号."""

from __future__ import annotations

import re
from dataclasses import dataclass

TITLE = re.compile(r"《([^《》\n]{2,80})》")
DOCUMENT_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,10}[〔\[［(（]\s*(\d{4})\s*[〕\]］)）]\s*\d{1,4}\s*号"
)


@dataclass(frozen=True)
class Citation:
    """A cited document as the source names it, with the verbatim passage that names it."""

    title: str | None
    number: str | None
    quote: str

    @property
    def label(self) -> str:
        """《title》 or the document number."""
        return f"《{self.title}》" if self.title else str(self.number)


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(ch, 0, start) for ch in "。;;\n") + 1
    stops = [i for i in (text.find(ch, end) for ch in "。;;\n") if i >= 0]
    right = min(stops, default=len(text))
    return text[left:right].strip()


#: Words of a sentence that cites a document it follows (全面落实《…》), rather than one the
#: plan asks to be written (编制《…指南》).
CITING_WORDS = re.compile(
    r"落实|落實|贯彻|貫徹|根据|根據|依据|依據|按照|部署|精神|印发了|下发了|印發了"
)


ISSUING_WORDS = re.compile(r"^《[^》]*》\s*[,,]?\s*(现印发|現印發|印发给你们|印發給你們)")


def find_citations(
    text: str, own_title: str | None = None, own_number: str | None = None
) -> list[Citation]:
    """Every distinct document the text cites, in order of first mention: titles in 《》 in
    a sentence that says the text follows them, and document numbers. The document's own
    title and number (a notice quoting the plan it issues) are left out."""
    found: dict[str, Citation] = {}
    own = re.sub(r"\s+", "", own_title or "")
    for match in TITLE.finditer(text):
        title = re.sub(r"\s+", "", match.group(1))
        sentence = _sentence_around(text, match.start(), match.end())
        if (own and (title == own or title in own)) or not CITING_WORDS.search(sentence):
            continue
        if ISSUING_WORDS.search(sentence[sentence.find(match.group(0)) :]):
            continue  # the notice issuing this very plan (制定了《…》,现印发给你们)
        if title not in found:
            found[title] = Citation(title, None, match.group(0))
    for match in DOCUMENT_NUMBER.finditer(text):
        number = re.sub(r"\s+", "", match.group(0))
        if number not in found and number != own_number:
            found[number] = Citation(None, number, match.group(0))
    return list(found.values())
