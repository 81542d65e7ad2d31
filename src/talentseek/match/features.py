"""Person–job fit features as small pure functions.

Each takes NumPy arrays (or scalars, which broadcast) and returns fit in [0, 1], with NaN where
the data to judge is missing: missing data is neutral, never a penalty (the scorer fills NaN with
the feature's neutral value). The same functions serve one pair (explanations) and 100k pairs
(ranking), so what is explained is exactly what was scored.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

F = NDArray[np.float64]
NEUTRAL = 0.5
CREDIBLE_SKILLS = 30  # more claimed skills than this reads as keyword stuffing


def _arr(x: ArrayLike | None) -> F:
    return np.asarray(np.nan if x is None else x, dtype=np.float64)


def skill_fit(
    matched_required: ArrayLike,
    n_required: ArrayLike,
    matched_nice: ArrayLike,
    n_nice: ArrayLike,
    related: ArrayLike = 0.0,
    n_claimed: ArrayLike = 0.0,
) -> F:
    """Share of the JD's skills the person has: required weigh 3× nice-to-have; related skills count half.

    NaN when the JD names no skills. `related` = number of missing required skills the person has a
    related skill for (e.g. TensorFlow for PyTorch), credited at 0.5 each. A resume claiming more than
    CREDIBLE_SKILLS skills (keyword stuffing) has its fit scaled down by CREDIBLE_SKILLS / n_claimed,
    so listing every skill in the dictionary cannot beat a genuine, focused profile.
    """
    mr, nr, mn, nn, rel, nc = (
        _arr(v) for v in (matched_required, n_required, matched_nice, n_nice, related, n_claimed)
    )
    total = 3.0 * nr + nn
    got = 3.0 * (mr + 0.5 * np.minimum(rel, nr - mr)) + mn
    credibility = np.minimum(1.0, CREDIBLE_SKILLS / np.maximum(nc, 1.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, credibility * got / np.where(total > 0, total, 1.0), np.nan)


OCCUPATION_FIT_BY_SHARED = np.array([0.0, 0.1, 0.4, 0.75, 1.0])
"""Fit by how many leading CSCO code segments two occupations share (major, medium, minor, unit)."""


def code_segments(code: str | None) -> tuple[int, int, int, int]:
    """'2-02-10-03' → (2, 2, 10, 3); unknown → (-1, ...). Integers so many codes compare as arrays."""
    try:
        parts = [int(p) for p in (code or "").split("-")]
    except ValueError:
        parts = []
    return tuple(parts + [-1] * 4)[:4] if len(parts) == 4 else (-1, -1, -1, -1)  # type: ignore[return-value]


def occupation_fit(segments: ArrayLike, other: ArrayLike) -> F:
    """Occupation similarity from CSCO code segments (n × 4 vs 4): 1 same, .75 same minor group, ...

    NaN where either code is unknown.
    """
    a, b = np.atleast_2d(np.asarray(segments)), np.asarray(other)
    shared = np.cumprod(a == b, axis=1).sum(axis=1)
    fit = OCCUPATION_FIT_BY_SHARED[shared]
    return np.where((a[:, 0] < 0) | (b[0] < 0), np.nan, fit)


def title_overlap(shared_grams: ArrayLike, job_grams: ArrayLike) -> F:
    """Share of the job title's character bigrams found in the person's titles; NaN with no titles."""
    s, n = _arr(shared_grams), _arr(job_grams)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, s / np.where(n > 0, n, 1.0), np.nan)


def experience_fit(years: ArrayLike, min_req: ArrayLike, fresh_ok: ArrayLike = False) -> F:
    """1 when years ≥ the requirement; falls linearly to 0 at half of it. Fresh graduates fit 应届 jobs."""
    y, m, f = _arr(years), _arr(min_req), np.asarray(fresh_ok, dtype=bool)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(m > 0, (y - m / 2) / np.where(m > 0, m / 2, 1.0), 1.0)
    fit = np.clip(ratio, 0.0, 1.0)
    fit = np.where(f & (y <= 1), 1.0, fit)
    return np.where(np.isnan(y) | np.isnan(m), np.nan, fit)


def education_fit(rank: ArrayLike, required_rank: ArrayLike) -> F:
    """1 at or above the required level, 0.4 one level below, 0 further below (ranks of EDUCATION_LEVELS)."""
    r, q = _arr(rank), _arr(required_rank)
    # rank 0 is 不限: no requirement
    gap = q - r
    fit = np.where(gap <= 0, 1.0, np.where(gap == 1, 0.4, 0.0))
    fit = np.where(q == 0, 1.0, fit)
    return np.where(np.isnan(r) | np.isnan(q), np.nan, fit)


def salary_fit(
    expect_low: ArrayLike, expect_high: ArrayLike, offer_low: ArrayLike, offer_high: ArrayLike
) -> F:
    """How well the offer's top reaches the expected range (monthly yuan, months folded in).

    1 when the offer's top reaches the expectation's top; .6 at its floor, rising linearly between;
    below the floor it falls linearly to 0 at 30% short. A missing bound is taken from the other one.
    """
    el, eh, ol, oh = (_arr(v) for v in (expect_low, expect_high, offer_low, offer_high))
    floor = np.where(np.isnan(el), eh, el)
    ceil = np.where(np.isnan(eh), floor, np.maximum(eh, floor))
    top = np.where(np.isnan(oh), ol, oh)
    with np.errstate(invalid="ignore", divide="ignore"):
        short = (floor - top) / np.where(floor > 0, floor, 1.0)
        within = (top - floor) / np.where(ceil > floor, ceil - floor, 1.0)
    fit = np.where(
        top >= ceil,
        1.0,
        np.where(top >= floor, 0.6 + 0.4 * np.clip(within, 0, 1), 0.6 * np.clip(1 - short / 0.3, 0, 1)),
    )
    return np.where(np.isnan(floor) | np.isnan(top), np.nan, fit)


def location_fit(
    intent_match: ArrayLike, home_match: ArrayLike, same_province: ArrayLike, has_intent: ArrayLike
) -> F:
    """1 if the job's city is an intended city (or home city when no intent), .3 same province, else 0."""
    im, hm, sp, hi = (
        np.asarray(v, dtype=bool) for v in (intent_match, home_match, same_province, has_intent)
    )
    return np.where(im | (~hi & hm), 1.0, np.where(sp, 0.3, 0.0)).astype(np.float64)


def job_type_fit(wanted: str | None, offered: str | None) -> float:
    """1 same type (全职/兼职/实习/校招), .5 for 校招 vs 全职, 0 otherwise; NaN if either is unknown."""
    if not wanted or not offered:
        return math.nan
    if wanted == offered:
        return 1.0
    return 0.5 if {wanted, offered} == {"校招", "全职"} else 0.0


def freshness(age_days: ArrayLike, half_life_days: float = 30.0) -> F:
    """Exponential decay 2^(-age/half_life): a 30-day-old posting counts half (cf. time-decay ranking)."""
    a = _arr(age_days)
    return np.where(np.isnan(a), np.nan, np.power(2.0, -np.clip(a, 0, None) / half_life_days))


def reciprocal(p_seeker: ArrayLike, p_recruiter: ArrayLike) -> F:
    """Harmonic mean of both sides' preference (RECON, Pizzato et al. 2010): high only if both are."""
    a, b = _arr(p_seeker), _arr(p_recruiter)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(a + b > 0, 2 * a * b / np.where(a + b > 0, a + b, 1.0), 0.0)
