"""Rank fusion and score shaping: small pure functions, each citing where its formula comes from."""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from typing import Any, TypeVar

import numpy as np

K = TypeVar("K", bound=Hashable)


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[K]], k: int = 60, weights: Sequence[float] | None = None
) -> list[tuple[K, float]]:
    """RRF: score(d) = Σ_r w_r / (k + rank_r(d)), ranks from 1 (Cormack, Clarke & Büttcher, SIGIR 2009).

    Weights default to 1 (plain RRF); a weighted variant lets a weaker retriever only break ties.
    Equal scores keep the order in which items first appear, the first ranking's order first.
    """
    ws = list(weights) if weights is not None else [1.0] * len(rankings)
    scores: dict[K, float] = {}
    for ranking, w in zip(rankings, ws, strict=True):
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + w / (k + rank)
    return sorted(scores.items(), key=lambda kv: -kv[1])  # stable: ties stay in first-seen order


def min_max(scores: dict[K, float]) -> dict[K, float]:
    """Scale to [0, 1]; all-equal scores become 1.0 (every item is the best of its list)."""
    if not scores:
        return {}
    lo, hi = min(scores.values()), max(scores.values())
    if hi == lo:
        return dict.fromkeys(scores, 1.0)
    return {key: (v - lo) / (hi - lo) for key, v in scores.items()}


def weighted_fusion(score_lists: Sequence[dict[K, float]], weights: Sequence[float]) -> list[tuple[K, float]]:
    """Convex combination of min-max normalised scores (CombSUM with weights; Fox & Shaw 1994).

    An item missing from a list contributes 0 for that list; ties keep first-seen order.
    """
    if len(score_lists) != len(weights):
        raise ValueError("score_lists and weights differ in length")
    total: dict[K, float] = {}
    for scores, w in zip(score_lists, weights, strict=True):
        for key, v in min_max(scores).items():
            total[key] = total.get(key, 0.0) + w * v
    return sorted(total.items(), key=lambda kv: -kv[1])


def freshness_decay(age_days: float, half_life_days: float = 30.0) -> float:
    """Exponential decay 0.5^(age/half_life): Elasticsearch's `exp` decay function with decay=0.5 at scale."""
    if age_days <= 0:
        return 1.0
    return math.pow(0.5, age_days / half_life_days)


def with_freshness(score: float, age_days: float, weight: float = 0.1, half_life_days: float = 30.0) -> float:
    """score × (1 − w + w·decay): freshness nudges ties, never buries a clearly better match."""
    return score * (1.0 - weight + weight * freshness_decay(age_days, half_life_days))


def freshness_factors(
    posted_epoch: np.ndarray[Any, np.dtype[np.float64]],
    now: float,
    weight: float = 0.1,
    half_life_days: float = 30.0,
) -> np.ndarray[Any, np.dtype[np.float64]]:
    """`with_freshness`'s multiplier for many documents at once; unknown date (0, nan): a year old."""
    age = np.where(posted_epoch > 0, np.maximum(0.0, (now - posted_epoch) / 86400.0), 365.0)
    return 1.0 - weight + weight * np.power(0.5, age / half_life_days)
