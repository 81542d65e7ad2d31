"""Matching on the real-postings dev set: the scorer vs BM25 of the resume text vs dense similarity.

    TALENTSEEK_HOME=/tmp/realhome python benchmarks/match_dev/evaluate_dev.py [--dense]

Every method ranks all jobs in the home for each resume in qrels.tsv; unjudged postings count as 0.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import sqlalchemy as sa

from talentseek.engine import Engine
from talentseek.match.evaluate import TextBaselines, read_qrels, seeker_text
from talentseek.match.service import match_jobs, seeker_from_resume
from talentseek.parse.resume import parse_resume_file
from talentseek.search.metrics import ndcg_at_k, recall_at_k, reciprocal_rank
from talentseek.store import models as m

HERE = Path(__file__).parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dense", action="store_true", help="also rank by the configured embedder (slow on CPU)")
    a = ap.parse_args()
    engine = Engine()
    qrels = read_qrels(HERE / "qrels.tsv")
    with engine.db.session() as s:
        ext = {r.id: r.external_id for r in s.execute(sa.select(m.Job.id, m.Job.external_id))}
    ids = list(ext)
    base = TextBaselines(engine.db, ids, embedder=engine.embedder if a.dense else None)
    methods = ["scorer", "bm25"] + (["dense"] if a.dense else [])
    scores: dict[str, list[tuple[float, float, float]]] = {k: [] for k in methods}
    for query, grades in qrels.values():
        seeker = seeker_from_resume(parse_resume_file(HERE / query))
        with engine.db.session() as s:
            ranked = {"scorer": [x.job.external_id or "" for x in match_jobs(s, seeker, k=50)]}
        text = seeker_text(seeker)
        ranked["bm25"] = [ext[ids[i]] for i in np.argsort(-base.bm25_for(text, ids), kind="stable")[:50]]
        if a.dense:
            ranked["dense"] = [
                ext[ids[i]] for i in np.argsort(-base.dense_for(text, ids), kind="stable")[:50]
            ]
        for k in methods:
            r = ranked[k]
            scores[k].append(
                (ndcg_at_k(r, grades, 10), recall_at_k(r, grades, 50), reciprocal_rank(r, grades))
            )
    print(
        f"real postings: {len(ids):,} jobs, {len(qrels)} resumes, "
        f"{sum(len(g) for _, g in qrels.values())} judgments"
    )
    print("| method | NDCG@10 | Recall@50 | MRR |\n|---|---:|---:|---:|")
    for k in methods:
        n, r, mrr = np.mean(scores[k], axis=0)
        print(f"| {k} | {n:.3f} | {r:.3f} | {mrr:.3f} |")


if __name__ == "__main__":
    main()
