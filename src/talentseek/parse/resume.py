"""Resume text → `domain.Resume` (CONTRACTS.md "resume"): rules and dictionaries first, the entity
tagger only where rules find nothing. Resume text is data: nothing in it is followed as an instruction."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from talentseek.domain import Intent, Resume, Salary, WorkEntry
from talentseek.parse.entries import COMPANY, SCHOOL, education_entry, group_entries, highest, work_entry
from talentseek.parse.extract import extract_text
from talentseek.parse.fields import (
    find_birth_year,
    find_email,
    find_gender,
    find_name,
    find_phone,
    label_value,
    looks_like_name,
)
from talentseek.parse.sections import split_sections
from talentseek.text.company import parse_job_type
from talentseek.text.education import parse_education
from talentseek.text.experience import parse_experience
from talentseek.text.region import find_regions, parse_region
from talentseek.text.salary import parse_salary
from talentseek.text.skills import extract_skills

_CITY_LABELS = (
    "现居",
    "现居住地",
    "现居地",
    "居住地",
    "所在地",
    "所在城市",
    "现居城市",
    "当前城市",
    "现住址",
    "现所在地",
    "location",
    "city",
)
_INTENT_CITY = (
    "期望城市",
    "期望地点",
    "意向城市",
    "期望工作地点",
    "期望工作城市",
    "工作地点",
    "意向地点",
    "preferred location",
    "desired location",
)
_INTENT_TITLE = (
    "期望职位",
    "意向职位",
    "求职岗位",
    "期望岗位",
    "应聘职位",
    "应聘岗位",
    "目标职位",
    "意向岗位",
    "求职意向",
    "求职职位",
    "desired position",
    "objective",
)
_INTENT_SALARY = ("期望薪资", "期望月薪", "薪资要求", "期望薪水", "期望工资", "期望年薪", "expected salary")
_JOB_TYPE = ("工作性质", "工作类型", "求职类型", "job type")
_YEARS = re.compile(
    r"[\d一二三四五六七八九十两半.]{1,4}\s*年(?:以上|多)?(?:的)?(?:工作|相关|开发|从业|行业)?经验"
)


class _Ner:
    """Lazy access to the entity tagger: loaded only when a rule comes up empty."""

    def __call__(self, text: str, kind: str) -> str | None:
        from talentseek.parse.ner import load_tagger

        return next(
            (e.text.strip() for e in load_tagger().tag(text) if e.type == kind and e.text.strip()), None
        )


def parse_resume_file(path: Path, *, use_ner: bool = True, today: date | None = None) -> Resume:
    """Extract a resume file's text and parse it (InputError for unreadable files)."""
    return parse_resume_text(extract_text(Path(path)), use_ner=use_ner, today=today)


def parse_resume_text(text: str, *, use_ner: bool = True, today: date | None = None) -> Resume:
    """Parse resume text into the contract's fields; anything not found stays None/empty."""
    today = today or date.today()
    sections = split_sections(text)
    ner = _Ner() if use_ner else None
    head = sections.get("basic", "")
    contact_text = head + "\n" + sections.get("intent", "") if head else text
    education = [
        education_entry(e, today, ner) for e in group_entries(sections.get("education", ""), SCHOOL, today)
    ]
    work = [work_entry(e, today, ner) for e in group_entries(sections.get("work", ""), COMPANY, today)]
    degrees = [e.degree for e in education]
    if use_ner and not education and not work and set(sections) <= {"basic", "summary"}:
        from talentseek.parse.freetext import free_text_entries

        free = free_text_entries(text, today)
        education, work, degrees = (
            free.education,
            free.work,
            [*free.degrees, *(e.degree for e in free.education)],
        )
    return Resume(
        name=_name(head or text, ner),
        gender=find_gender(contact_text),
        birth_year=find_birth_year(contact_text, today),
        phone=find_phone(text),
        email=find_email(text),
        city=_city(label_value(contact_text, _CITY_LABELS)),
        intent=_intent(sections.get("intent", "") + "\n" + contact_text),
        education=tuple(education),
        experience=tuple(entry for entry, _ in work),
        skills=tuple(_skills(sections, text)),
        years_of_experience=_years(work, text, today),
        highest_education=highest(degrees)
        or parse_education(label_value(contact_text, ("最高学历", "学历")) or ""),
        summary=sections.get("summary"),
    )


def _name(head: str, ner: _Ner | None) -> str | None:
    name = find_name(head)
    if name is None and ner is not None:
        first_lines = "\n".join(head.split("\n")[:3])
        found = ner(first_lines, "NAME")
        name = found if found and looks_like_name(found) else None
    return name


def _city(value: str | None) -> str | None:
    return parse_region(value).city if value else None


def _intent(text: str) -> Intent:
    cities_text = label_value(text, _INTENT_CITY)
    cities: list[str] = []
    for region in find_regions(cities_text) if cities_text else []:
        if region.city and region.city not in cities:
            cities.append(region.city)
    titles_text = label_value(text, _INTENT_TITLE) or ""
    titles = [t.strip() for t in re.split(r"[,，、/;；]", titles_text) if t.strip()]
    salary_text = label_value(text, _INTENT_SALARY)
    job_type_text = label_value(text, _JOB_TYPE)
    return Intent(
        cities=tuple(cities),
        titles=tuple(dict.fromkeys(titles)),
        salary=parse_salary(salary_text) if salary_text else Salary(),
        job_type=parse_job_type(job_type_text) if job_type_text else None,
    )


def _skills(sections: dict[str, str], text: str) -> list[str]:
    """Canonical skills from the skills, work, project and summary sections (all text if unsectioned)."""
    parts = [sections[k] for k in ("skills", "work", "project", "summary", "other") if k in sections]
    return list(dict.fromkeys(extract_skills("\n".join(parts) if parts else text)))


def _month_index(value: str, *, end: bool) -> int:
    """Months since year 0; a month-precise end counts its own month (2016.07-2019.02 is 32 months)."""
    year, month = int(value[:4]), int(value[5:7]) if len(value) > 4 else None
    return year * 12 + (month - 1 if month else 0) + (1 if end and month else 0)


def _years(work: list[tuple[WorkEntry, bool]], text: str, today: date) -> float | None:
    """Years from work periods merged (overlaps counted once); else a stated `X年工作经验`."""
    now = today.year * 12 + today.month  # the current month counts
    periods = sorted(
        (_month_index(e.start, end=False), _month_index(e.end, end=True) if e.end else now)
        for e, ongoing in work
        if e.start and (e.end or ongoing)
    )
    total, cursor = 0, 0
    for start, end in periods:
        start = max(start, cursor)
        if end > start:
            total, cursor = total + end - start, end
    if total > 0:
        return round(total / 12, 1)
    m = _YEARS.search(text)
    return parse_experience(m.group(0)).min_years if m else None
