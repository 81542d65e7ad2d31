"""The session cookie (itsdangerous-signed): a random session token and a per-session CSRF token.

The cookie is HttpOnly and SameSite=Lax. An anonymous visitor's cookie holds only a CSRF token; a
signed-in one also holds the token of a row in web_sessions (auth/web_sessions.py), which logout,
a password change or disabling the account revoke server-side: a replayed cookie is then worthless.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from talentseek.auth.web_sessions import MAX_TOKEN_LENGTH, SESSION_MAX_AGE_S
from talentseek.settings import Settings

COOKIE_NAME = "ts_session"
_SALT = "talentseek.session.v2"


@dataclass(frozen=True)
class SessionData:
    """What a session cookie says; `new` means it must be (re)sent to the browser."""

    sid: str | None
    csrf: str
    new: bool = False


def secret_key(settings: Settings) -> str:
    """Settings.secret_key, else home/secret.key (generated once, mode 0600; read once per process)."""
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    return _secret_from_file(settings.home / "secret.key")


@lru_cache(maxsize=16)
def _secret_from_file(path: Path) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two processes starting at once cannot both write a key
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_urlsafe(48))
    key = path.read_text().strip()
    if len(key) < 32:
        raise RuntimeError(f"{path} 中的密钥过短；删除该文件后重启即可重新生成")
    return key


@lru_cache(maxsize=16)
def _serializer_for(key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(key, salt=_SALT)


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return _serializer_for(secret_key(settings))


def new_session(sid: str | None = None) -> SessionData:
    """A fresh session with a new CSRF token (login and logout rotate it)."""
    return SessionData(sid=sid, csrf=secrets.token_urlsafe(24), new=True)


def _decode(raw: str | None, settings: Settings) -> SessionData | None:
    if not raw or len(raw) > 4096:
        return None
    try:
        data: Any = _serializer(settings).loads(raw, max_age=SESSION_MAX_AGE_S)
    except BadSignature:  # also covers SignatureExpired
        return None
    if not isinstance(data, dict) or not isinstance(data.get("csrf"), str):
        return None
    sid = data.get("sid")
    ok = isinstance(sid, str) and 0 < len(sid) <= MAX_TOKEN_LENGTH
    return SessionData(sid=sid if ok else None, csrf=data["csrf"])


def load_session(request: Request, settings: Settings) -> SessionData:
    """This request's session (cached on request.state); a new anonymous one if absent or invalid."""
    cached = getattr(request.state, "ts_session", None)
    if isinstance(cached, SessionData):
        return cached
    data = _decode(request.cookies.get(COOKIE_NAME), settings) or new_session()
    request.state.ts_session = data
    return data


def replace_session(request: Request, data: SessionData) -> None:
    """Make `data` this request's session; the response must then carry it (see `set_session_cookie`)."""
    request.state.ts_session = replace(data, new=True)


def set_session_cookie(response: Response, data: SessionData, settings: Settings) -> None:
    token = _serializer(settings).dumps({"sid": data.sid, "csrf": data.csrf})
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=SESSION_MAX_AGE_S,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
    )


def commit_session(request: Request, response: Response, settings: Settings) -> None:
    """Send the session cookie when this request created or replaced the session."""
    data = getattr(request.state, "ts_session", None)
    if isinstance(data, SessionData) and data.new:
        set_session_cookie(response, data, settings)
