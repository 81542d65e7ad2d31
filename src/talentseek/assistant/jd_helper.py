"""JD-writing helper for recruiters: a few lines → a structured JD, with unlawful requirements flagged.

The flags are rule-based (they must work without a model). Sources: 《中华人民共和国就业促进法》第三条、
第二十七条（性别）、第二十八条（民族）、第三十条（传染病病原携带者）、第三十一条（农村户籍）；
《妇女权益保障法》（2022）第四十三条（婚育状况）；人社部等《关于进一步规范招聘行为促进妇女就业的通知》（2019）。
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict

from talentseek.llm.base import LLM, clean_text
from talentseek.llm.structured import DATA_RULE, generate_structured, quote_data


@dataclass(frozen=True)
class Flag:
    kind: str  # gender | marital | ethnicity | origin | age | health
    text: str  # the offending phrase as written
    reason: str
    severity: str = "违法"  # 违法 | 风险


_RULES: tuple[tuple[str, str, str, str], ...] = (
    (
        "gender",
        r"(限|仅限|只招|只要|要求|优先)?\s*(男性|女性|男士|女士|男生|女生)(优先|者优先)?|限男|限女|男女不限以外",
        "招聘不得以性别为由拒绝录用或提高录用标准（《就业促进法》第二十七条）",
        "违法",
    ),
    (
        "marital",
        r"(已婚已育|已婚|未婚|已育|未育|婚育|生育|不孕|怀孕|孕期)",
        "不得询问或限制婚姻、生育状况（《妇女权益保障法》第四十三条）",
        "违法",
    ),
    (
        "ethnicity",
        r"(限|仅限|只招|要求)?\s*(汉族|少数民族|[\u4e00-\u9fa5]{1,3}族)(优先|人员)?(?!群)",
        "不得因民族而歧视劳动者（《就业促进法》第三条、第二十八条）",
        "违法",
    ),
    (
        "origin",
        r"(本地户口|本地户籍|户籍|户口|籍贯|限本地人|[\u4e00-\u9fa5]{1,4}籍(?!贯))",
        "不得以户籍、地域出身设限（《就业促进法》第三条、第三十一条）",
        "违法",
    ),
    (
        "age",
        r"(\d{2}\s*(周岁|岁)\s*(以下|以内|以上)|年龄\s*\d{2}\s*[-~至到]\s*\d{2}|年龄不超过\s*\d{2})",
        "年龄限制若与岗位无关可能构成年龄歧视，请说明必要性或删除",
        "风险",
    ),
    (
        "health",
        r"(乙肝|HBV|携带者|病原携带)",
        "不得以传染病病原携带者为由拒绝录用（《就业促进法》第三十条）",
        "违法",
    ),
)
_COMPILED = tuple((k, re.compile(p, re.I), r, s) for k, p, r, s in _RULES)
_FALSE_POS = (
    "民族大学",
    "家族",
    "上班族",
    "男女不限",
    "性别不限",
    "不限性别",
    "不限户籍",
    "户籍不限",
    "外籍",
)


def check_jd(text: str) -> list[Flag]:
    """Every requirement in `text` that Chinese employment law forbids (or that is risky), in text order."""
    text = clean_text(text)
    flags: list[Flag] = []
    for line in re.split(r"[\n。；;]", text):
        if not line.strip():
            continue
        for kind, rx, reason, sev in _COMPILED:
            for m in rx.finditer(line):
                phrase = m.group(0).strip()
                if phrase and not any(fp in line and phrase in fp for fp in _FALSE_POS):
                    if not any(fp in line[max(0, m.start() - 3) : m.end() + 3] for fp in _FALSE_POS):
                        flags.append(Flag(kind, phrase, reason, sev))
    return flags


class JDDraft(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = ""
    city: str | None = None
    salary: str | None = None
    duties: list[str] = []
    requirements: list[str] = []
    benefits: list[str] = []


@dataclass(frozen=True)
class JDHelp:
    draft: JDDraft
    flags: list[Flag] = field(default_factory=list)
    source: str = "rules"  # rules | llm | llm_retry
    removed: list[str] = field(default_factory=list)


_SALARY = re.compile(r"\d+(\.\d+)?\s*[kK千万wW]|\d{4,}\s*元|面议|薪")
_BENEFIT = re.compile(r"五险|一金|双休|包吃|包住|年终|带薪|补贴|体检|团建|弹性")
_DUTY = re.compile(r"^(负责|参与|完成|协助|主导|对接|维护|开发|设计)")
_CITY = re.compile(
    r"(北京|上海|广州|深圳|杭州|南京|武汉|成都|西安|济南|青岛|天津|重庆|苏州|郑州|长沙|合肥|厦门)"
)


def draft_from_lines(text: str) -> JDDraft:
    """Rule-based structure: first line is the title, then sort lines by what they talk about."""
    lines = [
        re.sub(r"^(\s*[\-•·*]+|\s*\d+\s*[.、)）])\s*", "", x).strip() for x in clean_text(text).splitlines()
    ]
    lines = [x for x in lines if x]
    d = JDDraft(title=lines[0][:40] if lines else "")
    for line in lines[1:] if len(lines) > 1 else lines:
        if (c := _CITY.search(line)) and d.city is None:
            d.city = c.group(1)
        if _SALARY.search(line) and d.salary is None:
            d.salary = line
        elif _BENEFIT.search(line):
            d.benefits.append(line)
        elif _DUTY.search(line):
            d.duties.append(line)
        elif line != d.salary:
            d.requirements.append(line)
    return d


def help_write_jd(text: str, llm: LLM | None = None) -> JDHelp:
    """Structure a recruiter's notes into a JD; flagged requirements are removed from the draft and listed."""
    flags = check_jd(text)
    source, draft = "rules", draft_from_lines(text)
    if llm is not None:
        msgs = [
            {
                "role": "system",
                "content": "你是招聘文案助手，把招聘方的要点整理成结构化职位描述 JSON"
                "（title, city, salary, duties, requirements, benefits）。不得加入性别、婚育、民族、户籍、"
                "年龄等歧视性要求，原文没有的信息不要编造。" + DATA_RULE,
            },
            {"role": "user", "content": quote_data(text)},
        ]
        res = generate_structured(llm, msgs, JDDraft, max_tokens=600, fallback=lambda: draft)  # type: ignore[arg-type]
        draft, source = res.value or draft, res.source
    kept, removed = _drop_flagged(draft.requirements)
    draft = draft.model_copy(update={"requirements": kept})
    return JDHelp(draft, flags, source, removed)


def _drop_flagged(requirements: list[str]) -> tuple[list[str], list[str]]:
    """Remove flagged clauses (split at commas) from each requirement; drop requirements left empty."""
    kept: list[str] = []
    removed: list[str] = []
    for req in requirements:
        clauses = [c for c in re.split(r"[，,、]", req) if c.strip()]
        bad = [c for c in clauses if check_jd(c)]
        removed += bad
        good = [c for c in clauses if c not in bad]
        if good:
            kept.append("，".join(good))
    return kept, removed
