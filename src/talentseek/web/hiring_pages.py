"""Hiring pages: 职位管理 (post, edit, close, reopen; the compliance check shown in the form), the
applicants of a job as a pipeline board (bulk moves), candidate detail with invite, and one
application's page (stage history, the message thread, withdraw). Rules live in usecases/."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from talentseek.api.deps import get_engine, page_user
from talentseek.auth.principal import CurrentUser
from talentseek.domain import Role
from talentseek.errors import InputError, TalentSeekError
from talentseek.usecases import applications, invites, job_edits, jobs, messages, moderation
from talentseek.web.forms import ids, items, text
from talentseek.web.guard import (
    PageRoute,
    error_page,
    local_path,
    login_redirect,
    missing,
    path_id,
    post_guard,
)
from talentseek.web.seeker_pages import posted
from talentseek.web.templating import render

router = APIRouter(include_in_schema=False, route_class=PageRoute)
STAFF = (Role.RECRUITER, Role.OPERATOR)
JOB_FIELDS = ("title", "city", "district", "salary_text", "education", "job_type", "description")


def staff_or_redirect(request: Request) -> CurrentUser | Response:
    user = page_user(request)
    if user is None:
        return login_redirect(request, local_path(str(request.url)), expired=False)
    if user.role not in STAFF:
        return error_page(request, 403, "此页面仅限招聘方和运营使用。")
    return user


def staff_post(request: Request, back: str) -> CurrentUser | Response:
    user = post_guard(request, back)
    if isinstance(user, CurrentUser) and user.role not in STAFF:
        return error_page(request, 403, "此操作仅限招聘方和运营。")
    return user


# ---------------------------------------------------------------- 职位管理


@router.get("/recruiter/jobs")
def my_jobs(request: Request) -> Response:
    user = staff_or_redirect(request)
    if not isinstance(user, CurrentUser):
        return user
    db = get_engine(request).db
    company = user.company_id if user.role is Role.RECRUITER else None
    found = jobs.list_jobs(db, per_page=100, company_id=company, status=None)
    return render(request, "recruiter_jobs.html", jobs=found.jobs, total=found.total)


def job_form_fields(form: FormData) -> dict[str, Any]:
    """The posted job form as the fields usecases.job_edits takes (empty salary: 面议)."""
    fields: dict[str, Any] = {k: text(form, k, 20000 if k == "description" else 100) for k in JOB_FIELDS}
    if not fields["title"]:
        raise InputError("请填写职位名称", field="title")
    if not fields["salary_text"]:
        fields.pop("salary_text")
        fields["salary"] = {"negotiable": True}
    for key in ("city", "district", "education", "job_type"):
        fields[key] = fields[key] or None
    fields["skills"] = items(text(form, "skills", 2000), 50)
    fields["benefits"] = items(text(form, "benefits", 2000), 50)
    exp = text(form, "exp_min", 5)
    if exp:
        try:
            fields["exp_min"] = float(exp)
        except ValueError:
            raise InputError("“经验要求”应填数字（年），不限请留空", field="exp_min") from None
    return fields


def job_form_values(job: dict[str, Any] | None) -> dict[str, Any]:
    if job is None:
        return {}
    exp = (job.get("experience") or {}).get("min_years")
    sal = job.get("salary_display")
    return {
        **{k: job.get(k) or "" for k in JOB_FIELDS},
        "salary_text": "" if sal == "面议" else sal,
        "skills": "、".join(job.get("skills") or []),
        "benefits": "、".join(job.get("benefits") or []),
        "exp_min": f"{exp:g}" if isinstance(exp, int | float) else "",
    }


@router.get("/recruiter/jobs/new")
def new_job_page(request: Request) -> Response:
    user = staff_or_redirect(request)
    if not isinstance(user, CurrentUser):
        return user
    return render(request, "job_form.html", job=None, values={}, findings=None)


@router.get("/recruiter/jobs/{job_id}/edit")
def edit_job_page(request: Request, job_id: str) -> Response:
    user = staff_or_redirect(request)
    if not isinstance(user, CurrentUser):
        return user
    if (jid := path_id(job_id)) is None:
        return missing(request, "职位")
    db = get_engine(request).db
    ctx = jobs.job_for_viewer(db, user, jid)
    if ctx is None or not ctx["can_edit"]:
        return error_page(request, 404 if ctx is None else 403, "找不到这个职位，或它不属于你的公司。")
    check = moderation.job_compliance(db, jid)
    saved = [{"kind": "ok", "text": "已保存。"}] if request.query_params.get("saved") else []
    return render(
        request,
        "job_form.html",
        job=ctx["job"],
        values=job_form_values(ctx["job"]),
        findings=check["compliance"],
        moderation_state=check["moderation"],
        messages=saved,
    )


def _save_job(request: Request, form: FormData) -> Response:
    job_id = text(form, "job_id", 12)
    back = f"/recruiter/jobs/{job_id}/edit" if job_id.isdigit() else "/recruiter/jobs/new"
    user = staff_post(request, back)
    if not isinstance(user, CurrentUser):
        return user
    db = get_engine(request).db
    try:
        fields = job_form_fields(form)
        if job_id.isdigit():
            out = job_edits.update_job(db, user, int(job_id), fields)
        else:
            company = text(form, "company_id", 12)
            out = job_edits.create_job(db, user, fields, int(company) if company.isdigit() else None)
    except TalentSeekError as err:
        values = {k: text(form, k, 20000) for k in (*JOB_FIELDS, "skills", "benefits", "exp_min")}
        job = {"id": int(job_id)} if job_id.isdigit() else None
        return render(
            request, "job_form.html", status_code=err.status_code, job=job, values=values, findings=None,
            messages=[{"kind": "error", "text": str(err)}],
        )  # fmt: skip
    return RedirectResponse(f"/recruiter/jobs/{out['id']}/edit?saved=1", status_code=303)


@router.post("/recruiter/jobs")
async def save_job(request: Request) -> Response:
    return await posted(request, _save_job)


def _job_status(request: Request, form: FormData) -> Response:
    user = staff_post(request, "/recruiter/jobs")
    if not isinstance(user, CurrentUser):
        return user
    job_id, status = text(form, "job_id", 12), text(form, "status", 10)
    if not job_id.isdigit() or status not in ("open", "closed"):
        return error_page(request, 422, "缺少职位编号或状态，请返回职位管理再试。")
    try:
        job_edits.update_job(get_engine(request).db, user, int(job_id), {"status": status})
    except TalentSeekError as err:
        return error_page(request, err.status_code, str(err))
    return RedirectResponse("/recruiter/jobs", status_code=303)


@router.post("/recruiter/jobs/status")
async def job_status(request: Request) -> Response:
    return await posted(request, _job_status)


def _check(request: Request, form: FormData) -> Response:
    """The compliance findings for the form's current text (HTMX, as the recruiter types)."""
    user = staff_post(request, "/recruiter/jobs/new")
    if not isinstance(user, CurrentUser):
        return user
    found = moderation.posting_findings(text(form, "title", 100), text(form, "description", 20000))
    return render(request, "compliance_block.html", findings=found)


