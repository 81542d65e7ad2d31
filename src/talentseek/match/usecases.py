"""Matching as the faces call it: who is asking decides whose data is used and what is shown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from talentseek.domain import Role
from talentseek.errors import InputError, NotFound
from talentseek.match.profiles import SeekerTable
from talentseek.match.results import candidate_results, job_results
from talentseek.match.service import (
    Criteria,
    advice_for,
    applicant_ids,
    check_recruiter_owns,
    job_profile,
    load_seekers,
    match_jobs,
    screen,
    seeker_tables,
)

MAX_ID = 2**63 - 1  # the store's ids are signed 64-bit integers


@dataclass(frozen=True)
class Viewer:
    """The caller: role plus what they own (the api's CurrentUser satisfies this)."""

    role: Role
    company_id: int | None = None
    candidate_id: int | None = None


def jobs_for_seeker(session: Session, viewer: Viewer, *, k: int = 20, model: Any = None) -> dict[str, Any]:
    """A seeker's own recommendations (operators may not impersonate: they use the CLI)."""
    if viewer.candidate_id is None:
        raise InputError("您的账号还没有简历，请先上传或填写简历再查看推荐职位")
    found = load_seekers(session, {viewer.candidate_id})
    if not found:
        raise InputError("找不到您的简历记录，请重新上传简历")
    seeker = found[0]
    results = job_results(session, match_jobs(session, seeker, k=k, model=model))
    applied = _applied_jobs(session, viewer.candidate_id)
    for r in results:  # still recommended, but marked 已申请
        r["applied"] = r["id"] in applied
    return {
        "results": results,
        "advice": [{"skill": s, "jobs": n} for s, n in advice_for(session, seeker)],
        "seeker": {
            "skills": sorted(seeker.skills),
            "city": seeker.city,
            "intent_cities": sorted(seeker.intent_cities),
            "intent_titles": list(seeker.intent_titles),
        },
    }


def candidates_for_job(
    session: Session,
    viewer: Viewer,
    job_id: int,
    criteria: Criteria,
    *,
    k: int = 50,
    applicants_only: bool = False,
) -> dict[str, Any]:
    """A recruiter's shortlist for their own job: applicants plus the opted-in talent pool."""
    from talentseek.auth.policy import CONTACT_KINDS

    if not 1 <= job_id <= MAX_ID:  # past the store's 64-bit ids (CLI, MCP): no such job, not a crash
        raise NotFound(f"职位 id={job_id} 不存在")
    check_recruiter_owns(session, job_id, viewer.company_id, viewer.role is Role.OPERATOR)
    job = job_profile(session, job_id)
    applied = applicant_ids(session, job_id)
    contact_ok = applied if viewer.role is not Role.OPERATOR else None
    if contact_ok is not None:
        contact_ok = _contact_consented(session, job_id, CONTACT_KINDS)
    tables = seeker_tables(session, applied, pool=not applicants_only)
    if criteria.must_skills or criteria.nice_skills:  # stored spellings (烹饪) vs canonical (厨师证)
        tables = [_canonical_skills(t) for t in tables]
    ranked = screen(job, tables, criteria, k=k)
    results = candidate_results(session, ranked, lambda cid: contact_ok is None or cid in contact_ok)
    for r in results:
        r["applied"] = r["id"] in applied
    return {
        "job": {
            "id": job.id,
            "title": job.title,
            "city": job.city,
            "company": job.company,
            "required_skills": sorted(job.required_skills),
            "nice_skills": sorted(job.nice_skills),
        },
        "results": results,
    }


def _applied_jobs(session: Session, candidate_id: int) -> set[int]:
    import sqlalchemy as sa

    from talentseek.store import models as m

    q = sa.select(m.Interaction.job_id).where(
        m.Interaction.candidate_id == candidate_id, m.Interaction.kind == "apply"
    )
    return {j for j in session.scalars(q) if j is not None}


def _canonical_skills(table: SeekerTable) -> SeekerTable:
    """The table with each seeker's skills under their canonical names, as criteria_from names them.

    Stored resumes keep the spelling they came with (an imported 烹饪, a generated 大模型); must-have
    and nice-to-have filters compare canonical names, so both sides are canonicalised here.
    """
    from dataclasses import replace

    from talentseek.text.skills import canonical_skill

    hit = _CANONICAL_CACHE.get(id(table))
    if hit is not None and hit[0] is table:  # the cached talent pool: canonicalised once
        return hit[1]
    out = table
    if any(canonical_skill(s) not in (s, None) for p in table.profiles for s in p.skills):
        out = SeekerTable.of(
            replace(p, skills=frozenset(canonical_skill(s) or s for s in p.skills)) for p in table.profiles
        )
    if len(table) > 200:
        _CANONICAL_CACHE.clear()  # one pool at a time: the old one is out of date
        _CANONICAL_CACHE[id(table)] = (table, out)
    return out


_CANONICAL_CACHE: dict[int, tuple[SeekerTable, SeekerTable]] = {}


def _contact_consented(session: Session, job_id: int, kinds: tuple[str, ...]) -> set[int]:
    """Candidates who applied to any job of this job's company (auth.policy.can_view_contact's rule)."""
    import sqlalchemy as sa

    from talentseek.store import models as m

    company = sa.select(m.Job.company_id).where(m.Job.id == job_id).scalar_subquery()
    q = (
        sa.select(m.Interaction.candidate_id)
        .join(m.Job, m.Job.id == m.Interaction.job_id)
        .where(m.Job.company_id == company, m.Interaction.kind.in_(kinds))
    )
    return set(session.scalars(q))


def criteria_from(
    must: str | None, nice: str | None, min_years: float | None, min_education: str | None
) -> Criteria:
    """Screening criteria from form/CLI text: skills comma-separated (canonicalised), education by name."""
    from talentseek.text.education import education_rank, parse_education
    from talentseek.text.skills import canonical_skill

    def skills(text: str | None) -> frozenset[str]:
        items = [t.strip() for t in (text or "").replace("，", ",").split(",") if t.strip()]
        return frozenset(canonical_skill(t) or t for t in items[:50])

    rank = education_rank(parse_education(min_education)) if min_education else None
    if min_education and rank is None:
        raise InputError(f"无法识别的学历：{min_education}", field="min_education")
    return Criteria(skills(must), skills(nice), min_years, rank)
