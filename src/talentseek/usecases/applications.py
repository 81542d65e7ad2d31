"""Applications and their stages: the hiring pipeline of a job.

Stage machine (STAGES): recruiters of the job's company, and operators, move an application among
applied → screening → interview → offer → hired / rejected in any order; only the seeker may set
withdrawn, and nothing moves after withdrawn (Conflict, HTTP 409). An unknown stage is Unprocessable
(422); anyone else is Forbidden (403). Every move is kept in application_events and the seeker (or,
on a withdrawal, the company's recruiters) gets a notification. Interview/offer/hire/reject moves
also write the matching Interaction, which stays the analytics record.

Applications made before this table existed (apply interactions only, e.g. the generated demo market)
are filled in on first read by `backfill`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from talentseek.auth.policy import can_edit_job
from talentseek.auth.principal import CurrentUser
from talentseek.domain import InteractionKind, Role
from talentseek.errors import Conflict, Forbidden, InputError, NotFound, Unprocessable
from talentseek.store import models
from talentseek.store.convert import utcnow
from talentseek.store.db import Database
from talentseek.store.repo import add_interaction
from talentseek.usecases.notifications import company_recruiters, notify
from talentseek.usecases.shapes import job_salary

STAGES = ("applied", "screening", "interview", "offer", "hired", "rejected", "withdrawn")
RECRUITER_STAGES = STAGES[:-1]
WITHDRAWN = "withdrawn"
STAGE_LABELS = {
    "applied": "新投递",
    "screening": "初筛",
    "interview": "面试",
    "offer": "offer",
    "hired": "录用",
    "rejected": "不合适",
    "withdrawn": "已撤回",
}
_STAGE_KIND = {
    "interview": InteractionKind.INTERVIEW,
    "offer": InteractionKind.OFFER,
    "hired": InteractionKind.HIRE,
    "rejected": InteractionKind.REJECT,
}
# backfill: the furthest stage the old interactions show (a later kind wins)
_KIND_STAGE = {"interview": "interview", "offer": "offer", "reject": "rejected", "hire": "hired"}
_ORDER = ("applied", "interview", "offer", "rejected", "hired")
APPLY = InteractionKind.APPLY.value
MAX_BULK = 500


def application_link(app_id: int) -> str:
    """The page of one application (its thread and history)."""
    return f"/applications/{app_id}"


@dataclass(frozen=True)
class Access:
    """An application, its job, and how the viewer relates to it."""

    app: models.Application
    job: models.Job
    is_seeker: bool  # the candidate's own account
    is_recruiter: bool  # a recruiter of the job's company
    is_operator: bool


def find_application(s: Session, candidate_id: int, job_id: int) -> models.Application | None:
    q = sa.select(models.Application).where(
        models.Application.candidate_id == candidate_id, models.Application.job_id == job_id
    )
    return s.scalars(q).first()


def ensure_application(
    s: Session, candidate_id: int, job_id: int, *, by_user_id: int | None = None
) -> tuple[models.Application, bool]:
    """The candidate's application to the job, created (stage applied) when missing; (row, created)."""
    row = find_application(s, candidate_id, job_id)
    if row is not None:
        return row, False
    now = utcnow()
    row = models.Application(
        candidate_id=candidate_id, job_id=job_id, stage="applied", created_at=now, updated_at=now
    )
    s.add(row)
    s.flush()
    s.add(
        models.ApplicationEvent(
            application_id=row.id, by_user_id=by_user_id or None, from_stage=None, to_stage="applied", at=now
        )
    )
    return row, True


def backfill(s: Session, *, job_id: int | None = None, candidate_id: int | None = None) -> int:
    """Create the applications that only exist as apply interactions (stage from later interactions)."""
    it, ap = models.Interaction, models.Application
    scope = []
    if job_id is not None:
        scope.append(it.job_id == job_id)
    if candidate_id is not None:
        scope.append(it.candidate_id == candidate_id)
    missing = ~sa.exists().where(ap.candidate_id == it.candidate_id, ap.job_id == it.job_id)
    rows = s.execute(
        sa.select(it.candidate_id, it.job_id, sa.func.min(it.at), sa.func.max(it.at))
        .where(it.kind == APPLY, missing, *scope)
        .group_by(it.candidate_id, it.job_id)
    ).all()
    if not rows:
        return 0
    stage: dict[tuple[int, int], str] = {}
    later = sa.select(it.candidate_id, it.job_id, it.kind).where(it.kind.in_(list(_KIND_STAGE)), *scope)
    for cid, jid, kind in s.execute(later):
        old = stage.get((cid, jid), "applied")
        new = _KIND_STAGE[kind]
        stage[(cid, jid)] = new if _ORDER.index(new) > _ORDER.index(old) else old
    values = [
        {
            "candidate_id": c,
            "job_id": j,
            "stage": stage.get((c, j), "applied"),
            "created_at": first,
            "updated_at": last,
        }
        for c, j, first, last in rows
    ]
    try:
        with s.begin_nested():
            s.execute(sa.insert(models.Application), values)
    except IntegrityError:  # another request filled them in meanwhile
        return 0
    return len(values)