@router.post("/recruiter/jobs/check")
async def check_posting(request: Request) -> Response:
    return await posted(request, _check)


def draft_values(values: dict[str, str], draft: Any) -> dict[str, str]:
    """The form with the JD helper's draft filled in: empty fields take the draft's, the description
    becomes 岗位职责 / 任职要求 lists (the recruiter's own text is what the helper read)."""
    from talentseek import domain
    from talentseek.text.salary import parse_salary
    from talentseek.web.format import salary

    out = dict(values)
    out["title"] = out.get("title") or draft.title
    out["city"] = out.get("city") or (draft.city or "")
    parsed = parse_salary(draft.salary or "")
    if not out.get("salary_text") and parsed.valid:
        out["salary_text"] = salary(domain.to_dict(parsed))
    out["benefits"] = out.get("benefits") or "、".join(draft.benefits)
    parts = [("岗位职责", draft.duties), ("任职要求", draft.requirements)]
    text_ = "\n".join(
        f"{head}：\n" + "\n".join(f"{i}. {x}" for i, x in enumerate(rows, 1)) for head, rows in parts if rows
    )
    out["description"] = text_ or out.get("description", "")
    return out


def _draft(request: Request, form: FormData) -> Response:
    """职位描述助手 inside the form: the notes in 职位描述 become a structured draft to review."""
    from talentseek.assistant import engine_llm, help_write_jd

    job_id = text(form, "job_id", 12)
    user = staff_post(
        request, f"/recruiter/jobs/{job_id}/edit" if job_id.isdigit() else "/recruiter/jobs/new"
    )
    if not isinstance(user, CurrentUser):
        return user
    values = {k: text(form, k, 20000) for k in (*JOB_FIELDS, "skills", "benefits", "exp_min")}
    notes = "\n".join(
        v for v in (values["title"], values["city"], values["salary_text"], values["description"]) if v
    )
    if not notes.strip():
        empty = [{"kind": "error", "text": "请先在“职位描述”里写几行要点，再用助手整理。"}]
        return render(request, "job_form.html", status_code=422, job=None, values=values, findings=None,
                      messages=empty)  # fmt: skip
    try:
        helped = help_write_jd(notes, engine_llm(get_engine(request)))
    except TalentSeekError as err:
        return render(request, "job_form.html", status_code=err.status_code, job=None, values=values,
                      findings=None, messages=[{"kind": "error", "text": str(err)}])  # fmt: skip
    filled = draft_values(values, helped.draft)
    found = moderation.posting_findings(filled["title"], filled["description"])
    job = {"id": int(job_id)} if job_id.isdigit() else None
    note = [{"kind": "info", "text": "助手已整理职位描述（尚未保存）：请核对后点击保存。"}]
    dropped = [*helped.removed, *(f.text for f in helped.flags)]
    if dropped:
        said = "、".join(f"“{t}”" for t in dict.fromkeys(dropped))
        note.append(
            {
                "kind": "warn",
                "text": f"助手已删去或标出可能违法的招聘要求：{said}。请确认岗位确实不需要这些条件。",
            }
        )
    return render(request, "job_form.html", job=job, values=filled, findings=found, messages=note)


