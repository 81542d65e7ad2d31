"""Learning to rank from outcomes, and the time-split evaluation that decides whether to use it.

Groups are seekers; items are jobs they interacted with (graded by how far it went) plus jobs from
their retrieval pool they never touched. Train on interactions before a cutoff, test on those after:
the model only replaces the transparent scorer when it wins on the later period.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa
from numpy.typing import ArrayLike, NDArray
from sqlalchemy.orm import Session

from talentseek.match.profiles import JobProfile, JobTable, SeekerProfile
from talentseek.match.score import FEATURES, score_jobs_for_seeker, stacked
from talentseek.match.service import load_seekers, retrieve_jobs
from talentseek.search.metrics import ndcg_at_k, recall_at_k
from talentseek.store import models as m

# how far an interaction went; the strongest one per (seeker, job) is the label
GRADES = {"view": 0, "reject": 0, "apply": 1, "invite": 1, "interview": 2, "offer": 3, "hire": 3}


@dataclass
class Group:
    seeker: SeekerProfile
    jobs: list[JobProfile]
    labels: NDArray[np.float64]
    at: datetime  # when the group's interactions happened (for the time split)


def auc(scores: ArrayLike, labels: ArrayLike) -> float:
    """P(random positive outranks random negative), ties half; NaN if a class is absent."""
    s, y = np.asarray(scores, dtype=float), np.asarray(labels) > 0
    pos, neg = s[y], s[~y]
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    wins = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(wins / (len(pos) * len(neg)))


def _graded(session: Session, start: datetime | None, end: datetime | None) -> dict[int, dict[int, int]]:
    q = sa.select(m.Interaction.candidate_id, m.Interaction.job_id, m.Interaction.kind)
    if start is not None:
        q = q.where(m.Interaction.at >= start)
    if end is not None:
        q = q.where(m.Interaction.at < end)
    out: dict[int, dict[int, int]] = {}
    for cid, jid, kind in session.execute(q):
        jobs = out.setdefault(cid, {})
        jobs[jid] = max(jobs.get(jid, 0), GRADES.get(kind, 0))
    return out


def interaction_groups(
    session: Session,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    negatives: int = 30,
    max_groups: int = 2000,
    seed: int = 0,
) -> list[Group]:
    """A group per seeker with a positive in [start, end): touched jobs + untouched pool jobs."""
    rng = random.Random(seed)
    graded = {c: js for c, js in _graded(session, start, end).items() if max(js.values()) > 0}
    cids = sorted(graded)
    rng.shuffle(cids)
    seekers = {p.id: p for p in load_seekers(session, set(cids[:max_groups]))}
    groups = []
    for cid in cids[:max_groups]:
        if cid not in seekers:
            continue
        pool = retrieve_jobs(session, seekers[cid], pool=300)
        by_id = {j.id: j for j in pool}
        touched = [by_id.get(jid) for jid in graded[cid]]
        missing = [jid for jid, j in zip(graded[cid], touched, strict=True) if j is None]
        extra = _jobs_by_id(session, missing)
        jobs = [j for j in touched if j is not None] + extra
        untouched = [j for j in pool if j.id not in graded[cid]]
        jobs += rng.sample(untouched, min(negatives, len(untouched)))
        labels = np.array([graded[cid].get(j.id or -1, 0) for j in jobs], dtype=np.float64)
        groups.append(Group(seekers[cid], jobs, labels, end or datetime.now()))
    return groups


def _jobs_by_id(session: Session, ids: list[int]) -> list[JobProfile]:
    from talentseek.match.service import JOB_COLUMNS

    if not ids:
        return []
    q = (
        sa.select(*JOB_COLUMNS)
        .outerjoin(m.Company, m.Company.id == m.Job.company_id)
        .where(m.Job.id.in_(ids))
    )
    return [JobProfile.from_row(r, company=r.company) for r in session.execute(q)]


def feature_matrix(group: Group) -> NDArray[np.float64]:
    """Scorer features plus both sides' scores: what the scorer sees, for the model to reweigh."""
    return stacked(score_jobs_for_seeker(group.seeker, JobTable.of(group.jobs), group.at))


FEATURE_NAMES = (*FEATURES, "seeker_side", "recruiter_side", "scorer")


def train_lambdarank(groups: Sequence[Group], *, seed: int = 0) -> Any:
    """LightGBM lambdarank (Burges 2010) on the groups; NaN features are handled natively."""
    import lightgbm as lgb

    x = np.vstack([feature_matrix(g) for g in groups])
    y = np.concatenate([g.labels for g in groups]).astype(int)
    data = lgb.Dataset(x, y, group=[len(g.jobs) for g in groups], feature_name=list(FEATURE_NAMES))
    params = {
        "objective": "lambdarank",
        "metric": "ndcg",
        "ndcg_eval_at": [10],
        "learning_rate": 0.05,
        "num_leaves": 15,
        "min_data_in_leaf": 20,
        "verbose": -1,
        "seed": seed,
        "deterministic": True,
        "num_threads": 2,
    }
    return lgb.train(params, data, num_boost_round=150)


Ranker = Callable[[Group], NDArray[np.float64]]


def scorer_ranker(group: Group) -> NDArray[np.float64]:
    return feature_matrix(group)[:, -1]


def model_ranker(booster: Any) -> Ranker:
    return lambda g: np.asarray(booster.predict(feature_matrix(g)), dtype=np.float64)


def evaluate(
    groups: Sequence[Group], rankers: dict[str, Ranker], k_recall: int = 10
) -> dict[str, dict[str, float]]:
    """NDCG@10, Recall@k and AUC per ranker, averaged over groups."""
    out = {}
    for name, rank in rankers.items():
        ndcg, rec, aucs = [], [], []
        for g in groups:
            scores = rank(g)
            order = [str(i) for i in np.argsort(-scores, kind="stable")]
            grades = {str(i): int(v) for i, v in enumerate(g.labels)}
            ndcg.append(ndcg_at_k(order, grades, 10))
            rec.append(recall_at_k(order, grades, k_recall))
            aucs.append(auc(scores, g.labels))
        out[name] = {
            "ndcg@10": float(np.mean(ndcg)),
            f"recall@{k_recall}": float(np.mean(rec)),
            "auc": float(np.nanmean(aucs)),
            "groups": len(groups),
        }
    return out


def time_cutoff(session: Session, quantile: float = 0.8) -> datetime | None:
    """The time before which `quantile` of interactions happened."""
    n = session.scalar(sa.select(sa.func.count()).select_from(m.Interaction)) or 0
    if n < 50:
        return None
    offset = int(n * quantile)
    return session.scalar(sa.select(m.Interaction.at).order_by(m.Interaction.at).offset(offset).limit(1))


@lru_cache(maxsize=4)
def _load_booster(path: str, mtime: float) -> Any:
    import lightgbm as lgb

    return lgb.Booster(model_file=path)


def active_model(home: Path) -> Any | None:
    """The saved ranking model if `match train` decided to use it, else None (the scorer ranks)."""
    path = home / "models" / "match" / "ltr.txt"
    if not path.is_file():
        return None
    return _load_booster(str(path), path.stat().st_mtime)


def save_decision(path: Path, booster: Any, report: dict[str, Any]) -> None:
    """Write the model (only when it won) and the report that justified the decision."""
    path.mkdir(parents=True, exist_ok=True)
    if report["use_ltr"]:
        booster.save_model(str(path / "ltr.txt"))
    elif (path / "ltr.txt").exists():
        (path / "ltr.txt").unlink()
    (path / "ltr_report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
