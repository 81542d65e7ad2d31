"""Notifications: what a user should see next (kinds stage, message, new_match, invite).

Other use cases call `notify` inside their own transaction; the faces call `list_notifications`,
`unread_count` and `mark_read`. A notification's `link` is a site path (a page of web/).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentseek.auth.principal import CurrentUser
from talentseek.domain import Role
from talentseek.errors import InputError
from talentseek.store import models
from talentseek.store.convert import utcnow
from talentseek.store.db import Database

KINDS = ("stage", "message", "new_match", "invite")
KIND_LABELS = {"stage": "申请进度", "message": "新消息", "new_match": "新匹配职位", "invite": "投递邀请"}
MAX_LIST = 200
NEW_MATCH_LIMIT = 200  # seekers told about one new job at most


def notify(s: Session, user_ids: Iterable[int | None], kind: str, text: str, link: str | None = None) -> int:
    """Add one notification per user (None and 0, a keyless API key, are skipped); returns how many."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    now = utcnow()
    rows = [
        models.Notification(user_id=uid, kind=kind, text=text[:500], link=link, created_at=now)
        for uid in dict.fromkeys(user_ids)
        if uid
    ]
    s.add_all(rows)
    return len(rows)


def company_recruiters(s: Session, company_id: int | None) -> list[int]:
    """Ids of the company's recruiter accounts that are not disabled."""
    if company_id is None:
        return []
    q = sa.select(models.User.id).where(
        models.User.company_id == company_id,
        models.User.role == Role.RECRUITER.value,
        models.User.disabled_at.is_(None),
    )
    return list(s.scalars(q.order_by(models.User.id)))


def notification_dict(row: models.Notification) -> dict[str, Any]:
    return {
        "id": row.id,
        "kind": row.kind,
        "kind_label": KIND_LABELS.get(row.kind, row.kind),
        "text": row.text,
        "link": row.link,
        "created_at": row.created_at.isoformat(),
        "read": row.read_at is not None,
        "read_at": row.read_at.isoformat() if row.read_at else None,
    }


def list_notifications(
    db: Database, user: CurrentUser, *, unread_only: bool = False, limit: int = 50
) -> dict[str, Any]:
    """The user's newest notifications: `{"notifications": [...], "unread": n}`."""
    limit = max(1, min(limit, MAX_LIST))
    q = sa.select(models.Notification).where(models.Notification.user_id == user.id)
    if unread_only:
        q = q.where(models.Notification.read_at.is_(None))
    with db.session() as s:
        rows = s.scalars(q.order_by(models.Notification.id.desc()).limit(limit)).all()
        return {"notifications": [notification_dict(r) for r in rows], "unread": _unread(s, user.id)}


def _unread(s: Session, user_id: int) -> int:
    q = sa.select(sa.func.count()).where(
        models.Notification.user_id == user_id, models.Notification.read_at.is_(None)
    )
    return int(s.scalar(q) or 0)


def unread_count(db: Database, user: CurrentUser) -> int:
    """How many of the user's notifications are unread (the badge in the nav)."""
    with db.session() as s:
        return _unread(s, user.id)


def mark_read(db: Database, user: CurrentUser, ids: list[int] | None = None) -> int:
    """Mark the given notifications (None: all) of this user read; returns how many changed.

    Ids of other users' notifications are ignored (never an error that reveals they exist).
    """
    if ids is not None and len(ids) > 1000:
        raise InputError("一次最多标记 1000 条通知", field="ids")
    q = sa.update(models.Notification).where(
        models.Notification.user_id == user.id, models.Notification.read_at.is_(None)
    )
    if ids is not None:
        q = q.where(models.Notification.id.in_(ids))
    with db.session() as s:
        result = s.execute(q.values(read_at=utcnow()))
        return int(getattr(result, "rowcount", 0) or 0)


def _matches(cand: models.Candidate, cities: set[str], job: models.Job) -> bool:
    """A job fits a seeker: in a city they live in or want, and an intended title or two shared skills."""
    if job.city is None or job.city not in cities | {cand.city}:
        return False
    titles = [t for t in cand.intent_titles or [] if t]
    if any(t in job.title or job.title in t for t in titles):
        return True
    return len(set(cand.skills or []) & set(job.skills or [])) >= 2


def notify_new_match(s: Session, job: models.Job) -> int:
    """Tell seekers with an account whose resume fits a newly posted job (kind new_match)."""
    if job.status != "open" or job.moderation == "rejected":
        return 0
    rows = s.execute(
        sa.select(models.Candidate, models.User.id)
        .join(models.User, models.User.id == models.Candidate.user_id)
        .where(models.User.role == Role.SEEKER.value, models.User.disabled_at.is_(None))
    ).all()
    cities: dict[int, set[str]] = {}
    ic = models.CandidateIntentCity
    owned = sa.select(models.Candidate.id).where(models.Candidate.user_id.is_not(None))
    for cid, city in s.execute(sa.select(ic.candidate_id, ic.city).where(ic.candidate_id.in_(owned))):
        cities.setdefault(cid, set()).add(city)
    users = [uid for cand, uid in rows if _matches(cand, cities.get(cand.id, set()), job)]
    company = job.company.name if job.company is not None else ""
    text = f"新职位可能适合你：{company}「{job.title}」（{job.city}）"
    return notify(s, users[:NEW_MATCH_LIMIT], "new_match", text, f"/jobs/{job.id}")
