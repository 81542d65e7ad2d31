"""Matching pages: a seeker's 推荐职位, a recruiter's 人才推荐 shortlist with screening criteria."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from talentseek.api.deps import EngineDep, OptionalUserDep
from talentseek.domain import Role
from talentseek.errors import TalentSeekError
from talentseek.match.ltr import active_model
from talentseek.match.usecases import Viewer, candidates_for_job, criteria_from, jobs_for_seeker
from talentseek.usecases.jobs import own_open_jobs
from talentseek.web.templating import render

router = APIRouter(include_in_schema=False)


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
    job_id: Annotated[int | None, Query(ge=1)] = None,
    must: Annotated[str | None, Query(max_length=500)] = None,
    nice: Annotated[str | None, Query(max_length=500)] = None,
    min_years: Annotated[float | None, Query(ge=0, le=60)] = None,
    min_education: Annotated[str | None, Query(max_length=20)] = None,
    applicants_only: bool = False,
) -> Response:
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
    form = {
        "must": must or "",
        "nice": nice or "",
        "min_years": min_years,
        "min_education": min_education or "",
        "applicants_only": applicants_only,
    }
    try:
        jobs = own_open_jobs(engine.db, user)
        data = None
        if job_id is not None:
            criteria = criteria_from(must, nice, min_years, min_education)
            with engine.db.session() as s:
                data = candidates_for_job(s, viewer, job_id, criteria, k=50, applicants_only=applicants_only)
    except TalentSeekError as err:
        return _error(request, err)
    return render(
        request,
        "match_candidates.html",
        jobs=jobs,
        job_id=job_id,
        data=data,
        form=form,
        query=request.url.query,
    )
