"""Who is making this request: a session cookie (web) or `Authorization: Bearer ts-...` (API).

Cookie-authenticated unsafe requests must carry the session's CSRF token (web/csrf.py); bearer
requests are exempt and counted against the key's per-minute limit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import Request
from sqlalchemy.orm import Session

from talentseek.auth.apikeys import lookup_api_key
from talentseek.auth.limiter import LoginLimiter, RateLimiter
from talentseek.auth.sessions import load_session, password_fingerprint
from talentseek.auth.users import candidate_id_for
from talentseek.domain import Role
from talentseek.errors import Unauthorized
from talentseek.store import models

if TYPE_CHECKING:
    from talentseek.api.deps import CurrentUser
    from talentseek.engine import Engine

_UNSET: Any = object()


def _state_obj(request: Request, name: str, factory: type[Any]) -> Any:
    """A per-app object (limiter) kept on app.state, created on first use."""
    obj = getattr(request.app.state, name, None)
    if obj is None:
        obj = factory()
        setattr(request.app.state, name, obj)
    return obj


def login_limiter(request: Request) -> LoginLimiter:
    limiter: LoginLimiter = _state_obj(request, "ts_login_limiter", LoginLimiter)
    return limiter


def rate_limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter = _state_obj(request, "ts_rate_limiter", RateLimiter)
    return limiter


def current_user_from_row(db: Session, user: models.User, api_key_id: int | None = None) -> CurrentUser:
    """The request principal for a stored user (seekers get their candidate record id)."""
    from talentseek.api.deps import CurrentUser

    role = Role(user.role)
    return CurrentUser(
        id=user.id,
        username=user.username,
        role=role,
        company_id=user.company_id if role is Role.RECRUITER else None,
        candidate_id=candidate_id_for(db, user.id) if role is Role.SEEKER else None,
        display_name=user.display_name,
        api_key_id=api_key_id,
    )


def session_user(request: Request, engine: Engine) -> CurrentUser | None:
    """The signed-in web user (no CSRF check; for rendering and safe methods)."""
    cached = getattr(request.state, "ts_session_user", _UNSET)
    if cached is not _UNSET:
        result: CurrentUser | None = cached
        return result
    sess = load_session(request, engine.settings)
    user: CurrentUser | None = None
    if sess.uid is not None:
        with engine.db.session() as db:
            row = db.get(models.User, sess.uid)
            if row is not None and sess.pw == password_fingerprint(row.password_hash):
                user = current_user_from_row(db, row)
    request.state.ts_session_user = user
    return user


def _bearer(request: Request) -> str | None:
    auth = request.headers.get("authorization")
    if not auth:
        return None
    scheme, _, token = auth.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Authorization 头格式应为：Bearer <API 令牌>")
    return token.strip()


def _api_key_user(request: Request, engine: Engine, key: str) -> CurrentUser:
    from talentseek.api.deps import CurrentUser

    cached = getattr(request.state, "ts_api_user", None)
    if cached is not None:
        result: CurrentUser = cached
        return result
    with engine.db.session() as db:
        row = lookup_api_key(db, key)
        if row is None:
            raise Unauthorized("API 令牌无效或已吊销；用 talentseek apikey create 创建新令牌")
        rate_limiter(request).hit(row.id, row.rate_limit_per_min)
        owner = db.get(models.User, row.user_id) if row.user_id is not None else None
        if owner is not None:
            user = current_user_from_row(db, owner, api_key_id=row.id)
        else:
            # a key bound to no user acts with the least privilege (a seeker without a record)
            user = CurrentUser(id=0, username=f"apikey:{row.name}", role=Role.SEEKER, api_key_id=row.id)
    request.state.ts_api_user = user
    return user


def identify_request(request: Request, engine: Engine) -> CurrentUser | None:
    """The current user, or None; raises Unauthorized for a bad token, Forbidden for a missing CSRF token."""
    from talentseek.web.csrf import check_csrf

    key = _bearer(request)
    if key is not None:
        return _api_key_user(request, engine, key)
    user = session_user(request, engine)
    if user is not None:
        check_csrf(request)
    return user
