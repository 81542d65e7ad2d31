"""Matching quality on the hand-judged real-postings sets: fields-only vs text-only vs dense vs combined.

    TALENTSEEK_HOME=/tmp/realhome python benchmarks/match_dev2/evaluate.py [--tune] [--ltr]

Both real files must be imported in the home (README "Data platform"). Every method ranks the same
pool (the matcher's retrieval: all open postings here) for each resume; unjudged postings count as 0.
Methods:
  fields   the field scorer alone (skills, title, CSCO code, experience, salary, city ...)
  bm25     BM25 of the whole resume text over the postings' text
  dense    cosine of the `static` embeddings of the whole resume text and each posting
  combined fields + text fit (match/text_fit.py) as `talentseek match jobs` ranks now
  ltr      (--ltr) a LightGBM lambdarank over the same features, fitted on the dev resumes' judgments
--tune searches the text weights and shares on the dev resumes (odd numbers) and prints them; the
held-out resumes (even numbers) are only ever evaluated.
"""

from __future__ import annotations

import argparse
import itertools
import pickle
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa
from numpy.typing import NDArray

from talentseek.engine import Engine
from talentseek.match import score as S
from talentseek.match.evaluate import TextBaselines, read_qrels
from talentseek.match.service import retrieve_jobs, seeker_from_resume
from talentseek.match.text_fit import TEXT_FEATURES, features_for_jobs
from talentseek.parse.extract import extract_text
from talentseek.parse.resume import parse_resume_text
from talentseek.search.metrics import ndcg_at_k, recall_at_k, reciprocal_rank
from talentseek.store import models as m

HERE = Path(__file__).parent
NOW = datetime(2026, 12, 1)


@dataclass
class Case:
    qid: str
    grades: dict[str, int]
    ext: list[str]  # external ids of the pool, aligned with the arrays below
    fields: S.Scores
    text: NDArray[np.float64]
    bm25: NDArray[np.float64]
    dense: NDArray[np.float64]


def load_cases(
    engine: Engine, base: TextBaselines | None, qrels_path: Path, cached: dict[str, Any]
) -> list[Case]:
    """Cases of one qrels file; the slow baselines come from `cached` when present (else `base`)."""
    cases = []
    for qid, (query, grades) in read_qrels(qrels_path).items():
        raw = extract_text(qrels_path.parent / query)
        seeker = seeker_from_resume(parse_resume_text(raw), raw_text=raw)
        with engine.db.session() as s:
            jobs = retrieve_jobs(s, seeker, 5000)
        ids = [j.id or -1 for j in jobs]
        fields = S.score_jobs_for_seeker(seeker, S.JobTable.of(jobs), NOW)
        key = f"{qrels_path.parent.name}/{qid}"
        if key not in cached:
            assert base is not None
            cached[key] = (base.bm25_for(raw, ids), base.dense_for(raw, ids))
        cases.append(
            Case(
                qid,
                grades,
                [j.external_id or "" for j in jobs],
                fields,
                features_for_jobs(seeker, jobs).matrix,
                *cached[key],
            )
        )
    return cases


def ranked(case: Case, scores: NDArray[np.float64]) -> list[str]:
    return [case.ext[i] for i in np.argsort(-scores, kind="stable")[:50]]


def metrics(cases: list[Case], score_fn: Any) -> tuple[float, float, float]:
    rows = []
    for c in cases:
        r = ranked(c, score_fn(c))
        rows.append((ndcg_at_k(r, c.grades, 10), recall_at_k(r, c.grades, 50), reciprocal_rank(r, c.grades)))
    n, rec, mrr = np.mean(rows, axis=0)
    return float(n), float(rec), float(mrr)


def combined(weights: dict[str, float], shares: tuple[float, float]) -> Any:
    return lambda c: S.with_text(c.fields, c.text, weights, shares).total


METHODS: dict[str, Any] = {
    "fields (scorer before)": lambda c: c.fields.total,
    "bm25 (resume text)": lambda c: c.bm25,
    "dense (static)": lambda c: c.dense,
    "combined (fields + text)": lambda c: S.with_text(c.fields, c.text).total,
}


