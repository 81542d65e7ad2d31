"""Matching pages: a seeker's 推荐职位, a recruiter's 人才推荐 shortlist with screening criteria."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from talentseek.api.deps import EngineDep, OptionalUserDep
from talentseek.domain import Role
from talentseek.errors import InputError, TalentSeekError
from talentseek.match.ltr import active_model
from talentseek.match.usecases import Viewer, candidates_for_job, criteria_from, jobs_for_seeker
from talentseek.usecases.jobs import own_open_jobs
from talentseek.web.guard import PageRoute
from talentseek.web.templating import render

router = APIRouter(include_in_schema=False, route_class=PageRoute)


def form_number(value: str | None, label: str, lo: float, hi: float) -> float | None:
    """A number from a form field: empty means not given; junk or out of range is an InputError."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        n = float(text)
    except ValueError:
        raise InputError(f"“{label}”应填数字，如 3 或 2.5；不限请留空") from None
    if not lo <= n <= hi:
        raise InputError(f"“{label}”应在 {lo:g} 到 {hi:g} 之间；不限请留空")
    return n


def form_id(value: str | None) -> int | None:
    """A record id from a form field ('' or junk: none chosen)."""
    text = (value or "").strip()
    return int(text) if text.isdigit() and len(text) <= 12 and int(text) > 0 else None


def _login(request: Request) -> Response:
    return RedirectResponse(f"/login?next={request.url.path}", status_code=303)


def _error(request: Request, err: TalentSeekError) -> Response:
    return render(
        request,
        "error.html",
        status_code=err.status_code,
        code=err.status_code,
        message=str(err),
        title="无法显示",
    )


@router.get("/match/jobs")
def seeker_matches(request: Request, user: OptionalUserDep, engine: EngineDep) -> Response:
    if user is None:
        return _login(request)
    if user.role is not Role.SEEKER:
        return render(
            request,
            "error.html",
            status_code=403,
            code=403,
            title="没有权限",
            message="推荐职位面向求职者账号；招聘方请使用「人才推荐」。",
        )
    try:
        with engine.db.session() as s:
            data = jobs_for_seeker(
                s,
                Viewer(user.role, user.company_id, user.candidate_id),
                k=20,
                model=active_model(engine.settings.home),
            )
    except TalentSeekError as err:
        return _error(request, err)
    return render(request, "match_jobs.html", **data)


@router.get("/match/candidates")
def recruiter_shortlist(
    request: Request,
    user: OptionalUserDep,
    engine: EngineDep,
    job_id: str | None = None,
    must: str | None = None,
    nice: str | None = None,
    min_years: str | None = None,
    min_education: str | None = None,
    applicants_only: str | None = None,
) -> Response:
    """The shortlist form: every field may be left empty (empty means "not given")."""
    if user is None:
        return _login(request)
    if user.role is Role.SEEKER:
        return render(
            request,
            "error.html",
            status_code=403,
            code=403,
            title="没有权限",
            message="人才推荐仅限招聘方使用。",
        )
    viewer = Viewer(user.role, user.company_id, user.candidate_id)
    chosen = form_id(job_id)
    only = (applicants_only or "").lower() in ("true", "1", "on", "yes")
    form: dict[str, Any] = {
        "must": (must or "")[:500],
        "nice": (nice or "")[:500],
        "min_years": (min_years or "").strip()[:10],
        "min_education": (min_education or "").strip()[:20],
        "applicants_only": only,
    }
    jobs = own_open_jobs(engine.db, user)
    data, error = None, None
    try:
        if chosen is not None:
            years = form_number(min_years, "最低年限", 0, 60)
            criteria = criteria_from(form["must"], form["nice"], years, form["min_education"] or None)
            with engine.db.session() as s:
                data = candidates_for_job(s, viewer, chosen, criteria, k=50, applicants_only=only)
    except InputError as err:
        error = err.reason
    except TalentSeekError as err:
        return _error(request, err)
    return render(
        request,
        "match_candidates.html",
        jobs=jobs,
        job_id=chosen,
        data=data,
        error=error,
        form=form,
        query=request.url.query,
    )
