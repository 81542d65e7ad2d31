"""Repository layer: domain objects ↔ rows, identity-keyed upserts, the index outbox, counts.

Every write that changes what search sees also writes an IndexQueue row in the same transaction
(see models.IndexQueue), so the index can always be brought back in line with the database.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentseek import domain
from talentseek.store import models as m
from talentseek.store.convert import (
    candidate_from_row,
    education_rank,
    job_from_row,
    job_values,
    resume_from_dict,
    utcnow,
)

__all__ = [
    "JobRecord",
    "add_interaction",
    "candidate_from_row",
    "candidate_identity",
    "counts",
    "delete_job",
    "education_rank",
    "get_or_create_company",
    "job_from_row",
    "job_identity",
    "job_values",
    "resume_from_dict",
    "upsert_candidate",
    "upsert_job",
    "upsert_jobs",
    "utcnow",
]


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def job_identity(job: domain.Job, company_name: str | None) -> str:
    """CONTRACTS.md identity: the source's id, else "h:" + sha1(company|title|description)."""
    if job.external_id:
        return job.external_id
    return "h:" + sha1(f"{company_name or ''}|{job.title}|{job.description}")


def candidate_identity(resume: domain.Resume, fallback: str | None = None) -> str | None:
    """A person's identity: hashed phone, else hashed e-mail, else `fallback` (e.g. a file hash)."""
    if resume.phone:
        return "tel:" + sha1(resume.phone.strip())[:32]
    if resume.email:
        return "mail:" + sha1(resume.email.strip().lower())[:32]
    return fallback


JOBS = sa.Table("jobs", m.Base.metadata)  # the mapped tables, for Core bulk statements
JOB_SKILLS = sa.Table("job_skills", m.Base.metadata)
INDEX_QUEUE = sa.Table("index_queue", m.Base.metadata)

# ---------------------------------------------------------------- companies

_COMPANY_FIELDS = (
    "external_id",
    "size",
    "industry",
    "ownership",
    "funding",
    "founded_year",
    "province",
    "city",
)


def get_or_create_company(session: Session, name: str, **fields: Any) -> m.Company:
    """The company with this name (first by id), created if missing; empty fields are filled in."""
    name = name.strip()
    row = session.scalars(sa.select(m.Company).where(m.Company.name == name).order_by(m.Company.id)).first()
    clean = {k: v for k, v in fields.items() if k in _COMPANY_FIELDS and v not in (None, "")}
    if row is None:
        row = m.Company(name=name, created_at=utcnow(), **clean)
        session.add(row)
        session.flush()
        return row
    for k, v in clean.items():
        if getattr(row, k) in (None, ""):
            setattr(row, k, v)
    return row


def company_ids(session: Session, companies: dict[str, dict[str, Any]]) -> dict[str, int]:
    """Bulk get-or-create by name: {name: fields} → {name: id}; missing fields of old rows are filled."""
    if not companies:
        return {}
    names = list(companies)
    found: dict[str, int] = {}
    for cid, name in session.execute(
        sa.select(m.Company.id, m.Company.name).where(m.Company.name.in_(names)).order_by(m.Company.id.desc())
    ):
        found[name] = cid  # descending order: the lowest id wins, as in get_or_create_company
    new = [
        {
            "name": n,
            "created_at": utcnow(),
            **{k: companies[n].get(k) for k in _COMPANY_FIELDS if k != "external_id"},
        }
        for n in names
        if n not in found
    ]
    if new:
        session.execute(sa.insert(m.Company), new)
        for cid, name in session.execute(
            sa.select(m.Company.id, m.Company.name).where(m.Company.name.in_([r["name"] for r in new]))
        ):
            found.setdefault(name, cid)
    return found


# ---------------------------------------------------------------- jobs


