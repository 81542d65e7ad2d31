"""Saved jobs (收藏): any signed-in user keeps a list of jobs to come back to."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from talentseek.auth.principal import CurrentUser
from talentseek.errors import Forbidden
from talentseek.store import models
from talentseek.store.convert import utcnow
from talentseek.store.db import Database
from talentseek.usecases.jobs import job_row
from talentseek.usecases.shapes import job_dict

MAX_SAVED = 1000


def _account(user: CurrentUser) -> int:
    if not user.id:
        raise Forbidden("收藏职位需要登录账号（未绑定账号的 API 令牌不能收藏）")
    return user.id


def save_job(db: Database, user: CurrentUser, job_id: int) -> dict[str, Any]:
    """Save a job (idempotent): `{"job_id", "saved": true, "created"}`."""
    uid = _account(user)
    with db.session() as s:
        job_row(s, job_id)
        if s.get(models.SavedJob, (uid, job_id)) is not None:
            return {"job_id": job_id, "saved": True, "created": False}
        n = s.scalar(sa.select(sa.func.count()).where(models.SavedJob.user_id == uid)) or 0
        if n >= MAX_SAVED:
            raise Forbidden(f"最多收藏 {MAX_SAVED} 个职位，请先取消一些收藏")
        s.add(models.SavedJob(user_id=uid, job_id=job_id, created_at=utcnow()))
        return {"job_id": job_id, "saved": True, "created": True}


def unsave_job(db: Database, user: CurrentUser, job_id: int) -> dict[str, Any]:
    """Remove a job from the saved list (idempotent): `{"job_id", "saved": false}`."""
    uid = _account(user)
    with db.session() as s:
        s.execute(
            sa.delete(models.SavedJob).where(models.SavedJob.user_id == uid, models.SavedJob.job_id == job_id)
        )
    return {"job_id": job_id, "saved": False}


def saved_jobs(db: Database, user: CurrentUser) -> list[dict[str, Any]]:
    """The user's saved jobs (list shape of the jobs API plus `saved_at`), newest saved first."""
    uid = _account(user)
    with db.session() as s:
        rows = s.execute(
            sa.select(models.Job, models.SavedJob.created_at)
            .join(models.SavedJob, models.SavedJob.job_id == models.Job.id)
            .where(models.SavedJob.user_id == uid)
            .options(selectinload(models.Job.company))
            .order_by(models.SavedJob.created_at.desc(), models.Job.id.desc())
        ).all()
        return [{**job_dict(job), "saved_at": at.isoformat()} for job, at in rows]


def saved_job_ids(db: Database, user: CurrentUser | None) -> set[int]:
    """Ids of the jobs this user saved (empty for visitors): the pages' ☆/★ marks."""
    if user is None or not user.id:
        return set()
    with db.session() as s:
        return set(s.scalars(sa.select(models.SavedJob.job_id).where(models.SavedJob.user_id == user.id)))
