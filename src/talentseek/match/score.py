"""The transparent two-sided scorer: features → each side's preference → reciprocal score.

Seeker side ("would this person want the job"): salary, location, title, job type, freshness.
Recruiter side ("would the recruiter want this person"): skills, experience, education, title.
Missing features take the neutral value 0.5: unknown is neither a reason for nor against.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
from numpy.typing import NDArray

from talentseek.match import features as f
from talentseek.match.profiles import JobProfile, JobTable, SeekerProfile, SeekerTable, title_grams
from talentseek.match.text_fit import TEXT_FEATURES
from talentseek.text.skills import related_skills

FEATURES = ("skills", "experience", "education", "title", "salary", "location", "job_type", "freshness")
SEEKER_WEIGHTS = {"salary": 0.35, "location": 0.30, "title": 0.20, "job_type": 0.10, "freshness": 0.05}
RECRUITER_WEIGHTS = {"skills": 0.45, "experience": 0.20, "education": 0.15, "title": 0.20}
# text fit (match/text_fit.py) enters both sides: a specialization is what the seeker looks for and
# what the recruiter screens for. Weights and shares learned on benchmarks/match_dev2 dev resumes only.
# (coordinate ascent, benchmarks/match_dev2/evaluate.py --tune: dev NDCG@10 0.826; BM25 alone 0.770)
TEXT_WEIGHTS = {"text_bm25": 0.60, "text_dense": 0.24, "specialty": 0.06, "domain": 0.09, "seniority": 0.01}
TEXT_SHARE_SEEKER, TEXT_SHARE_RECRUITER = 0.8, 0.5


def _related(skills: frozenset[str]) -> frozenset[str]:
    out: set[str] = set()
    for s in skills:
        out |= related_skills(s)
    return frozenset(out - skills)


@dataclass
class Scores:
    """Aligned arrays for n pairs: raw features (NaN = unknown), each side, and the combined score."""

    features: NDArray[np.float64]  # n × len(FEATURES)
    seeker: NDArray[np.float64]
    recruiter: NDArray[np.float64]
    total: NDArray[np.float64]
    text: NDArray[np.float64] | None = None  # n × len(TEXT_FEATURES) once text fit was added

    def feature(self, name: str) -> NDArray[np.float64]:
        return self.features[:, FEATURES.index(name)]


def stacked(sc: Scores) -> NDArray[np.float64]:
    """Features plus both sides and the combined score: the learning-to-rank model's input row."""
    return np.column_stack([sc.features, sc.seeker, sc.recruiter, sc.total])


def side_score(feats: NDArray[np.float64], weights: dict[str, float]) -> NDArray[np.float64]:
    """Weighted mean of the named features, NaN filled with the neutral value."""
    cols = [FEATURES.index(k) for k in weights]
    w = np.array(list(weights.values()))
    x = np.nan_to_num(feats[:, cols], nan=f.NEUTRAL)
    return np.asarray(x @ w / w.sum(), dtype=np.float64)


def text_score(text: NDArray[np.float64], weights: dict[str, float] | None = None) -> NDArray[np.float64]:
    """Weighted mean of the text features, NaN filled with the neutral value."""
    w = weights or TEXT_WEIGHTS
    cols = [TEXT_FEATURES.index(k) for k in w]
    x = np.nan_to_num(text[:, cols], nan=f.NEUTRAL)
    vec = np.array(list(w.values()))
    return np.asarray(x @ vec / max(vec.sum(), 1e-9), dtype=np.float64)


def with_text(
    sc: Scores,
    text: NDArray[np.float64],
    weights: dict[str, float] | None = None,
    shares: tuple[float, float] = (TEXT_SHARE_SEEKER, TEXT_SHARE_RECRUITER),
) -> Scores:
    """Both sides blended with the text score, then combined reciprocally again (harmonic mean)."""
    t = text_score(text, weights)
    seeker = (1 - shares[0]) * sc.seeker + shares[0] * t
    recruiter = (1 - shares[1]) * sc.recruiter + shares[1] * t
    return Scores(sc.features, seeker, recruiter, f.reciprocal(seeker, recruiter), text)


