"""Reading jobs and candidates, and applying to a job, as the API and the pages need them.

Each function opens its own session on the Database it is handed and returns plain dicts
(usecases.shapes), so the faces hold no SQL. Ownership follows auth.policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from talentseek import domain
from talentseek.auth.policy import can_edit_job, can_view_candidate, can_view_contact
from talentseek.auth.principal import CurrentUser
from talentseek.domain import InteractionKind, Role
from talentseek.errors import Conflict, Forbidden, InputError, NotFound
from talentseek.store import models
from talentseek.store.db import Database
from talentseek.store.repo import add_interaction, counts
from talentseek.usecases import applications
from talentseek.usecases.audit import record_contact_view
from talentseek.usecases.shapes import candidate_dict, job_dict

MAX_PAGE = 10_000
APPLY = InteractionKind.APPLY.value


@dataclass(frozen=True)
class JobPage:
    """One page of jobs (JSON dicts, newest first) and the total matching count."""

    jobs: list[dict[str, Any]]
    total: int


def _job_query(city: str | None, q: str | None, company_id: int | None, status: str | None) -> list[Any]:
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
    return conds


def list_jobs(
    db: Database,
    *,
    page: int = 1,
    per_page: int = 20,
    city: str | None = None,
    q: str | None = None,
    company_id: int | None = None,
    status: str | None = "open",
) -> JobPage:
    """One page of jobs, newest first, and the total matching count."""
    conds = _job_query(city, q, company_id, status)
    with db.session() as s:
        total = s.scalar(sa.select(sa.func.count()).select_from(models.Job).where(*conds)) or 0
        rows = s.scalars(
            sa.select(models.Job)
            .where(*conds)
            .options(selectinload(models.Job.company))
            .order_by(models.Job.posted_at.desc().nulls_last(), models.Job.id.desc())
            .offset((page - 1) * per_page)
            .limit(per_page)
        ).all()
        return JobPage([job_dict(r) for r in rows], int(total))


def top_cities(db: Database, limit: int = 12) -> list[tuple[str, int]]:
    """Cities with the most open jobs: the city filter's choices."""
    with db.session() as s:
        rows = s.execute(
            sa.select(models.Job.city, sa.func.count())
            .where(models.Job.status == "open", models.Job.city.is_not(None))
            .group_by(models.Job.city)
            .order_by(sa.func.count().desc())
            .limit(limit)
        ).all()
    return [(str(c), int(n)) for c, n in rows]


def store_counts(db: Database) -> dict[str, int]:
    """How many jobs, companies, candidates, ... the store holds."""
    with db.session() as s:
        return counts(s)


def job_row(s: Session, job_id: int) -> models.Job:
    row = s.get(models.Job, job_id)
    if row is None:
        raise NotFound(f"职位 id={job_id} 不存在")
    return row


def get_job(db: Database, job_id: int) -> dict[str, Any]:
    """One job with all its fields; NotFound when there is none."""
    with db.session() as s:
        return job_dict(job_row(s, job_id), detail=True)


def _applied(s: Session, candidate_id: int, job_id: int) -> bool:
    q = sa.select(models.Interaction.id).where(
        models.Interaction.candidate_id == candidate_id,
        models.Interaction.job_id == job_id,
        models.Interaction.kind == APPLY,
    )
    return s.scalar(q.limit(1)) is not None


def _applicants(s: Session, job_id: int) -> int:
    q = (
        sa.select(sa.func.count())
        .select_from(models.Interaction)
        .where(models.Interaction.job_id == job_id, models.Interaction.kind == APPLY)
    )
    return int(s.scalar(q) or 0)


