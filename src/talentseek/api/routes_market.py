"""Marketplace API (CONTRACTS.md "Marketplace API"): sign-up, 我的简历, applications and their stages,
message threads, saved jobs, notifications, invitations. Thin: the work is in usecases/.

Stage machine: recruiters of the job's company (and operators) move applications among applied,
screening, interview, offer, hired, rejected; the seeker may set withdrawn; nothing moves after
withdrawn (409); an unknown stage is 422; anyone else 403.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as StarletteUpload

from talentseek.api.deps import EngineDep, UserDep
from talentseek.api.market_io import (
    BulkStageIn,
    ConfirmUploadIn,
    InviteIn,
    MessageIn,
    ReadIn,
    RegisterIn,
    ResumePatch,
    StageIn,
)
from talentseek.api.params import IdPath, OptionalIdQuery
from talentseek.auth.address import client_address
from talentseek.errors import Unprocessable
from talentseek.usecases import (
    applications,
    invites,
    messages,
    notifications,
    registration,
    resumes,
    saved,
)

router = APIRouter(prefix="/api", tags=["marketplace"])


# ---------------------------------------------------------------- sign-up and 我的简历


@router.post("/auth/register", status_code=201)
def api_register(body: RegisterIn, request: Request, engine: EngineDep) -> dict[str, Any]:
    """Self sign-up for seekers: `{"id", "username", "role": "seeker"}`; then log in with /api/auth/login.

    At most 20 attempts per client address and hour (429 past that)."""
    address = client_address(request, engine.settings.trusted_proxies)
    return registration.register_seeker(
        engine.db, body.username, body.password, body.display_name, address=address
    )


@router.get("/me/resume")
def api_my_resume(user: UserDep, engine: EngineDep) -> dict[str, Any]:
    """`{"candidate_id", "resume": {resume JSON}, "open_to_pool", "files"}`."""
    return resumes.my_resume(engine.db, user)


# documented by hand: the body is read only after the size check, so it is not a declared parameter
_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "简历文件：txt/md/docx/pdf/html，不超过 10 MB",
                        }
                    },
                }
            }
        },
    }
}
_MULTIPART_SLACK = 64 * 1024  # boundaries and part headers around the file


@router.put("/me/resume", openapi_extra=_UPLOAD_BODY)
async def api_upload_resume(
    request: Request,
    user: UserDep,
    engine: EngineDep,
    save: Annotated[bool, Query(description="false：只解析预览，不保存（返回 upload 供确认）")] = True,
) -> dict[str, Any]:
    """Upload a resume file (form field `file`): 413 over 10 MB, 415 unknown type, 422 unreadable;
    a refused upload changes nothing. A body declared over the limit is refused before it is read."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > resumes.MAX_UPLOAD_BYTES + _MULTIPART_SLACK:
        resumes.check_upload("upload.pdf", int(declared))  # raises TooLarge with the size in MB
    form = await request.form(max_files=1, max_fields=4)
    try:
        file = form.get("file")
        if not isinstance(file, StarletteUpload):
            raise Unprocessable("请用表单字段 file 上传简历文件（multipart/form-data）", field="file")
        name = file.filename or ""
        resumes.check_upload(name, file.size or 0)
        data = await file.read(resumes.MAX_UPLOAD_BYTES + 1)
    finally:
        await form.close()
    home = engine.settings.home
    return await run_in_threadpool(resumes.upload_resume, engine.db, user, home, name, data, save=save)


@router.post("/me/resume/confirm")
def api_confirm_upload(body: ConfirmUploadIn, user: UserDep, engine: EngineDep) -> dict[str, Any]:
    """Save a previewed upload (`upload` from PUT ?save=false) with corrections to the parsed resume."""
    fixes = body.resume.fields() if body.resume is not None else None
    return resumes.confirm_upload(engine.db, user, engine.settings.home, body.upload, body.filename, fixes)


@router.patch("/me/resume")
def api_patch_resume(body: ResumePatch, user: UserDep, engine: EngineDep) -> dict[str, Any]:
    """Change some resume fields (a partial resume JSON; `intent` merges key by key)."""
    return resumes.patch_resume(engine.db, user, body.fields())


def _send(stored: resumes.StoredFile) -> FileResponse:
    return FileResponse(stored.path, media_type=stored.content_type, filename=stored.filename)


@router.get("/me/resume/file", response_class=FileResponse)
def api_my_resume_file(user: UserDep, engine: EngineDep, file_id: OptionalIdQuery = None) -> FileResponse:
    """Download the stored original (the newest, or `file_id`)."""
    return _send(resumes.resume_file(engine.db, user, file_id=file_id))


@router.get("/candidates/{candidate_id}/resume/file", response_class=FileResponse)
def api_candidate_resume_file(candidate_id: IdPath, user: UserDep, engine: EngineDep) -> FileResponse:
    """A candidate's original resume, for those who may see their contact details (audited)."""
    return _send(resumes.resume_file(engine.db, user, candidate_id=candidate_id))


# ---------------------------------------------------------------- applications


