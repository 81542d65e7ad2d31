"""Matches as the public JSON shape (mirrors `search --json` results), contact masked unless allowed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentseek.domain import to_dict
from talentseek.match.service import Match
from talentseek.store import models as m
from talentseek.store.convert import salary_from_row
from talentseek.text.contacts import scrub_tree


def _explained(x: Match) -> dict[str, Any]:
    return {
        "score": round(x.score, 4),
        "seeker_score": round(x.seeker_score, 4),
        "recruiter_score": round(x.recruiter_score, 4),
        "reasons": list(x.explanation.reasons),
        "gaps": list(x.explanation.gaps),
        "missing_skills": list(x.explanation.missing_skills),
        "insufficient": x.explanation.insufficient,
        "features": x.features,
    }


def job_results(session: Session, matches: Sequence[Match]) -> list[dict[str, Any]]:
    """Jobs for a seeker: id, external_id, title, company, city, salary, score, reasons, gaps."""
    ids = [x.job.id for x in matches]
    rows = {r.id: r for r in session.scalars(sa.select(m.Job).where(m.Job.id.in_(ids)))} if ids else {}
    out = []
    for x in matches:
        row = rows.get(x.job.id) if x.job.id is not None else None
        salary = to_dict(salary_from_row(row)) if row is not None else None
        out.append(
            {
                "id": x.job.id,
                "external_id": x.job.external_id,
                "title": x.job.title,
                "company": x.job.company,
                "city": x.job.city,
                "district": x.job.district,
                "salary": salary,
                "salary_text": row.salary_text if row is not None else None,
                **_explained(x),
            }
        )
    return out


def candidate_results(
    session: Session, matches: Sequence[Match], contact_allowed: Callable[[int], bool]
) -> list[dict[str, Any]]:
    """Seekers for a job; contact details only where `contact_allowed(candidate_id)`.

    Elsewhere phone and e-mail are masked and every other string (titles, reasons, gaps, the name
    field) is scrubbed of phone numbers, e-mail addresses, WeChat/QQ ids and ID-card numbers."""
    from talentseek.auth.policy import mask_email, mask_phone

    ids = [x.seeker.id for x in matches]
    rows = (
        {r.id: r for r in session.scalars(sa.select(m.Candidate).where(m.Candidate.id.in_(ids)))}
        if ids
        else {}
    )
    out = []
    for x in matches:
        row = rows[x.seeker.id] if x.seeker.id in rows else None
        allowed = x.seeker.id is not None and contact_allowed(x.seeker.id)
        phone = row.phone if row is not None else None
        email = row.email if row is not None else None
        item = {
            "id": x.seeker.id,
            "name": x.seeker.name,
            "city": x.seeker.city,
            "years_of_experience": None if x.seeker.years != x.seeker.years else x.seeker.years,
            "education": x.seeker.education,
            "skills": sorted(x.seeker.skills),
            "intent_cities": sorted(x.seeker.intent_cities),
            "intent_titles": list(x.seeker.intent_titles),
            "contact_visible": allowed,
            **_explained(x),
        }
        if not allowed:
            item = scrub_tree(item)
        item["phone"] = phone if allowed else mask_phone(phone)
        item["email"] = email if allowed else mask_email(email)
        out.append(item)
    return out


CSV_COLUMNS = (
    "id",
    "name",
    "city",
    "years_of_experience",
    "education",
    "skills",
    "phone",
    "email",
    "score",
    "recruiter_score",
    "seeker_score",
    "reasons",
    "gaps",
)


def shortlist_csv(results: Sequence[dict[str, Any]]) -> str:
    """A shortlist as CSV text with a BOM, so Excel opens the Chinese correctly."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_COLUMNS)
    for r in results:
        w.writerow(["；".join(v) if isinstance(v, list) else v for v in (r.get(c) for c in CSV_COLUMNS)])
    return "\ufeff" + buf.getvalue()
