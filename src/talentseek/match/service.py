"""Matching over the store: retrieve candidates for scoring, score, explain, respect who may see what.

Jobs for a seeker: retrieve open jobs in the seeker's intended cities/province and occupation (SQL,
indexed), then score the pool (bounded by `pool`), so 1M postings cost one indexed query plus a
vectorised score. Seekers for a job: the job's applicants, plus the opted-in talent pool when asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentseek.domain import Resume
from talentseek.errors import Forbidden, NotFound
from talentseek.match.explain import Explanation, explain, skill_advice
from talentseek.match.profiles import TEXT_CHARS, JobProfile, JobTable, SeekerProfile, SeekerTable
from talentseek.match.score import (
    FEATURES,
    Scores,
    score_jobs_for_seeker,
    score_seekers_for_job,
    stacked,
    with_text,
)
from talentseek.match.text_fit import TEXT_FEATURES, Idf, features_for_jobs, features_for_seekers, text_reason
from talentseek.store import models as m
from talentseek.text.occupation import classify_title
from talentseek.text.region import parse_region

JOB_COLUMNS = (
    m.Job.id,
    m.Job.external_id,
    m.Job.title,
    m.Job.skills,
    m.Job.required_skills,
    m.Job.exp_min,
    m.Job.fresh_ok,
    m.Job.education_rank,
    m.Job.city,
    m.Job.province,
    m.Job.district,
    m.Job.salary_month_low,
    m.Job.salary_month_high,
    m.Job.salary_months,
    m.Job.job_type,
    m.Job.occupation_code,
    m.Job.posted_at,
    m.Job.description,
    m.Company.name.label("company"),
)


TEXT_POOL = 2000  # seekers per table whose text is read when screening (the field scorer's best)


@dataclass(frozen=True)
class Match:
    """One ranked pair with both sides' scores, the features behind them and the explanation."""

    job: JobProfile
    seeker: SeekerProfile
    score: float
    seeker_score: float
    recruiter_score: float
    features: dict[str, float | None]
    explanation: Explanation


@dataclass(frozen=True)
class Criteria:
    """Recruiter screening: must-haves are hard filters, nice-to-haves boost."""

    must_skills: frozenset[str] = frozenset()
    nice_skills: frozenset[str] = frozenset()
    min_years: float | None = None
    min_education_rank: int | None = None
    cities: frozenset[str] = field(default_factory=frozenset)


def _job_rows(session: Session, where: Sequence[sa.ColumnElement[bool]], limit: int) -> list[JobProfile]:
    q = (
        sa.select(*JOB_COLUMNS)
        .outerjoin(m.Company, m.Company.id == m.Job.company_id)
        .where(m.Job.status == "open", *where)
        .order_by(m.Job.posted_at.desc().nulls_last())
        .limit(limit)
    )
    return [JobProfile.from_row(r, company=r.company) for r in session.execute(q)]


def retrieve_jobs(session: Session, seeker: SeekerProfile, pool: int = 5000) -> list[JobProfile]:
    """Open jobs worth scoring: intended cities, then province, then occupation; newest first."""
    seen: dict[int, JobProfile] = {}
    cities = sorted(seeker.intent_cities) or ([seeker.city] if seeker.city else [])
    stages: list[list[sa.ColumnElement[bool]]] = []
    if cities:
        stages.append([m.Job.city.in_(cities)])
    if seeker.province:
        stages.append([m.Job.province == seeker.province])
    if seeker.occupation_code:
        stages.append([m.Job.occupation_code == seeker.occupation_code])
    stages.append([])
    for where in stages:
        for j in _job_rows(session, where, pool - len(seen)):
            if j.id is not None:
                seen.setdefault(j.id, j)
        if len(seen) >= pool:
            break
    return list(seen.values())


def _features(sc: Scores, i: int) -> dict[str, float | None]:
    names, values = list(FEATURES), list(sc.features[i])
    if sc.text is not None:
        names += TEXT_FEATURES
        values += list(sc.text[i])
    return {k: (None if np.isnan(v) else round(float(v), 4)) for k, v in zip(names, values, strict=True)}


def _explained(seeker: SeekerProfile, job: JobProfile, idf: Idf | None) -> Explanation:
    """The field explanation, led by the text reason quoting both texts when they share a specialty."""
    base = explain(seeker, job)
    reason = text_reason(seeker, job, idf) if idf is not None else None
    return replace(base, reasons=(reason, *base.reasons)) if reason else base


