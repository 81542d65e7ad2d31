"""Operator tools: accounts (create, disable/enable, reset password) and API keys (create, revoke,
list with last use). Every function checks that the acting user is an operator; the account and key
work itself is usecases.accounts (which the CLI calls without a principal).

A disabled account (users.disabled_at) is refused at login and for its keys by auth; disabling also
ends the account's open web sessions here.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from talentseek import domain
from talentseek.auth.principal import CurrentUser
from talentseek.auth.users import random_password
from talentseek.domain import Role
from talentseek.errors import Conflict, Forbidden, InputError, NotFound
from talentseek.store import models
from talentseek.store.convert import utcnow
from talentseek.store.db import Database
from talentseek.usecases import accounts


def _operator(user: CurrentUser) -> None:
    if user.role is not Role.OPERATOR:
        raise Forbidden("账号与令牌管理仅限运营使用")


def list_users(
    db: Database, user: CurrentUser, *, role: str | None = None, q: str | None = None
) -> list[dict[str, Any]]:
    """Every account (no secrets), optionally one role or a name containing `q`."""
    _operator(user)
    rows = accounts.list_accounts(db)
    if role:
        rows = [r for r in rows if r["role"] == role]
    if q:
        needle = q.strip().lower()
        rows = [
            r for r in rows if needle in r["username"].lower() or needle in (r["display_name"] or "").lower()
        ]
    return rows


def _user_row(db: Database, user_id: int) -> dict[str, Any]:
    found = [u for u in accounts.list_accounts(db) if u["id"] == user_id]
    if not found:
        raise NotFound(f"账号 id={user_id} 不存在")
    return found[0]


def create_user(
    db: Database,
    user: CurrentUser,
    username: str,
    role: str,
    *,
    password: str | None = None,
    company: str | None = None,
    display_name: str | None = None,
) -> dict[str, Any]:
    """Create an account (a generated password when none is given: shown once in `password`).

    Seekers get an empty resume record, as on self sign-up.
    """
    _operator(user)
    try:
        r = Role(role)
    except ValueError:
        raise InputError(f"未知角色 {role!r}；可选 seeker、recruiter、operator", field="role") from None
    pw = password or random_password()
    uid = accounts.create_account(db, username, pw, r, company=company, display_name=display_name)
    if r is Role.SEEKER:
        with db.session() as s:
            now = utcnow()
            s.add(
                models.Candidate(
                    user_id=uid,
                    name=display_name,
                    resume=domain.to_dict(domain.Resume()),
                    resume_text="",
                    open_to_pool=False,
                    created_at=now,
                    updated_at=now,
                )
            )
    return {**_user_row(db, uid), "password": None if password else pw}


def set_disabled(db: Database, user: CurrentUser, user_id: int, disabled: bool) -> dict[str, Any]:
    """Disable (no login, no keys, open sessions ended) or enable an account."""
    _operator(user)
    if disabled and user_id == user.id:
        raise Conflict("不能停用你自己正在使用的运营账号")
    with db.session() as s:
        row = s.get(models.User, user_id)
        if row is None:
            raise NotFound(f"账号 id={user_id} 不存在")
        now = utcnow()
        row.disabled_at = (row.disabled_at or now) if disabled else None
        if disabled:
            s.execute(
                sa.update(models.WebSession)
                .where(models.WebSession.user_id == user_id, models.WebSession.revoked_at.is_(None))
                .values(revoked_at=now)
            )
    return _user_row(db, user_id)


def reset_password(
    db: Database, user: CurrentUser, user_id: int, password: str | None = None
) -> dict[str, Any]:
    """Set a new password (generated when none is given, shown once); the user's sessions end."""
    _operator(user)
    target = _user_row(db, user_id)
    pw = password or random_password()
    accounts.reset_password(db, target["username"], pw)
    return {**target, "password": None if password else pw}


def list_keys(db: Database, user: CurrentUser) -> list[dict[str, Any]]:
    """Every API key: id, prefix, name, account, limit, revoked, created_at, last_used_at."""
    _operator(user)
    return accounts.list_keys(db)


def create_key(
    db: Database, user: CurrentUser, name: str, *, username: str | None = None, rate_limit_per_min: int = 60
) -> dict[str, Any]:
    """A new key acting as `username` (None: least privilege); the key itself is returned only here."""
    _operator(user)
    key = accounts.create_key(db, name, username, rate_limit_per_min=rate_limit_per_min)
    listed = [k for k in accounts.list_keys(db) if k["prefix"] == key[:10]]
    return {**listed[-1], "key": key}


def revoke_key(db: Database, user: CurrentUser, key_id: int) -> dict[str, Any]:
    """Revoke one key by id (idempotent)."""
    _operator(user)
    with db.session() as s:
        row = s.get(models.ApiKey, key_id)
        if row is None:
            raise NotFound(f"令牌 id={key_id} 不存在")
        row.revoked = True
    return next(k for k in accounts.list_keys(db) if k["id"] == key_id)