def access(s: Session, user: CurrentUser, app_id: int) -> Access:
    """The application with the viewer's relation to it; Forbidden for anyone outside it."""
    app = s.get(models.Application, app_id)
    if app is None:
        raise NotFound(f"申请 id={app_id} 不存在")
    job = s.get(models.Job, app.job_id)
    assert job is not None  # the foreign key cascades
    acc = Access(
        app,
        job,
        is_seeker=user.role is Role.SEEKER and user.candidate_id == app.candidate_id,
        is_recruiter=user.role is Role.RECRUITER
        and job.company_id is not None
        and job.company_id == user.company_id,
        is_operator=user.role is Role.OPERATOR,
    )
    if not (acc.is_seeker or acc.is_recruiter or acc.is_operator):
        raise Forbidden("这不是你的申请，也不是贵公司职位的申请，无权查看或操作")
    return acc


def check_stage(stage: str) -> str:
    """The stage if it is one of STAGES, else Unprocessable (HTTP 422) listing them."""
    if stage not in STAGES:
        raise Unprocessable(f"未知的阶段“{stage}”；可选：{'、'.join(STAGES)}", field="stage")
    return stage


def _move(s: Session, user: CurrentUser, app_id: int, stage: str) -> models.Application:
    acc = access(s, user, app_id)
    app = acc.app
    if stage == WITHDRAWN and not acc.is_seeker:
        raise Forbidden("只有求职者本人可以撤回申请")
    if stage != WITHDRAWN and not (acc.is_recruiter or acc.is_operator):
        raise Forbidden("求职者只能撤回申请；阶段由招聘方推进")
    if app.stage == WITHDRAWN:
        raise Conflict("该申请已撤回，不能再更改阶段")
    if app.stage == stage:
        return app
    now = utcnow()
    s.add(
        models.ApplicationEvent(
            application_id=app.id, by_user_id=user.id or None, from_stage=app.stage, to_stage=stage, at=now
        )
    )
    app.stage, app.updated_at = stage, now
    if stage in _STAGE_KIND:
        add_interaction(s, app.candidate_id, app.job_id, _STAGE_KIND[stage], user.role)
    _notify_move(s, acc, stage)
    return app


def _notify_move(s: Session, acc: Access, stage: str) -> None:
    link = application_link(acc.app.id)
    if stage == WITHDRAWN:
        cand = s.get(models.Candidate, acc.app.candidate_id)
        who = (cand.name if cand else None) or "一位求职者"
        notify(
            s,
            company_recruiters(s, acc.job.company_id),
            "stage",
            f"{who} 撤回了对「{acc.job.title}」的申请",
            link,
        )
        return
    seeker = s.scalar(sa.select(models.Candidate.user_id).where(models.Candidate.id == acc.app.candidate_id))
    notify(s, [seeker], "stage", f"你申请的「{acc.job.title}」进入新阶段：{STAGE_LABELS[stage]}", link)


def move_stage(db: Database, user: CurrentUser, app_id: int, stage: str) -> dict[str, Any]:
    """Move one application to `stage` (see the module docstring for who may do what)."""
    check_stage(stage)
    with db.session() as s:
        app = _move(s, user, app_id, stage)
        return application_dict(s, app)


def move_stages(db: Database, user: CurrentUser, app_ids: list[int], stage: str) -> list[dict[str, Any]]:
    """Bulk move (the pipeline's checkboxes): all of them or, on any refusal, none."""
    check_stage(stage)
    if not app_ids or len(app_ids) > MAX_BULK:
        raise InputError(f"请选择 1-{MAX_BULK} 个申请", field="ids")
    with db.session() as s:
        apps = [_move(s, user, i, stage) for i in dict.fromkeys(app_ids)]
        return [application_dict(s, a) for a in apps]


def withdraw(db: Database, user: CurrentUser, app_id: int) -> dict[str, Any]:
    """The seeker withdraws an own application (final: no later moves)."""
    return move_stage(db, user, app_id, WITHDRAWN)


