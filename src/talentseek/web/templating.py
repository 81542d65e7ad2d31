"""The shared Jinja2 environment and `render()`, which every page module uses.

    from talentseek.web.templating import render, templates
    return render(request, "search.html", results=results)

`render` adds `user` (CurrentUser | None), `csrf_token`, `csrf_input()` (a hidden form field),
`nav` (the menu for this user), `unread` (unread notifications) and `path`; templates extend
"base.html" and fill the blocks `title`, `content` and `scripts`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from starlette.responses import Response

from talentseek.api.deps import get_engine, page_user
from talentseek.auth.sessions import commit_session, load_session
from talentseek.domain import Role
from talentseek.usecases.notifications import unread_count
from talentseek.web import format as fmt

TEMPLATE_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

templates = Jinja2Templates(directory=str(TEMPLATE_DIR))
templates.env.filters["salary"] = fmt.salary  # one format on every page
templates.env.filters["money"] = fmt.money
templates.env.filters["date_cn"] = fmt.date_cn
templates.env.filters["ago_cn"] = fmt.ago_cn
templates.env.globals["salary_display"] = fmt.salary_display
templates.env.globals["experience_text"] = fmt.experience_text

ROLE_LABELS = {Role.SEEKER: "求职者", Role.RECRUITER: "招聘方", Role.OPERATOR: "运营"}
templates.env.globals["role_labels"] = {r.value: label for r, label in ROLE_LABELS.items()}


@dataclass(frozen=True)
class NavItem:
    href: str
    label: str
    roles: frozenset[Role] | None = None  # None: everyone, signed in or not


SEEKER, RECRUITER, OPERATOR = (frozenset({r}) for r in (Role.SEEKER, Role.RECRUITER, Role.OPERATOR))
NAV: tuple[NavItem, ...] = (
    NavItem("/", "首页"),
    NavItem("/jobs", "职位"),
    NavItem("/search", "搜索"),
    NavItem("/match/jobs", "推荐职位", SEEKER),
    NavItem("/me/resume", "我的简历", SEEKER),
    NavItem("/me/applications", "我的申请", SEEKER),
    NavItem("/me/saved", "收藏", SEEKER),
    NavItem("/recruiter/jobs", "职位管理", RECRUITER),
    NavItem("/match/candidates", "人才推荐", frozenset({Role.RECRUITER, Role.OPERATOR})),
    NavItem("/reports", "市场报告", OPERATOR),
    NavItem("/admin/users", "用户", OPERATOR),
    NavItem("/admin/keys", "API 密钥", OPERATOR),
    NavItem("/admin/moderation", "审核", OPERATOR),
    NavItem("/admin/audit", "审计", OPERATOR),
    NavItem("/me/notifications", "消息", frozenset({Role.SEEKER, Role.RECRUITER})),
    NavItem("/assistant", "助手"),
)


def nav_for(role: Role | None, path: str) -> list[dict[str, Any]]:
    """Menu entries this role may use, each marked active for the current path."""
    items = []
    for item in NAV:
        if item.roles is not None and role not in item.roles:
            continue  # an entry shows only to the roles its page admits (no link that answers 403)
        active = path == item.href or (item.href != "/" and path.startswith(item.href + "/"))
        items.append({"href": item.href, "label": item.label, "active": active})
    return items


def render(request: Request, name: str, status_code: int = 200, **ctx: Any) -> Response:
    """Render a template with the current user and CSRF token; sends the session cookie if new."""
    engine = get_engine(request)
    user = page_user(request)
    token = load_session(request, engine.settings).csrf
    context: dict[str, Any] = {
        "user": user,
        "csrf_token": token,
        "csrf_input": lambda: Markup('<input type="hidden" name="csrf_token" value="%s">') % escape(token),
        "nav": nav_for(user.role if user else None, request.url.path),
        "unread": unread_count(engine.db, user) if user is not None and user.id else 0,
        "path": request.url.path,
        **ctx,
    }
    response = templates.TemplateResponse(request, name, context, status_code=status_code)
    commit_session(request, response, engine.settings)
    return response