def _top(sc: Scores, k: int, allowed: np.ndarray | None = None, boost: np.ndarray | None = None) -> list[int]:
    total = sc.total + (0 if boost is None else boost)
    if allowed is not None:
        total = np.where(allowed, total, -np.inf)
    k = min(k, int(np.isfinite(total).sum()))
    idx = np.argpartition(-total, k - 1)[:k] if 0 < k < len(total) else np.arange(len(total))[: max(k, 0)]
    return [int(i) for i in sorted(idx, key=lambda i: (-total[i], i))]


def match_jobs(
    session: Session,
    seeker: SeekerProfile,
    *,
    k: int = 20,
    now: datetime | None = None,
    pool: int = 5000,
    model: Any | None = None,
) -> list[Match]:
    """Jobs for a seeker, best reciprocal fit first (or by the learned model when one was promoted).

    Fit = the field scores plus text fit (experience text against each JD, match/text_fit.py) on both
    sides, combined by their harmonic mean. A promoted LTR model ranks by the field features it was
    trained on, as before.
    """
    jobs = retrieve_jobs(session, seeker, pool)
    if not jobs:
        return []
    sc = score_jobs_for_seeker(seeker, JobTable.of(jobs), now or datetime.now())
    fit = features_for_jobs(seeker, jobs)
    sc = with_text(sc, fit.matrix)
    if model is not None:
        # lambdarank scores are unbounded; a logistic keeps the order and shows as a 0-1 match degree
        sc.total = 1.0 / (1.0 + np.exp(-np.asarray(model.predict(stacked(sc)), dtype=np.float64)))
    return [
        Match(
            jobs[i],
            seeker,
            float(sc.total[i]),
            float(sc.seeker[i]),
            float(sc.recruiter[i]),
            _features(sc, i),
            _explained(seeker, jobs[i], fit.idf),
        )
        for i in _top(sc, k)
    ]


def advice_for(
    session: Session, seeker: SeekerProfile, *, now: datetime | None = None, pool: int = 2000
) -> list[tuple[str, int]]:
    """Skills that would open most near-miss jobs (wanted by the seeker, short on skills)."""
    jobs = retrieve_jobs(session, seeker, pool)
    if not jobs:
        return []
    sc = score_jobs_for_seeker(seeker, JobTable.of(jobs), now or datetime.now())
    near = [jobs[i] for i in np.flatnonzero((sc.seeker >= 0.6) & (sc.feature("skills") < 0.8))]
    return skill_advice(near, seeker)


def job_profile(session: Session, job_id: int) -> JobProfile:
    rows = _job_rows(session, [m.Job.id == job_id], 1) or [
        JobProfile.from_row(r, company=r.company)
        for r in session.execute(
            sa.select(*JOB_COLUMNS)
            .outerjoin(m.Company, m.Company.id == m.Job.company_id)
            .where(m.Job.id == job_id)
        )
    ]
    if not rows:
        raise NotFound(f"职位 {job_id} 不存在")
    return rows[0]


def job_company_id(session: Session, job_id: int) -> int | None:
    found = session.execute(sa.select(m.Job.company_id).where(m.Job.id == job_id)).first()
    if found is None:
        raise NotFound(f"职位 {job_id} 不存在")
    return found[0]


def applicant_ids(session: Session, job_id: int) -> set[int]:
    q = sa.select(m.Interaction.candidate_id).where(
        m.Interaction.job_id == job_id, m.Interaction.kind.in_(("apply", "invite"))
    )
    return set(session.scalars(q))


def load_seekers(session: Session, ids: set[int] | None = None, *, pool: bool = False) -> list[SeekerProfile]:
    q = sa.select(m.Candidate).where(m.Candidate.active.is_(True))
    if ids is not None and pool:
        q = q.where(sa.or_(m.Candidate.id.in_(ids), m.Candidate.open_to_pool.is_(True)))
    elif ids is not None:
        q = q.where(m.Candidate.id.in_(ids))
    elif pool:
        q = q.where(m.Candidate.open_to_pool.is_(True))
    return [SeekerProfile.from_row(c) for c in session.scalars(q)]


_POOL_CACHE: dict[str, tuple[tuple[object, ...], SeekerTable, frozenset[int]]] = {}


def pool_table(session: Session) -> tuple[SeekerTable, frozenset[int]]:
    """The opted-in talent pool as one table, rebuilt only when the pool changed (count, ids, edits)."""
    c = m.Candidate
    pool = sa.and_(c.active.is_(True), c.open_to_pool.is_(True))
    version = tuple(
        session.execute(
            sa.select(
                sa.func.count(), sa.func.max(c.id), sa.func.max(c.updated_at), sa.func.max(c.created_at)
            ).where(pool)
        ).one()
    )
    url = str(session.get_bind().engine.url)
    hit = _POOL_CACHE.get(url)
    if hit is not None and hit[0] == version:
        return hit[1], hit[2]
    profiles = load_seekers(session, None, pool=True)
    table, ids = SeekerTable.of(profiles), frozenset(p.id for p in profiles if p.id is not None)
    _POOL_CACHE[url] = (version, table, ids)
    return table, ids


