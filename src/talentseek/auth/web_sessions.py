"""Server-side web sessions (table web_sessions): the cookie carries a random token, the store its sha256.

A session is valid while its row exists, is not revoked, has not expired and its user is not
disabled; logout revokes one row, a password change or disabling the account revokes them all.
Every worker process reads the same rows, so logout takes effect everywhere at once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentseek.store import models
from talentseek.store.convert import utcnow
from talentseek.store.db import Database

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


_USERS = models.User.__table__
_SESSIONS = models.WebSession.__table__
_CANDIDATES = models.Candidate.__table__
# a seeker's own record (the first one): part of the principal, fetched in the same query
FIRST_CANDIDATE = (
    sa.select(sa.func.min(_CANDIDATES.c.id))
    .where(_CANDIDATES.c.user_id == _USERS.c.id)
    .scalar_subquery()
    .label("candidate_id")
)
USER_COLUMNS = (
    _USERS.c.id,
    _USERS.c.username,
    _USERS.c.role,
    _USERS.c.company_id,
    _USERS.c.display_name,
    FIRST_CANDIDATE,
)
# built once: per request only the parameters change (building an ORM query cost ~0.8 ms a time)
_LIVE_SESSION = (
    sa.select(*USER_COLUMNS)
    .select_from(_SESSIONS.join(_USERS, _USERS.c.id == _SESSIONS.c.user_id))
    .where(
        _SESSIONS.c.id == sa.bindparam("sid"),
        _SESSIONS.c.revoked_at.is_(None),
        _SESSIONS.c.expires_at > sa.bindparam("now", type_=sa.DateTime()),
        _USERS.c.disabled_at.is_(None),
    )
)


def live_session_row(
    db: Database, token: str, now: datetime | None = None
) -> sa.Row[*tuple[Any, ...]] | None:
    """The user of a live session (id, username, role, company_id, display_name, candidate_id), else None.

    One prepared Core query on a plain connection: this runs on every signed-in request.
    """
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    with db.engine.connect() as conn:
        return conn.execute(_LIVE_SESSION, {"sid": token_hash(token), "now": now or utcnow()}).first()
