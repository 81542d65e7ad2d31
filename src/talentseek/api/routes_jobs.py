"""Jobs and candidates API: list/read jobs, recruiters post/edit their own, seekers apply.

Ownership: recruiters change only their company's jobs, operators all (auth.policy.can_edit_job);
candidate profiles follow auth.policy (contact fields masked unless the viewer may see them).
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any
from uuid import uuid4

import sqlalchemy as sa
from fastapi import APIRouter, Query, Response
from sqlalchemy.orm import Session

from talentseek import domain
from talentseek.api.deps import CurrentUser, EngineDep, RecruiterDep, SeekerDep, UserDep
from talentseek.api.jobs_io import MAX_PAGE, JobIn, JobPatch, SalaryIn, candidate_dict, job_dict, list_jobs
from talentseek.auth.policy import can_edit_job, can_view_candidate, can_view_contact
from talentseek.domain import Role
from talentseek.errors import Forbidden, InputError, NotFound
from talentseek.store import models

router = APIRouter(prefix="/api", tags=["jobs"])

Page = Annotated[int, Query(ge=1, le=MAX_PAGE, description="页码，从 1 开始")]
PerPage = Annotated[int, Query(ge=1, le=100, description="每页条数，1-100")]


def _salary(body: JobPatch) -> domain.Salary | None:
    """The salary from `salary_text` (parsed) or the structured `salary`; None when neither is given."""
    if body.salary_text is not None:
        from talentseek.text.salary import parse_salary

        parsed = parse_salary(body.salary_text)
        if not parsed.valid:
            raise InputError(
                f"无法识别薪资“{body.salary_text}”，请写成如 8千-1.2万·13薪 或 面议", field="salary_text"
            )
        return parsed
    s: SalaryIn | None = body.salary
    if s is None:
        return None
    if s.negotiable:
        return domain.Salary(valid=True, negotiable=True)
    low, high = s.low, s.high
    if low is not None and high is not None and low > high:
        low, high = high, low
    return domain.Salary(
        valid=low is not None or high is not None, low=low, high=high, period=s.period, months=s.months
    )


def _apply_changes(base: domain.Job, body: JobPatch) -> domain.Job:
    """`base` with the fields present in `body` changed (a PATCH merge)."""
    given = body.model_fields_set
    changes: dict[str, Any] = {
        k: getattr(body, k)
        for k in ("title", "description", "education", "job_type", "headcount")
        if k in given
    }
    if "title" in changes and not (changes["title"] or "").strip():
        raise InputError("职位名称不能为空", field="title")
    if given & {"province", "city", "district"}:
        region = {k: getattr(body, k) for k in ("province", "city", "district") if k in given}
        changes["region"] = dataclasses.replace(base.region, **region)
    if given & {"exp_min", "exp_max", "fresh_ok"}:
        exp = dataclasses.replace(
            base.experience,
            min_years=body.exp_min if "exp_min" in given else base.experience.min_years,
            max_years=body.exp_max if "exp_max" in given else base.experience.max_years,
            fresh_graduate=bool(body.fresh_ok) if "fresh_ok" in given else base.experience.fresh_graduate,
        )
        if exp.min_years is not None and exp.max_years is not None and exp.min_years > exp.max_years:
            raise InputError("经验要求的下限大于上限", field="exp_min")
        changes["experience"] = exp
    salary = _salary(body)
    if salary is not None:
        changes["salary"] = salary
    for key in ("skills", "benefits"):
        if key in given and getattr(body, key) is not None:
            changes[key] = tuple(str(x).strip()[:64] for x in getattr(body, key) if str(x).strip())
    if body.status is not None:
        changes["status"] = domain.JobStatus(body.status)
    if changes.get("description") is None and "description" in changes:
        changes["description"] = ""
    from talentseek.store.convert import utcnow

    return dataclasses.replace(base, **changes, updated_at=utcnow())


def _job_row(db: Session, job_id: int) -> models.Job:
    row = db.get(models.Job, job_id)
    if row is None:
        raise NotFound(f"职位 id={job_id} 不存在")
    return row


def _owned_job(db: Session, user: CurrentUser, job_id: int) -> models.Job:
    row = _job_row(db, job_id)
    if not can_edit_job(user, row):
        raise Forbidden(f"职位 id={job_id} 不属于你的公司，不能修改")
    return row


@router.get("/jobs")
def api_list_jobs(
    engine: EngineDep,
    page: Page = 1,
    per_page: PerPage = 20,
    city: Annotated[str | None, Query(max_length=32)] = None,
    q: Annotated[str | None, Query(max_length=64, description="标题关键词")] = None,
    company_id: Annotated[int | None, Query(ge=1)] = None,
    status: Annotated[str, Query(pattern="^(open|closed|all)$")] = "open",
) -> dict[str, Any]:
    """Jobs newest first, with filters; `total` counts all matches."""
    with engine.db.session() as db:
        rows, total = list_jobs(
            db,
            page=page,
            per_page=per_page,
            city=city,
            q=q,
            company_id=company_id,
            status=None if status == "all" else status,
        )
        return {"page": page, "per_page": per_page, "total": total, "results": [job_dict(r) for r in rows]}


@router.get("/jobs/{job_id}")
def api_get_job(job_id: int, engine: EngineDep) -> dict[str, Any]:
    with engine.db.session() as db:
        return job_dict(_job_row(db, job_id), detail=True)


@router.post("/jobs", status_code=201)
def api_create_job(body: JobIn, user: RecruiterDep, engine: EngineDep) -> dict[str, Any]:
    """Post a job for the recruiter's company (operators name `company_id`)."""
    from talentseek.store.convert import utcnow
    from talentseek.store.repo import upsert_job

    company_id = user.company_id if user.role is Role.RECRUITER else body.company_id
    if user.role is Role.RECRUITER and body.company_id not in (None, user.company_id):
        raise Forbidden("招聘方只能为自己的公司发布职位")
    if company_id is None:
        raise InputError("运营发布职位时需要指定 company_id", field="company_id")
    with engine.db.session() as db:
        if db.get(models.Company, company_id) is None:
            raise NotFound(f"公司 id={company_id} 不存在")
        now = utcnow()
        base = domain.Job(
            title=body.title, external_id=f"web-{uuid4().hex}", company_id=company_id, posted_at=now
        )
        row, _ = upsert_job(db, _apply_changes(base, body), None, source="web")
        return job_dict(row, detail=True)