def tune(dev: list[Case]) -> None:
    """Coordinate ascent over text weights and shares on the dev resumes (grid per coordinate)."""
    w = dict(S.TEXT_WEIGHTS)
    shares = [S.TEXT_SHARE_SEEKER, S.TEXT_SHARE_RECRUITER]
    best = metrics(dev, combined(w, tuple(shares)))[0]  # type: ignore[arg-type]
    for _round in range(3):
        for k in TEXT_FEATURES:
            for v in (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.2, 2.0):
                trial = {**w, k: v}
                got = metrics(dev, combined(trial, tuple(shares)))[0]  # type: ignore[arg-type]
                if got > best + 1e-4:
                    best, w = got, trial
        for i, v in itertools.product(range(2), (0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 1.0)):
            trial_s = list(shares)
            trial_s[i] = v
            got = metrics(dev, combined(w, tuple(trial_s)))[0]  # type: ignore[arg-type]
            if got > best + 1e-4:
                best, shares = got, trial_s
    print(f"dev NDCG@10 {best:.3f} with weights {w} shares {shares}")


def ltr_method(dev: list[Case]) -> Any:
    import lightgbm as lgb

    def x(c: Case) -> NDArray[np.float64]:
        return np.column_stack([S.stacked(c.fields), np.nan_to_num(c.text, nan=0.5)])

    xs, ys, groups = [], [], []
    for c in dev:
        keep = [i for i, e in enumerate(c.ext) if e in c.grades] or list(range(len(c.ext)))
        xs.append(x(c)[keep])
        ys.append([c.grades.get(c.ext[i], 0) for i in keep])
        groups.append(len(keep))
    params = {
        "objective": "lambdarank",
        "learning_rate": 0.05,
        "num_leaves": 7,
        "min_data_in_leaf": 10,
        "seed": 0,
        "verbose": -1,
        "deterministic": True,
        "num_threads": 1,
    }
    model = lgb.train(params, lgb.Dataset(np.vstack(xs), np.concatenate(ys), group=groups), 150)
    return lambda c: np.asarray(model.predict(x(c)), dtype=np.float64)


def table(title: str, sets: dict[str, list[Case]], methods: dict[str, Any]) -> None:
    print(f"\n{title}")
    print("| method | " + " | ".join(f"{s} NDCG@10 | {s} R@50 | {s} MRR" for s in sets) + " |")
    print("|---|" + "---:|" * (3 * len(sets)))
    for name, fn in methods.items():
        cells = [f"{v:.3f}" for cases in sets.values() for v in metrics(cases, fn)]
        print(f"| {name} | " + " | ".join(cells) + " |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tune", action="store_true")
    ap.add_argument("--ltr", action="store_true")
    ap.add_argument("--cache", type=Path, help="pickle of the slow baselines' scores (reused when present)")
    a = ap.parse_args()
    engine = Engine()
    with engine.db.session() as s:
        ids = list(s.scalars(sa.select(m.Job.id)))
    cached: dict[str, Any] = pickle.loads(a.cache.read_bytes()) if a.cache and a.cache.exists() else {}
    base = None if cached else TextBaselines(engine.db, ids, embedder=engine.embedder)
    dev = load_cases(engine, base, HERE / "qrels_dev.tsv", cached)
    test = load_cases(engine, base, HERE / "qrels_test.tsv", cached)
    old = load_cases(engine, base, HERE.parent / "match_dev" / "qrels.tsv", cached)
    if a.cache and base is not None:
        a.cache.write_bytes(pickle.dumps(cached))
    if a.tune:
        tune(dev)
        return
    methods = dict(METHODS)
    if a.ltr:
        methods["ltr (lambdarank, dev judgments)"] = ltr_method(dev)
    print(f"{len(ids):,} postings; embedder {engine.embedder.name}; unjudged = 0")
    table("match_dev2 (40 written resumes, hand-judged pools)", {"test": test, "dev": dev}, methods)
    table("match_dev (10 resumes, rule-judged; README's older set)", {"all": old}, methods)


if __name__ == "__main__":
    main()
