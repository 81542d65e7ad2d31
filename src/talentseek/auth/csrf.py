"""CSRF protection for cookie-authenticated unsafe requests (per-session synchronizer token).

Web forms carry a hidden `csrf_token` field (`{{ csrf_input() }}` in templates); HTMX requests carry
the `X-CSRF-Token` header (base.html sets it on <body>). Bearer-token API calls are exempt: a browser
never attaches a bearer token on its own.
"""

from __future__ import annotations

import hmac

from fastapi import Request

from talentseek.auth.sessions import load_session
from talentseek.errors import Forbidden
from talentseek.settings import Settings

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
HEADER = "x-csrf-token"
FIELD = "csrf_token"
CSRF_MESSAGE = "表单已过期或缺少安全令牌（CSRF），请刷新页面后重试"


def _submitted_token(request: Request) -> str | None:
    header = request.headers.get(HEADER)
    if header:
        return header
    # FastAPI parses a form body before dependencies run when the route declares Form fields
    # (every form-posting page does); Starlette caches the parsed form on the request.
    form = getattr(request, "_form", None)
    if form is not None:
        value = form.get(FIELD)
        return value if isinstance(value, str) else None
    return None


def csrf_ok(request: Request, settings: Settings) -> bool:
    """True for safe methods, or when the submitted token matches this session's token."""
    if request.method in SAFE_METHODS or getattr(request.state, "csrf_ok", False):
        return True
    expected = load_session(request, settings).csrf
    given = _submitted_token(request)
    ok = given is not None and hmac.compare_digest(given.encode(), expected.encode())
    if ok:
        request.state.csrf_ok = True
    return ok


def check_csrf(request: Request, settings: Settings) -> None:
    """Raise Forbidden (403) when an unsafe request lacks this session's CSRF token."""
    if not csrf_ok(request, settings):
        raise Forbidden(CSRF_MESSAGE)
