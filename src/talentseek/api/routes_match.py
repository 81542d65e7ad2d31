"""Matching API: a seeker's recommended jobs; a recruiter's shortlist (and CSV) for their own job."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from talentseek.api.deps import EngineDep, RecruiterDep, SeekerDep
from talentseek.api.params import IdQuery
from talentseek.match.ltr import active_model
from talentseek.match.results import shortlist_csv
from talentseek.match.usecases import Viewer, candidates_for_job, criteria_from, jobs_for_seeker

router = APIRouter(prefix="/api/match", tags=["match"])

TopK = Annotated[int, Query(ge=1, le=200, description="返回条数")]


def _viewer(user: Any) -> Viewer:
    return Viewer(user.role, user.company_id, user.candidate_id)


@router.get("/jobs")
def api_match_jobs(user: SeekerDep, engine: EngineDep, k: TopK = 20) -> dict[str, Any]:
    """推荐职位：当前求职者自己的简历 → 职位，附理由、差距与技能建议。"""
    with engine.db.session() as s:
        return jobs_for_seeker(s, _viewer(user), k=k, model=active_model(engine.settings.home))


@router.get("/candidates")
def api_match_candidates(
    user: RecruiterDep,
    engine: EngineDep,
    job_id: IdQuery,
    k: TopK = 50,
    must: Annotated[str | None, Query(max_length=500)] = None,
    nice: Annotated[str | None, Query(max_length=500)] = None,
    min_years: Annotated[float | None, Query(ge=0, le=60)] = None,
    min_education: Annotated[str | None, Query(max_length=20)] = None,
    applicants_only: bool = False,
) -> dict[str, Any]:
    """人才推荐：本公司职位的候选人排序（投递者 + 开放人才库）。"""
    criteria = criteria_from(must, nice, min_years, min_education)
    with engine.db.session() as s:
        return candidates_for_job(s, _viewer(user), job_id, criteria, k=k, applicants_only=applicants_only)


@router.get("/candidates.csv")
def api_match_candidates_csv(
    user: RecruiterDep,
    engine: EngineDep,
    job_id: IdQuery,
    k: Annotated[int, Query(ge=1, le=5000)] = 500,
    must: Annotated[str | None, Query(max_length=500)] = None,
    nice: Annotated[str | None, Query(max_length=500)] = None,
    min_years: Annotated[float | None, Query(ge=0, le=60)] = None,
    min_education: Annotated[str | None, Query(max_length=20)] = None,
    applicants_only: bool = True,
) -> Response:
    """批量筛选结果导出 CSV（默认只含投递者）。"""
    criteria = criteria_from(must, nice, min_years, min_education)
    with engine.db.session() as s:
        data = candidates_for_job(s, _viewer(user), job_id, criteria, k=k, applicants_only=applicants_only)
    headers = {"Content-Disposition": f'attachment; filename="shortlist-job-{job_id}.csv"'}
    return Response(shortlist_csv(data["results"]), media_type="text/csv; charset=utf-8", headers=headers)
