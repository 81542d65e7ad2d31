"""Pure parts of search: fusion, freshness, metrics, qrels reading (hand-computed literals)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from talentseek.errors import InputError
from talentseek.search.evaluate import read_qrels, score_runs
from talentseek.search.fusion import (
    freshness_decay,
    min_max,
    reciprocal_rank_fusion,
    weighted_fusion,
    with_freshness,
)
from talentseek.search.metrics import dcg, ndcg_at_k, recall_at_k, reciprocal_rank


def test_rrf_matches_hand_computation() -> None:
    fused = dict(reciprocal_rank_fusion([["a", "b", "c"], ["b", "d"]], k=60))
    assert fused["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert fused["a"] == pytest.approx(1 / 61)
    assert fused["d"] == pytest.approx(1 / 62)
    assert [key for key, _ in reciprocal_rank_fusion([["a", "b", "c"], ["b", "d"]])][0] == "b"
    weighted = dict(reciprocal_rank_fusion([["a"], ["b"]], k=60, weights=[1.0, 0.5]))
    assert weighted == pytest.approx({"a": 1 / 61, "b": 0.5 / 61})
    # a tie keeps first-seen order, the first ranking's first: not the keys' sort order
    assert [key for key, _ in reciprocal_rank_fusion([["z", "y"], ["y", "z"]])] == ["z", "y"]
    assert [key for key, _ in reciprocal_rank_fusion([["z"], ["a"]])] == ["z", "a"]


def test_weighted_fusion_min_max_and_missing_items() -> None:
    assert min_max({"a": 2.0, "b": 4.0, "c": 3.0}) == {"a": 0.0, "b": 1.0, "c": 0.5}
    assert min_max({"a": 5.0}) == {"a": 1.0}
    fused = dict(weighted_fusion([{"a": 10.0, "b": 0.0}, {"b": 0.9, "c": 0.1}], [0.7, 0.3]))
    assert fused == pytest.approx({"a": 0.7, "b": 0.3, "c": 0.0})
    with pytest.raises(ValueError):
        weighted_fusion([{"a": 1.0}], [0.5, 0.5])


def test_freshness_half_life() -> None:
    assert freshness_decay(0) == 1.0
    assert freshness_decay(30, 30) == pytest.approx(0.5)
    assert freshness_decay(60, 30) == pytest.approx(0.25)
    assert with_freshness(10.0, 30, weight=0.1) == pytest.approx(10.0 * (0.9 + 0.05))


def test_metrics_on_literals() -> None:
    grades = {"d1": 2, "d2": 1, "d3": 0}
    assert dcg([2, 1]) == pytest.approx(3 / 1 + 1 / math.log2(3))
    assert ndcg_at_k(["d1", "d2"], grades) == pytest.approx(1.0)
    swapped = (1 + 3 / math.log2(3)) / (3 + 1 / math.log2(3))
    assert ndcg_at_k(["d2", "d1"], grades) == pytest.approx(swapped)
    assert ndcg_at_k(["x"], {"x": 0}) == 0.0
    assert recall_at_k(["d2", "x"], grades, 50) == 0.5
    assert reciprocal_rank(["x", "d3", "d2"], grades) == pytest.approx(1 / 3)
    assert reciprocal_rank(["x"], grades) == 0.0


def test_read_qrels_and_score(tmp_path: Path) -> None:
    f = tmp_path / "q.tsv"
    f.write_text(
        "query_id\tquery\texternal_id\tgrade\nq1\tJava\tA\t2\nq1\tJava\tB\t0\nq2\t运营\tC\t1\n", "utf-8"
    )
    q = read_qrels(f)
    assert q["q1"].grades == {"A": 2, "B": 0} and q["q2"].query == "运营"
    out = score_runs({"q1": ["B", "A"], "q2": []}, q)
    assert out["queries"] == 2
    assert out["mrr"] == pytest.approx((0.5 + 0.0) / 2)
    assert out["recall@50"] == pytest.approx(0.5)


@pytest.mark.parametrize(
    "text",
    [
        "query\tx\n",
        "query_id\tquery\texternal_id\tgrade\nq1\tJava\tA\t5\n",
        "query_id\tquery\texternal_id\tgrade\n",
    ],
)
def test_bad_qrels_name_the_problem(tmp_path: Path, text: str) -> None:
    f = tmp_path / "bad.tsv"
    f.write_text(text, "utf-8")
    with pytest.raises(InputError) as err:
        read_qrels(f)
    assert "bad.tsv" in str(err.value)
