"""Operator pages: 用户 (create, disable/enable, reset password), API 密钥 (create, revoke, last
used), 审核 (postings the compliance check flagged) and 审计 (who saw which contacts). Rules and
the operator check live in usecases/ (admin, moderation, audit)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from talentseek.api.deps import get_engine, page_user
from talentseek.auth.principal import CurrentUser
from talentseek.domain import Role
from talentseek.errors import TalentSeekError
from talentseek.usecases import admin, audit, moderation
from talentseek.web.forms import text
from talentseek.web.guard import PageRoute, error_page, local_path, login_redirect, post_guard
from talentseek.web.seeker_pages import posted
from talentseek.web.templating import render

router = APIRouter(include_in_schema=False, route_class=PageRoute)
ROLE_NAMES = {"seeker": "求职者", "recruiter": "招聘方", "operator": "运营"}


def operator_or_redirect(request: Request) -> CurrentUser | Response:
    user = page_user(request)
    if user is None:
        return login_redirect(request, local_path(str(request.url)), expired=False)
    if user.role is not Role.OPERATOR:
        return error_page(request, 403, "此页面仅限平台运营使用。")
    return user


def operator_post(request: Request, back: str) -> CurrentUser | Response:
    user = post_guard(request, back)
    if isinstance(user, CurrentUser) and user.role is not Role.OPERATOR:
        return error_page(request, 403, "此操作仅限平台运营。")
    return user


# ---------------------------------------------------------------- 用户


def users_view(request: Request, user: CurrentUser, status: int = 200, **extra: object) -> Response:
    q = request.query_params
    role = q.get("role") if q.get("role") in ROLE_NAMES else None
    rows = admin.list_users(get_engine(request).db, user, role=role, q=(q.get("q") or "")[:64] or None)
    return render(
        request, "admin_users.html", status_code=status, users=rows, role=role, q=q.get("q") or "",
        role_names=ROLE_NAMES, **extra,
    )  # fmt: skip


@router.get("/admin/users")
def users_page(request: Request) -> Response:
    user = operator_or_redirect(request)
    if not isinstance(user, CurrentUser):
        return user
    return users_view(request, user)


def _users_action(request: Request, form: FormData) -> Response:
    user = operator_post(request, "/admin/users")
    if not isinstance(user, CurrentUser):
        return user
    db, action, uid = get_engine(request).db, text(form, "action", 20), text(form, "user_id", 12)
    try:
        if action == "create":
            out = admin.create_user(
                db, user, text(form, "username", 32), text(form, "role", 20),
                company=text(form, "company", 100) or None,
                display_name=text(form, "display_name", 32) or None,
            )  # fmt: skip
            return users_view(request, user, secret=out, secret_what=f"新账号 {out['username']} 的初始密码")
        if not uid.isdigit():
            return error_page(request, 422, "缺少账号编号，请返回用户列表再试。")
        if action == "reset":
            out = admin.reset_password(db, user, int(uid))
            return users_view(request, user, secret=out, secret_what=f"账号 {out['username']} 的新密码")
        admin.set_disabled(db, user, int(uid), action == "disable")
    except TalentSeekError as err:
        return users_view(
            request, user, status=err.status_code, messages=[{"kind": "error", "text": str(err)}]
        )
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users")
async def users_action(request: Request) -> Response:
    return await posted(request, _users_action)


# ---------------------------------------------------------------- API 密钥


def keys_view(request: Request, user: CurrentUser, status: int = 200, **extra: object) -> Response:
    keys = admin.list_keys(get_engine(request).db, user)
    return render(request, "admin_keys.html", status_code=status, keys=keys, **extra)


@router.get("/admin/keys")
def keys_page(request: Request) -> Response:
    user = operator_or_redirect(request)
    if not isinstance(user, CurrentUser):
        return user
    return keys_view(request, user)


def _keys_action(request: Request, form: FormData) -> Response:
    user = operator_post(request, "/admin/keys")
    if not isinstance(user, CurrentUser):
        return user
    db, action = get_engine(request).db, text(form, "action", 20)
    try:
        if action == "create":
            limit = text(form, "rate_limit", 6)
            out = admin.create_key(
                db, user, text(form, "name", 64), username=text(form, "username", 32) or None,
                rate_limit_per_min=int(limit) if limit.isdigit() and 0 < int(limit) <= 100_000 else 60,
            )  # fmt: skip
            return keys_view(request, user, secret=out)
        key_id = text(form, "key_id", 12)
        if not key_id.isdigit():
            return error_page(request, 422, "缺少令牌编号，请返回令牌列表再试。")
        admin.revoke_key(db, user, int(key_id))
    except TalentSeekError as err:
        return keys_view(
            request, user, status=err.status_code, messages=[{"kind": "error", "text": str(err)}]
        )
    return RedirectResponse("/admin/keys", status_code=303)


@router.post("/admin/keys")
async def keys_action(request: Request) -> Response:
    return await posted(request, _keys_action)


# ---------------------------------------------------------------- 审核, 审计


@router.get("/admin/moderation")
def moderation_page(request: Request) -> Response:
    user = operator_or_redirect(request)
    if not isinstance(user, CurrentUser):
        return user
    status = request.query_params.get("status") or "flagged"
    status = status if status in (*moderation.QUEUE_STATUSES, "all") else "flagged"
    rows = moderation.moderation_queue(get_engine(request).db, user, status=status)
    return render(request, "admin_moderation.html", jobs=rows, status=status, labels=moderation.STATUS_LABELS)


def _review(request: Request, form: FormData) -> Response:
    user = operator_post(request, "/admin/moderation")
    if not isinstance(user, CurrentUser):
        return user
    job_id, decision = text(form, "job_id", 12), text(form, "decision", 20)
    if not job_id.isdigit():
        return error_page(request, 422, "缺少职位编号，请返回审核队列再试。")
    try:
        moderation.review(get_engine(request).db, user, int(job_id), decision)
    except TalentSeekError as err:
        return error_page(request, err.status_code, str(err))
    return RedirectResponse("/admin/moderation", status_code=303)


@router.post("/admin/moderation")
async def review(request: Request) -> Response:
    return await posted(request, _review)


@router.get("/admin/audit")
def audit_page(request: Request) -> Response:
    user = operator_or_redirect(request)
    if not isinstance(user, CurrentUser):
        return user
    cand = request.query_params.get("candidate_id") or ""
    rows = audit.contact_views(
        get_engine(request).db, user, candidate_id=int(cand) if cand.isdigit() else None, limit=200
    )
    return render(request, "admin_audit.html", rows=rows, candidate_id=cand, role_names=ROLE_NAMES)
