"""The posting compliance check on every post and edit, and the operators' moderation queue.

`run_check` stores text.compliance's findings on the job (`compliance`) and sets `moderation`:
none (clean) | flagged (findings, not yet reviewed) | approved | rejected. A review stays while the
findings stay the same; an edit that changes them puts the job back in the queue (or clears it).
Rejecting a posting closes it.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from talentseek.auth.principal import CurrentUser
from talentseek.domain import Role
from talentseek.errors import Forbidden, InputError
from talentseek.store import models
from talentseek.store.convert import utcnow
from talentseek.store.db import Database
from talentseek.text.compliance import LABELS, check_posting
from talentseek.usecases.jobs import job_row
from talentseek.usecases.notifications import notify_new_match
from talentseek.usecases.shapes import job_dict

STATUSES = ("none", "flagged", "approved", "rejected")
QUEUE_STATUSES = ("flagged", "approved", "rejected")  # the jobs that have findings
STATUS_LABELS = {"none": "无问题", "flagged": "待审核", "approved": "已通过", "rejected": "已驳回"}


def posting_findings(title: str, description: str | None) -> list[dict[str, Any]]:
    """The check's findings as JSON: `[{"category", "label", "text", "basis", "severity"}]`."""
    return [
        {
            "category": f.category,
            "label": LABELS.get(f.category, f.category),
            "text": f.text,
            "basis": f.basis,
            "severity": f.severity,
        }
        for f in check_posting(f"{title}\n{description or ''}")
    ]


def run_check(s: Session, row: models.Job) -> list[dict[str, Any]]:
    """Check a stored job's title and description, store findings and moderation state; the findings."""
    found = posting_findings(row.title, row.description)
    reviewed = row.moderation in ("approved", "rejected")
    if not (reviewed and found == (row.compliance or [])):
        row.moderation = "flagged" if found else "none"
    row.compliance = found
    s.flush()
    return found


def _operator(user: CurrentUser) -> None:
    if user.role is not Role.OPERATOR:
        raise Forbidden("审核队列仅限运营使用")


def _queue_dict(row: models.Job) -> dict[str, Any]:
    return {
        **job_dict(row),
        "moderation": row.moderation,
        "moderation_label": STATUS_LABELS.get(row.moderation, row.moderation),
        "compliance": list(row.compliance or []),
    }


def moderation_queue(
    db: Database, user: CurrentUser, *, status: str = "flagged", limit: int = 100
) -> list[dict[str, Any]]:
    """Jobs whose check found something, in one review state (`all`: every state), newest first."""
    _operator(user)
    if status not in (*QUEUE_STATUSES, "all"):
        raise InputError(f"未知的审核状态“{status}”；可选 flagged、approved、rejected、all", field="status")
    wanted = QUEUE_STATUSES if status == "all" else (status,)
    with db.session() as s:
        rows = s.scalars(
            sa.select(models.Job)
            .where(models.Job.moderation.in_(wanted))
            .options(selectinload(models.Job.company))
            .order_by(models.Job.updated_at.desc().nulls_last(), models.Job.id.desc())
            .limit(max(1, min(limit, 500)))
        ).all()
        return [_queue_dict(r) for r in rows]


def queue_count(db: Database) -> int:
    """How many postings wait for review (the operator nav's badge)."""
    with db.session() as s:
        q = sa.select(sa.func.count()).where(models.Job.moderation == "flagged")
        return int(s.scalar(q) or 0)


def review(db: Database, user: CurrentUser, job_id: int, decision: str) -> dict[str, Any]:
    """An operator approves or rejects a flagged posting; rejecting also closes it."""
    _operator(user)
    if decision not in ("approved", "rejected"):
        raise InputError("审核结果只能是 approved（通过）或 rejected（驳回）", field="decision")
    with db.session() as s:
        row = job_row(s, job_id)
        if not row.compliance:
            raise InputError(f"职位 id={job_id} 没有合规问题，无需审核", field="job_id")
        first_approval = decision == "approved" and row.moderation == "flagged"
        row.moderation = decision
        if first_approval:
            notify_new_match(s, row)
        if decision == "rejected" and row.status != "closed":
            row.status, row.updated_at = "closed", utcnow()
            s.add(models.IndexQueue(kind="job", entity_id=row.id, op="upsert", created_at=utcnow()))
        s.flush()
        return _queue_dict(row)


def approve(db: Database, user: CurrentUser, job_id: int) -> dict[str, Any]:
    return review(db, user, job_id, "approved")


def reject(db: Database, user: CurrentUser, job_id: int) -> dict[str, Any]:
    return review(db, user, job_id, "rejected")


def job_compliance(db: Database, job_id: int) -> dict[str, Any]:
    """A job's stored findings and moderation state (the job edit page shows them)."""
    with db.session() as s:
        row = job_row(s, job_id)
        return {"job_id": job_id, "moderation": row.moderation, "compliance": list(row.compliance or [])}


def scan_unchecked(db: Database, user: CurrentUser, *, limit: int = 2000) -> dict[str, int]:
    """Run the check over jobs never checked (imported ones): `{"checked", "flagged"}`."""
    _operator(user)
    with db.session() as s:
        rows = s.scalars(
            sa.select(models.Job).where(models.Job.compliance.is_(None)).order_by(models.Job.id).limit(limit)
        ).all()
        flagged = sum(1 for r in rows if run_check(s, r))
        return {"checked": len(rows), "flagged": flagged}
