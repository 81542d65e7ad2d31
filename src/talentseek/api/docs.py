"""OpenAPI docs that work offline: Swagger UI at /docs and ReDoc at /redoc, their scripts and styles
served from the `fastapi-offline` package's copy (FastAPI's defaults load them from a CDN, so /docs
was blank without internet). The app is created with docs_url=None and redoc_url=None."""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import FileResponse, HTMLResponse

from talentseek.errors import NotFound

ASSETS = Path(fastapi_offline.__file__).parent / "static"
ASSET_URL = "/docs/assets"
ASSET_TYPES = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "redoc.standalone.js": "text/javascript",
    "favicon.png": "image/png",
}
OAUTH2_REDIRECT = "/docs/oauth2-redirect"

router = APIRouter(include_in_schema=False)


def _root(request: Request) -> str:
    return str(request.scope.get("root_path") or "")


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    root = _root(request)
    return get_swagger_ui_html(
        openapi_url=f"{root}{request.app.openapi_url}",
        title=f"{request.app.title} - API 文档",
        oauth2_redirect_url=f"{root}{OAUTH2_REDIRECT}",
        swagger_js_url=f"{root}{ASSET_URL}/swagger-ui-bundle.js",
        swagger_css_url=f"{root}{ASSET_URL}/swagger-ui.css",
        swagger_favicon_url=f"{root}{ASSET_URL}/favicon.png",
    )


@router.get(OAUTH2_REDIRECT)
def swagger_ui_redirect() -> HTMLResponse:
    return get_swagger_ui_oauth2_redirect_html()


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    root = _root(request)
    return get_redoc_html(
        openapi_url=f"{root}{request.app.openapi_url}",
        title=f"{request.app.title} - ReDoc",
        redoc_js_url=f"{root}{ASSET_URL}/redoc.standalone.js",
        redoc_favicon_url=f"{root}{ASSET_URL}/favicon.png",
        with_google_fonts=False,
    )


@router.get(ASSET_URL + "/{name}")
def asset(name: str) -> FileResponse:
    """One of the four bundled files (a fixed list: no path from the request reaches the disk)."""
    if name not in ASSET_TYPES:
        raise NotFound("没有这个文档资源文件")
    return FileResponse(
        ASSETS / name, media_type=ASSET_TYPES[name], headers={"Cache-Control": "public, max-age=86400"}
    )
