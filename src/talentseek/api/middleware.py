"""ASGI middleware around the whole app: security headers and one JSON access-log line per request.

Both wrap the app outside Starlette's error middleware (see `ServedApp`), so error pages and
500s get the headers and a log line too. Plain ASGI (no BaseHTTPMiddleware): a few microseconds.

The access log names time, method, path (never the query string: it can hold a search for a
person), status, duration_ms, the user id when one signed in, and the worker's pid. Never cookies,
tokens or bodies. `configure_access_log` points it at stderr, a file, or nowhere.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ACCESS_LOGGER = "talentseek.access"
access_log = logging.getLogger(ACCESS_LOGGER)

SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    # only the framing directive: pages use inline attributes HTMX needs; clickjacking is the risk
    ("Content-Security-Policy", "frame-ancestors 'none'"),
)
MAX_LOGGED_PATH = 256


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every HTTP response (a route's own value of a header wins)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS:
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def access_record(scope: Scope, status: int, duration_s: float) -> dict[str, Any]:
    """One access-log entry (the JSON line's fields)."""
    state = scope.get("state") or {}
    user_id = state.get("ts_user_id") if isinstance(state, dict) else None
    return {
        "time": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "method": scope.get("method", ""),
        "path": str(scope.get("path", ""))[:MAX_LOGGED_PATH],
        "status": status,
        "duration_ms": round(duration_s * 1000, 1),
        "user": user_id,
        "pid": os.getpid(),
    }


class AccessLog:
    """Logs one JSON line per HTTP request to the `talentseek.access` logger (when it is enabled)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not access_log.isEnabledFor(logging.INFO):
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500  # what the client gets when the app fails before answering

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        finally:
            record = access_record(scope, status, time.perf_counter() - start)
            access_log.info(json.dumps(record, ensure_ascii=False))


class ServedApp(FastAPI):
    """FastAPI with the access log and the security headers outside everything else."""

    def build_middleware_stack(self) -> ASGIApp:
        return AccessLog(SecurityHeaders(super().build_middleware_stack()))


_HANDLER_MARK = "_talentseek_access"


def configure_access_log(target: str) -> None:
    """Send access lines to stderr ("-"), to a file (appended), or nowhere ("off" or "")."""
    for old in list(access_log.handlers):
        if getattr(old, _HANDLER_MARK, False):
            access_log.removeHandler(old)
            old.close()
    access_log.propagate = False
    if target.strip().lower() in ("", "off", "none", "0"):
        access_log.setLevel(logging.WARNING)
        return
    handler: logging.Handler
    if target.strip() == "-":
        handler = logging.StreamHandler(sys.stderr)
    else:
        path = os.path.expanduser(target.strip())
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")  # O_APPEND: workers' lines do not mix
    handler.setFormatter(logging.Formatter("%(message)s"))
    setattr(handler, _HANDLER_MARK, True)
    access_log.addHandler(handler)
    access_log.setLevel(logging.INFO)
