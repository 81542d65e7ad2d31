"""Request schemas, response shapes and the listing query shared by the jobs API and jobs pages."""

from __future__ import annotations

from typing import Any, Literal

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session, selectinload

from talentseek.auth.policy import mask_contact
from talentseek.store import models
from talentseek.web.format import job_salary

MAX_PAGE = 10_000
Period = Literal["hour", "day", "week", "month", "year"]
Education = Literal["不限", "初中及以下", "高中", "中专/中技", "大专", "本科", "硕士", "博士"]


class SalaryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    low: float | None = Field(default=None, ge=0, le=1e8)
    high: float | None = Field(default=None, ge=0, le=1e8)
    period: Period | None = "month"
    months: int | None = Field(default=None, ge=1, le=24)
    negotiable: bool = False


class JobPatch(BaseModel):
    """Fields a recruiter may change; every field optional (PATCH)."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=256)
    description: str | None = Field(default=None, max_length=50_000)
    province: str | None = Field(default=None, max_length=32)
    city: str | None = Field(default=None, max_length=32)
    district: str | None = Field(default=None, max_length=32)
    salary: SalaryIn | None = None
    salary_text: str | None = Field(default=None, max_length=64, description="如 8千-1.2万·13薪")
    education: Education | None = None
    exp_min: float | None = Field(default=None, ge=0, le=60)
    exp_max: float | None = Field(default=None, ge=0, le=60)
    fresh_ok: bool | None = None
    job_type: str | None = Field(default=None, max_length=16)
    skills: list[str] | None = Field(default=None, max_length=50)
    benefits: list[str] | None = Field(default=None, max_length=50)
    headcount: int | None = Field(default=None, ge=1, le=100_000)
    status: Literal["open", "closed"] | None = None


class JobIn(JobPatch):
    """A new job: a title is required; operators name the company (recruiters post for their own)."""

    title: str = Field(min_length=1, max_length=256)
    company_id: int | None = Field(default=None, ge=1)


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


def list_jobs(
    session: Session,
    *,
    page: int = 1,
    per_page: int = 20,
    city: str | None = None,
    q: str | None = None,
    company_id: int | None = None,
    status: str | None = "open",
) -> tuple[list[models.Job], int]:
    """One page of jobs, newest first, and the total matching count."""
    conds: list[Any] = []
    if city:
        # '济南' and '济南市' both mean the city; the store keeps official names
        conds.append(models.Job.city.in_([city, city.removesuffix("市") + "市"]))
    if q:
        conds.append(models.Job.title.contains(q[:64], autoescape=True))
    if company_id is not None:
        conds.append(models.Job.company_id == company_id)
    if status:
        conds.append(models.Job.status == status)
    total = session.scalar(sa.select(sa.func.count()).select_from(models.Job).where(*conds)) or 0
    rows = session.scalars(
        sa.select(models.Job)
        .where(*conds)
        .options(selectinload(models.Job.company))
        .order_by(models.Job.posted_at.desc().nulls_last(), models.Job.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return list(rows), int(total)


def top_cities(session: Session, limit: int = 12) -> list[tuple[str, int]]:
    """Cities with the most open jobs: the city filter's choices."""
    rows = session.execute(
        sa.select(models.Job.city, sa.func.count())
        .where(models.Job.status == "open", models.Job.city.is_not(None))
        .group_by(models.Job.city)
        .order_by(sa.func.count().desc())
        .limit(limit)
    ).all()
    return [(str(c), int(n)) for c, n in rows]


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
    """A candidate as JSON; phone and e-mail (also inside the resume) masked unless allowed."""
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
    return mask_contact(base, contact_allowed)
