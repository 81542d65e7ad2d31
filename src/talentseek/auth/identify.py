"""Who is making this request: a session cookie (web) or `Authorization: Bearer ts-...` (API).

Cookie-authenticated unsafe requests must carry the session's CSRF token (auth/csrf.py); bearer
requests are exempt and counted against the key's per-minute limit in the store. The caller hands
in the database, the settings and the rate limiter. Each way costs one prepared read query on a
plain connection (plus, for a key, one upsert): the session or key row, its user and a seeker's
candidate id come together.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request

from talentseek.auth.apikeys import lookup_key_row
from talentseek.auth.csrf import check_csrf
from talentseek.auth.limiter import RateLimiter
from talentseek.auth.principal import CurrentUser, keyless_principal, principal_from_row
from talentseek.auth.sessions import load_session
from talentseek.auth.web_sessions import live_session_row
from talentseek.errors import Unauthorized
from talentseek.settings import Settings
from talentseek.store.db import Database

_UNSET: Any = object()


def _remember(request: Request, user: CurrentUser | None) -> None:
    """Cache the principal for this request; the access log reads `ts_user_id`."""
    request.state.ts_session_user = user
    if user is not None:
        request.state.ts_user_id = user.id


def session_user(request: Request, db: Database, settings: Settings) -> CurrentUser | None:
    """The signed-in web user (no CSRF check; for rendering and safe methods)."""
    cached = getattr(request.state, "ts_session_user", _UNSET)
    if cached is not _UNSET:
        result: CurrentUser | None = cached
        return result
    sid = load_session(request, settings).sid
    row = live_session_row(db, sid) if sid is not None else None
    user = principal_from_row(row) if row is not None else None
    _remember(request, user)
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
    row = lookup_key_row(db, key)
    if row is None:
        raise Unauthorized("API 令牌无效、已吊销或其账号已停用；用 talentseek apikey create 创建新令牌")
    if row.id is not None:
        user = principal_from_row(row, api_key_id=row.key_id)
    else:
        user = keyless_principal(row.key_name, row.key_id)
    limiter.hit(db, row.key_id, row.rate_limit_per_min)
    request.state.ts_api_user = user
    request.state.ts_user_id = user.id
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
