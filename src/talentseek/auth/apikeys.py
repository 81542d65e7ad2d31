"""API tokens: `ts-` + random; only the sha256 is stored, and the key is shown once at creation."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import Session

from talentseek.auth.web_sessions import USER_COLUMNS
from talentseek.errors import InputError, NotFound
from talentseek.store import models
from talentseek.store.db import Database

KEY_PREFIX = "ts-"


def key_hash(key: str) -> str:
    """sha256 hex of the key: the key itself is random and long, so a fast hash is enough."""
    return hashlib.sha256(key.encode()).hexdigest()


def create_api_key(db: Session, name: str, user_id: int | None = None, rate_limit_per_min: int = 60) -> str:
    """Store a new key's hash and return the key (the only time it is ever visible)."""
    if not name.strip() or len(name) > 64:
        raise InputError("密钥名称不能为空，且不超过 64 个字符", field="name")
    if rate_limit_per_min < 1:
        raise InputError("每分钟请求上限至少为 1", field="rate_limit")
    if user_id is not None and db.get(models.User, user_id) is None:
        raise NotFound(f"用户 id={user_id} 不存在")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    db.add(
        models.ApiKey(
            name=name.strip(),
            key_hash=key_hash(key),
            prefix=key[:10],
            user_id=user_id,
            rate_limit_per_min=rate_limit_per_min,
        )
    )
    db.flush()
    return key


def lookup_api_key(db: Session, key: str) -> models.ApiKey | None:
    """The active key record for `key` (not revoked, its account not disabled), else None."""
    if not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    row = db.scalars(select(models.ApiKey).where(models.ApiKey.key_hash == key_hash(key))).first()
    if row is None or row.revoked:
        return None
    owner = db.get(models.User, row.user_id) if row.user_id is not None else None
    return None if owner is not None and owner.disabled_at is not None else row


_KEYS = models.ApiKey.__table__
_USERS = models.User.__table__
# built once (per request only the hash changes): the key, its account and a seeker's record
_KEY_AND_OWNER = (
    select(
        _KEYS.c.id.label("key_id"),
        _KEYS.c.name.label("key_name"),
        _KEYS.c.revoked,
        _KEYS.c.rate_limit_per_min,
        _KEYS.c.user_id.label("owner_id"),
        _USERS.c.disabled_at,
        *USER_COLUMNS,
    )
    .select_from(_KEYS.outerjoin(_USERS, _USERS.c.id == _KEYS.c.user_id))
    .where(_KEYS.c.key_hash == bindparam("key_hash"))
)


def lookup_key_row(db: Database, key: str) -> Row[*tuple[Any, ...]] | None:
    """In one prepared query: the active key (key_id, key_name, rate_limit_per_min) with its account's
    columns (id, username, role, company_id, display_name, candidate_id; id None for a keyless key).

    None when the key is unknown, revoked, or belongs to a disabled account.
    """
    if not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    with db.engine.connect() as conn:
        row = conn.execute(_KEY_AND_OWNER, {"key_hash": key_hash(key)}).first()
    if row is None or row.revoked or row.disabled_at is not None:
        return None
    return row


def revoke_api_key(db: Session, prefix: str) -> int:
    """Revoke every key whose shown prefix is `prefix`; returns how many."""
    rows = db.scalars(select(models.ApiKey).where(models.ApiKey.prefix == prefix)).all()
    for row in rows:
        row.revoked = True
    return len(rows)