@dataclass
class JobRecord:
    """One job to upsert in bulk, with its company's fields and unmapped source fields."""

    job: domain.Job
    company_name: str | None = None
    company_fields: dict[str, Any] = field(default_factory=dict)
    source: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def upsert_job(
    session: Session,
    job: domain.Job,
    company_name: str | None = None,
    *,
    source: str | None = None,
    extra: dict[str, Any] | None = None,
) -> tuple[m.Job, bool]:
    """Insert or update one job by identity; returns (row, created). Queues an index upsert."""
    rec = JobRecord(job, company_name, source=source, extra=extra or {})
    ((job_id, created),) = upsert_jobs(session, [rec])
    row = session.get(m.Job, job_id)
    assert row is not None
    session.refresh(row)
    return row, created


def upsert_jobs(session: Session, records: Sequence[JobRecord]) -> list[tuple[int, bool]]:
    """Bulk upsert by identity: (id, created) per record, in order. Later duplicates update earlier."""
    comp = {
        r.company_name.strip(): r.company_fields for r in records if r.company_name and r.company_name.strip()
    }
    cids = company_ids(session, comp)
    values: dict[str, dict[str, Any]] = {}
    keys: list[str] = []
    for r in records:
        key = job_identity(r.job, r.company_name)
        cid = cids.get(r.company_name.strip()) if r.company_name else r.job.company_id
        values[key] = job_values(r.job, key, cid, source=r.source, extra=r.extra)
        keys.append(key)
    existing = _ids_by_external(session, list(values))
    new_rows = [v for k, v in values.items() if k not in existing]
    conn = session.connection()  # Core executemany: the ORM bulk path costs ~3x more per row
    if new_rows:
        conn.execute(sa.insert(JOBS), new_rows)
    upd = [{"_id": existing[k], **v} for k, v in values.items() if k in existing]
    if upd:
        conn.execute(sa.update(JOBS).where(JOBS.c.id == sa.bindparam("_id")), upd)
    ids = {**existing, **_ids_by_external(session, [v["external_id"] for v in new_rows])}
    _replace_job_skills(
        session, {ids[k]: v["skills"] for k, v in values.items()}, [existing[k] for k in existing]
    )
    _queue(session, "job", list(ids.values()), "upsert")
    seen: set[str] = set()
    out: list[tuple[int, bool]] = []
    for k in keys:
        out.append((ids[k], k not in existing and k not in seen))
        seen.add(k)
    return out


