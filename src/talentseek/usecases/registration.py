"""Self sign-up for seekers: an account (role seeker) plus an empty candidate record tied to it.

The record starts outside the talent pool (recruiters cannot find it) until the seeker opts in
from 我的简历 (`open_to_pool` in usecases.resumes.patch_resume).
"""

from __future__ import annotations

import re
import time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from talentseek import domain
from talentseek.auth.passwords import check_password_strength
from talentseek.auth.users import create_user, find_user
from talentseek.domain import Role
from talentseek.errors import Busy, Conflict, InputError, Unprocessable
from talentseek.store import models
from talentseek.store.convert import utcnow
from talentseek.store.db import Database

USERNAME_RE = re.compile(r"^[A-Za-z0-9_]{3,32}$")
MAX_DISPLAY_NAME = 32
SIGNUPS_PER_HOUR = 20  # per client address: each sign-up costs an Argon2 hash, and accounts are free


def check_signup(username: str, password: str, display_name: str | None) -> None:
    """Unprocessable (HTTP 422) with the reason when a sign-up form cannot be accepted."""
    if not USERNAME_RE.match(username or ""):
        raise Unprocessable("用户名需为 3-32 个字母、数字或下划线（例如 zhang_wei88）", field="username")
    try:
        check_password_strength(password or "")
    except InputError as err:
        raise Unprocessable(err.reason, field="password") from None
    if display_name is not None and len(display_name.strip()) > MAX_DISPLAY_NAME:
        raise Unprocessable(f"显示名称不能超过 {MAX_DISPLAY_NAME} 个字", field="display_name")


def _count(s: Session, key: str, window: int) -> int:
    """Add one to (key, window) in rate_counters (any database; a racing first insert is retried)."""
    counter = models.RateCounter
    if s.get(counter, (key, window)) is None:
        try:
            with s.begin_nested():
                s.add(counter(key=key, window=window, count=1))
            s.execute(sa.delete(counter).where(counter.key == key, counter.window < window))
            return 1
        except IntegrityError:
            pass  # another worker counted the first one
    where = (counter.key == key, counter.window == window)
    s.execute(sa.update(counter).where(*where).values(count=counter.count + 1))
    return int(s.scalar(sa.select(counter.count).where(*where)) or 0)


def _limit(db: Database, address: str) -> None:
    """At most SIGNUPS_PER_HOUR attempts per address and clock hour (counted in the shared store)."""
    now = time.time()
    with db.session() as s:
        n = _count(s, f"signup:{address}"[:128], int(now // 3600))
    if n > SIGNUPS_PER_HOUR:
        raise Busy("这个网络一小时内注册的账号过多，请稍后再试", retry_after=3600 - now % 3600)


def register_seeker(
    db: Database,
    username: str,
    password: str,
    display_name: str | None = None,
    *,
    address: str | None = None,
) -> dict[str, Any]:
    """Create a seeker account and its empty resume: `{"id", "username", "role": "seeker", "candidate_id"}`.

    A taken username is a Conflict (HTTP 409); a bad username or password is Unprocessable (422);
    more than SIGNUPS_PER_HOUR attempts from one `address` is Busy (429).
    """
    check_signup(username, password, display_name)
    if address:
        _limit(db, address)
    shown = (display_name or "").strip() or None
    try:
        with db.session() as s:
            if find_user(s, username) is not None:
                raise Conflict(f"用户名 {username} 已被注册：请换一个用户名，或直接登录")
            user = create_user(s, username, password, Role.SEEKER, display_name=shown)
            now = utcnow()
            cand = models.Candidate(
                user_id=user.id,
                name=shown,
                resume=domain.to_dict(domain.Resume(name=shown)),
                resume_text="",
                open_to_pool=False,
                created_at=now,
                updated_at=now,
            )
            s.add(cand)
            s.flush()
            return {
                "id": user.id,
                "username": user.username,
                "role": Role.SEEKER.value,
                "display_name": shown,
                "candidate_id": cand.id,
            }
    except IntegrityError:  # the same name registered at the same moment
        raise Conflict(f"用户名 {username} 已被注册：请换一个用户名，或直接登录") from None
