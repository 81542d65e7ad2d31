"""Seeker pages: 注册, 我的简历 (view, edit, upload with a preview to correct, download), 我的申请,
收藏的职位, 消息/通知. Thin: every rule lives in usecases/ (registration, resumes, applications,
saved, notifications, invites)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from talentseek.api.deps import get_engine, login_limiter, page_user
from talentseek.auth import login as auth_login
from talentseek.auth.csrf import csrf_ok
from talentseek.auth.principal import CurrentUser
from talentseek.auth.sessions import commit_session
from talentseek.domain import Role
from talentseek.errors import TalentSeekError, Unprocessable
from talentseek.usecases import applications, invites, notifications, registration, resumes, saved
from talentseek.web.forms import resume_fields, resume_rows, text
from talentseek.web.guard import PageRoute, error_page, local_path, login_redirect, post_guard
from talentseek.web.templating import render

router = APIRouter(include_in_schema=False, route_class=PageRoute)
Handler = Callable[[Request, FormData], Response]


async def posted(request: Request, handler: Handler) -> Response:
    """Read the form (so the CSRF check sees it), then run the sync handler off the event loop."""
    form = await request.form()
    try:
        return await run_in_threadpool(handler, request, form)
    finally:
        await form.close()  # uploaded files are spooled to disk: release them


def seeker_or_redirect(request: Request) -> CurrentUser | Response:
    """The signed-in seeker of a page, or the login page / a 403 page."""
    user = page_user(request)
    if user is None:
        return login_redirect(request, local_path(str(request.url)), expired=False)
    if user.role is not Role.SEEKER:
        return error_page(
            request, 403, "此页面面向求职者账号。招聘方请使用「职位管理」，运营请使用「用户」等管理页面。"
        )
    return user


def seeker_post(request: Request, back: str) -> CurrentUser | Response:
    user = post_guard(request, back)
    if isinstance(user, CurrentUser) and user.role is not Role.SEEKER:
        return error_page(request, 403, "此操作仅限求职者账号。")
    return user


# ---------------------------------------------------------------- 注册


@router.get("/register")
def register_page(request: Request) -> Response:
    if page_user(request) is not None:
        return RedirectResponse("/", status_code=303)
    return render(request, "register.html", form={})


def _register(request: Request, form: FormData) -> Response:
    engine = get_engine(request)
    values = {k: text(form, k, 64) for k in ("username", "display_name")}
    password, again = text(form, "password", 256), text(form, "password2", 256)
    if not csrf_ok(request, engine.settings):
        return render(
            request, "register.html", status_code=403, form=values, error="页面已过期，请重新填写后提交。"
        )
    try:
        if password != again:
            raise Unprocessable("两次输入的密码不一致，请重新输入", field="password2")
        registration.register_seeker(engine.db, values["username"], password, values["display_name"] or None)
        auth_login.login(request, engine.db, login_limiter(request), values["username"], password)
    except TalentSeekError as err:
        return render(request, "register.html", status_code=err.status_code, form=values, error=str(err))
    response = RedirectResponse("/me/resume?welcome=1", status_code=303)
    commit_session(request, response, engine.settings)
    return response


@router.post("/register")
async def register_submit(request: Request) -> Response:
    return await posted(request, _register)


# ---------------------------------------------------------------- 我的简历


@router.get("/me/resume")
def resume_page(request: Request) -> Response:
    user = seeker_or_redirect(request)
    if not isinstance(user, CurrentUser):
        return user
    data = resumes.my_resume(get_engine(request).db, user)
    messages = []
    if request.query_params.get("welcome"):
        messages.append({"kind": "ok", "text": "注册成功！上传一份简历或直接填写，招聘方就能看到你的申请。"})
    if request.query_params.get("saved"):
        messages.append({"kind": "ok", "text": "简历已保存。"})
    return render(
        request, "resume.html", data=data, rows=resume_rows(data["resume"]), preview=None, messages=messages
    )


def _resume_save(request: Request, form: FormData) -> Response:
    user = seeker_post(request, "/me/resume")
    if not isinstance(user, CurrentUser):
        return user
    engine = get_engine(request)
    try:
        fields = resume_fields(form)
        upload = text(form, "upload", 64)
        if upload:  # a previewed upload, saved with the seeker's corrections
            name = text(form, "filename", 200) or "resume.txt"
            resumes.confirm_upload(engine.db, user, engine.settings.home, upload, name, corrections=fields)
        else:
            resumes.patch_resume(
                engine.db, user, {**fields, "open_to_pool": form.get("open_to_pool") == "on"}
            )
    except TalentSeekError as err:
        data = resumes.my_resume(engine.db, user)
        return render(
            request,
            "resume.html",
            status_code=err.status_code,
            data=data,
            rows=resume_rows(fields_or(form)),
            preview=None,
            messages=[{"kind": "error", "text": str(err)}],
            editing=True,
        )
    return RedirectResponse("/me/resume?saved=1", status_code=303)


def fields_or(form: FormData) -> dict[str, Any]:
    """The posted values back into the form after an error (numbers left as typed)."""
    try:
        return resume_fields(form)
    except TalentSeekError:
        return {k: text(form, k) for k in ("name", "phone", "email", "city", "summary")}


@router.post("/me/resume")
async def resume_save(request: Request) -> Response:
    return await posted(request, _resume_save)


def _resume_upload(request: Request, form: FormData) -> Response:
    user = seeker_post(request, "/me/resume")
    if not isinstance(user, CurrentUser):
        return user
    engine = get_engine(request)
    file = form.get("file")
    try:
        if not isinstance(file, UploadFile) or not file.filename:
            raise Unprocessable("请选择要上传的简历文件（txt、md、docx、pdf 或 html）", field="file")
        resumes.check_upload(file.filename, file.size or 0)
        data = file.file.read(resumes.MAX_UPLOAD_BYTES + 1)
        preview = resumes.upload_resume(
            engine.db, user, engine.settings.home, file.filename, data, save=False
        )
    except TalentSeekError as err:
        mine = resumes.my_resume(engine.db, user)
        return render(
            request,
            "resume.html",
            status_code=err.status_code,
            data=mine,
            rows=resume_rows(mine["resume"]),
            preview=None,
            messages=[{"kind": "error", "text": f"上传失败：{err}。原有简历没有改变。"}],
        )
    mine = resumes.my_resume(engine.db, user)
    return render(request, "resume.html", data=mine, rows=resume_rows(preview["resume"]), preview=preview)


@router.post("/me/resume/upload")
async def resume_upload(request: Request) -> Response:
    return await posted(request, _resume_upload)


@router.get("/me/resume/file")
def resume_download(request: Request) -> Response:
    user = seeker_or_redirect(request)
    if not isinstance(user, CurrentUser):
        return user
    try:
        f = resumes.resume_file(get_engine(request).db, user)
    except TalentSeekError as err:
        return error_page(request, err.status_code, str(err))
    return FileResponse(f.path, media_type=f.content_type, filename=f.filename)


# ---------------------------------------------------------------- 我的申请, 收藏, 通知


@router.get("/me/applications")
def applications_page(request: Request) -> Response:
    user = seeker_or_redirect(request)
    if not isinstance(user, CurrentUser):
        return user
    db = get_engine(request).db
    apps = applications.my_applications(db, user)
    invited = [i for i in invites.my_invitations(db, user) if not i["applied"]]
    return render(
        request, "my_applications.html", apps=apps, invited=invited, labels=applications.STAGE_LABELS
    )


@router.get("/me/saved")
def saved_page(request: Request) -> Response:
    user = page_user(request)
    if user is None:
        return login_redirect(request, "/me/saved", expired=False)
    return render(request, "saved.html", jobs=saved.saved_jobs(get_engine(request).db, user))


def _save_toggle(request: Request, form: FormData) -> Response:
    job = text(form, "job_id", 12)
    back = local_path(text(form, "next", 300) or f"/jobs/{job}")
    user = post_guard(request, back)
    if not isinstance(user, CurrentUser):
        return user
    if not job.isdigit():
        return error_page(request, 422, "缺少职位编号，请返回职位页面再试。")
    db = get_engine(request).db
    try:
        if form.get("action") == "unsave":
            saved.unsave_job(db, user, int(job))
        else:
            saved.save_job(db, user, int(job))
    except TalentSeekError as err:
        return error_page(request, err.status_code, str(err))
    return RedirectResponse(back, status_code=303)


@router.post("/me/saved")
async def save_toggle(request: Request) -> Response:
    return await posted(request, _save_toggle)


@router.get("/me/notifications")
def notifications_page(request: Request) -> Response:
    user = page_user(request)
    if user is None:
        return login_redirect(request, "/me/notifications", expired=False)
    data = notifications.list_notifications(get_engine(request).db, user, limit=100)
    return render(request, "notifications.html", **data)


def _notifications_read(request: Request, form: FormData) -> Response:
    user = post_guard(request, "/me/notifications")
    if not isinstance(user, CurrentUser):
        return user
    one = text(form, "id", 12)
    notifications.mark_read(get_engine(request).db, user, [int(one)] if one.isdigit() else None)
    go = local_path(text(form, "next", 300), "/me/notifications")
    return RedirectResponse(go, status_code=303)


@router.post("/me/notifications/read")
async def notifications_read(request: Request) -> Response:
    return await posted(request, _notifications_read)
