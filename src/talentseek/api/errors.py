"""Map errors to JSON 4xx responses: never a 500 for bad input, never a traceback to a user."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from talentseek.errors import Busy, TalentSeekError

log = logging.getLogger("talentseek.api")


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(TalentSeekError)
    async def _known(_req: Request, err: TalentSeekError) -> JSONResponse:
        headers = {"Retry-After": str(max(1, round(err.retry_after)))} if isinstance(err, Busy) else None
        return JSONResponse({"error": str(err)}, status_code=err.status_code, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_req: Request, err: RequestValidationError) -> JSONResponse:
        fields = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in err.errors()
        )
        return JSONResponse({"error": f"请求参数有误：{fields}"}, status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(req: Request, err: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", req.url.path)
        return JSONResponse({"error": "服务器内部错误，已记录日志；请稍后重试或联系管理员。"}, status_code=500)