@router.get("/me/applications")
def api_my_applications(user: UserDep, engine: EngineDep) -> dict[str, Any]:
    """`{"applications": [{"id", "job_id", "stage", "updated_at", "job": {...}, ...}]}`."""
    return {"applications": applications.my_applications(engine.db, user)}


@router.get("/jobs/{job_id}/applications")
def api_job_applications(
    job_id: IdPath,
    user: UserDep,
    engine: EngineDep,
    stage: Annotated[str | None, Query(max_length=32)] = None,
) -> dict[str, Any]:
    """Applications to the job (its company's recruiters, operators): `{"applications", "counts"}`."""
    found = applications.job_applications(engine.db, user, job_id, stage=stage)
    counts = dict.fromkeys(applications.STAGES, 0)
    if stage is None:
        for a in found:
            counts[a["stage"]] += 1
    return {"applications": found, "counts": counts if stage is None else None}


@router.get("/applications/{app_id}")
def api_get_application(app_id: IdPath, user: UserDep, engine: EngineDep) -> dict[str, Any]:
    """One application with its stage history and what the viewer may do."""
    return applications.get_application(engine.db, user, app_id)


@router.patch("/applications/{app_id}")
def api_move_application(app_id: IdPath, body: StageIn, user: UserDep, engine: EngineDep) -> dict[str, Any]:
    """Move to `stage` (recruiters: applied..rejected; the seeker: withdrawn); 409 after withdrawn."""
    return applications.move_stage(engine.db, user, app_id, body.stage)


@router.post("/applications/bulk-stage")
def api_bulk_move(body: BulkStageIn, user: UserDep, engine: EngineDep) -> dict[str, Any]:
    """Move several applications at once: all of them, or none when one is refused."""
    return {"applications": applications.move_stages(engine.db, user, body.ids, body.stage)}


@router.get("/applications/{app_id}/messages")
def api_list_messages(app_id: IdPath, user: UserDep, engine: EngineDep) -> dict[str, Any]:
    """`{"messages": [{"id", "from_role", "text", "created_at"}]}`, oldest first."""
    return {"messages": messages.list_messages(engine.db, user, app_id)}


@router.post("/applications/{app_id}/messages", status_code=201)
def api_post_message(app_id: IdPath, body: MessageIn, user: UserDep, engine: EngineDep) -> dict[str, Any]:
    """Write in the thread (the seeker, or a recruiter of the job's company)."""
    return messages.post_message(engine.db, user, app_id, body.text)


# ---------------------------------------------------------------- invitations


@router.post("/jobs/{job_id}/invitations")
def api_invite(
    job_id: IdPath, body: InviteIn, user: UserDep, engine: EngineDep, response: Response
) -> dict[str, Any]:
    """Invite a talent-pool candidate to apply: 201 when new, 200 when already invited."""
    made = invites.invite(engine.db, user, job_id, body.candidate_id)
    response.status_code = 201 if made["created"] else 200
    return made


@router.get("/jobs/{job_id}/invitations")
def api_job_invitations(job_id: IdPath, user: UserDep, engine: EngineDep) -> dict[str, Any]:
    return {"invitations": invites.job_invitations(engine.db, user, job_id)}


@router.get("/me/invitations")
def api_my_invitations(user: UserDep, engine: EngineDep) -> dict[str, Any]:
    return {"invitations": invites.my_invitations(engine.db, user)}


# ---------------------------------------------------------------- saved jobs and notifications


@router.get("/me/saved-jobs")
def api_saved_jobs(user: UserDep, engine: EngineDep) -> dict[str, Any]:
    """`{"jobs": [job list shape + "saved_at"]}`, newest saved first."""
    return {"jobs": saved.saved_jobs(engine.db, user)}


@router.put("/me/saved-jobs/{job_id}")
def api_save_job(job_id: IdPath, user: UserDep, engine: EngineDep, response: Response) -> dict[str, Any]:
    """Save a job: 201 when new, 200 when it was saved already."""
    made = saved.save_job(engine.db, user, job_id)
    response.status_code = 201 if made["created"] else 200
    return made


@router.delete("/me/saved-jobs/{job_id}")
def api_unsave_job(job_id: IdPath, user: UserDep, engine: EngineDep) -> dict[str, Any]:
    return saved.unsave_job(engine.db, user, job_id)


@router.get("/me/notifications")
def api_notifications(
    user: UserDep,
    engine: EngineDep,
    unread: Annotated[bool, Query(description="只看未读")] = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    """`{"notifications": [{"id", "kind", "text", "link", "created_at", "read"}], "unread": n}`."""
    return notifications.list_notifications(engine.db, user, unread_only=unread, limit=limit)


@router.post("/me/notifications/read")
def api_mark_read(body: ReadIn, user: UserDep, engine: EngineDep) -> dict[str, Any]:
    """Mark the given notifications (or all) read: `{"marked": n, "unread": n}`."""
    marked = notifications.mark_read(engine.db, user, body.ids)
    return {"marked": marked, "unread": notifications.unread_count(engine.db, user)}
