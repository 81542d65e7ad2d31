"""Who is making this request: a session cookie (web) or `Authorization: Bearer ts-...` (API).

Cookie-authenticated unsafe requests must carry the session's CSRF token (auth/csrf.py); bearer
requests are exempt and counted against the key's per-minute limit in the store. The caller hands
in the database, the settings and the rate limiter. Each way costs one read query (plus, for a key,
one upsert): the session or key row, its user and a seeker's candidate id come together.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request

from talentseek.auth.apikeys import lookup_key_owner
from talentseek.auth.csrf import check_csrf
from talentseek.auth.limiter import RateLimiter
from talentseek.auth.principal import CurrentUser, keyless_principal, principal_from
from talentseek.auth.sessions import load_session
from talentseek.auth.web_sessions import session_user_row
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
    user: CurrentUser | None = None
    if sid is not None:
        with db.session() as s:
            found = session_user_row(s, sid)
            if found is not None:
                user = principal_from(found[0], found[1])
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
    with db.session() as s:
        found = lookup_key_owner(s, key)
        if found is None:
            raise Unauthorized("API 令牌无效、已吊销或其账号已停用；用 talentseek apikey create 创建新令牌")
        row, owner, candidate_id = found
        key_id, limit = row.id, row.rate_limit_per_min
        if owner is not None:
            user = principal_from(owner, candidate_id, api_key_id=key_id)
        else:
            user = keyless_principal(row.name, key_id)
    # its own transaction whose first statement writes: under SQLite it waits for the write lock
    # (busy timeout) instead of failing to upgrade a read snapshot
    with db.session() as s:
        limiter.hit(s, key_id, limit)
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
