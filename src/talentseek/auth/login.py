"""Signing in and out of a web session (shared by the login page and POST /api/auth/login)."""

from __future__ import annotations

from fastapi import Request

from talentseek.auth.limiter import LoginLimiter
from talentseek.auth.principal import CurrentUser, principal_for
from talentseek.auth.sessions import new_session, replace_session
from talentseek.auth.users import LOGIN_FAILED, authenticate
from talentseek.errors import Unauthorized
from talentseek.store.db import Database


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def login(request: Request, db: Database, limiter: LoginLimiter, username: str, password: str) -> CurrentUser:
    """Check the password (with the attempt limiter) and start a new session with a fresh CSRF token."""
    username = username.strip()
    ip = client_ip(request)
    limiter.check(username, ip)
    with db.session() as s:
        row = authenticate(s, username, password)
        if row is None:
            limiter.failed(username, ip)
            raise Unauthorized(LOGIN_FAILED)
        user = principal_for(s, row)
        replace_session(request, new_session(row.id, row.password_hash))
    limiter.succeeded(username)
    request.state.ts_session_user = user
    return user


def logout(request: Request) -> None:
    """End the session: the response gets a new anonymous session (and CSRF token)."""
    replace_session(request, new_session())
    request.state.ts_session_user = None
