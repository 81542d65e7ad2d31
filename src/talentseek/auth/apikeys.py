"""API tokens: `ts-` + random; only the sha256 is stored, and the key is shown once at creation."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentseek.errors import InputError, NotFound
from talentseek.store import models

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
    found = lookup_key_owner(db, key)
    return found[0] if found is not None else None


def lookup_key_owner(
    db: Session, key: str
) -> tuple[models.ApiKey, models.User | None, int | None] | None:
    """In one query: the active key, its account (None for a keyless key) and a seeker's candidate id.

    None when the key is unknown, revoked, or belongs to a disabled account.
    """
    if not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    candidate = (
        select(func.min(models.Candidate.id))
        .where(models.Candidate.user_id == models.User.id)
        .scalar_subquery()
    )
    row = db.execute(
        select(models.ApiKey, models.User, candidate)
        .outerjoin(models.User, models.User.id == models.ApiKey.user_id)
        .where(models.ApiKey.key_hash == key_hash(key))
    ).first()
    if row is None or row[0].revoked:
        return None
    owner: models.User | None = row[1]
    if owner is not None and owner.disabled_at is not None:
        return None
    return row[0], owner, row[2]


def revoke_api_key(db: Session, prefix: str) -> int:
    """Revoke every key whose shown prefix is `prefix`; returns how many."""
    rows = db.scalars(select(models.ApiKey).where(models.ApiKey.prefix == prefix)).all()
    for row in rows:
        row.revoked = True
    return len(rows)
