"""Jobs and candidates API: list/read jobs, recruiters post/edit their own, seekers apply.

Ownership: recruiters change only their company's jobs, operators all (auth.policy.can_edit_job);
candidate profiles follow auth.policy (contact fields masked unless the viewer may see them).
The work happens in usecases.jobs and usecases.job_edits.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from talentseek.api.deps import EngineDep, RecruiterDep, SeekerDep, UserDep
from talentseek.api.jobs_io import MAX_PAGE, JobIn, JobPatch, given_fields
from talentseek.api.params import IdPath, OptionalIdQuery, checked_id
from talentseek.usecases import job_edits, jobs

router = APIRouter(prefix="/api", tags=["jobs"])

Page = Annotated[int, Query(ge=1, le=MAX_PAGE, description="页码，从 1 开始")]
PerPage = Annotated[int, Query(ge=1, le=100, description="每页条数，1-100")]


@router.get("/jobs")
def api_list_jobs(
    engine: EngineDep,
    page: Page = 1,
    per_page: PerPage = 20,
    city: Annotated[str | None, Query(max_length=32)] = None,
    q: Annotated[str | None, Query(max_length=64, description="标题关键词")] = None,
    company_id: OptionalIdQuery = None,
    status: Annotated[str, Query(pattern="^(open|closed|all)$")] = "open",
) -> dict[str, Any]:
    """Jobs newest first, with filters; `total` counts all matches."""
    found = jobs.list_jobs(
        engine.db,
        page=page,
        per_page=per_page,
        city=city,
        q=q,
        company_id=company_id,
        status=None if status == "all" else status,
    )
    return {"page": page, "per_page": per_page, "total": found.total, "results": found.jobs}


@router.get("/jobs/{job_id}")
def api_get_job(job_id: IdPath, engine: EngineDep) -> dict[str, Any]:
    return jobs.get_job(engine.db, job_id)


@router.post("/jobs", status_code=201)
def api_create_job(body: JobIn, user: RecruiterDep, engine: EngineDep) -> dict[str, Any]:
    """Post a job for the recruiter's company (operators name `company_id`)."""
    company_id = checked_id(body.company_id, "company_id")  # JobIn leaves it unbounded above
    return job_edits.create_job(engine.db, user, given_fields(body), company_id=company_id)


@router.patch("/jobs/{job_id}")
def api_update_job(job_id: IdPath, body: JobPatch, user: RecruiterDep, engine: EngineDep) -> dict[str, Any]:
    """Change some fields of an own job; normalised columns and the search index follow."""
    return job_edits.update_job(engine.db, user, job_id, given_fields(body))


@router.delete("/jobs/{job_id}", status_code=204)
def api_delete_job(job_id: IdPath, user: RecruiterDep, engine: EngineDep) -> Response:
    job_edits.delete_job(engine.db, user, job_id)
    return Response(status_code=204)


@router.post("/jobs/{job_id}/apply")
def api_apply(job_id: IdPath, user: SeekerDep, engine: EngineDep, response: Response) -> dict[str, Any]:
    applied = jobs.apply_to_job(engine.db, user, job_id)
    response.status_code = 201 if applied["created"] else 200
    return applied


@router.get("/candidates/{candidate_id}")
def api_get_candidate(candidate_id: IdPath, user: UserDep, engine: EngineDep) -> dict[str, Any]:
    """A candidate profile, contact fields masked unless the viewer may see them."""
    return jobs.get_candidate(engine.db, user, candidate_id)
