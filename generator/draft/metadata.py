"""A document's own metadata as its capture shows it: title, kind, 文号, issuer, dates."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.draft.citations import DOCUMENT_NUMBER, TITLE
from generator.draft.dates import DateRange, find_date, find_span

_HEAD_LINES = 15
_TITLE_WORDS = re.compile(
    r"(实施方案|行动方案|工作方案|行动计划|实施意见|方案|计划|答复|通知|意见)"
)
_ISSUER_FIELD = re.compile(r"(?:发布机构|發布機構|来源|來源|发文机关)\s*[::]\s*([^\s|:：]{2,30})")
_DATE_FIELD = re.compile(
    r"(?:发布日期|發布日期|发布时间|發布時間|生效日期|公文生成日期|成文日期)[\s|::]*"
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
)
_NUMBER_FIELD = re.compile(r"文\s*号\s*[::]\s*([^\s|]*)")
_SIGNATURE = re.compile(r"^\s*([\u4e00-\u9fff()()]{3,30}(?:局|委员会|厅|部|政府|办公室))\s*$")
_NOTICE = re.compile(r"^([\u4e00-\u9fff、]{4,80}?)关于印发《")
_PERIOD = re.compile(r"[((]\s*(\d{4}\s*年?\s*[—–\-~至]+\s*\d{4}\s*年?)\s*[))]")

#: Document kinds (data/document-kinds.yaml) by the words of a title, first match wins.
KIND_WORDS = (
    ("答复", "reply-to-proposal"),
    ("答復", "reply-to-proposal"),
    ("实施方案", "implementation-plan"),
    ("實施方案", "implementation-plan"),
    ("行动方案", "action-plan"),
    ("行動方案", "action-plan"),
    ("工作方案", "work-plan"),
)


_COMPLETE_ENDINGS = tuple('。!?!?”"))》|')


#: Page furniture a capture may end with (share buttons, log-in prompts, editor credits).
_FURNITURE = re.compile(r"扫一扫|掃一掃|登录|登錄|注册|註冊|分享|审核编辑|審核編輯|打印|关闭")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def ends_mid_sentence(text: str) -> bool:
    """Whether the capture's last line of prose (eight Chinese characters or more, page
    furniture left out) stops inside a sentence: the page was cut off."""
    for line in reversed(text.splitlines()):
        body = line.strip().strip("|").strip()
        if len(_CJK.findall(body)) < 8 or (len(body) <= 20 and _FURNITURE.search(body)):
            continue
        return not body.endswith(_COMPLETE_ENDINGS)
    return False


@dataclass(frozen=True)
class Metadata:
    """What the capture says of its document; ``None`` where it does not say.
    ``where`` names, per field, the passage the value was read from."""

    title: str | None
    kind: str | None
    issuer: str | None
    number: str | None
    published: str | None
    period: DateRange | None
    where: dict[str, str]
    cut_off: bool = False
    signed: str | None = None  # the date line a reply or notice ends with
    signed_as: str = ""  # that line as captured


def _title(lines: list[str]) -> tuple[str | None, str]:
    for line in lines:
        cleaned = line.strip().strip("|").strip()
        if not cleaned or len(cleaned) > 60 or cleaned.startswith(("为", "現將", "现将")):
            continue
        if _TITLE_WORDS.search(cleaned) and not re.search(r"[::,,。]", cleaned):
            issued = re.search(r"印发《(.+)》的?通知", cleaned)
            return (issued.group(1), issued.group(0)) if issued else (cleaned, cleaned)
    for pattern in (*_ISSUES, TITLE):
        for line in lines:
            issued = pattern.search(line)
            if issued:
                return issued.group(1), issued.group(0)
    return None, ""


#: A capture that reports on its document names it as issued (市教育局印发《…》, 现将《…》印发);
#: a title issued by others that the text follows (九部门印发的《…》) is a citation.
_ISSUES = (
    re.compile(r"[现現][将將]《([^》]+)》印[发發]"),
    re.compile(r"(?<![的之])印[发發]《([^》]+)》"),
)


def _kind(title: str | None, text: str) -> str | None:
    if "《行动方案》明确" in text or "《行動方案》明確" in text:
        return "official-summary"
    for word, kind in KIND_WORDS:
        if title and word in title:
            return kind
    return None


def _issuer(lines: list[str]) -> tuple[str | None, str]:
    for line in lines:
        notice = _NOTICE.match(line.strip().strip("|").strip())
        if notice:
            return notice.group(1), notice.group(0)
    for line in lines:
        field = _ISSUER_FIELD.search(line)
        if field:
            return field.group(1).removesuffix("发布时间").removesuffix("發布時間"), field.group(0)
    for index, line in enumerate(lines[:-1]):
        signature = _SIGNATURE.match(line)
        if signature and find_date(lines[index + 1]):
            return signature.group(1), line.strip()
        inline = re.search(
            r"([\u4e00-\u9fff()()]{3,30}(?:局|委员会|厅))\s*\d{4}年\d{1,2}月\d{1,2}日", line
        )
        if inline:
            return inline.group(1), inline.group(0)
    return None, ""


def _published(lines: list[str]) -> tuple[str | None, str]:
    for line in lines:
        field = _DATE_FIELD.search(line)
        if field:
            year, month, day = field.groups()
            return f"{int(year):04d}-{int(month):02d}-{int(day):02d}", field.group(0)
    for line in lines:
        signed = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日", line)
        if signed and len(line.strip()) <= 40:
            year, month, day = signed.groups()
            return f"{int(year):04d}-{int(month):02d}-{int(day):02d}", signed.group(0)
    return None, ""


_SIGNED_FULL = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?\s*$")
_SIGNED_DAMAGED = re.compile(r"^[\s\u2000-\u200a\u3000]*(\d{4})(\d{1,4})\s*$")


def _signed(text: str) -> tuple[str | None, str]:
    """The date line at the end of the text (落款): 2025年7月2日, or captured without its
    characters (202572), which is certain only to the month, when the month is one digit
    other than 1 (a 1 could begin 10, 11 or 12)."""
    for line in reversed(text.splitlines()[-8:]):
        full = _SIGNED_FULL.match(line)
        if full:
            year, month, day = full.groups()
            if 1 <= int(month) <= 12:
                parts = [f"{int(year):04d}", f"{int(month):02d}"] + (
                    [f"{int(day):02d}"] if day else []
                )
                return "-".join(parts), line.strip()
        damaged = _SIGNED_DAMAGED.match(line)
        if damaged and 1990 <= int(damaged.group(1)) <= 2100:
            month = damaged.group(2)[0]
            if month not in "01":
                return f"{damaged.group(1)}-0{month}", line.strip()
            return damaged.group(1), line.strip()
    return None, ""


def read_metadata(text: str) -> Metadata:
    """The metadata shown in the first lines of the capture (header table, notice, title)."""
    lines = text.splitlines()[:_HEAD_LINES]
    head = "\n".join(lines)
    where: dict[str, str] = {}
    title, where["title"] = _title(lines)
    issuer, where["issuer"] = _issuer(lines)
    published, where["published"] = _published(lines)
    field = _NUMBER_FIELD.search(head)
    number_match = DOCUMENT_NUMBER.search(field.group(0)) if field else None
    for line in lines if number_match is None else []:
        alone = DOCUMENT_NUMBER.fullmatch(line.strip())
        if alone:
            number_match = alone
            break
    number = re.sub(r"\s+", "", number_match.group(0)) if number_match else None
    where["number"] = number_match.group(0) if number_match else ""
    period_match = _PERIOD.search(title or "")
    period = find_span(period_match.group(1)) if period_match else None
    where["period"] = period_match.group(0) if period_match else ""
    signed, signed_as = _signed(text)
    return Metadata(
        title,
        _kind(title, text),
        issuer,
        number,
        published,
        period,
        where,
        ends_mid_sentence(text),
        signed,
        signed_as,
    )
