"""Map errors to 4xx responses: JSON `{"error": ...}` for the API, a Chinese error page for browsers.

Never a 500 for bad input, never a traceback to a user.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from talentseek.errors import Busy, TalentSeekError, Unauthorized
from talentseek.store.errors import DataError

log = logging.getLogger("talentseek.api")

HTTP_MESSAGES = {
    400: "请求格式有误（例如请求体不是有效的 UTF-8 或 JSON），请检查后重试。",
    404: "请求的地址不存在。",
    405: "不支持该请求方法。",
    413: "请求内容过大。",
}
TITLES = {
    401: "请先登录",
    403: "没有权限",
    404: "页面不存在",
    409: "操作无法完成",
    413: "文件过大",
    415: "文件类型不支持",
    429: "请求过于频繁",
}


def wants_page(request: Request) -> bool:
    """A browser navigating to a page (not an API call) gets an HTML error page."""
    path = request.url.path
    if path.startswith(("/api/", "/v1/", "/static/")):
        return False
    return "text/html" in request.headers.get("accept", "")


def error_response(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    if not wants_page(request):
        return JSONResponse({"error": message}, status_code=status, headers=headers)
    if status == 401:
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
    from talentseek.web.templating import render

    return render(
        request,
        "error.html",
        status_code=status,
        code=status,
        message=message,
        title=TITLES.get(status, "出错了"),
    )


def out_of_range(err: BaseException) -> bool:
    """A number the database column cannot hold (PostgreSQL INTEGER ids past 2**31-1): the request's
    fault, so 422, not 500. Recognised by name along the cause chain (faces import no sqlalchemy)."""
    seen: BaseException | None = err
    for _ in range(4):
        if seen is None:
            return False
        name = type(seen).__name__
        if name == "NumericValueOutOfRange" or (name == "DataError" and "out of range" in str(seen)):
            return True
        seen = seen.__cause__
    return False


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(TalentSeekError)
    async def _known(req: Request, err: TalentSeekError) -> Response:
        headers = {"Retry-After": str(max(1, round(err.retry_after)))} if isinstance(err, Busy) else None
        status = 401 if isinstance(err, Unauthorized) else err.status_code
        return error_response(req, status, str(err), headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(req: Request, err: RequestValidationError) -> Response:
        fields = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in err.errors()
        )
        return error_response(req, 422, f"请求参数有误：{fields}")

    @app.exception_handler(StarletteHTTPException)
    async def _http(req: Request, err: StarletteHTTPException) -> Response:
        message = HTTP_MESSAGES.get(err.status_code) or (
            err.detail if isinstance(err.detail, str) else "请求有误"
        )
        return error_response(req, err.status_code, message, dict(err.headers) if err.headers else None)

    @app.exception_handler(DataError)
    async def _data(req: Request, err: DataError) -> Response:
        if out_of_range(err):
            return error_response(req, 422, "请求中的编号或数值超出范围，请检查后重试。")
        log.exception("database rejected a value on %s", req.url.path)
        return error_response(req, 500, "服务器内部错误，已记录日志；请稍后重试或联系管理员。")

    @app.exception_handler(Exception)
    async def _unexpected(req: Request, err: Exception) -> Response:
        log.exception("unhandled error on %s", req.url.path)
        return error_response(req, 500, "服务器内部错误，已记录日志；请稍后重试或联系管理员。")
