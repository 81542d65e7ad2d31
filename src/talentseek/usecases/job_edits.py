"""Recruiters post, change and delete their company's jobs; operators any (auth.policy.can_edit_job).

`fields` is what the request set (a PATCH merge): only those keys change. The store queues an
index update with every write, so the search index follows without a call here. Every post and
edit runs the posting compliance check (usecases.moderation): the result carries `compliance`.
"""

from __future__ import annotations

import dataclasses
from typing import Any
from uuid import uuid4

from sqlalchemy.orm import Session

from talentseek import domain
from talentseek.auth.policy import can_edit_job
from talentseek.auth.principal import CurrentUser
from talentseek.domain import Role
from talentseek.errors import Forbidden, InputError, NotFound
from talentseek.store import models
from talentseek.store.convert import utcnow
from talentseek.store.db import Database
from talentseek.store.repo import delete_job as delete_job_row
from talentseek.store.repo import job_from_row, upsert_job
from talentseek.text.salary import parse_salary
from talentseek.usecases.jobs import job_row
from talentseek.usecases.moderation import run_check
from talentseek.usecases.notifications import notify_new_match
from talentseek.usecases.shapes import job_dict


def _salary(fields: dict[str, Any]) -> domain.Salary | None:
    """The salary from `salary_text` (parsed) or the structured `salary`; None when neither is given."""
    text = fields.get("salary_text")
    if text is not None:
        parsed = parse_salary(text)
        if not parsed.valid:
            raise InputError(f"无法识别薪资“{text}”，请写成如 8千-1.2万·13薪 或 面议", field="salary_text")
        return parsed
    s: dict[str, Any] | None = fields.get("salary")
    if s is None:
        return None
    if s.get("negotiable"):
        return domain.Salary(valid=True, negotiable=True)
    low, high = s.get("low"), s.get("high")
    if low is not None and high is not None and low > high:
        low, high = high, low
    return domain.Salary(
        valid=low is not None or high is not None,
        low=low,
        high=high,
        period=s.get("period"),
        months=s.get("months"),
    )


def _experience(base: domain.Experience, fields: dict[str, Any]) -> domain.Experience:
    exp = dataclasses.replace(
        base,
        min_years=fields["exp_min"] if "exp_min" in fields else base.min_years,
        max_years=fields["exp_max"] if "exp_max" in fields else base.max_years,
        fresh_graduate=bool(fields["fresh_ok"]) if "fresh_ok" in fields else base.fresh_graduate,
    )
    if exp.min_years is not None and exp.max_years is not None and exp.min_years > exp.max_years:
        raise InputError("经验要求的下限大于上限", field="exp_min")
    return exp


def merge_job(base: domain.Job, fields: dict[str, Any]) -> domain.Job:
    """`base` with the given fields changed (a PATCH merge)."""
    changes: dict[str, Any] = {
        k: fields[k] for k in ("title", "description", "education", "job_type", "headcount") if k in fields
    }
    if "title" in changes and not (changes["title"] or "").strip():
        raise InputError("职位名称不能为空", field="title")
    if fields.keys() & {"province", "city", "district"}:
        region = {k: fields[k] for k in ("province", "city", "district") if k in fields}
        changes["region"] = dataclasses.replace(base.region, **region)
    if fields.keys() & {"exp_min", "exp_max", "fresh_ok"}:
        changes["experience"] = _experience(base.experience, fields)
    salary = _salary(fields)
    if salary is not None:
        changes["salary"] = salary
    for key in ("skills", "benefits"):
        if fields.get(key) is not None:
            changes[key] = tuple(str(x).strip()[:64] for x in fields[key] if str(x).strip())
    if fields.get("status") is not None:
        changes["status"] = domain.JobStatus(fields["status"])
    if changes.get("description") is None and "description" in changes:
        changes["description"] = ""
    return dataclasses.replace(base, **changes, updated_at=utcnow())


def _owned_job(s: Session, user: CurrentUser, job_id: int) -> models.Job:
    row = job_row(s, job_id)
    if not can_edit_job(user, row):
        raise Forbidden(f"职位 id={job_id} 不属于你的公司，不能修改")
    return row


def create_job(
    db: Database, user: CurrentUser, fields: dict[str, Any], company_id: int | None = None
) -> dict[str, Any]:
    """Post a job for the recruiter's company (operators name `company_id`); returns its detail dict."""
    if user.role is Role.RECRUITER and company_id not in (None, user.company_id):
        raise Forbidden("招聘方只能为自己的公司发布职位")
    owner = user.company_id if user.role is Role.RECRUITER else company_id
    if owner is None:
        raise InputError("运营发布职位时需要指定 company_id", field="company_id")
    with db.session() as s:
        if s.get(models.Company, owner) is None:
            raise NotFound(f"公司 id={owner} 不存在")
        base = domain.Job(
            title=fields["title"], external_id=f"web-{uuid4().hex}", company_id=owner, posted_at=utcnow()
        )
        row, _ = upsert_job(s, merge_job(base, fields), None, source="web")
        findings = run_check(s, row)
        if not findings:  # a flagged posting reaches seekers' notifications once approved, never before
            notify_new_match(s, row)
        return {**job_dict(row, detail=True), "compliance": findings, "moderation": row.moderation}


def update_job(db: Database, user: CurrentUser, job_id: int, fields: dict[str, Any]) -> dict[str, Any]:
    """Change some fields of an own job; normalised columns and the search index follow."""
    with db.session() as s:
        row = _owned_job(s, user, job_id)
        extra = {**(row.extra or {}), "address": row.address}
        job = dataclasses.replace(merge_job(job_from_row(row), fields), company_id=row.company_id)
        new_row, _ = upsert_job(s, job, None, source=row.source, extra=extra)
        findings = run_check(s, new_row)
        return {**job_dict(new_row, detail=True), "compliance": findings, "moderation": new_row.moderation}


def delete_job(db: Database, user: CurrentUser, job_id: int) -> None:
    """Delete an own job (and queue its removal from the search index)."""
    with db.session() as s:
        _owned_job(s, user, job_id)
        delete_job_row(s, job_id)
