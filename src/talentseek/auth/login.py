"""Signing in and out of a web session (shared by the login page and POST /api/auth/login)."""

from __future__ import annotations

from fastapi import Request

from talentseek.auth.address import client_address
from talentseek.auth.limiter import LoginLimiter
from talentseek.auth.principal import CurrentUser, principal_for
from talentseek.auth.sessions import load_session, new_session, replace_session
from talentseek.auth.users import LOGIN_FAILED, authenticate
from talentseek.auth.web_sessions import end_session, start_session
from talentseek.errors import Unauthorized
from talentseek.settings import Settings
from talentseek.store import models
from talentseek.store.db import Database


def client_ip(request: Request, settings: Settings | None = None) -> str:
    """The client address failed logins count against (trusted proxies per settings)."""
    return client_address(request, settings.trusted_proxies if settings is not None else "")


def login(
    request: Request,
    db: Database,
    limiter: LoginLimiter,
    username: str,
    password: str,
    settings: Settings | None = None,
) -> CurrentUser:
    """Check the password (with the attempt limiter) and start a new server-side session.

    The response gets a new cookie with a fresh CSRF token (no session fixation). Reading and
    writing are separate short transactions, so the Argon2 check never holds a write lock.
    """
    username = username.strip()
    address = client_ip(request, settings)
    with db.session() as s:
        limiter.check(s, username, address)
        row = authenticate(s, username, password)
        user_id = row.id if row is not None else None
    if user_id is None:
        with db.session() as s:
            limiter.failed(s, username, address)
        raise Unauthorized(LOGIN_FAILED)
    with db.session() as s:
        limiter.succeeded(s, username, address)
        token = start_session(s, user_id, address)
        user = principal_for(s, s.get_one(models.User, user_id))
    replace_session(request, new_session(token))
    request.state.ts_session_user = user
    request.state.ts_user_id = user.id  # the access log's user
    return user


def logout(request: Request, db: Database, settings: Settings) -> None:
    """End the session server-side (a replayed cookie no longer works) and hand out an anonymous one."""
    sid = load_session(request, settings).sid
    if sid is not None:
        with db.session() as s:
            end_session(s, sid)
    replace_session(request, new_session())
    request.state.ts_session_user = None