def application_dict(
    s: Session,
    app: models.Application,
    *,
    job: models.Job | None = None,
    cand: models.Candidate | None = None,
) -> dict[str, Any]:
    """An application as JSON, with a short job and candidate summary (no contact details)."""
    job = job or s.get(models.Job, app.job_id)
    cand = cand or s.get(models.Candidate, app.candidate_id)
    return {
        "id": app.id,
        "job_id": app.job_id,
        "candidate_id": app.candidate_id,
        "stage": app.stage,
        "stage_label": STAGE_LABELS.get(app.stage, app.stage),
        "created_at": app.created_at.isoformat(),
        "updated_at": app.updated_at.isoformat(),
        "job": _job_summary(job),
        "candidate": _candidate_summary(cand),
    }


def _job_summary(job: models.Job | None) -> dict[str, Any] | None:
    if job is None:
        return None
    return {
        "id": job.id,
        "title": job.title,
        "company": job.company.name if job.company is not None else None,
        "company_id": job.company_id,
        "city": job.city,
        "status": job.status,
        "salary_display": job_salary(job),
    }


def _candidate_summary(c: models.Candidate | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "id": c.id,
        "name": c.name,
        "city": c.city,
        "highest_education": c.highest_education,
        "years_experience": c.years_experience,
        "skills": list(c.skills or [])[:12],
        "intent_titles": list(c.intent_titles or []),
    }


def my_applications(db: Database, user: CurrentUser) -> list[dict[str, Any]]:
    """The seeker's applications, most recently changed first."""
    if user.role is not Role.SEEKER:
        raise Forbidden("“我的申请”仅限求职者使用")
    if user.candidate_id is None:
        return []
    with db.session() as s:
        backfill(s, candidate_id=user.candidate_id)
        rows = s.scalars(
            sa.select(models.Application)
            .where(models.Application.candidate_id == user.candidate_id)
            .order_by(models.Application.updated_at.desc(), models.Application.id.desc())
        ).all()
        return [application_dict(s, a) for a in rows]


def job_applications(
    db: Database, user: CurrentUser, job_id: int, *, stage: str | None = None
) -> list[dict[str, Any]]:
    """Applications to one job (its company's recruiters, operators), newest first; optional stage."""
    if stage is not None:
        check_stage(stage)
    with db.session() as s:
        job = s.get(models.Job, job_id)
        if job is None:
            raise NotFound(f"职位 id={job_id} 不存在")
        if user.role is Role.SEEKER or not can_edit_job(user, job):
            raise Forbidden("只有该职位所属公司的招聘方和运营可以查看投递")
        backfill(s, job_id=job_id)
        q = (
            sa.select(models.Application, models.Candidate)
            .join(models.Candidate, models.Candidate.id == models.Application.candidate_id)
            .where(models.Application.job_id == job_id)
        )
        if stage is not None:
            q = q.where(models.Application.stage == stage)
        rows = s.execute(q.order_by(models.Application.created_at.desc(), models.Application.id.desc())).all()
        return [application_dict(s, a, job=job, cand=c) for a, c in rows]


def stage_counts(db: Database, user: CurrentUser, job_id: int) -> dict[str, int]:
    """How many applications of the job sit in each stage (the pipeline's column headers)."""
    counts = dict.fromkeys(STAGES, 0)
    for a in job_applications(db, user, job_id):
        counts[a["stage"]] += 1
    return counts


def get_application(db: Database, user: CurrentUser, app_id: int) -> dict[str, Any]:
    """One application with its stage history (oldest first) and what the viewer may do."""
    with db.session() as s:
        acc = access(s, user, app_id)
        out = application_dict(s, acc.app, job=acc.job)
        events = s.execute(
            sa.select(models.ApplicationEvent, models.User.username)
            .outerjoin(models.User, models.User.id == models.ApplicationEvent.by_user_id)
            .where(models.ApplicationEvent.application_id == app_id)
            .order_by(models.ApplicationEvent.at, models.ApplicationEvent.id)
        ).all()
        out["history"] = [
            {
                "from": e.from_stage,
                "to": e.to_stage,
                "to_label": STAGE_LABELS.get(e.to_stage, e.to_stage),
                "by": name,
                "at": e.at.isoformat(),
            }
            for e, name in events
        ]
        final = acc.app.stage == WITHDRAWN
        out["can_move"] = (acc.is_recruiter or acc.is_operator) and not final
        out["can_withdraw"] = acc.is_seeker and not final
        out["can_message"] = acc.is_seeker or acc.is_recruiter
        return out
