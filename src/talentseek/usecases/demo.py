"""Demo accounts for `talentseek demo`: an operator, recruiters at busy companies, seekers with resumes."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentseek.auth.users import create_user, find_user, random_password
from talentseek.domain import InteractionKind, Role
from talentseek.store import models
from talentseek.store.db import Database

APPLY = InteractionKind.APPLY.value


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    display_name: str
    link: str  # the company or candidate record the account is tied to
    password: str | None = None  # only on the run that created it


def _top_companies(s: Session, n: int) -> list[tuple[int, str]]:
    """Companies whose jobs have the most applications: recruiters there have something to see."""
    rows = s.execute(
        sa.select(models.Company.id, models.Company.name)
        .join(models.Job, models.Job.company_id == models.Company.id)
        .join(models.Interaction, models.Interaction.job_id == models.Job.id)
        .where(models.Interaction.kind == APPLY)
        .group_by(models.Company.id, models.Company.name)
        .order_by(sa.func.count().desc(), models.Company.id)
        .limit(n)
    ).all()
    if len(rows) < n:  # no interactions (imported data): any companies with jobs
        rows = s.execute(
            sa.select(models.Company.id, models.Company.name)
            .where(sa.exists().where(models.Job.company_id == models.Company.id))
            .order_by(models.Company.id)
            .limit(n)
        ).all()
    return [(int(i), str(name)) for i, name in rows]


def _free_candidates(s: Session, n: int) -> list[models.Candidate]:
    """Candidates not yet tied to an account, preferring ones who applied somewhere."""
    applied = sa.exists().where(
        models.Interaction.candidate_id == models.Candidate.id,
        models.Interaction.kind == APPLY,
    )
    base = sa.select(models.Candidate).where(
        models.Candidate.user_id.is_(None), models.Candidate.name.is_not(None)
    )
    rows = list(s.scalars(base.where(applied).order_by(models.Candidate.id).limit(n)))
    if len(rows) < n:
        rows += list(s.scalars(base.where(~applied).order_by(models.Candidate.id).limit(n - len(rows))))
    return rows


def seed_demo_accounts(db: Database) -> list[DemoAccount]:
    """One operator, two recruiters at busy companies, two seekers tied to candidate records.

    Accounts that already exist are left alone; the new ones come back with their passwords.
    """
    out: list[DemoAccount] = []
    with db.session() as s:

        def add(
            username: str, role: Role, display: str, link: str, company_id: int | None = None
        ) -> int | None:
            if find_user(s, username) is not None:
                return None
            pw = random_password()
            user = create_user(s, username, pw, role, company_id=company_id, display_name=display)
            out.append(DemoAccount(username, role, display, link, pw))
            return user.id

        add("operator", Role.OPERATOR, "平台运营", "全部数据")
        for i, (cid, name) in enumerate(_top_companies(s, 2), 1):
            add(f"recruiter{i}", Role.RECRUITER, f"{name[:12]}·招聘", name, company_id=cid)
        for i, cand in enumerate(_free_candidates(s, 2), 1):
            uid = add(f"seeker{i}", Role.SEEKER, cand.name or f"求职者{i}", f"简历 #{cand.id}（{cand.name}）")
            if uid is not None:
                cand.user_id = uid
    return out
