"""Form helpers for the marketplace pages: reading a posted form in a sync page, the resume form.

The resume form has one input per field of the contract resume (intent.* flattened, education
and experience as repeated rows); `resume_fields` turns a posted form into the partial resume
JSON that usecases.resumes accepts, `resume_rows` turns a resume into the rows to show.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.datastructures import FormData

from talentseek.errors import InputError

_SPLIT = re.compile(r"[,，、;；\n]+")
EDU_KEYS = ("school", "degree", "major", "start", "end")
WORK_KEYS = ("company", "title", "start", "end", "description")
BLANK_ROWS = 1  # an empty row under the filled ones, to add an entry


def text(form: FormData, name: str, limit: int = 200) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def items(value: str, limit: int = 100) -> list[str]:
    """'Java, MySQL、Redis' → ['Java', 'MySQL', 'Redis']."""
    return [t.strip()[:64] for t in _SPLIT.split(value or "") if t.strip()][:limit]


def ids(form: FormData, name: str) -> list[int]:
    """The checked ids of a bulk form (non-numbers ignored)."""
    out = []
    for v in form.getlist(name):
        if isinstance(v, str) and v.isdigit() and len(v) <= 12:
            out.append(int(v))
    return out


def _number(value: str, label: str, *, integer: bool = False) -> float | int | None:
    if not value:
        return None
    try:
        return int(value) if integer else float(value)
    except ValueError:
        kind = "整数" if integer else "数字"
        raise InputError(f"“{label}”应填{kind}（当前：{value[:20]}）；不清楚可留空") from None


def _rows(form: FormData, prefix: str, keys: tuple[str, ...]) -> list[dict[str, str | None]]:
    columns = {k: form.getlist(f"{prefix}_{k}") for k in keys}
    n = max((len(v) for v in columns.values()), default=0)
    rows = []
    for i in range(min(n, 30)):
        row = {k: (str(columns[k][i]).strip()[:2000] if i < len(columns[k]) else "") or None for k in keys}
        if any(row.values()):
            rows.append(row)
    return rows


def resume_fields(form: FormData) -> dict[str, Any]:
    """The posted resume form as a partial resume JSON (every field: an edit replaces all of them)."""
    salary = text(form, "intent_salary", 40)
    intent: dict[str, Any] = {
        "cities": items(text(form, "intent_cities"), 20),
        "titles": items(text(form, "intent_titles"), 20),
        "job_type": text(form, "intent_job_type", 20) or None,
    }
    if salary:
        intent["salary"] = salary
    else:
        intent["salary"] = {"valid": False}
    return {
        "name": text(form, "name", 40) or None,
        "gender": text(form, "gender", 4) or None,
        "birth_year": _number(text(form, "birth_year", 8), "出生年份", integer=True),
        "phone": text(form, "phone", 40) or None,
        "email": text(form, "email", 120) or None,
        "city": text(form, "city", 40) or None,
        "intent": intent,
        "education": _rows(form, "edu", EDU_KEYS),
        "experience": _rows(form, "work", WORK_KEYS),
        "skills": items(text(form, "skills", 2000)),
        "years_of_experience": _number(text(form, "years_of_experience", 8), "工作年限"),
        "highest_education": text(form, "highest_education", 20) or None,
        "summary": text(form, "summary", 5000) or None,
    }


def salary_text(salary: Any) -> str:
    """An intent salary dict as the text the form shows (and parses back)."""
    from talentseek.web.format import salary as fmt_salary

    if not isinstance(salary, dict) or not (salary.get("valid") or salary.get("negotiable")):
        return ""
    return fmt_salary(salary)


def resume_rows(resume: dict[str, Any]) -> dict[str, Any]:
    """What the resume form shows: flat values plus education/experience rows and one blank row each."""
    intent = resume.get("intent") or {}
    return {
        **{
            k: resume.get(k)
            for k in ("name", "gender", "phone", "email", "city", "highest_education", "summary")
        },
        "birth_year": resume.get("birth_year") or "",
        "years_of_experience": resume.get("years_of_experience") if resume.get("years_of_experience") else "",
        "skills": "、".join(resume.get("skills") or []),
        "intent_cities": "、".join(intent.get("cities") or []),
        "intent_titles": "、".join(intent.get("titles") or []),
        "intent_salary": salary_text(intent.get("salary")),
        "intent_job_type": intent.get("job_type") or "",
        "education": [*(resume.get("education") or []), *([{}] * BLANK_ROWS)],
        "experience": [*(resume.get("experience") or []), *([{}] * BLANK_ROWS)],
    }
