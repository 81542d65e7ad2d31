"""Web accounts and API keys as the CLI and the API manage them (each call is one transaction)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentseek.auth.apikeys import create_api_key, revoke_api_key
from talentseek.auth.principal import CurrentUser
from talentseek.auth.users import create_user, find_user, set_password
from talentseek.domain import Role
from talentseek.errors import InputError, NotFound
from talentseek.store import models
from talentseek.store.db import Database
from talentseek.store.repo import get_or_create_company


def find_company(s: Session, name: str, create: bool = False) -> models.Company:
    """A company by exact name (or numeric id); optionally created."""
    row = s.scalars(
        sa.select(models.Company).where(models.Company.name == name).order_by(models.Company.id)
    ).first()
    if row is None and name.isdigit():
        row = s.get(models.Company, int(name))
    if row is None and create:
        row = get_or_create_company(s, name)
    if row is None:
        raise NotFound(f"公司“{name}”不存在；先导入职位/公司数据，或加 --create-company 新建")
    return row


def check_company_link(role: Role, company: str | None) -> None:
    """Only recruiters belong to a company (checked before asking for a password)."""
    if company and role is not Role.RECRUITER:
        raise InputError("只有招聘方（--role recruiter）可以关联公司", field="--company")


def create_account(
    db: Database,
    username: str,
    password: str,
    role: Role,
    *,
    company: str | None = None,
    create_company: bool = False,
    display_name: str | None = None,
) -> int:
    """Add a web account (recruiters tied to a company by name or id); returns its id."""
    check_company_link(role, company)
    with db.session() as s:
        company_id = find_company(s, company, create_company).id if company else None
        user = create_user(s, username, password, role, company_id=company_id, display_name=display_name)
        return user.id


def reset_password(db: Database, username: str, password: str) -> None:
    """Replace a user's password (their existing sessions end)."""
    with db.session() as s:
        set_password(s, username, password)


def list_accounts(db: Database) -> list[dict[str, Any]]:
    """Every account with its company name (never the password hash), oldest first."""
    with db.session() as s:
        rows = s.execute(
            sa.select(models.User, models.Company.name)
            .outerjoin(models.Company, models.Company.id == models.User.company_id)
            .order_by(models.User.id)
        ).all()
        return [
            {
                "id": u.id,
                "username": u.username,
                "role": u.role,
                "display_name": u.display_name,
                "company": cname,
                "company_id": u.company_id,
                "created_at": u.created_at.isoformat() if u.created_at else None,
                "disabled_at": u.disabled_at.isoformat() if u.disabled_at else None,
            }
            for u, cname in rows
        ]


def principal_dict(db: Database, user: CurrentUser) -> dict[str, Any]:
    """The public JSON of a signed-in user (no secrets), with their company's name."""
    company = None
    if user.company_id is not None:
        with db.session() as s:
            row = s.get(models.Company, user.company_id)
            company = row.name if row else None
    return {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role.value,
        "company_id": user.company_id,
        "company": company,
        "candidate_id": user.candidate_id,
    }


def create_key(db: Database, name: str, username: str | None = None, rate_limit_per_min: int = 60) -> str:
    """A new API key acting as `username` (None: least privilege); the key is returned only here."""
    with db.session() as s:
        user_id = None
        if username is not None:
            row = find_user(s, username)
            if row is None:
                raise NotFound(f"账号 {username} 不存在；先用 talentseek user create 创建")
            user_id = row.id
        return create_api_key(s, name, user_id=user_id, rate_limit_per_min=rate_limit_per_min)


def list_keys(db: Database) -> list[dict[str, Any]]:
    """Every key's prefix, name, account and state (never the key or its hash)."""
    with db.session() as s:
        rows = s.execute(
            sa.select(models.ApiKey, models.User.username)
            .outerjoin(models.User, models.User.id == models.ApiKey.user_id)
            .order_by(models.ApiKey.id)
        ).all()
        return [
            {
                "id": k.id,
                "prefix": k.prefix,
                "name": k.name,
                "user": uname,
                "rate_limit_per_min": k.rate_limit_per_min,
                "revoked": k.revoked,
                "created_at": k.created_at.isoformat() if k.created_at else None,
                "last_used_at": k.last_used_at.isoformat() if k.last_used_at else None,
            }
            for k, uname in rows
        ]


def revoke_keys(db: Database, prefix: str) -> int:
    """Revoke the keys shown with this prefix (as `apikey list` prints it); NotFound when there is none."""
    with db.session() as s:
        n = revoke_api_key(s, prefix.rstrip("…"))
    if n == 0:
        raise NotFound(f"没有前缀为 {prefix} 的令牌；用 talentseek apikey list 查看")
    return n
