"""Core web pages: home, jobs list, job detail, apply, login/logout, and the static files."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from talentseek.api.deps import EngineDep, login_limiter, page_user
from talentseek.auth import login as auth_login
from talentseek.auth.csrf import csrf_ok
from talentseek.auth.sessions import commit_session
from talentseek.errors import NotFound, TalentSeekError
from talentseek.usecases import jobs as job_cases
from talentseek.usecases.jobs import MAX_PAGE
from talentseek.usecases.saved import saved_job_ids
from talentseek.web.format import ago_cn
from talentseek.web.guard import PageRoute, error_page, missing, path_id, post_guard
from talentseek.web.templating import STATIC_DIR, render

router = APIRouter(include_in_schema=False, route_class=PageRoute)

PER_PAGE = 20
CsrfField = Annotated[str, Form()]
_STATIC_TYPES = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml", ".png": "image/png"}


def _int_param(value: str | None, default: int, lo: int, hi: int) -> int:
    """A clamped integer from a query string; junk gives the default (pages never 422 on ?page=x)."""
    try:
        n = int(value) if value is not None else default
    except ValueError:
        return default
    return min(max(n, lo), hi)


def safe_next(target: str | None) -> str:
    """A local path to go to after login; anything else (other sites, '//host') goes home."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target


def job_view(job: dict[str, Any]) -> dict[str, Any]:
    """A job dict (usecases.shapes.job_dict) plus display fields for templates."""
    posted = job.get("posted_at")
    return {**job, "posted_at_cn": ago_cn(datetime.fromisoformat(posted) if posted else None)}


@router.get("/static/{name:path}")
def static_file(name: str) -> FileResponse:
    """Files under web/static (no directory listing, no path escape)."""
    path = (STATIC_DIR / name).resolve()
    inside = path.is_relative_to(STATIC_DIR.resolve())
    if not inside or not path.is_file() or path.suffix not in _STATIC_TYPES:
        raise NotFound(f"静态文件 {name} 不存在")
    headers = {"Cache-Control": "public, max-age=3600"}
    return FileResponse(path, media_type=_STATIC_TYPES[path.suffix], headers=headers)


@router.get("/")
def home(request: Request, engine: EngineDep) -> Response:
    ctx: dict[str, Any] = {
        "counts": job_cases.store_counts(engine.db),
        "latest": [job_view(j) for j in job_cases.list_jobs(engine.db, per_page=8).jobs],
        "cities": job_cases.top_cities(engine.db),
    }
    return render(request, "index.html", **ctx)


@router.get("/jobs")
def jobs_page(
    request: Request,
    engine: EngineDep,
    city: str | None = None,
    q: str | None = None,
    page: str | None = None,
) -> Response:
    """Jobs newest first, filtered by city and title keyword; out-of-range pages are clamped."""
    city = (city or "").strip()[:32] or None
    q = (q or "").strip()[:64] or None
    p = _int_param(page, 1, 1, MAX_PAGE)
    found = job_cases.list_jobs(engine.db, page=p, per_page=PER_PAGE, city=city, q=q)
    pages = max(1, math.ceil(found.total / PER_PAGE))
    if p > pages:
        p = pages
        found = job_cases.list_jobs(engine.db, page=p, per_page=PER_PAGE, city=city, q=q)
    jobs = [job_view(j) for j in found.jobs]
    total = found.total
    cities = job_cases.top_cities(engine.db, limit=30)

    def page_url(n: int) -> str:
        return "/jobs?" + urlencode({k: v for k, v in (("city", city), ("q", q), ("page", n)) if v})

    return render(
        request,
        "jobs.html",
        jobs=jobs,
        total=total,
        page=p,
        pages=pages,
        city=city,
        q=q,
        cities=cities,
        page_url=page_url,
    )


@router.get("/jobs/{job_id}")
def job_page(request: Request, job_id: str, engine: EngineDep) -> Response:
    """One job; seekers get an 申请 button, the owning recruiters see the applicant count."""
    missing = f"编号为 {job_id[:20]} 的职位不存在或已被删除。可以回到职位列表看看其他职位。"
    if not job_id.isdigit() or len(job_id) > 12:
        return error_page(request, 404, missing, "职位不存在")
    viewer = page_user(request)
    ctx = job_cases.job_for_viewer(engine.db, viewer, int(job_id))
    if ctx is None:
        return error_page(request, 404, missing, "职位不存在")
    ctx["job"] = job_view(ctx["job"])
    ctx["saved"] = int(job_id) in saved_job_ids(engine.db, viewer)
    if ctx["applied"] and request.query_params.get("applied"):
        ctx["messages"] = [{"kind": "ok", "text": "申请已提交，招聘方会在职位后台看到你的简历。"}]
    return render(request, "job.html", **ctx)


@router.post("/jobs/{job_id}/apply")
def apply_page(request: Request, job_id: str, engine: EngineDep, csrf_token: CsrfField = "") -> Response:
    """The 申请 button: records an application for the seeker's own candidate record."""
    jid = path_id(job_id)
    user = post_guard(request, back=f"/jobs/{jid or ''}")
    if isinstance(user, Response):
        return user
    if jid is None:
        return missing(request, "职位")
    try:
        job_cases.apply_to_job(engine.db, user, jid)
    except TalentSeekError as err:
        return error_page(request, err.status_code, str(err))
    return RedirectResponse(f"/jobs/{job_id}?applied=1", status_code=303)


EXPIRED_NOTICE = "登录已过期或已退出，请重新登录；登录后会回到刚才的页面，请再操作一次。"


@router.get("/login")
def login_page(request: Request, next: str | None = None, expired: str | None = None) -> Response:
    messages = [{"kind": "warn", "text": EXPIRED_NOTICE}] if expired else []
    return render(request, "login.html", next=safe_next(next), messages=messages)


@router.post("/login")
def login_submit(
    request: Request,
    engine: EngineDep,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
    csrf_token: CsrfField = "",
) -> Response:
    """Check the password; on success a new session (new CSRF token) and a redirect to `next`.

    A stale login form (its session expired meanwhile) is shown again with a fresh token.
    """
    if not csrf_ok(request, engine.settings):
        message = "登录页面已过期，请重新输入密码后登录。"
        return render(
            request,
            "login.html",
            status_code=403,
            error=message,
            username=username[:64],
            next=safe_next(next),
        )
    try:
        auth_login.login(request, engine.db, login_limiter(request), username[:64], password, engine.settings)
    except TalentSeekError as err:
        return render(
            request,
            "login.html",
            status_code=err.status_code,
            error=str(err),
            username=username[:64],
            next=safe_next(next),
        )
    response = RedirectResponse(safe_next(next), status_code=303)
    commit_session(request, response, engine.settings)
    return response


@router.post("/logout")
def logout_submit(request: Request, engine: EngineDep, csrf_token: CsrfField = "") -> Response:
    """Sign out; from an already expired session this just shows the login page."""
    user = post_guard(request, back="/")
    if isinstance(user, Response):
        return user
    auth_login.logout(request, engine.db, engine.settings)
    response = RedirectResponse("/", status_code=303)
    commit_session(request, response, engine.settings)
    return response


def _include_marketplace() -> None:
    """The marketplace pages ride on this router (the app includes the page modules it lists)."""
    from talentseek.web import admin_pages, hiring_pages, seeker_pages

    for module in (seeker_pages, hiring_pages, admin_pages):
        router.include_router(module.router)


_include_marketplace()
