"""`talentseek eval search`: NDCG@10, Recall@50 and MRR of the search engine on a qrels TSV."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from talentseek.errors import InputError
from talentseek.search.base import MODES, SearchIndex, SearchRequest
from talentseek.search.metrics import ndcg_at_k, recall_at_k, reciprocal_rank

HEADER = ("query_id", "query", "external_id", "grade")
DEPTH = 50  # Recall@50 needs the top 50


@dataclass
class Judged:
    query: str
    grades: dict[str, int] = field(default_factory=dict)


def read_qrels(path: Path) -> dict[str, Judged]:
    """query_id → its text and graded judgments; rows name the file and line when malformed."""
    out: dict[str, Judged] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t")
        header = tuple(next(reader, ()))
        if header[:4] != HEADER:
            raise InputError(
                "表头应为 query_id、query、external_id、grade（制表符分隔）", file=str(path), row=1
            )
        for n, row in enumerate(reader, start=2):
            if not row or not "".join(row).strip():
                continue
            if len(row) < 4 or row[3].strip() not in ("0", "1", "2"):
                raise InputError("每行需 4 列，grade 为 0、1 或 2", file=str(path), row=n)
            qid, text, ext, grade = (c.strip() for c in row[:4])
            judged = out.setdefault(qid, Judged(text))
            judged.grades[ext] = int(grade)
    if not out:
        raise InputError("没有任何评测查询", file=str(path))
    return out


def score_runs(runs: dict[str, list[str]], qrels: dict[str, Judged]) -> dict[str, float | int]:
    """Mean metrics over queries (ranked external ids per query id)."""
    sums: dict[str, float] = defaultdict(float)
    for qid, judged in qrels.items():
        ranked = runs.get(qid, [])
        sums["ndcg@10"] += ndcg_at_k(ranked, judged.grades, 10)
        sums["recall@50"] += recall_at_k(ranked, judged.grades, 50)
        sums["mrr"] += reciprocal_rank(ranked, judged.grades)
    n = len(qrels)
    return {
        "ndcg@10": round(sums["ndcg@10"] / n, 4),
        "recall@50": round(sums["recall@50"] / n, 4),
        "mrr": round(sums["mrr"] / n, 4),
        "queries": n,
    }


def run_queries(index: SearchIndex, qrels: dict[str, Judged], mode: str) -> dict[str, list[str]]:
    runs: dict[str, list[str]] = {}
    for qid, judged in qrels.items():
        res = index.search_jobs(SearchRequest(query=judged.query, k=DEPTH, mode=mode, facets=False))  # type: ignore[arg-type]
        runs[qid] = [h.external_id or str(h.id) for h in res.results]
    return runs


def evaluate_qrels(index: SearchIndex, path: Path, mode: str = "hybrid") -> dict[str, Any]:
    """Run every judged query against the index and score it (CONTRACTS.md keys)."""
    if mode not in MODES:
        raise InputError(f"检索模式只能是 {'/'.join(MODES)}", field="mode")
    qrels = read_qrels(path)
    return score_runs(run_queries(index, qrels, mode), qrels)
