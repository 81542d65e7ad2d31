"""Server-side web sessions (table web_sessions): the cookie carries a random token, the store its sha256.

A session is valid while its row exists, is not revoked, has not expired and its user is not
disabled; logout revokes one row, a password change or disabling the account revokes them all.
Every worker process reads the same rows, so logout takes effect everywhere at once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentseek.store import models
from talentseek.store.convert import utcnow

SESSION_MAX_AGE_S = 7 * 24 * 3600
MAX_TOKEN_LENGTH = 128


def token_hash(token: str) -> str:
    """What the store keeps: a leaked table gives no usable cookie."""
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(db: Session, user_id: int, address: str | None = None) -> str:
    """Store a new session for `user_id`; returns the token the cookie carries. Drops the user's dead rows."""
    now = utcnow()
    db.execute(
        sa.delete(models.WebSession).where(
            models.WebSession.user_id == user_id,
            sa.or_(models.WebSession.expires_at < now, models.WebSession.revoked_at.is_not(None)),
        )
    )
    token = secrets.token_urlsafe(32)
    db.add(
        models.WebSession(
            id=token_hash(token),
            user_id=user_id,
            created_at=now,
            expires_at=now + timedelta(seconds=SESSION_MAX_AGE_S),
            address=(address or "")[:64] or None,
        )
    )
    db.flush()
    return token


def end_session(db: Session, token: str) -> bool:
    """Revoke one session (logout); True when it was live."""
    if len(token) > MAX_TOKEN_LENGTH:
        return False
    result = db.execute(
        sa.update(models.WebSession)
        .where(models.WebSession.id == token_hash(token), models.WebSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return bool(getattr(result, "rowcount", 0))


def end_user_sessions(db: Session, user_id: int) -> int:
    """Revoke every live session of a user (password reset or change, account disabled)."""
    result = db.execute(
        sa.update(models.WebSession)
        .where(models.WebSession.user_id == user_id, models.WebSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return int(getattr(result, "rowcount", 0) or 0)


def session_user_row(
    db: Session, token: str, now: datetime | None = None
) -> tuple[models.User, int | None] | None:
    """The user of a live session and their first candidate record id, in one query; else None."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    now = now or utcnow()
    candidate = (
        sa.select(sa.func.min(models.Candidate.id))
        .where(models.Candidate.user_id == models.User.id)
        .scalar_subquery()
    )
    row = db.execute(
        sa.select(models.User, candidate)
        .join(models.WebSession, models.WebSession.user_id == models.User.id)
        .where(
            models.WebSession.id == token_hash(token),
            models.WebSession.revoked_at.is_(None),
            models.WebSession.expires_at > now,
            models.User.disabled_at.is_(None),
        )
    ).first()
    return None if row is None else (row[0], row[1])
