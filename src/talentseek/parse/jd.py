"""Job description → structured fields: skills (required vs nice-to-have), experience, education,
job type, benefits (text.benefits' canonical names), headcount. Used by the importer and by matching."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from talentseek.domain import Experience
from talentseek.text.benefits import extract_benefits
from talentseek.text.company import parse_job_type
from talentseek.text.education import parse_education
from talentseek.text.experience import parse_experience
from talentseek.text.numerals import CN_SMALL_NUMBER, cn_to_number
from talentseek.text.skills import extract_skills

_REQUIREMENT_HEAD = re.compile(
    r"任职要求|岗位要求|任职资格|职位要求|工作要求|应聘要求|招聘要求|任职条件|岗位资格|资格要求|技能要求"
    r"|我们希望你|你需要具备|requirements?|qualifications?",
    re.IGNORECASE,
)
_DUTY_HEAD = re.compile(
    r"岗位职责|工作职责|工作内容|职位描述|岗位描述|职责描述|responsibilities", re.IGNORECASE
)
_BENEFIT_HEAD = re.compile(r"福利待遇|薪资福利|公司福利|我们提供|待遇|福利[:：]")
# Sentence ends, plus numbered items (`1、` `2.` `3）`) that job boards run together on one line.
_SPLIT = re.compile(r"[。；;！!\n]+|(?<![\d.])(?=\d{1,2}\s*[、.．)）](?!\d))|(?=[（(]\d{1,2}[)）])")
_PREFERRED_LEAD = re.compile(r"^\W*\d*\W*(?:加分项?|优先(?:考虑)?|plus|bonus|nice to have)", re.IGNORECASE)
_PREFERRED = re.compile(
    r"优先|加分|更佳|为佳|尤佳|为宜|更好|者优|任[何意]一种|之一|plus|preferred|nice to have|bonus",
    re.IGNORECASE,
)
_REQUIRED = re.compile(
    r"熟悉|精通|掌握|熟练|必须|具备|具有|需要|要求|经验|能够|会使用|擅长|了解|must|required|proficient",
    re.IGNORECASE,
)
_HEADCOUNT = re.compile(
    rf"(?:招|招聘|招募|需求|急招|诚聘)\s*(\d{{1,4}}|{CN_SMALL_NUMBER}{{1,3}})\s*(?:人|名|位)"
    r"|人数\s*[:：]\s*(\d{1,4})\s*人?"
)


@dataclass(frozen=True)
class JobFields:
    """What a JD states; unknown fields are None/empty (never guessed)."""

    skills: tuple[str, ...] = ()
    required_skills: tuple[str, ...] = ()
    preferred_skills: tuple[str, ...] = ()
    experience: Experience = field(default_factory=Experience)
    education: str | None = None
    job_type: str | None = None
    benefits: tuple[str, ...] = ()
    headcount: int | None = None


def sentences(text: str) -> list[str]:
    """Sentences and numbered items of a JD."""
    return [s.strip(" ，,:：") for s in _SPLIT.split(text) if s and s.strip(" ，,:：")]


def requirement_text(description: str) -> str:
    """The part after 任职要求/岗位要求 (up to a benefits heading); the whole text when unmarked."""
    m = _REQUIREMENT_HEAD.search(description)
    if m is None:
        return description
    rest = description[m.end() :]
    end = _BENEFIT_HEAD.search(rest) or _DUTY_HEAD.search(rest)
    return rest[: end.start()] if end else rest


def _split_skills(parts: list[str]) -> tuple[list[str], list[str]]:
    """(required, preferred) canonical skills; clause by clause only where a sentence mixes both kinds."""
    required: list[str] = []
    preferred: list[str] = []
    for sentence in parts:
        marked = _PREFERRED.search(sentence) or _REQUIRED.search(sentence)
        found = extract_skills(sentence) if marked else []
        if not found:
            continue
        if _PREFERRED_LEAD.match(sentence):
            preferred.extend(found)
        elif not _PREFERRED.search(sentence):
            required.extend(found if _REQUIRED.search(sentence) else [])
        else:
            _split_clauses(sentence, required, preferred)
    required = list(dict.fromkeys(required))
    return required, [s for s in dict.fromkeys(preferred) if s not in required]


def _split_clauses(sentence: str, required: list[str], preferred: list[str]) -> None:
    """`精通SQL、Excel，掌握R/Python任何一种尤佳`: each comma clause on its own markers."""
    clauses = [c for c in re.split(r"[，,]", sentence) if c.strip()]
    sentence_required = any(_REQUIRED.search(c) for c in clauses if not _PREFERRED.search(c))
    for clause in clauses:
        if _PREFERRED.search(clause):
            preferred.extend(extract_skills(clause))
        elif sentence_required:
            required.extend(extract_skills(clause))


def _first_experience(parts: list[str]) -> Experience:
    for sentence in parts:
        if re.search(r"经验|应届|毕业生|年以上|工作年限", sentence):
            exp = parse_experience(sentence)
            if exp != Experience():
                return exp
    return Experience()


def _first_education(parts: list[str]) -> str | None:
    for sentence in parts:
        if re.search(
            r"学历|本科|大专|专科|硕士|博士|研究生|中专|高中|学士|bachelor|master|degree", sentence, re.I
        ):
            level = parse_education(sentence)
            if level:
                return level
    return None


def _headcount(text: str) -> int | None:
    m = _HEADCOUNT.search(text)
    if not m:
        return None
    raw = m.group(1) or m.group(2)
    value = cn_to_number(raw)
    return int(value) if value and value > 0 else None


def parse_jd(title: str, description: str) -> JobFields:
    """Structured fields of one posting (title + description)."""
    title = unicodedata.normalize("NFKC", title or "")
    description = unicodedata.normalize("NFKC", description or "")
    req = requirement_text(description)
    parts = sentences(req)
    required, preferred = _split_skills(parts)
    return JobFields(
        skills=tuple(extract_skills(f"{title}\n{description}")),
        required_skills=tuple(required),
        preferred_skills=tuple(preferred),
        experience=_first_experience(parts),
        education=_first_education(parts),
        job_type=parse_job_type(title) or parse_job_type(req),
        benefits=tuple(extract_benefits(description)),
        headcount=_headcount(title + "\n" + description),
    )
