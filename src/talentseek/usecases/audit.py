"""Audit log of contact views: who saw which candidate's phone and e-mail unmasked, when, and where.

`record_contact_view` runs inside the transaction that shows the contact (usecases.jobs.get_candidate,
resume downloads); a candidate looking at their own record is not logged. Operators read the log.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentseek.auth.principal import CurrentUser
from talentseek.domain import Role
from talentseek.errors import Forbidden
from talentseek.store import models
from talentseek.store.convert import utcnow
from talentseek.store.db import Database

MAX_LIST = 500


def record_contact_view(s: Session, user: CurrentUser, candidate_id: int, route: str) -> None:
    """Log that `user` was shown this candidate's contact details unmasked (not for the candidate)."""
    if user.role is Role.SEEKER and user.candidate_id == candidate_id:
        return
    s.add(
        models.ContactView(
            viewer_user_id=user.id or None, candidate_id=candidate_id, at=utcnow(), route=route[:128]
        )
    )


def contact_views(
    db: Database,
    user: CurrentUser,
    *,
    candidate_id: int | None = None,
    viewer_user_id: int | None = None,
    since: datetime | None = None,
    limit: int = 100,
) -> list[dict[str, Any]]:
    """The newest contact views (operators only), optionally for one candidate or one viewer."""
    if user.role is not Role.OPERATOR:
        raise Forbidden("审计日志仅限运营查看")
    cv = models.ContactView
    q = (
        sa.select(cv, models.User.username, models.User.role, models.Candidate.name)
        .outerjoin(models.User, models.User.id == cv.viewer_user_id)
        .join(models.Candidate, models.Candidate.id == cv.candidate_id)
    )
    if candidate_id is not None:
        q = q.where(cv.candidate_id == candidate_id)
    if viewer_user_id is not None:
        q = q.where(cv.viewer_user_id == viewer_user_id)
    if since is not None:
        q = q.where(cv.at >= since)
    q = q.order_by(cv.at.desc(), cv.id.desc()).limit(max(1, min(limit, MAX_LIST)))
    with db.session() as s:
        return [
            {
                "id": row.id,
                "viewer_user_id": row.viewer_user_id,
                "viewer": username,
                "viewer_role": role,
                "candidate_id": row.candidate_id,
                "candidate_name": name,
                "at": row.at.isoformat(),
                "route": row.route,
            }
            for row, username, role, name in s.execute(q)
        ]