@router.patch("/jobs/{job_id}")
def api_update_job(job_id: int, body: JobPatch, user: RecruiterDep, engine: EngineDep) -> dict[str, Any]:
    """Change some fields of an own job; normalised columns and the search index follow."""
    from talentseek.store.repo import job_from_row, upsert_job

    with engine.db.session() as db:
        row = _owned_job(db, user, job_id)
        extra = {**(row.extra or {}), "address": row.address}
        job = dataclasses.replace(_apply_changes(job_from_row(row), body), company_id=row.company_id)
        new_row, _ = upsert_job(db, job, None, source=row.source, extra=extra)
        return job_dict(new_row, detail=True)


@router.delete("/jobs/{job_id}", status_code=204)
def api_delete_job(job_id: int, user: RecruiterDep, engine: EngineDep) -> Response:
    from talentseek.store.repo import delete_job

    with engine.db.session() as db:
        _owned_job(db, user, job_id)
        delete_job(db, job_id)
    return Response(status_code=204)


def apply_to_job(db: Session, user: CurrentUser, job_id: int) -> tuple[models.Interaction, bool]:
    """Record the seeker's application (idempotent); returns (interaction, created)."""
    from talentseek.store.repo import add_interaction

    if user.role is not Role.SEEKER or user.candidate_id is None:
        raise Forbidden("只有已建立简历的求职者可以申请职位；请先上传简历")
    row = _job_row(db, job_id)
    if row.status != "open":
        raise InputError(f"职位“{row.title}”已关闭，不能申请")
    existing = db.scalars(
        sa.select(models.Interaction).where(
            models.Interaction.candidate_id == user.candidate_id,
            models.Interaction.job_id == job_id,
            models.Interaction.kind == domain.InteractionKind.APPLY.value,
        )
    ).first()
    if existing is not None:
        return existing, False
    return add_interaction(db, user.candidate_id, job_id, domain.InteractionKind.APPLY, Role.SEEKER), True


@router.post("/jobs/{job_id}/apply")
def api_apply(job_id: int, user: SeekerDep, engine: EngineDep, response: Response) -> dict[str, Any]:
    with engine.db.session() as db:
        inter, created = apply_to_job(db, user, job_id)
        response.status_code = 201 if created else 200
        return {
            "job_id": job_id,
            "candidate_id": inter.candidate_id,
            "applied_at": inter.at.isoformat(),
            "created": created,
        }


@router.get("/candidates/{candidate_id}")
def api_get_candidate(candidate_id: int, user: UserDep, engine: EngineDep) -> dict[str, Any]:
    """A candidate profile, contact fields masked unless the viewer may see them."""
    with engine.db.session() as db:
        row = db.get(models.Candidate, candidate_id)
        if row is None:
            raise NotFound(f"候选人 id={candidate_id} 不存在")
        if not can_view_candidate(db, user, candidate_id):
            raise Forbidden("你无权查看该候选人：仅限投递过贵公司职位或加入人才库的候选人")
        return candidate_dict(row, contact_allowed=can_view_contact(db, user, candidate_id))