def combine(feats: NDArray[np.float64]) -> Scores:
    seeker, recruiter = side_score(feats, SEEKER_WEIGHTS), side_score(feats, RECRUITER_WEIGHTS)
    return Scores(feats, seeker, recruiter, f.reciprocal(seeker, recruiter))


def _age_days(posted: datetime | None, now: datetime) -> float:
    return float("nan") if posted is None else (now - posted).total_seconds() / 86400


def _age_days_array(posted: NDArray[np.datetime64], now: datetime) -> NDArray[np.float64]:
    age = (np.datetime64(now, "s") - posted).astype("timedelta64[s]").astype(np.float64) / 86400
    return np.where(np.isnat(posted), np.nan, age)


def score_seekers_for_job(job: JobProfile, table: SeekerTable, now: datetime) -> Scores:
    """One job against many seekers (the recruiter's shortlist)."""
    n = len(table)
    req, nice = job.required_skills, job.nice_skills
    related = np.zeros(n)
    for skill in req:
        from_related = table.skills.count(_related(frozenset([skill]))) > 0
        related += from_related & (table.skills.count([skill]) == 0)
    grams = title_grams([job.title])
    intent = table.intent_cities.count([job.city] if job.city else [])
    job_seg = np.array(f.code_segments(job.occupation_code))
    cols = {
        "skills": f.skill_fit(
            table.skills.count(req),
            len(req),
            table.skills.count(nice),
            len(nice),
            related,
            table.skills.sizes,
        ),
        "experience": f.experience_fit(table.years, job.exp_min, job.fresh_ok),
        "education": f.education_fit(table.edu_rank, job.edu_rank),
        "title": np.fmax(
            f.occupation_fit(table.occupation, job_seg),
            f.title_overlap(table.title_grams.count(grams), len(grams)),
        ),
        "salary": f.salary_fit(table.expect_low, table.expect_high, job.offer_low, job.offer_high),
        "location": f.location_fit(
            intent > 0, table.city.eq(job.city), table.province.eq(job.province), table.has_intent
        ),
        "job_type": table.job_type.map(lambda wanted: f.job_type_fit(wanted, job.job_type)),
        "freshness": np.full(n, f.freshness(_age_days(job.posted_at, now))),
    }
    return combine(np.column_stack([np.broadcast_to(cols[k], (n,)) for k in FEATURES]).astype(np.float64))


def score_jobs_for_seeker(seeker: SeekerProfile, table: JobTable, now: datetime) -> Scores:
    """One seeker against many jobs (the seeker's recommendations)."""
    n = len(table)
    have = seeker.skills
    related = table.required.count(_related(have))
    grams = title_grams(seeker.intent_titles)
    job_gram_sizes = table.title_grams.sizes
    in_intent = table.city.isin(seeker.intent_cities)
    seg = np.array(f.code_segments(seeker.occupation_code))
    title_fit = np.fmax(
        f.occupation_fit(table.occupation, seg),
        f.title_overlap(table.title_grams.count(grams), job_gram_sizes),
    )
    if not grams and seeker.occupation_code is None:
        title_fit = np.full(n, np.nan)
    cols = {
        "skills": f.skill_fit(
            table.required.count(have),
            table.n_required,
            table.nice.count(have),
            table.n_nice,
            related,
            len(have),
        ),
        "experience": f.experience_fit(seeker.years, table.exp_min, table.fresh_ok),
        "education": f.education_fit(seeker.edu_rank, table.edu_rank),
        "title": title_fit,
        "salary": f.salary_fit(seeker.expect_low, seeker.expect_high, table.offer_low, table.offer_high),
        "location": f.location_fit(
            in_intent,
            table.city.eq(seeker.city),
            table.province.eq(seeker.province),
            bool(seeker.intent_cities),
        ),
        "job_type": table.job_type.map(lambda offered: f.job_type_fit(seeker.job_type, offered)),
        "freshness": f.freshness(_age_days_array(table.posted_at, now)),
    }
    return combine(np.column_stack([np.broadcast_to(cols[k], (n,)) for k in FEATURES]).astype(np.float64))
