"""Ranking quality metrics over graded judgments (pure functions)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def dcg(gains: Sequence[float]) -> float:
    """DCG with exponential gain (2^g − 1) / log2(rank + 1) (Burges et al., ICML 2005)."""
    return float(sum((2.0**g - 1.0) / math.log2(i + 2) for i, g in enumerate(gains)))


def ndcg_at_k(ranked: Sequence[str], grades: Mapping[str, int], k: int = 10) -> float:
    """NDCG@k (Järvelin & Kekäläinen 2002); 0.0 when nothing is relevant (query has no judged hits)."""
    ideal = dcg(sorted((g for g in grades.values() if g > 0), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([grades.get(d, 0) for d in ranked[:k]]) / ideal


def recall_at_k(ranked: Sequence[str], grades: Mapping[str, int], k: int = 50) -> float:
    """Share of relevant (grade > 0) documents found in the top k; 0.0 when none are relevant."""
    relevant = {d for d, g in grades.items() if g > 0}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranked[:k])) / len(relevant)


def reciprocal_rank(ranked: Sequence[str], grades: Mapping[str, int]) -> float:
    """1 / rank of the first relevant document (MRR's per-query term, Voorhees 1999); 0 if none."""
    for i, d in enumerate(ranked, start=1):
        if grades.get(d, 0) > 0:
            return 1.0 / i
    return 0.0
