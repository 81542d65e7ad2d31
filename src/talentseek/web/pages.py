"""Core web pages: home, jobs list, job detail, login/logout, and the static files."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from talentseek.errors import NotFound
from talentseek.web.templating import STATIC_DIR

router = APIRouter(include_in_schema=False)

_STATIC_TYPES = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml", ".png": "image/png"}


@router.get("/static/{name:path}")
def static_file(name: str) -> FileResponse:
    """Files under web/static (no directory listing, no path escape)."""
    path = (STATIC_DIR / name).resolve()
    inside = path.is_relative_to(STATIC_DIR.resolve())
    if not inside or not path.is_file() or path.suffix not in _STATIC_TYPES:
        raise NotFound(f"静态文件 {name} 不存在")
    headers = {"Cache-Control": "public, max-age=3600"}
    return FileResponse(path, media_type=_STATIC_TYPES[path.suffix], headers=headers)
