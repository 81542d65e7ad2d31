"""Who may see and change what (DESIGN.md ownership rules). Pure checks plus two small queries.

- candidates: operators see all; recruiters see candidates who applied to (or were invited to) a job
  of their company, or who opted into the talent pool; seekers see only themselves.
- contact details (phone, e-mail, and WeChat/QQ/ID numbers inside free text, see text.contacts):
  operators, the candidate, and recruiters of a company one of whose jobs the candidate applied to
  (an application is the candidate's consent to share them). An invitation, an interview or offer
  recorded by the company, or the talent pool do not reveal them: only the candidate's own APPLY.
- jobs: recruiters edit their own company's jobs; operators edit all.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentseek.auth.principal import CurrentUser
from talentseek.domain import InteractionKind, Role
from talentseek.store import models

# kinds that put a candidate in front of a company (an invite is the company reaching out)
VISIBLE_KINDS = tuple(k.value for k in InteractionKind if k is not InteractionKind.VIEW)
# the one kind that shares contact details: the candidate's own application. Interview, offer and
# hire rows can follow an invitation alone (the company reaching out), so they reveal nothing.
CONTACT_KINDS = (InteractionKind.APPLY.value,)


def _engaged_with_company(
    session: Session, company_id: int, candidate_id: int, kinds: tuple[str, ...]
) -> bool:
    q = (
        sa.select(models.Interaction.id)
        .join(models.Job, models.Job.id == models.Interaction.job_id)
        .where(
            models.Interaction.candidate_id == candidate_id,
            models.Job.company_id == company_id,
            models.Interaction.kind.in_(kinds),
        )
        .limit(1)
    )
    return session.scalar(q) is not None


def can_view_candidate(session: Session, user: CurrentUser, candidate_id: int) -> bool:
    """Whether `user` may see this candidate's (masked) profile."""
    if user.role is Role.OPERATOR:
        return True
    if user.role is Role.SEEKER:
        return user.candidate_id is not None and user.candidate_id == candidate_id
    if user.company_id is None:
        return False
    in_pool = session.scalar(
        sa.select(models.Candidate.open_to_pool).where(models.Candidate.id == candidate_id)
    )
    return bool(in_pool) or _engaged_with_company(session, user.company_id, candidate_id, VISIBLE_KINDS)


def can_view_contact(session: Session, user: CurrentUser, candidate_id: int) -> bool:
    """Whether `user` may see this candidate's contact details (phone, e-mail, ids in free text)."""
    if user.role is Role.OPERATOR:
        return True
    if user.role is Role.SEEKER:
        return user.candidate_id is not None and user.candidate_id == candidate_id
    if user.company_id is None:
        return False
    return _engaged_with_company(session, user.company_id, candidate_id, CONTACT_KINDS)


def can_edit_job(user: CurrentUser, job_row: Any) -> bool:
    """Recruiters of the owning company, and operators (`job_row` has `company_id`)."""
    if user.role is Role.OPERATOR:
        return True
    company_id = getattr(job_row, "company_id", None)
    return user.role is Role.RECRUITER and company_id is not None and company_id == user.company_id


def mask_phone(phone: str | None) -> str | None:
    """'13812345678' → '138****5678'; short numbers keep only their last two digits."""
    if not phone:
        return phone
    digits = phone.strip()
    if len(digits) >= 7:
        return digits[:3] + "*" * 4 + digits[-4:]
    return "*" * max(0, len(digits) - 2) + digits[-2:]


def mask_email(email: str | None) -> str | None:
    """'zhangwei@example.com' → 'z***@example.com'; text without '@' is fully masked."""
    if not email:
        return email
    local, at, domain = email.strip().partition("@")
    if not at:
        return "***"
    return (local[:1] or "*") + "***@" + domain


def mask_contact(data: dict[str, Any], allowed: bool) -> dict[str, Any]:
    """A copy of a candidate/resume dict with phone and email masked unless `allowed`."""
    if allowed:
        return dict(data)
    out = dict(data)
    if "phone" in out:
        out["phone"] = mask_phone(out["phone"])
    if "email" in out:
        out["email"] = mask_email(out["email"])
    return out
