"""Education and work entries: group a section's lines into entries, then read each entry's fields."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from talentseek.domain import EDUCATION_LEVELS, EducationEntry, WorkEntry
from talentseek.parse.dates import DateRange, find_date_range
from talentseek.parse.fields import label_value
from talentseek.text.education import parse_education

_CJK = re.compile(r"[\u4e00-\u9fa5]")
SCHOOL = re.compile(
    r"^(?:(?:.{2,30} )?(?:university|college|institute) of .{2,40}"
    r"|.{2,30}(?:大学|学院|学校|中学|高中|党校|研究生院|university|college|institute|school|academy))"
    r"(?:[（(].{1,12}[）)])?$",
    re.IGNORECASE,
)
COMPANY = re.compile(
    r"^.{2,40}(?:有限公司|有限责任公司|股份公司|公司|集团|银行|研究院|研究所|事务所|医院|工作室|协会"
    r"|委员会|管理局|厂|co\.?,? ?ltd\.?|ltd\.?|inc\.?|llc|corporation|corp\.?|group|technologies|bank)"
    r"(?:[（(].{1,12}[）)])?$",
    re.IGNORECASE,
)
TITLE = re.compile(
    r"^.{0,15}(?:工程师|经理|主管|专员|总监|助理|设计师|开发|运营|顾问|架构师|分析师|会计|出纳|教师|老师|讲师|销售"
    r"|文员|编辑|记者|实习生|负责人|主任|总裁|总经理|ceo|cto|cfo|coo|董事|秘书|律师|医生|护士|客服|策划|测试"
    r"|程序员|技术员|研究员|科学家|组长|主播|店长|代表|专家|(?:业务|采购|质检|统计|行政|文|操作|营业)员|leader|engineer|manager|developer|analyst|designer|intern"
    r"|consultant|lead|director|scientist|specialist|architect|accountant)$",
    re.IGNORECASE,
)
_NOT_MAJOR = re.compile(
    r"学历|学位|统招|全日制|gpa|排名|绩点|主修|课程|\d|[:：]|^(?:在读|毕业|时间|起止时间|日期|学校|院校|专业|名称)$",
    re.IGNORECASE,
)

_BULLET = re.compile(r"^[\s\-*•·●▪◦>]+")
_HEADER_MAX = 90  # longer lines are descriptions, not `date | company | title` headers
_SENTENCE = re.compile(r"[，。；;！？]|负责|参与|完成")
NerLookup = Callable[[str, str], str | None]
"""(text, entity type) → the first entity of that type the tagger finds in text, or None."""


def tokens(line: str) -> list[str]:
    """Field-like pieces of a header line: split on bars/tabs/wide gaps; single spaces too in CJK lines."""
    splitter = r"[|｜\t,，/、]|\s+" if _CJK.search(line) else r"[|｜\t]| {2,}|, | - | — | at "
    return [t.strip(" ()（）·:：;；") for t in re.split(splitter, line) if t and t.strip(" ()（）·:：;；")]


def group_entries(block: str, anchor: re.Pattern[str], today: date) -> list[list[str]]:
    """Lines → entries: a new entry starts at a second date range or a second school/company line."""
    entries: list[list[str]] = []
    has_date = has_anchor = False
    for raw in block.split("\n"):
        line = raw.strip()
        if not line:
            continue
        date_here = find_date_range(line, today) is not None
        anchor_here = len(line) <= _HEADER_MAX and any(
            anchor.match(t) for t in tokens(_strip_dates(line, today))
        )
        if not entries or (date_here and has_date) or (anchor_here and has_anchor):
            entries.append([])
            has_date = has_anchor = False
        entries[-1].append(line)
        has_date, has_anchor = has_date or date_here, has_anchor or anchor_here
    return entries


def _strip_dates(line: str, today: date) -> str:
    found = find_date_range(line, today)
    return line if found is None else line[: found.span[0]] + " " + line[found.span[1] :]


def _dates(lines: list[str], today: date) -> DateRange | None:
    for line in lines:
        found = find_date_range(line, today)
        if found is not None:
            return found
    return None


def _header_tokens(lines: list[str], today: date) -> list[str]:
    """Tokens of the entry's short header lines (sentences, descriptions and bullets are not headers)."""
    return [
        t
        for line in lines[:3]
        if len(line) <= _HEADER_MAX and not _BULLET.match(line) and not _SENTENCE.search(line)
        for t in tokens(_strip_dates(line, today))
    ]


def _first(pattern: re.Pattern[str], toks: list[str]) -> str | None:
    return next((t for t in toks if pattern.match(t)), None)


def education_entry(lines: list[str], today: date, ner: NerLookup | None) -> EducationEntry:
    """School, degree, major and dates of one education entry."""
    text = "\n".join(lines)
    toks = _header_tokens(lines, today)
    school = label_value(text, ("学校", "毕业院校", "院校", "学校名称", "school")) or _first(SCHOOL, toks)
    if school is None and ner is not None:
        school = ner(" ".join(toks), "ORG")
    degree_text = label_value(text, ("学历", "学位", "degree")) or " ".join(t for t in toks if t != school)
    degree = parse_education(degree_text)
    major = label_value(text, ("专业", "major")) or next(
        (
            t.removesuffix("专业")
            for t in toks
            if t != school and not parse_education(t) and not _NOT_MAJOR.search(t) and 2 <= len(t) <= 20
        ),
        None,
    )
    found = _dates(lines, today)
    return EducationEntry(
        school=school,
        degree=degree if degree != "不限" else None,
        major=major,
        start=found.start if found else None,
        end=found.end if found else None,
    )


def work_entry(lines: list[str], today: date, ner: NerLookup | None) -> tuple[WorkEntry, bool]:
    """Company, title, dates and description of one job; the flag says the job is ongoing (至今)."""
    text = "\n".join(lines)
    toks = _header_tokens(lines, today)
    company = label_value(text, ("公司", "公司名称", "工作单位", "单位", "company")) or _first(COMPANY, toks)
    title = label_value(text, ("职位", "职务", "岗位", "担任", "title", "position")) or _first(
        TITLE, [t for t in toks if t != company]
    )
    if ner is not None:
        header = " ".join(toks)
        company = company or ner(header, "ORG")
        title = title or ner(header, "TITLE")
    if company is None and title in toks:
        company = _lone_token_before(toks, title)
    found = _dates(lines, today)
    body = [ln for ln in lines[1:] if ln not in lines[:1] and (len(ln) > 60 or _BULLET.match(ln))]
    entry = WorkEntry(
        company=company,
        title=title,
        start=found.start if found else None,
        end=found.end if found else None,
        description="\n".join(body) or None,
    )
    return entry, bool(found and found.ongoing)


def _lone_token_before(toks: list[str], title: str | None) -> str | None:
    """`2021.07-至今 拼多多 数据分析师`: the one name-like token before the title is the employer."""
    before = [t for t in toks[: toks.index(title or "")] if re.search(r"[\u4e00-\u9fa5A-Za-z]{2,}", t)]
    return before[0] if len(before) == 1 and len(before[0]) <= 40 else None


def highest(levels: list[str | None]) -> str | None:
    """The highest of the given education levels (不限 ranks lowest)."""
    known = [lv for lv in levels if lv in EDUCATION_LEVELS]
    return max(known, key=EDUCATION_LEVELS.index) if known else None
