"""Recruiters invite talent-pool candidates to apply to one of their company's jobs (发出邀请).

Only candidates who opted into the pool (`open_to_pool`) can be invited, only to an open job the
recruiter may edit (auth.policy.can_edit_job). An invitation is kept once per job and candidate;
it also writes an `invite` interaction (which lets the company see the candidate, auth.policy) and
notifies the candidate's account (kind invite).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from talentseek.auth.policy import can_edit_job
from talentseek.auth.principal import CurrentUser
from talentseek.domain import InteractionKind, Role
from talentseek.errors import Conflict, Forbidden, InputError, NotFound
from talentseek.store import models
from talentseek.store.convert import utcnow
from talentseek.store.db import Database
from talentseek.store.repo import add_interaction
from talentseek.usecases.applications import find_application
from talentseek.usecases.jobs import job_row
from talentseek.usecases.notifications import notify


def _invitation_dict(inv: models.Invitation, job: models.Job, created: bool) -> dict[str, Any]:
    return {
        "id": inv.id,
        "job_id": inv.job_id,
        "candidate_id": inv.candidate_id,
        "job_title": job.title,
        "company": job.company.name if job.company is not None else None,
        "created_at": inv.created_at.isoformat(),
        "created": created,
    }


def invite(db: Database, user: CurrentUser, job_id: int, candidate_id: int) -> dict[str, Any]:
    """Invite a pool candidate to apply (idempotent: a second call returns the first, `created` false)."""
    if user.role is Role.SEEKER:
        raise Forbidden("只有招聘方可以发出投递邀请")
    with db.session() as s:
        job = job_row(s, job_id)
        if not can_edit_job(user, job):
            raise Forbidden(f"职位 id={job_id} 不属于你的公司，不能以它发出邀请")
        if job.status != "open":
            raise InputError(f"职位“{job.title}”已关闭：请先重新开放再邀请", field="job_id")
        cand = s.get(models.Candidate, candidate_id)
        if cand is None:
            raise NotFound(f"候选人 id={candidate_id} 不存在")
        old = s.scalars(
            sa.select(models.Invitation).where(
                models.Invitation.job_id == job_id, models.Invitation.candidate_id == candidate_id
            )
        ).first()
        if old is not None:
            return _invitation_dict(old, job, False)
        if not cand.open_to_pool:
            raise Forbidden("该候选人没有加入人才库，不能邀请；可等待其主动投递")
        if find_application(s, candidate_id, job_id) is not None:
            raise Conflict("该候选人已投递这个职位，无需邀请：可在投递管理中直接沟通")
        inv = models.Invitation(
            job_id=job_id, candidate_id=candidate_id, by_user_id=user.id or None, created_at=utcnow()
        )
        s.add(inv)
        s.flush()
        add_interaction(s, candidate_id, job_id, InteractionKind.INVITE, user.role)
        company = job.company.name if job.company is not None else "一家公司"
        notify(s, [cand.user_id], "invite", f"{company} 邀请你投递「{job.title}」", f"/jobs/{job_id}")
        return _invitation_dict(inv, job, True)


def my_invitations(db: Database, user: CurrentUser) -> list[dict[str, Any]]:
    """Invitations the seeker received, newest first, with whether they applied since."""
    if user.role is not Role.SEEKER:
        raise Forbidden("“收到的邀请”仅限求职者查看")
    if user.candidate_id is None:
        return []
    with db.session() as s:
        rows = s.execute(
            sa.select(models.Invitation, models.Job)
            .join(models.Job, models.Job.id == models.Invitation.job_id)
            .where(models.Invitation.candidate_id == user.candidate_id)
            .order_by(models.Invitation.created_at.desc(), models.Invitation.id.desc())
        ).all()
        return [
            {
                **_invitation_dict(inv, job, False),
                "job_status": job.status,
                "applied": find_application(s, inv.candidate_id, inv.job_id) is not None,
            }
            for inv, job in rows
        ]


def job_invitations(db: Database, user: CurrentUser, job_id: int) -> list[dict[str, Any]]:
    """Invitations sent for one of the recruiter's jobs (operators: any), newest first."""
    with db.session() as s:
        job = job_row(s, job_id)
        if user.role is Role.SEEKER or not can_edit_job(user, job):
            raise Forbidden("只有该职位所属公司的招聘方和运营可以查看邀请")
        rows = s.execute(
            sa.select(models.Invitation, models.Candidate.name)
            .join(models.Candidate, models.Candidate.id == models.Invitation.candidate_id)
            .where(models.Invitation.job_id == job_id)
            .order_by(models.Invitation.created_at.desc(), models.Invitation.id.desc())
        ).all()
        return [
            {
                **_invitation_dict(inv, job, False),
                "candidate_name": name,
                "applied": find_application(s, inv.candidate_id, job_id) is not None,
            }
            for inv, name in rows
        ]
