"""Message threads, one per application: the seeker and the job's company's recruiters write;
operators may read. Each message notifies the other party (kind message)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from talentseek.auth.principal import CurrentUser
from talentseek.errors import Forbidden, Unprocessable
from talentseek.store import models
from talentseek.store.convert import utcnow
from talentseek.store.db import Database
from talentseek.usecases.applications import access, application_link
from talentseek.usecases.notifications import company_recruiters, notify

MAX_TEXT = 2000
ROLE_LABELS = {"seeker": "求职者", "recruiter": "招聘方", "operator": "运营"}


def message_dict(row: models.Message, username: str | None = None) -> dict[str, Any]:
    return {
        "id": row.id,
        "application_id": row.application_id,
        "from_role": row.from_role,
        "from_role_label": ROLE_LABELS.get(row.from_role, row.from_role),
        "from_user": username,
        "text": row.text,
        "created_at": row.created_at.isoformat(),
    }


def list_messages(db: Database, user: CurrentUser, app_id: int) -> list[dict[str, Any]]:
    """The application's messages, oldest first (the two parties, and operators)."""
    with db.session() as s:
        access(s, user, app_id)
        rows = s.execute(
            sa.select(models.Message, models.User.username)
            .outerjoin(models.User, models.User.id == models.Message.from_user_id)
            .where(models.Message.application_id == app_id)
            .order_by(models.Message.created_at, models.Message.id)
        ).all()
        return [message_dict(m, name) for m, name in rows]


def post_message(db: Database, user: CurrentUser, app_id: int, text: str) -> dict[str, Any]:
    """Add a message (1-2000 characters) from the seeker or a recruiter of the job's company."""
    text = (text or "").strip()
    if not text:
        raise Unprocessable("消息内容不能为空", field="text")
    if len(text) > MAX_TEXT:
        raise Unprocessable(f"消息最多 {MAX_TEXT} 字，当前 {len(text)} 字；请分几条发送", field="text")
    with db.session() as s:
        acc = access(s, user, app_id)
        if not (acc.is_seeker or acc.is_recruiter):
            raise Forbidden("只有求职者本人和该职位所属公司的招聘方可以在此留言；运营只能查看")
        row = models.Message(
            application_id=app_id,
            from_user_id=user.id or None,
            from_role=user.role.value,
            text=text,
            created_at=utcnow(),
        )
        s.add(row)
        s.flush()
        preview = text if len(text) <= 40 else text[:40] + "…"
        if acc.is_seeker:
            cand = s.get(models.Candidate, acc.app.candidate_id)
            who = (cand.name if cand else None) or "求职者"
            targets = company_recruiters(s, acc.job.company_id)
            notify(
                s,
                [t for t in targets if t != user.id],
                "message",
                f"{who}（「{acc.job.title}」）：{preview}",
                application_link(app_id),
            )
        else:
            seeker = s.scalar(
                sa.select(models.Candidate.user_id).where(models.Candidate.id == acc.app.candidate_id)
            )
            company = acc.job.company.name if acc.job.company is not None else "招聘方"
            notify(
                s,
                [seeker],
                "message",
                f"{company}（「{acc.job.title}」）：{preview}",
                application_link(app_id),
            )
        return message_dict(row, user.username)