@router.post("/recruiter/jobs/draft")
async def draft_job(request: Request) -> Response:
    return await posted(request, _draft)


# ---------------------------------------------------------------- pipeline


@router.get("/recruiter/jobs/{job_id}/pipeline")
def pipeline(request: Request, job_id: str) -> Response:
    user = staff_or_redirect(request)
    if not isinstance(user, CurrentUser):
        return user
    if (jid := path_id(job_id)) is None:
        return missing(request, "职位")
    db = get_engine(request).db
    try:
        apps = applications.job_applications(db, user, jid)
        job = jobs.get_job(db, jid)
        invited = invites.job_invitations(db, user, jid)
    except TalentSeekError as err:
        return error_page(request, err.status_code, str(err))
    columns = [
        (s, applications.STAGE_LABELS[s], [a for a in apps if a["stage"] == s]) for s in applications.STAGES
    ]
    moved = request.query_params.get("moved")
    notice = [{"kind": "ok", "text": f"已移动 {moved} 份申请。"}] if moved and moved.isdigit() else []
    return render(
        request, "pipeline.html", job=job, columns=columns, total=len(apps), invited=invited,
        stages=applications.RECRUITER_STAGES, labels=applications.STAGE_LABELS, messages=notice,
    )  # fmt: skip


def _move(request: Request, form: FormData) -> Response:
    job_id = text(form, "job_id", 12)
    back = f"/recruiter/jobs/{job_id}/pipeline" if job_id.isdigit() else "/recruiter/jobs"
    user = staff_post(request, back)
    if not isinstance(user, CurrentUser):
        return user
    chosen, stage = ids(form, "ids"), text(form, "stage", 20)
    if not chosen:
        return error_page(request, 422, "请先勾选要移动的申请，再选择目标阶段。")
    try:
        applications.move_stages(get_engine(request).db, user, chosen, stage)
    except TalentSeekError as err:
        return error_page(request, err.status_code, str(err))
    go = local_path(text(form, "next", 300), back)
    return RedirectResponse(f"{go}{'&' if '?' in go else '?'}moved={len(chosen)}", status_code=303)


