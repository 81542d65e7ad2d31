"""Reading what the index needs from the store: rows for documents and result cards, the outbox."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from talentseek.search.docs import (
    IndexDoc,
    candidate_card,
    candidate_doc,
    candidate_embed_text,
    job_card,
    job_doc,
    job_embed_text,
)
from talentseek.store import models as m
from talentseek.store.db import Database

KINDS = ("job", "candidate")


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


def embed_texts(db: Database, kind: str, ids: list[int]) -> dict[int, str]:
    """The text to embed per id, without building whole index documents (no tokenising)."""
    if not ids:
        return {}
    with db.session() as s:
        if kind == "job":
            jobs = s.scalars(select(m.Job).where(m.Job.id.in_(ids)))
            return {j.id: job_embed_text(j) for j in jobs}
        cands = s.scalars(select(m.Candidate).where(m.Candidate.id.in_(ids)))
        return {c.id: candidate_embed_text(c) for c in cands}


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


def job_cards(db: Database, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Result cards per job id, read from the store (backends that keep no card of their own)."""
    if not ids:
        return {}
    with db.session() as s:
        rows = s.scalars(select(m.Job).options(selectinload(m.Job.company)).where(m.Job.id.in_(ids)))
        return {r.id: job_card(r) for r in rows}


def candidate_cards(db: Database, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Result cards per candidate id, read from the store (contact data left out: docs.candidate_card)."""
    if not ids:
        return {}
    with db.session() as s:
        return {
            c.id: candidate_card(c) for c in s.scalars(select(m.Candidate).where(m.Candidate.id.in_(ids)))
        }
