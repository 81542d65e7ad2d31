"""User accounts: create, authenticate, reset a password, and build the request principal."""

from __future__ import annotations

import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentseek.auth.passwords import dummy_hash, hash_password, needs_rehash, verify_password
from talentseek.auth.web_sessions import end_user_sessions
from talentseek.domain import Role
from talentseek.errors import InputError, NotFound
from talentseek.store import models
from talentseek.store.convert import utcnow

USERNAME_RE = re.compile(r"^[A-Za-z0-9_.\-\u4e00-\u9fff]{2,64}$")
LOGIN_FAILED = "用户名或密码错误"  # one message for both cases: no hint which part was wrong


def _role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise InputError(f"未知角色 {role!r}；可选 seeker、recruiter、operator", field="role") from None


def create_user(
    db: Session,
    username: str,
    password: str,
    role: Role | str,
    company_id: int | None = None,
    display_name: str | None = None,
) -> models.User:
    """Add a user (password stored as an Argon2id hash); recruiters must belong to a company."""
    role = _role(role)
    if not USERNAME_RE.match(username):
        raise InputError("用户名需为 2-64 个字母、数字、汉字或 _ . -", field="username")
    if role is Role.RECRUITER and company_id is None:
        raise InputError("招聘方账号必须关联一家公司（--company）", field="company")
    if company_id is not None and db.get(models.Company, company_id) is None:
        raise NotFound(f"公司 id={company_id} 不存在")
    if find_user(db, username) is not None:
        hint = "换一个用户名，或用 talentseek user reset-password 重设密码"
        raise InputError(f"用户名 {username} 已存在；{hint}", field="username")
    user = models.User(
        username=username,
        display_name=display_name,
        password_hash=hash_password(password),
        role=role.value,
        company_id=company_id if role is Role.RECRUITER else None,
    )
    db.add(user)
    db.flush()
    return user


def find_user(db: Session, username: str) -> models.User | None:
    return db.scalars(select(models.User).where(models.User.username == username)).first()


def authenticate(db: Session, username: str, password: str) -> models.User | None:
    """The user when the password is right and the account enabled, else None; one hash check always."""
    user = find_user(db, username) if len(username) <= 64 else None
    if user is None:
        verify_password(dummy_hash(), password)
        return None
    if not verify_password(user.password_hash, password) or user.disabled_at is not None:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def set_password(db: Session, username: str, password: str) -> models.User:
    """Replace a user's password and end every session they have (on every worker)."""
    user = find_user(db, username)
    if user is None:
        raise NotFound(f"用户 {username} 不存在；先用 talentseek user create 创建")
    user.password_hash = hash_password(password)
    end_user_sessions(db, user.id)
    return user


def set_disabled(db: Session, username: str, disabled: bool = True) -> models.User:
    """Disable an account (no login, its sessions end, its API keys stop working) or enable it again."""
    user = find_user(db, username)
    if user is None:
        raise NotFound(f"用户 {username} 不存在；用 talentseek user list 查看")
    if disabled:
        user.disabled_at = user.disabled_at or utcnow()
        end_user_sessions(db, user.id)
    else:
        user.disabled_at = None
    return user


def random_password() -> str:
    """A 16-character password from an unambiguous alphabet (no 0/O, 1/l/I)."""
    alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(16))


def candidate_id_for(db: Session, user_id: int) -> int | None:
    """The seeker's own candidate record (Candidate.user_id), if any."""
    return db.scalars(
        select(models.Candidate.id).where(models.Candidate.user_id == user_id).order_by(models.Candidate.id)
    ).first()
