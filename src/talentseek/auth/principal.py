"""The request principal: who is acting (a signed-in user, or an API key), built from a stored user."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from talentseek.auth.users import candidate_id_for
from talentseek.domain import Role
from talentseek.store import models


@dataclass(frozen=True)
class CurrentUser:
    id: int
    username: str
    role: Role
    company_id: int | None = None  # recruiters: the company whose jobs they own
    candidate_id: int | None = None  # seekers: their own candidate record
    display_name: str | None = None
    api_key_id: int | None = None  # set when the request came with an API token

    @property
    def name(self) -> str:
        """What the UI shows: the display name, else the username."""
        return self.display_name or self.username


def principal_for(db: Session, user: models.User, api_key_id: int | None = None) -> CurrentUser:
    """The request principal for a stored user (seekers get their candidate record id)."""
    candidate_id = candidate_id_for(db, user.id) if user.role == Role.SEEKER.value else None
    return principal_from(user, candidate_id, api_key_id)


def principal_from(user: models.User, candidate_id: int | None, api_key_id: int | None = None) -> CurrentUser:
    """The principal when the caller already fetched the seeker's candidate id (one query per request)."""
    role = Role(user.role)
    return CurrentUser(
        id=user.id,
        username=user.username,
        role=role,
        company_id=user.company_id if role is Role.RECRUITER else None,
        candidate_id=candidate_id if role is Role.SEEKER else None,
        display_name=user.display_name,
        api_key_id=api_key_id,
    )


def principal_from_row(row: Any, api_key_id: int | None = None) -> CurrentUser:
    """The principal from a result row with id, username, role, company_id, display_name, candidate_id."""
    role = Role(row.role)
    return CurrentUser(
        id=row.id,
        username=row.username,
        role=role,
        company_id=row.company_id if role is Role.RECRUITER else None,
        candidate_id=row.candidate_id if role is Role.SEEKER else None,
        display_name=row.display_name,
        api_key_id=api_key_id,
    )


def keyless_principal(key_name: str, api_key_id: int) -> CurrentUser:
    """A key bound to no user acts with the least privilege (a seeker without a record)."""
    return CurrentUser(id=0, username=f"apikey:{key_name}", role=Role.SEEKER, api_key_id=api_key_id)
