"""Response shapes shared by the jobs API and the pages: a stored job or candidate as JSON."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from talentseek.auth.policy import mask_contact
from talentseek.store import models
from talentseek.text.contacts import scrub_tree
from talentseek.text.salary import format_yuan

_PERIOD_SUFFIX = {"hour": "元/时", "day": "元/天", "week": "元/周"}


def _plain(yuan: float) -> str:
    return f"{yuan:.0f}"


def _range(low: float | None, high: float | None, f: Callable[[float], str] = format_yuan) -> str:
    if low is not None and high is not None:
        return f(low) if low == high else f"{f(low)}-{f(high)}"
    if low is not None:
        return f"{f(low)}以上"
    if high is not None:
        return f"{f(high)}以下"
    return ""


def salary_display(
    low: float | None,
    high: float | None,
    period: str | None,
    months: int | None = None,
    negotiable: bool = False,
) -> str:
    """'8千-1.2万·13薪', '年薪20万-30万', '150-200元/天' or '面议'."""
    if negotiable or (low is None and high is None):
        return "面议"
    if period in _PERIOD_SUFFIX:
        return _range(low, high, _plain) + _PERIOD_SUFFIX[period]
    text = _range(low, high)
    if period == "year":
        text = "年薪" + text
    if months and months != 12 and period != "year":
        text += f"·{months}薪"
    return text


def job_salary(job: object) -> str:
    """salary_display over a store Job row (or anything with the same salary_* attributes)."""
    return salary_display(
        getattr(job, "salary_low", None),
        getattr(job, "salary_high", None),
        getattr(job, "salary_period", None),
        getattr(job, "salary_months", None),
        bool(getattr(job, "salary_negotiable", False)),
    )


def salary_dict(row: models.Job) -> dict[str, Any]:
    """The salary JSON of CONTRACTS.md for a stored job."""
    valid = bool(row.salary_negotiable) or row.salary_low is not None or row.salary_high is not None
    return {
        "valid": valid,
        "low": row.salary_low,
        "high": row.salary_high,
        "period": row.salary_period,
        "months": row.salary_months,
        "negotiable": bool(row.salary_negotiable),
    }


def job_dict(row: models.Job, *, detail: bool = False) -> dict[str, Any]:
    """A job as JSON (the list shape; `detail` adds the description and the rest)."""
    out: dict[str, Any] = {
        "id": row.id,
        "external_id": row.external_id,
        "title": row.title,
        "company": row.company.name if row.company is not None else None,
        "company_id": row.company_id,
        "province": row.province,
        "city": row.city,
        "district": row.district,
        "salary": salary_dict(row),
        "salary_display": job_salary(row),
        "education": row.education,
        "experience": {
            "min_years": row.exp_min,
            "max_years": row.exp_max,
            "fresh_graduate": bool(row.fresh_ok),
        },
        "job_type": row.job_type,
        "skills": list(row.skills or []),
        "benefits": list(row.benefits or []),
        "posted_at": row.posted_at.isoformat() if row.posted_at else None,
        "status": row.status,
    }
    if detail:
        out.update(
            description=row.description,
            required_skills=list(row.required_skills or []),
            occupation=(
                {"code": row.occupation_code, "name": row.occupation_name} if row.occupation_code else None
            ),
            headcount=row.headcount,
            address=row.address,
            updated_at=row.updated_at.isoformat() if row.updated_at else None,
        )
    return out


def candidate_dict(row: models.Candidate, *, contact_allowed: bool) -> dict[str, Any]:
    """A candidate as JSON; contact details masked unless allowed: phone and e-mail fields, and every
    phone number, e-mail address, WeChat/QQ id or ID-card number inside the resume's free text."""
    resume = mask_contact(dict(row.resume or {}), contact_allowed)
    base = {
        "id": row.id,
        "name": row.name,
        "gender": row.gender,
        "birth_year": row.birth_year,
        "phone": row.phone,
        "email": row.email,
        "province": row.province,
        "city": row.city,
        "district": row.district,
        "highest_education": row.highest_education,
        "years_experience": row.years_experience,
        "skills": list(row.skills or []),
        "intent_titles": list(row.intent_titles or []),
        "intent_salary": {"low": row.intent_salary_low, "high": row.intent_salary_high, "period": "month"},
        "open_to_pool": bool(row.open_to_pool),
        "resume": resume,
        # free text may hold contact details anywhere, so it is shown only to those who may see them
        "resume_text": row.resume_text if contact_allowed else None,
        "contact_masked": not contact_allowed,
    }
    if contact_allowed:
        return base
    masked = mask_contact(base, False)
    # the masked phone/e-mail fields are kept as they are; every other string is scrubbed
    return {k: v if k in ("phone", "email") else scrub_tree(v) for k, v in masked.items()}
