"""Named FastAPI dependencies: the engine, the current user, role checks.

Routes declare what they need (`user: CurrentUser = Depends(require_role(Role.RECRUITER))`);
ownership checks that need a record live in the use-case layer and raise Forbidden.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from talentseek.domain import Role
from talentseek.engine import Engine
from talentseek.errors import Forbidden, Unauthorized


@dataclass(frozen=True)
class CurrentUser:
    id: int
    username: str
    role: Role
    company_id: int | None = None  # recruiters: the company whose jobs they own
    candidate_id: int | None = None  # seekers: their own candidate record
    display_name: str | None = None
    api_key_id: int | None = None  # set when the request came with an API token

    @property
    def name(self) -> str:
        """What the UI shows: the display name, else the username."""
        return self.display_name or self.username


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def optional_user(request: Request) -> CurrentUser | None:
    """The user behind the session cookie or `Authorization: Bearer` token, if any."""
    from talentseek.auth.identify import identify_request

    return identify_request(request, get_engine(request))


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
