"""Matching quality: judged resumes → jobs (qrels), and the time split on interaction history.

Baselines beside the scorer: BM25 of the resume's text over the jobs' text, and dense similarity
alone. Everything here ranks the same candidate pool, so the numbers compare like with like.
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import sqlalchemy as sa
from numpy.typing import NDArray

from talentseek.errors import InputError
from talentseek.match import ltr
from talentseek.match.profiles import SeekerProfile
from talentseek.search.metrics import ndcg_at_k, recall_at_k, reciprocal_rank
from talentseek.store import models as m

if TYPE_CHECKING:
    from talentseek.embed.base import Embedder
    from talentseek.store.db import Database


def read_qrels(path: Path) -> dict[str, tuple[str, dict[str, int]]]:
    """TSV `query_id, query, external_id, grade` → {query_id: (query, {external_id: grade})}."""
    out: dict[str, tuple[str, dict[str, int]]] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t")
        need = {"query_id", "query", "external_id", "grade"}
        if not need <= set(rows.fieldnames or ()):
            raise InputError(f"表头须包含 {'、'.join(sorted(need))}", file=str(path), row=1)
        for n, r in enumerate(rows, start=2):
            try:
                grade = int(r["grade"])
            except (TypeError, ValueError):
                raise InputError(
                    f"grade 须为 0/1/2，实际为 {r['grade']!r}", file=str(path), row=n, field="grade"
                ) from None
            query, grades = out.setdefault(r["query_id"], (r["query"], {}))
            grades[r["external_id"]] = grade
    if not out:
        raise InputError("qrels 文件没有任何判定行", file=str(path))
    return out


def evaluate_qrels(db: Database, home: Path, path: Path, k: int = 50) -> dict[str, float | int]:
    """`talentseek eval match`: each query is a resume file (relative to the qrels file) → ranked jobs."""
    from talentseek.match.service import match_jobs, seeker_from_file

    model = ltr.active_model(home)
    ndcg, recall, rr = [], [], []
    for _qid, (query, grades) in read_qrels(path).items():
        resume_path = (path.parent / query).resolve()
        if not resume_path.is_file():
            raise InputError("qrels 中的简历文件不存在", file=str(resume_path))
        seeker = seeker_from_file(resume_path)
        with db.session() as s:
            ranked = [x.job.external_id or "" for x in match_jobs(s, seeker, k=k, model=model)]
        ndcg.append(ndcg_at_k(ranked, grades, 10))
        recall.append(recall_at_k(ranked, grades, 50))
        rr.append(reciprocal_rank(ranked, grades))
    return {
        "ndcg@10": float(np.mean(ndcg)),
        "recall@50": float(np.mean(recall)),
        "mrr": float(np.mean(rr)),
        "queries": len(ndcg),
    }


def _tokens(text: str) -> list[str]:
    from talentseek.text.tokenize import tokenize  # the segmenter loads only when an evaluation runs

    return tokenize(text)


def bm25_scores(
    query: Sequence[str],
    docs: Sequence[Sequence[str]],
    df: Counter[str],
    n_docs: int,
    avgdl: float,
    k1: float = 1.2,
    b: float = 0.75,
) -> NDArray[np.float64]:
    """Okapi BM25 with the Lucene idf log(1 + (N - df + .5)/(df + .5)) (Robertson & Zaragoza 2009)."""
    out = np.zeros(len(docs))
    for i, doc in enumerate(docs):
        tf, dl = Counter(doc), len(doc)
        for t in set(query):
            if tf[t]:
                idf = math.log(1 + (n_docs - df[t] + 0.5) / (df[t] + 0.5))
                out[i] += idf * tf[t] * (k1 + 1) / (tf[t] + k1 * (1 - b + b * dl / max(avgdl, 1e-9)))
    return out


def seeker_text(p: SeekerProfile) -> str:
    return " ".join([*p.intent_titles, *sorted(p.skills), *sorted(p.intent_cities), p.city or ""])


class TextBaselines:
    """BM25 and dense rankers over job text (title, skills, city, description)."""

    def __init__(self, db: Database, job_ids: Iterable[int], embedder: Embedder | None = None) -> None:
        ids = sorted(set(job_ids))
        with db.session() as s:
            cols = (m.Job.id, m.Job.title, m.Job.skills, m.Job.city, m.Job.description)
            self.text = {
                r.id: f"{r.title} {' '.join(r.skills or [])} {r.city or ''} {(r.description or '')[:500]}"
                for r in s.execute(sa.select(*cols).where(m.Job.id.in_(ids)))
            }
        self.tokens = {i: _tokens(t) for i, t in self.text.items()}
        self.df: Counter[str] = Counter(t for toks in self.tokens.values() for t in set(toks))
        self.avgdl = float(np.mean([len(t) for t in self.tokens.values()])) if self.tokens else 0.0
        self.embedder = embedder

    def bm25_for(self, query: str, ids: Sequence[int]) -> NDArray[np.float64]:
        docs = [self.tokens.get(i, []) for i in ids]
        return bm25_scores(_tokens(query), docs, self.df, len(self.tokens), self.avgdl)

    def dense_for(self, query: str, ids: Sequence[int]) -> NDArray[np.float64]:
        assert self.embedder is not None
        q = self.embedder.embed([query], kind="query")
        d = self.embedder.embed([self.text.get(i, "") for i in ids], kind="passage")
        return np.asarray(d @ q[0], dtype=np.float64)

    def bm25(self, g: ltr.Group) -> NDArray[np.float64]:
        return self.bm25_for(seeker_text(g.seeker), [j.id or -1 for j in g.jobs])

    def dense(self, g: ltr.Group) -> NDArray[np.float64]:
        return self.dense_for(seeker_text(g.seeker), [j.id or -1 for j in g.jobs])


def time_split_report(
    db: Database,
    home: Path,
    *,
    embedder: Embedder | None = None,
    negatives: int = 30,
    max_groups: int = 1500,
    seed: int = 0,
) -> dict[str, Any]:
    """Train LTR before the cutoff, compare it with the scorer and baselines after; save the decision.

    Without an `embedder` the table has no dense baseline.
    """
    with db.session() as s:
        cutoff = ltr.time_cutoff(s)
        if cutoff is None:
            raise InputError("互动记录不足 50 条，无法做时间切分评估；请先生成或导入互动数据")
        train = ltr.interaction_groups(s, end=cutoff, negatives=negatives, max_groups=max_groups, seed=seed)
        test = ltr.interaction_groups(
            s, start=cutoff, negatives=negatives, max_groups=max_groups, seed=seed + 1
        )
    if len(train) < 20 or len(test) < 5:
        raise InputError(f"可用于训练/评估的求职者太少（训练 {len(train)}，评估 {len(test)}）")
    booster = ltr.train_lambdarank(train, seed=seed)
    base = TextBaselines(db, (j.id for g in test for j in g.jobs if j.id), embedder=embedder)
    rankers: dict[str, ltr.Ranker] = {
        "scorer": ltr.scorer_ranker,
        "ltr": ltr.model_ranker(booster),
        "bm25": base.bm25,
    }
    if base.embedder is not None:
        rankers["dense"] = base.dense
    metrics = ltr.evaluate(test, rankers)
    use_ltr = metrics["ltr"]["ndcg@10"] > metrics["scorer"]["ndcg@10"]
    report = {
        "cutoff": cutoff.isoformat(),
        "train_groups": len(train),
        "test_groups": len(test),
        "metrics": metrics,
        "use_ltr": use_ltr,
    }
    ltr.save_decision(home / "models" / "match", booster, report)
    return report
