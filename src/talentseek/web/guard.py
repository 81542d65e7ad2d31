"""What every page router shares: Chinese validation errors, and the guard for form posts.

`PageRoute` (the route class of each page router) turns a request validation error into the
Chinese error page, so a page never answers FastAPI's English JSON. `post_guard` checks the CSRF
token of a form post: a post from an expired or missing session goes to the login page (with a
notice and a way back), and only a live session with a wrong token gets the 403 page.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.routing import APIRoute

from talentseek.api.deps import get_engine, optional_user
from talentseek.auth.csrf import CSRF_MESSAGE, csrf_ok
from talentseek.auth.principal import CurrentUser
from talentseek.web.templating import render

_FIELD_NAMES = {
    "job_id": "职位",
    "page": "页码",
    "min_years": "最低年限",
    "min_education": "最低学历",
    "must": "必备技能",
    "nice": "加分技能",
    "username": "用户名",
    "password": "密码",
    "file": "文件",
    "stage": "阶段",
    "text": "内容",
}
_KIND_TEXT = {
    "missing": "不能为空",
    "int_parsing": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为是或否",
    "greater_than_equal": "太小",
    "less_than_equal": "太大",
    "string_too_long": "太长",
    "string_too_short": "太短",
}


_TITLES = {
    400: "请求有误",
    403: "没有权限",
    404: "页面不存在",
    409: "操作冲突",
    422: "填写有误",
    429: "请求过于频繁",
}


def validation_message(errors: Sequence[Any]) -> str:
    """'最低年限应为数字；页码太小' from pydantic's error list (field names and reasons in Chinese)."""
    parts = []
    for e in errors[:5]:
        loc = [str(p) for p in e.get("loc", ()) if p not in ("query", "body", "path", "form")]
        name = _FIELD_NAMES.get(loc[-1], loc[-1]) if loc else "参数"
        parts.append(f"“{name}”{_KIND_TEXT.get(str(e.get('type')), '格式不正确')}")
    return "；".join(parts) or "请求参数有误"


def error_page(request: Request, code: int, message: str, title: str | None = None) -> Response:
    """A Chinese error page with the right status code."""
    title = title or _TITLES.get(code, "出错了")
    return render(request, "error.html", status_code=code, code=code, message=message, title=title)


class PageRoute(APIRoute):
    """A page route: invalid query or form fields give the Chinese 422 page, with what to correct."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as err:
                message = f"{validation_message(err.errors())}。请返回上一页改正后再提交。"
                return error_page(request, 422, message)

        return page_handler


MAX_ID = 2**62  # larger numbers are no row of any table (and overflow SQLite's INTEGER)


def path_id(value: str) -> int | None:
    """A record id from a URL segment; junk, zero or a huge number gives None (the page says 404)."""
    return int(value) if value.isdigit() and len(value) <= 19 and 0 < int(value) < MAX_ID else None


def missing(request: Request, what: str = "记录") -> Response:
    return error_page(request, 404, f"这个{what}不存在或已被删除。请返回上一页。", f"{what}不存在")


def local_path(target: str | None, default: str = "/") -> str:
    """A path on this site (from a form field or the Referer); anything else gives `default`."""
    if not target:
        return default
    parts = urlsplit(target)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if not path.startswith("/") or path.startswith(("//", "/\\")):
        return default
    return path


def login_redirect(request: Request, back: str, expired: bool = True) -> Response:
    """To the login page, coming back to `back` afterwards (HTMX gets an HX-Redirect)."""
    url = f"/login?next={quote(back)}" + ("&expired=1" if expired else "")
    if request.headers.get("HX-Request") == "true":
        return Response(status_code=200, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


def post_guard(request: Request, back: str | None = None) -> CurrentUser | Response:
    """The signed-in user of a form post, or the response to send instead.

    No live session (expired, logged out elsewhere, cookie gone): the login page, then back to
    `back` (default: the page the form was on). A live session with a wrong token: 403.
    """
    engine = get_engine(request)
    user = optional_user(request)
    if user is None:
        return login_redirect(request, back or local_path(request.headers.get("referer")))
    if not csrf_ok(request, engine.settings):
        return error_page(request, 403, CSRF_MESSAGE)
    return user