def job_for_viewer(db: Database, user: CurrentUser | None, job_id: int) -> dict[str, Any] | None:
    """A job page's data for this viewer (None when the job does not exist).

    Keys: job (detail dict), company (its profile or None), can_apply, applied, can_edit, applicants,
    application (the seeker's own: {"id", "stage"}, or None).
    """
    with db.session() as s:
        row = s.get(models.Job, job_id)
        if row is None:
            return None
        company = row.company
        can_edit = bool(user and user.role is not Role.SEEKER and can_edit_job(user, row))
        return {
            "job": job_dict(row, detail=True),
            "company": {k: getattr(company, k) for k in ("industry", "size", "ownership", "funding")}
            if company
            else None,
            "can_apply": bool(
                user and user.role is Role.SEEKER and user.candidate_id and row.status == "open"
            ),
            "applied": bool(user and user.candidate_id and _applied(s, user.candidate_id, row.id)),
            "can_edit": can_edit,
            "applicants": _applicants(s, row.id) if can_edit else 0,
            "application": _own_application(s, user, row.id),
        }


def _own_application(s: Session, user: CurrentUser | None, job_id: int) -> dict[str, Any] | None:
    if user is None or user.candidate_id is None:
        return None
    applications.backfill(s, candidate_id=user.candidate_id)
    app = applications.find_application(s, user.candidate_id, job_id)
    return {"id": app.id, "stage": app.stage} if app is not None else None


def apply_to_job(db: Database, user: CurrentUser, job_id: int) -> dict[str, Any]:
    """Record the seeker's application (idempotent): job_id, candidate_id, applied_at, created,
    application_id, stage. Applying again after withdrawing is a Conflict."""
    if user.role is not Role.SEEKER or user.candidate_id is None:
        raise Forbidden("只有已建立简历的求职者可以申请职位；请先上传简历")
    with db.session() as s:
        row = job_row(s, job_id)
        if row.status != "open":
            raise InputError(f"职位“{row.title}”已关闭，不能申请")
        existing = applications.find_application(s, user.candidate_id, job_id)
        if existing is not None and existing.stage == applications.WITHDRAWN:
            raise Conflict(f"你已撤回对“{row.title}”的申请，不能再次申请")
        inter = s.scalars(
            sa.select(models.Interaction).where(
                models.Interaction.candidate_id == user.candidate_id,
                models.Interaction.job_id == job_id,
                models.Interaction.kind == APPLY,
            )
        ).first()
        created = inter is None
        if inter is None:
            inter = add_interaction(s, user.candidate_id, job_id, domain.InteractionKind.APPLY, Role.SEEKER)
        app, _ = applications.ensure_application(s, user.candidate_id, job_id, by_user_id=user.id)
        return {
            "job_id": job_id,
            "candidate_id": inter.candidate_id,
            "applied_at": inter.at.isoformat(),
            "created": created,
            "application_id": app.id,
            "stage": app.stage,
        }


def get_candidate(
    db: Database, user: CurrentUser, candidate_id: int, *, route: str = "/api/candidates"
) -> dict[str, Any]:
    """A candidate profile, contact fields masked unless the viewer may see them.

    Showing them unmasked is written to the contact-view audit log with `route` (usecases.audit).
    """
    with db.session() as s:
        row = s.get(models.Candidate, candidate_id)
        if row is None:
            raise NotFound(f"候选人 id={candidate_id} 不存在")
        if not can_view_candidate(s, user, candidate_id):
            raise Forbidden("你无权查看该候选人：仅限投递过贵公司职位或加入人才库的候选人")
        allowed = can_view_contact(s, user, candidate_id)
        if allowed:
            record_contact_view(s, user, candidate_id, route)
        return candidate_dict(row, contact_allowed=allowed)


def own_open_jobs(db: Database, user: CurrentUser) -> list[dict[str, object]]:
    """The recruiter's open jobs with applicant counts (operators: the 200 newest)."""
    applied = (
        sa.select(sa.func.count())
        .where(models.Interaction.job_id == models.Job.id, models.Interaction.kind == APPLY)
        .correlate(models.Job)
        .scalar_subquery()
    )
    q = sa.select(models.Job.id, models.Job.title, models.Job.city, applied.label("n")).where(
        models.Job.status == "open"
    )
    if user.role is not Role.OPERATOR:
        q = q.where(models.Job.company_id == user.company_id)
    q = q.order_by(models.Job.posted_at.desc().nulls_last()).limit(200)
    with db.session() as s:
        return [{"id": r.id, "title": r.title, "city": r.city, "applicants": r.n} for r in s.execute(q)]
