"""Named FastAPI dependencies: the engine, the current user, role checks, the limiters.

The limiters keep their counts in the store (shared by every worker); the objects on app.state only
carry the clock, so a test can hand in its own.

Routes declare what they need (`user: CurrentUser = Depends(require_role(Role.RECRUITER))`);
ownership checks that need a record live in the use-case layer and raise Forbidden.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request

from talentseek.auth.identify import identify_request, session_user
from talentseek.auth.limiter import LoginLimiter, RateLimiter
from talentseek.auth.principal import CurrentUser
from talentseek.domain import Role
from talentseek.engine import Engine
from talentseek.errors import Forbidden, Unauthorized

__all__ = [
    "CurrentUser",  # re-exported: the principal lives in auth.principal
    "EngineDep",
    "OperatorDep",
    "OptionalUserDep",
    "RecruiterDep",
    "SeekerDep",
    "UserDep",
    "get_engine",
    "login_limiter",
    "optional_user",
    "page_user",
    "rate_limiter",
    "require_role",
    "require_user",
]


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def _state_obj(request: Request, name: str, factory: type[Any]) -> Any:
    """A per-app object (limiter) kept on app.state, created on first use (a test may set its own)."""
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


def page_user(request: Request) -> CurrentUser | None:
    """The signed-in web user without a CSRF check (for rendering pages and safe methods)."""
    engine = get_engine(request)
    return session_user(request, engine.db, engine.settings)


def optional_user(request: Request) -> CurrentUser | None:
    """The user behind the session cookie or `Authorization: Bearer` token, if any."""
    engine = get_engine(request)
    return identify_request(request, engine.db, engine.settings, rate_limiter(request))


def require_user(request: Request) -> CurrentUser:
    user = optional_user(request)
    if user is None:
        raise Unauthorized("请先登录（网页）或提供 API 令牌（Authorization: Bearer ...）")
    return user


def require_role(*roles: Role) -> Callable[[Request], CurrentUser]:
    """A dependency that admits only the given roles (operators are admitted everywhere)."""

    def _check(request: Request) -> CurrentUser:
        user = require_user(request)
        if user.role not in roles and user.role is not Role.OPERATOR:
            labels = {"seeker": "求职者", "recruiter": "招聘方", "operator": "运营"}
            names = "、".join(labels[r.value] for r in roles)
            raise Forbidden(f"此功能仅限{names}使用")
        return user

    return _check


# Annotated shorthands (ruff B008-clean): `def route(user: UserDep, engine: EngineDep)`
EngineDep = Annotated[Engine, Depends(get_engine)]
OptionalUserDep = Annotated[CurrentUser | None, Depends(optional_user)]
UserDep = Annotated[CurrentUser, Depends(require_user)]
SeekerDep = Annotated[CurrentUser, Depends(require_role(Role.SEEKER))]
RecruiterDep = Annotated[CurrentUser, Depends(require_role(Role.RECRUITER))]
OperatorDep = Annotated[CurrentUser, Depends(require_role(Role.OPERATOR))]