def seeker_tables(session: Session, applicants: set[int], *, pool: bool) -> list[SeekerTable]:
    """Applicants, plus the talent pool when asked: the pool table is cached across requests."""
    if not pool:
        return [SeekerTable.of(load_seekers(session, applicants))]
    table, in_pool = pool_table(session)
    rest = load_seekers(session, applicants - in_pool)
    return [table, SeekerTable.of(rest)] if rest else [table]


def _allowed(table: SeekerTable, criteria: Criteria) -> np.ndarray:
    allowed = np.ones(len(table), dtype=bool)
    if criteria.must_skills:
        allowed &= table.skills.count(criteria.must_skills) == len(criteria.must_skills)
    if criteria.min_years is not None:
        allowed &= np.nan_to_num(table.years, nan=-1) >= criteria.min_years
    if criteria.min_education_rank is not None:
        allowed &= np.nan_to_num(table.edu_rank, nan=-1) >= criteria.min_education_rank
    if criteria.cities:
        allowed &= (table.intent_cities.count(criteria.cities) > 0) | table.city.isin(criteria.cities)
    return allowed


def screen(
    job: JobProfile,
    tables: Sequence[SeekerTable],
    criteria: Criteria,
    *,
    k: int = 50,
    now: datetime | None = None,
) -> list[Match]:
    """Rank seekers for a job: must-haves filter, nice-to-haves add up to +0.1, then reciprocal score.

    Text fit reads the TEXT_POOL seekers the field scorer ranks highest in each table, so a talent pool
    of 100k costs one vectorised field pass plus TEXT_POOL texts.
    """
    when = now or datetime.now()
    ranked: list[tuple[float, int, int, Scores, Idf]] = []
    used = list(tables)
    for t, table in enumerate(tables):
        if not len(table):
            continue
        if len(table) > TEXT_POOL:
            keep = _top(score_seekers_for_job(job, table, when), TEXT_POOL, _allowed(table, criteria))
            table = used[t] = SeekerTable.of([table.profiles[i] for i in keep])
        fit = features_for_seekers(job, table.profiles)
        sc = with_text(score_seekers_for_job(job, table, when), fit.matrix)
        boost = None
        if criteria.nice_skills:
            boost = 0.1 * table.skills.count(criteria.nice_skills) / len(criteria.nice_skills)
        total = sc.total + (0 if boost is None else boost)
        ranked += [
            (float(total[i]), t, i, sc, fit.idf) for i in _top(sc, k, _allowed(table, criteria), boost)
        ]
    ranked.sort(key=lambda r: (-r[0], r[1], r[2]))
    out = []
    for _, t, i, sc, idf in ranked[:k]:
        p = used[t].profiles[i]
        out.append(
            Match(
                job,
                p,
                float(sc.total[i]),
                float(sc.seeker[i]),
                float(sc.recruiter[i]),
                _features(sc, i),
                _explained(p, job, idf),
            )
        )
    return out


def check_recruiter_owns(session: Session, job_id: int, company_id: int | None, is_operator: bool) -> None:
    if is_operator:
        return
    if company_id is None or job_company_id(session, job_id) != company_id:
        raise Forbidden("只能查看本公司职位的候选人")


def seeker_from_resume(resume: Resume, raw_text: str | None = None) -> SeekerProfile:
    """A profile for a parsed resume: occupation from the intended (or latest) title.

    With the resume's `raw_text` (the file's extracted text), text fit reads all of it: the parser
    keeps fields, and an experience description it did not attach to an entry is still experience.
    """
    title = (resume.intent.titles or tuple(w.title for w in resume.experience if w.title) or (None,))[0]
    occ = classify_title(title) if title else None
    code = occ.code if occ else None
    province = parse_region(resume.city).province if resume.city else None
    profile = SeekerProfile.from_resume(resume, occupation_code=code, province=province)
    if raw_text:
        profile = replace(profile, text=raw_text[:TEXT_CHARS])
    return profile


def seeker_from_file(path: Path) -> SeekerProfile:
    """Parse a resume file and keep its text for text fit (what `eval match` and the CLI should use)."""
    from talentseek.parse.extract import extract_text
    from talentseek.parse.resume import parse_resume_text

    raw = extract_text(path)
    return seeker_from_resume(parse_resume_text(raw), raw_text=raw)