def _ids_by_external(session: Session, keys: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in range(0, len(keys), 500):  # stay under SQLite's bound-parameter limit
        chunk = keys[i : i + 500]
        out.update(
            {
                k: j
                for j, k in session.execute(
                    sa.select(m.Job.id, m.Job.external_id).where(m.Job.external_id.in_(chunk))
                )
            }
        )
    return out


def _replace_job_skills(session: Session, skills: dict[int, list[str]], old_ids: list[int]) -> None:
    for i in range(0, len(old_ids), 500):
        session.execute(sa.delete(m.JobSkill).where(m.JobSkill.job_id.in_(old_ids[i : i + 500])))
    rows = [{"job_id": jid, "skill": s[:64]} for jid, ss in skills.items() for s in dict.fromkeys(ss)]
    if rows:
        session.connection().execute(sa.insert(JOB_SKILLS), rows)


def _queue(session: Session, kind: str, ids: list[int], op: str) -> None:
    if ids:
        now = utcnow()
        session.connection().execute(
            sa.insert(INDEX_QUEUE),
            [{"kind": kind, "entity_id": i, "op": op, "created_at": now} for i in ids],
        )


def delete_job(session: Session, job_id: int) -> bool:
    """Delete a job (its skills and interactions go with it); queues an index delete."""
    row = session.get(m.Job, job_id)
    if row is None:
        return False
    session.execute(sa.delete(m.JobSkill).where(m.JobSkill.job_id == job_id))
    session.execute(sa.delete(m.Interaction).where(m.Interaction.job_id == job_id))
    session.delete(row)
    _queue(session, "job", [job_id], "delete")
    return True


# ---------------------------------------------------------------- candidates


def upsert_candidate(
    session: Session,
    resume: domain.Resume,
    *,
    external_id: str | None = None,
    user_id: int | None = None,
    open_to_pool: bool = True,
    resume_text: str = "",
    region: domain.Region | None = None,
    intent_regions: Sequence[domain.Region] = (),
    occupation_code: str | None = None,
) -> tuple[m.Candidate, bool]:
    """Insert or update a candidate by external id (else by user id); fills intent cities and skills."""
    from talentseek.store.convert import candidate_values

    row = None
    if external_id:
        row = session.scalars(sa.select(m.Candidate).where(m.Candidate.external_id == external_id)).first()
    elif user_id is not None:
        row = session.scalars(sa.select(m.Candidate).where(m.Candidate.user_id == user_id)).first()
    created = row is None
    vals = candidate_values(resume, region=region, resume_text=resume_text, occupation_code=occupation_code)
    vals.update(external_id=external_id or (row.external_id if row else None), open_to_pool=open_to_pool)
    if user_id is not None:
        vals["user_id"] = user_id
    if row is None:
        row = m.Candidate(created_at=utcnow(), **vals)
        session.add(row)
    else:
        for k, v in vals.items():
            setattr(row, k, v)
    session.flush()
    _replace_candidate_rows(session, row.id, resume, intent_regions)
    _queue(session, "candidate", [row.id], "upsert")
    return row, created


def _replace_candidate_rows(
    session: Session, cid: int, resume: domain.Resume, intent_regions: Sequence[domain.Region]
) -> None:
    session.execute(sa.delete(m.CandidateIntentCity).where(m.CandidateIntentCity.candidate_id == cid))
    session.execute(sa.delete(m.CandidateSkill).where(m.CandidateSkill.candidate_id == cid))
    provinces = {r.city: r.province for r in intent_regions if r.city}
    cities = [
        {"candidate_id": cid, "city": c[:32], "province": provinces.get(c)}
        for c in dict.fromkeys(resume.intent.cities)
        if c
    ]
    if cities:
        session.execute(sa.insert(m.CandidateIntentCity), cities)
    skills = [{"candidate_id": cid, "skill": s[:64]} for s in dict.fromkeys(resume.skills) if s]
    if skills:
        session.execute(sa.insert(m.CandidateSkill), skills)


# ---------------------------------------------------------------- interactions and counts


def add_interaction(
    session: Session,
    candidate_id: int,
    job_id: int,
    kind: domain.InteractionKind | str,
    initiated_by: domain.Role | str,
    at: datetime | None = None,
) -> m.Interaction:
    """Record one interaction (view/apply/invite/interview/offer/hire/reject)."""
    k = domain.InteractionKind(kind).value
    who = domain.Role(initiated_by).value
    row = m.Interaction(candidate_id=candidate_id, job_id=job_id, kind=k, initiated_by=who, at=at or utcnow())
    session.add(row)
    session.flush()
    if k != domain.InteractionKind.VIEW.value:
        # which recruiters may find this candidate is indexed with them: an application changes it
        _queue(session, "candidate", [candidate_id], "upsert")
    return row


def counts(session: Session) -> dict[str, int]:
    """Row counts for `talentseek stats --json` (CONTRACTS.md keys first)."""
    tables: dict[str, Any] = {
        "jobs": m.Job,
        "companies": m.Company,
        "candidates": m.Candidate,
        "interactions": m.Interaction,
        "users": m.User,
        "index_queue": m.IndexQueue,
    }
    out = {
        name: int(session.scalar(sa.select(sa.func.count()).select_from(t)) or 0)
        for name, t in tables.items()
    }
    out["open_jobs"] = int(
        session.scalar(sa.select(sa.func.count()).select_from(m.Job).where(m.Job.status == "open")) or 0
    )
    return out
