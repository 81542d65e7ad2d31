"""Resume JSON as people write it: a value of the wrong type is nulled with a warning, never stored.

`store.convert.resume_from_dict` copies values as they come (a number as a name, text as a birth year,
a salary of 1e64); the checks that compare or store them would fail on the row, or worse, keep it.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from talentseek import domain
from talentseek.ingest.normalize import clean
from talentseek.text.salary import MAX_MONTHLY_YUAN, within_cap

Warnings = list[tuple[str, str]]
_TEXT_FIELDS = ("name", "gender", "phone", "email", "city", "highest_education", "summary")
_NUMBER_FIELDS = ("birth_year", "years_of_experience")


def is_number(v: Any) -> bool:
    """A finite int or float (a bool is no number here)."""
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _texts(values: Any) -> tuple[str, ...]:
    return tuple(clean(v) for v in values if isinstance(v, str)) if isinstance(values, tuple | list) else ()


def _entry(e: Any, label: str, warns: Warnings) -> Any:
    """An education or work entry whose every field is text or null."""
    bad = {f.name: None for f in dataclasses.fields(e) if not isinstance(getattr(e, f.name), str | None)}
    if bad:
        warns.append((label, f"{'、'.join(bad)} 应为文本，已置空"))
    texts = {f.name: clean(v) for f in dataclasses.fields(e) if isinstance(v := getattr(e, f.name), str)}
    return dataclasses.replace(e, **texts, **bad)


def _salary(s: domain.Salary, warns: Warnings) -> domain.Salary:
    ok = (
        within_cap(s)
        and s.period in (None, *domain.SALARY_PERIODS)
        and (s.months is None or (isinstance(s.months, int) and 1 <= s.months <= 24))
    )
    if ok:
        return s
    cap = MAX_MONTHLY_YUAN // 10_000
    warns.append(("intent.salary", f"期望薪资不合理（不是数字、周期未知或超过每月 {cap} 万元），已置空"))
    return domain.Salary()


def _intent(it: domain.Intent, warns: Warnings) -> domain.Intent:
    return domain.Intent(
        cities=_texts(it.cities),
        titles=_texts(it.titles),
        salary=_salary(it.salary, warns),
        job_type=clean(it.job_type) if isinstance(it.job_type, str) else None,
    )


def typed(r: domain.Resume, warns: Warnings) -> domain.Resume:
    """Every field of the type domain.Resume declares; a birth year 1990.0 becomes 1990."""
    changes: dict[str, Any] = {}
    for name in _TEXT_FIELDS:
        v = getattr(r, name)
        if isinstance(v, str):
            changes[name] = clean(v)
        elif v is not None:
            warns.append((name, f"{name} 应为文本，已置空"))
            changes[name] = None
    for name in _NUMBER_FIELDS:
        v = getattr(r, name)
        if v is not None and not is_number(v):
            warns.append((name, f"{name} 应为数字，已置空"))
            changes[name] = None
    if is_number(r.birth_year) and r.birth_year != int(r.birth_year):  # type: ignore[arg-type]
        changes["birth_year"] = None
    elif is_number(r.birth_year):
        changes["birth_year"] = int(r.birth_year)  # type: ignore[arg-type]
    education = tuple(e for e in r.education if isinstance(e, domain.EducationEntry))
    experience = tuple(e for e in r.experience if isinstance(e, domain.WorkEntry))
    return dataclasses.replace(
        r,
        **changes,
        intent=_intent(r.intent, warns),
        education=tuple(_entry(e, "education", warns) for e in education),
        experience=tuple(_entry(e, "experience", warns) for e in experience),
        skills=_texts(r.skills),
    )
