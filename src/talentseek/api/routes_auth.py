"""Auth API: JSON login (sets the session cookie), logout, and who am I."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from talentseek.api.deps import CurrentUser, UserDep, get_engine
from talentseek.api.jobs_io import LoginIn
from talentseek.auth import login as auth_login
from talentseek.auth.sessions import commit_session, load_session
from talentseek.engine import Engine
from talentseek.store import models

router = APIRouter(prefix="/api", tags=["auth"])


def user_dict(engine: Engine, user: CurrentUser) -> dict[str, Any]:
    """The public JSON of a signed-in user (no secrets)."""
    company = None
    if user.company_id is not None:
        with engine.db.session() as db:
            row = db.get(models.Company, user.company_id)
            company = row.name if row else None
    return {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role.value,
        "company_id": user.company_id,
        "company": company,
        "candidate_id": user.candidate_id,
    }


@router.post("/auth/login")
def api_login(body: LoginIn, request: Request, response: Response) -> dict[str, Any]:
    """Password login; the session cookie comes back with the response, the CSRF token in the body."""
    engine = get_engine(request)
    user = auth_login.login(request, engine, body.username, body.password)
    commit_session(request, response, engine.settings)
    return {"user": user_dict(engine, user), "csrf_token": load_session(request, engine.settings).csrf}


@router.post("/auth/logout")
def api_logout(request: Request, response: Response, user: UserDep) -> dict[str, bool]:
    """End the web session (needs the X-CSRF-Token header like every cookie-authenticated POST)."""
    engine = get_engine(request)
    auth_login.logout(request)
    commit_session(request, response, engine.settings)
    return {"ok": True}


@router.get("/me")
def me(request: Request, user: UserDep) -> dict[str, Any]:
    return user_dict(get_engine(request), user)
