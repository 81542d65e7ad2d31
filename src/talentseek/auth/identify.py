"""Who is making this request: a session cookie (web) or `Authorization: Bearer ts-...` (API).

Cookie-authenticated unsafe requests must carry the session's CSRF token (auth/csrf.py); bearer
requests are exempt and counted against the key's per-minute limit. The caller hands in the
database, the settings and the per-app rate limiter.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request

from talentseek.auth.apikeys import lookup_api_key
from talentseek.auth.csrf import check_csrf
from talentseek.auth.limiter import RateLimiter
from talentseek.auth.principal import CurrentUser, keyless_principal, principal_for
from talentseek.auth.sessions import load_session, password_fingerprint
from talentseek.errors import Unauthorized
from talentseek.settings import Settings
from talentseek.store import models
from talentseek.store.db import Database

_UNSET: Any = object()


def session_user(request: Request, db: Database, settings: Settings) -> CurrentUser | None:
    """The signed-in web user (no CSRF check; for rendering and safe methods)."""
    cached = getattr(request.state, "ts_session_user", _UNSET)
    if cached is not _UNSET:
        result: CurrentUser | None = cached
        return result
    sess = load_session(request, settings)
    user: CurrentUser | None = None
    if sess.uid is not None:
        with db.session() as s:
            row = s.get(models.User, sess.uid)
            if row is not None and sess.pw == password_fingerprint(row.password_hash):
                user = principal_for(s, row)
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


def _api_key_user(request: Request, db: Database, limiter: RateLimiter, key: str) -> CurrentUser:
    cached = getattr(request.state, "ts_api_user", None)
    if cached is not None:
        result: CurrentUser = cached
        return result
    with db.session() as s:
        row = lookup_api_key(s, key)
        if row is None:
            raise Unauthorized("API 令牌无效或已吊销；用 talentseek apikey create 创建新令牌")
        limiter.hit(row.id, row.rate_limit_per_min)
        owner = s.get(models.User, row.user_id) if row.user_id is not None else None
        if owner is not None:
            user = principal_for(s, owner, api_key_id=row.id)
        else:
            user = keyless_principal(row.name, row.id)
    request.state.ts_api_user = user
    return user


def identify_request(
    request: Request, db: Database, settings: Settings, limiter: RateLimiter
) -> CurrentUser | None:
    """The current user, or None; raises Unauthorized for a bad token, Forbidden for a missing CSRF token."""
    key = _bearer(request)
    if key is not None:
        return _api_key_user(request, db, limiter, key)
    user = session_user(request, db, settings)
    if user is not None:
        check_csrf(request, settings)
    return user
