"""Reading what the index needs from the store: rows for documents and result cards, the outbox."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from talentseek.search.docs import IndexDoc, candidate_doc, candidate_titles, job_doc
from talentseek.store import models as m
from talentseek.store.db import Database

KINDS = ("job", "candidate")


def salary_json(row: Any) -> dict[str, Any]:
    """The CONTRACTS.md salary object of a job row (a mapping with the salary_* columns)."""
    lo, hi, neg = row["salary_low"], row["salary_high"], bool(row["salary_negotiable"])
    return {
        "valid": lo is not None or hi is not None or neg,
        "low": lo,
        "high": hi,
        "period": row["salary_period"],
        "months": row["salary_months"],
        "negotiable": neg,
    }


def applied_companies(db: Database, candidate_ids: list[int]) -> dict[int, list[int]]:
    """candidate id → companies the candidate engaged with (any interaction but a view: auth.policy)."""
    out: dict[int, list[int]] = {i: [] for i in candidate_ids}
    if not candidate_ids:
        return out
    stmt = (
        select(m.Interaction.candidate_id, m.Job.company_id)
        .join(m.Job, m.Job.id == m.Interaction.job_id)
        .where(m.Interaction.kind != "view", m.Interaction.candidate_id.in_(candidate_ids))
        .distinct()
    )
    with db.session() as s:
        for cid, company_id in s.execute(stmt):
            if company_id is not None:
                out[cid].append(int(company_id))
    return out


def docs_for(db: Database, kind: str, ids: list[int]) -> dict[int, IndexDoc]:
    """Index documents for the given ids (ids no longer in the store are absent)."""
    if not ids:
        return {}
    with db.session() as s:
        if kind == "job":
            rows = s.scalars(select(m.Job).options(selectinload(m.Job.company)).where(m.Job.id.in_(ids)))
            return {r.id: job_doc(r) for r in rows}
        cands = list(s.scalars(select(m.Candidate).where(m.Candidate.id.in_(ids))))
    applied = applied_companies(db, [c.id for c in cands])
    return {c.id: candidate_doc(c, applied[c.id]) for c in cands}


def all_ids(db: Database, kind: str) -> list[int]:
    model = m.Job if kind == "job" else m.Candidate
    with db.session() as s:
        return list(s.scalars(select(model.id).order_by(model.id)))


def iter_id_batches(db: Database, kind: str, batch: int = 2000) -> Iterator[list[int]]:
    ids = all_ids(db, kind)
    for i in range(0, len(ids), batch):
        yield ids[i : i + batch]


def pending_queue(db: Database, limit: int = 5000) -> list[tuple[int, str, int, str]]:
    """Oldest outbox rows: (queue id, kind, entity id, op)."""
    with db.session() as s:
        rows = s.execute(
            select(m.IndexQueue.id, m.IndexQueue.kind, m.IndexQueue.entity_id, m.IndexQueue.op)
            .order_by(m.IndexQueue.id)
            .limit(limit)
        )
        return [(int(a), str(b), int(c), str(d)) for a, b, c, d in rows]


def drop_queue(db: Database, max_id: int) -> None:
    with db.session() as s:
        s.execute(delete(m.IndexQueue).where(m.IndexQueue.id <= max_id))


def queue_size(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(m.IndexQueue)) or 0)


JOB_CARD_COLUMNS = (
    m.Job.id,
    m.Job.external_id,
    m.Job.title,
    m.Job.city,
    m.Job.district,
    m.Job.province,
    m.Job.salary_low,
    m.Job.salary_high,
    m.Job.salary_period,
    m.Job.salary_months,
    m.Job.salary_negotiable,
    m.Job.salary_month_low,
    m.Job.salary_month_high,
    m.Job.exp_min,
    m.Job.education,
    m.Job.job_type,
    m.Job.benefits,
    m.Job.skills,
    m.Job.description,
    m.Job.posted_at,
    m.Company.name.label("company"),
    m.Company.size.label("size"),
)


def job_cards(db: Database, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Everything a result card and its reasons need, per job id (one plain SELECT, no ORM objects)."""
    if not ids:
        return {}
    stmt = (
        select(*JOB_CARD_COLUMNS)
        .outerjoin(m.Company, m.Company.id == m.Job.company_id)
        .where(m.Job.id.in_(ids))
    )
    with db.session() as s:
        out = {}
        for r in s.execute(stmt).mappings():
            out[r["id"]] = {
                "id": r["id"],
                "external_id": r["external_id"],
                "title": r["title"],
                "company": r["company"],
                "city": r["city"],
                "district": r["district"],
                "province": r["province"],
                "salary": salary_json(r),
                "salary_low": r["salary_month_low"],
                "salary_high": r["salary_month_high"],
                "exp_min": r["exp_min"],
                "education": r["education"],
                "job_type": r["job_type"],
                "benefits": list(r["benefits"] or []),
                "skills": list(r["skills"] or []),
                "description": (r["description"] or "")[:3000],
                "size": r["size"],
                "posted_at": r["posted_at"].isoformat() if r["posted_at"] else None,
            }
        return out


def candidate_cards(db: Database, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Result cards for candidates: no name, phone, e-mail or raw resume text (contact data)."""
    from talentseek.search.docs import candidate_text

    with db.session() as s:
        rows = list(s.scalars(select(m.Candidate).where(m.Candidate.id.in_(ids))))
        out = {}
        for c in rows:
            titles = candidate_titles(c)
            out[c.id] = {
                "id": c.id,
                "external_id": c.external_id,
                "title": titles[0] if titles else "",
                "company": None,
                "city": c.city,
                "district": c.district,
                "province": c.province,
                "salary": {
                    "valid": c.intent_salary_low is not None or c.intent_salary_high is not None,
                    "low": c.intent_salary_low,
                    "high": c.intent_salary_high,
                    "period": "month",
                    "months": None,
                    "negotiable": False,
                },
                "salary_low": c.intent_salary_low,
                "salary_high": c.intent_salary_high,
                "exp_min": c.years_experience,
                "education": c.highest_education,
                "job_type": c.intent_job_type,
                "benefits": [],
                "skills": list(c.skills or []),
                "description": candidate_text(c)[:3000],
                "titles": titles,
                "size": None,
                "posted_at": c.updated_at.isoformat() if c.updated_at else None,
            }
        return out
