"""Auth API: JSON login (sets the session cookie), logout, and who am I."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from talentseek.api.deps import UserDep, get_engine, login_limiter
from talentseek.api.jobs_io import LoginIn
from talentseek.auth import login as auth_login
from talentseek.auth.sessions import commit_session, load_session
from talentseek.usecases.accounts import principal_dict

router = APIRouter(prefix="/api", tags=["auth"])


@router.post("/auth/login")
def api_login(body: LoginIn, request: Request, response: Response) -> dict[str, Any]:
    """Password login; the session cookie comes back with the response, the CSRF token in the body."""
    engine = get_engine(request)
    user = auth_login.login(
        request, engine.db, login_limiter(request), body.username, body.password, engine.settings
    )
    commit_session(request, response, engine.settings)
    csrf = load_session(request, engine.settings).csrf
    return {"user": principal_dict(engine.db, user), "csrf_token": csrf}


@router.post("/auth/logout")
def api_logout(request: Request, response: Response, user: UserDep) -> dict[str, bool]:
    """End the web session server-side (needs the X-CSRF-Token header like every cookie POST)."""
    engine = get_engine(request)
    auth_login.logout(request, engine.db, engine.settings)
    commit_session(request, response, engine.settings)
    return {"ok": True}


@router.get("/me")
def me(request: Request, user: UserDep) -> dict[str, Any]:
    return principal_dict(get_engine(request).db, user)
