"""Pure conversions between frozen domain objects and row values (no session, no I/O)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from talentseek import domain
from talentseek.store import models as m

_EDU_RANK = {lvl: i for i, lvl in enumerate(domain.EDUCATION_LEVELS)}


def education_rank(level: str | None) -> int | None:
    """Index of a level in domain.EDUCATION_LEVELS (不限 = 0), or None."""
    return _EDU_RANK.get(level) if level else None


def _clip(text: str | None, n: int) -> str | None:
    return None if text is None else text[:n]


def salary_text(s: domain.Salary) -> str | None:
    """A compact display form for a salary with no source text (e.g. '8000-12000元/月·13薪')."""
    if s.negotiable:
        return "面议"
    if not s.valid:
        return None
    unit = {"hour": "时", "day": "天", "week": "周", "month": "月", "year": "年"}.get(s.period or "", "月")
    lo, hi = (None if v is None else f"{v:g}" for v in (s.low, s.high))
    body = f"{lo}-{hi}" if lo and hi and lo != hi else (lo and hi) or (f"{lo}以上" if lo else f"{hi}以下")
    return f"{body}元/{unit}" + (f"·{s.months}薪" if s.months else "")


def job_values(
    job: domain.Job,
    external_id: str,
    company_id: int | None,
    *,
    source: str | None = None,
    extra: dict[str, Any] | None = None,
    raw_salary: str | None = None,
) -> dict[str, Any]:
    """Column values of a jobs row, with the normalised columns filters and stats use."""
    lo, hi = job.salary.monthly_range()
    ex = dict(extra or {})
    text = raw_salary or ex.pop("salary_text", None) or salary_text(job.salary)
    return {
        "external_id": external_id[:128],
        "source": _clip(source, 64),
        "company_id": company_id,
        "title": job.title[:256],
        "description": job.description or "",
        "province": _clip(job.region.province, 32),
        "city": _clip(job.region.city, 32),
        "district": _clip(job.region.district, 32),
        "address": _clip(ex.pop("address", None), 256),
        "salary_text": _clip(text, 64),
        "salary_low": job.salary.low,
        "salary_high": job.salary.high,
        "salary_period": job.salary.period,
        "salary_months": job.salary.months,
        "salary_negotiable": job.salary.negotiable,
        "salary_month_low": lo,
        "salary_month_high": hi,
        "exp_min": job.experience.min_years,
        "exp_max": job.experience.max_years,
        "fresh_ok": job.experience.fresh_graduate,
        "education": job.education,
        "education_rank": education_rank(job.education),
        "job_type": _clip(job.job_type, 16),
        "occupation_code": job.occupation.code if job.occupation else None,
        "occupation_name": _clip(job.occupation.name, 128) if job.occupation else None,
        "skills": list(job.skills),
        "required_skills": list(job.required_skills),
        "benefits": list(job.benefits),
        "headcount": job.headcount,
        "posted_at": job.posted_at,
        "updated_at": job.updated_at or job.posted_at,
        "status": job.status.value,
        "extra": ex,
    }


def salary_from_row(row: m.Job) -> domain.Salary:
    valid = row.salary_negotiable or row.salary_low is not None or row.salary_high is not None
    return domain.Salary(
        valid=bool(valid),
        low=row.salary_low,
        high=row.salary_high,
        period=row.salary_period,
        months=row.salary_months,
        negotiable=bool(row.salary_negotiable),
    )


def job_from_row(row: m.Job) -> domain.Job:
    """A jobs row → domain.Job (company name from the loaded relationship)."""
    occ = domain.Occupation(row.occupation_code, row.occupation_name or "") if row.occupation_code else None
    return domain.Job(
        title=row.title,
        id=row.id,
        external_id=row.external_id,
        company_id=row.company_id,
        company_name=row.company.name if row.company is not None else None,
        description=row.description or "",
        region=domain.Region(row.province, row.city, row.district),
        salary=salary_from_row(row),
        experience=domain.Experience(row.exp_min, row.exp_max, bool(row.fresh_ok)),
        education=row.education,
        job_type=row.job_type,
        occupation=occ,
        skills=tuple(row.skills or ()),
        required_skills=tuple(row.required_skills or ()),
        benefits=tuple(row.benefits or ()),
        headcount=row.headcount,
        posted_at=row.posted_at,
        updated_at=row.updated_at,
        status=domain.JobStatus(row.status or "open"),
    )


def _salary_from_dict(d: dict[str, Any] | None) -> domain.Salary:
    d = d or {}
    return domain.Salary(
        valid=bool(d.get("valid")),
        low=d.get("low"),
        high=d.get("high"),
        period=d.get("period"),
        months=d.get("months"),
        negotiable=bool(d.get("negotiable")),
    )


def resume_from_dict(d: dict[str, Any]) -> domain.Resume:
    """The CONTRACTS.md resume JSON → domain.Resume (unknown keys ignored)."""
    it = d.get("intent") or {}
    intent = domain.Intent(
        cities=tuple(it.get("cities") or ()),
        titles=tuple(it.get("titles") or ()),
        salary=_salary_from_dict(it.get("salary")),
        job_type=it.get("job_type"),
    )
    edu_keys = ("school", "degree", "major", "start", "end")
    work_keys = ("company", "title", "start", "end", "description")
    return domain.Resume(
        name=d.get("name"),
        gender=d.get("gender"),
        birth_year=d.get("birth_year"),
        phone=d.get("phone"),
        email=d.get("email"),
        city=d.get("city"),
        intent=intent,
        education=tuple(
            domain.EducationEntry(**{k: e.get(k) for k in edu_keys}) for e in d.get("education") or ()
        ),
        experience=tuple(
            domain.WorkEntry(**{k: e.get(k) for k in work_keys}) for e in d.get("experience") or ()
        ),
        skills=tuple(d.get("skills") or ()),
        years_of_experience=d.get("years_of_experience"),
        highest_education=d.get("highest_education"),
        summary=d.get("summary"),
    )


def highest_education(resume: domain.Resume) -> str | None:
    """The stated highest degree, else the highest degree among education entries."""
    if resume.highest_education:
        return resume.highest_education
    ranked = [(education_rank(e.degree) or -1, e.degree) for e in resume.education if e.degree]
    return max(ranked)[1] if ranked else None


def candidate_values(
    resume: domain.Resume,
    *,
    region: domain.Region | None = None,
    resume_text: str = "",
    occupation_code: str | None = None,
) -> dict[str, Any]:
    """Column values of a candidates row (intent salary in yuan/month)."""
    reg = region or domain.Region(city=resume.city)
    lo, hi = resume.intent.salary.monthly_range()
    edu = highest_education(resume)
    return {
        "name": _clip(resume.name, 64),
        "gender": _clip(resume.gender, 4),
        "birth_year": resume.birth_year,
        "phone": _clip(resume.phone, 32),
        "email": _clip(resume.email, 128),
        "province": _clip(reg.province, 32),
        "city": _clip(reg.city or resume.city, 32),
        "district": _clip(reg.district, 32),
        "intent_titles": list(resume.intent.titles),
        "intent_salary_low": lo,
        "intent_salary_high": hi,
        "intent_job_type": _clip(resume.intent.job_type, 16),
        "occupation_code": occupation_code,
        "highest_education": edu,
        "education_rank": education_rank(edu),
        "years_experience": resume.years_of_experience,
        "skills": list(resume.skills),
        "resume": domain.to_dict(resume),
        "resume_text": resume_text,
        "updated_at": utcnow(),
    }


def utcnow() -> datetime:
    """Naive UTC now (the schema stores naive UTC datetimes)."""
    return datetime.now(UTC).replace(tzinfo=None)


def candidate_from_row(row: m.Candidate) -> domain.Candidate:
    """A candidates row → domain.Candidate (resume rebuilt from the stored resume JSON)."""
    resume = resume_from_dict(row.resume or {})
    return domain.Candidate(
        resume=resume,
        id=row.id,
        external_id=row.external_id,
        user_id=row.user_id,
        region=domain.Region(row.province, row.city, row.district),
        open_to_pool=bool(row.open_to_pool),
        updated_at=row.updated_at,
    )