@router.post("/recruiter/applications/move")
async def move(request: Request) -> Response:
    return await posted(request, _move)


# ---------------------------------------------------------------- candidate, invite


@router.get("/candidates/{candidate_id}")
def candidate_page(request: Request, candidate_id: str) -> Response:
    user = staff_or_redirect(request)
    if not isinstance(user, CurrentUser):
        return user
    if (cid := path_id(candidate_id)) is None:
        return missing(request, "候选人")
    db = get_engine(request).db
    try:
        cand = jobs.get_candidate(db, user, cid, route=f"/candidates/{cid}")
    except TalentSeekError as err:
        return error_page(request, err.status_code, str(err))
    own = jobs.own_open_jobs(db, user)
    invited = request.query_params.get("invited")
    notice = [{"kind": "ok", "text": "邀请已发出，候选人会在通知中看到。"}] if invited else []
    return render(request, "candidate.html", cand=cand, jobs=own, messages=notice)


def _invite(request: Request, form: FormData) -> Response:
    cid = text(form, "candidate_id", 12)
    back = f"/candidates/{cid}" if cid.isdigit() else "/match/candidates"
    user = staff_post(request, back)
    if not isinstance(user, CurrentUser):
        return user
    job = text(form, "job_id", 12)
    if not (cid.isdigit() and job.isdigit()):
        return error_page(request, 422, "请选择要邀请投递的职位。")
    try:
        invites.invite(get_engine(request).db, user, int(job), int(cid))
    except TalentSeekError as err:
        return error_page(request, err.status_code, str(err))
    return RedirectResponse(f"/candidates/{cid}?invited=1", status_code=303)


@router.post("/candidates/invite")
async def invite(request: Request) -> Response:
    return await posted(request, _invite)


# ---------------------------------------------------------------- one application


@router.get("/applications/{app_id}")
def application_page(request: Request, app_id: str) -> Response:
    user = page_user(request)
    if user is None:
        return login_redirect(request, f"/applications/{app_id[:20]}", expired=False)
    if (aid := path_id(app_id)) is None:
        return missing(request, "申请")
    db = get_engine(request).db
    try:
        app = applications.get_application(db, user, aid)
        thread = messages.list_messages(db, user, aid)
    except TalentSeekError as err:
        return error_page(request, err.status_code, str(err))
    return render(
        request, "application.html", app=app, thread=thread, stages=applications.RECRUITER_STAGES,
        labels=applications.STAGE_LABELS,
    )  # fmt: skip


def _app_action(request: Request, form: FormData) -> Response:
    app_id = text(form, "application_id", 12)
    back = f"/applications/{app_id}"
    user = post_guard(request, back)
    if not isinstance(user, CurrentUser):
        return user
    if path_id(app_id) is None:
        return error_page(request, 422, "缺少申请编号，请返回上一页再试。")
    db, action = get_engine(request).db, text(form, "action", 20)
    try:
        if action == "message":
            messages.post_message(db, user, int(app_id), text(form, "text", 4000))
        elif action == "withdraw":
            applications.withdraw(db, user, int(app_id))
        else:
            applications.move_stage(db, user, int(app_id), text(form, "stage", 20))
    except TalentSeekError as err:
        return error_page(request, err.status_code, str(err))
    go = local_path(text(form, "next", 300), back)
    return RedirectResponse(go + ("#thread" if action == "message" else ""), status_code=303)


@router.post("/applications/act")
async def application_action(request: Request) -> Response:
    return await posted(request, _app_action)


@router.post("/applications/{app_id}/withdraw")
async def withdraw(request: Request, app_id: str) -> Response:
    """The 撤回 button of 我的申请 (one small form per application)."""

    def handler(req: Request, form: FormData) -> Response:
        extra = [
            ("application_id", str(path_id(app_id) or "")),
            ("action", "withdraw"),
            ("next", "/me/applications"),
        ]
        return _app_action(req, FormData([*form.multi_items(), *extra]))

    return await posted(request, handler)
