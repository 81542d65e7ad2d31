"""`generate_market`: a deterministic synthetic job market, streamed in chunks, plus its known truth."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

import talentseek.generate.params as P
from talentseek.errors import InputError
from talentseek.generate.interactions import JobIndex, simulate
from talentseek.generate.jobs import JobTable, make_companies, make_job
from talentseek.generate.people import SD_CITIES, CandidateTable, make_person
from talentseek.generate.sinks import DbSink, JsonlSink
from talentseek.store.db import Database

CHUNK = 5000  # fixed: the random streams are per chunk, so output does not depend on anything else
GenProgress = Callable[[str, int, int], None]
"""progress(stage, done, total) with stage in companies | jobs | candidates."""


@dataclass
class MarketSummary:
    seed: int
    companies: int
    jobs: int
    candidates: int
    interactions: int
    interactions_by_kind: dict[str, int] = field(default_factory=dict)
    truth_file: Path | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["truth_file"] = str(self.truth_file) if self.truth_file else None
        return d


def _rng(seed: int, stream: int, chunk: int = 0) -> np.random.Generator:
    return np.random.default_rng([seed, stream, chunk])


def _companies(sink: Any, n: int, seed: int, progress: GenProgress | None) -> Any:
    comps = make_companies(_rng(seed, 0), n, 0)
    for lo in range(0, n, CHUNK):
        sink.companies([comps.row(i) | {"id": sink.company0 + i} for i in range(lo, min(n, lo + CHUNK))])
        if progress:
            progress("companies", min(n, lo + CHUNK), n)
    return comps


def _jobs(sink: Any, n: int, seed: int, comps: Any, progress: GenProgress | None) -> JobTable:
    table = JobTable(n)
    for k, lo in enumerate(range(0, n, CHUNK)):
        rng = _rng(seed, 1, k)
        items = []
        for i in range(lo, min(n, lo + CHUNK)):
            ext = f"gen{seed}-j{i}"
            job, ci, raw = make_job(rng, i, ext, comps, table)
            items.append((i, ext, job, ci, raw))
        sink.jobs(items, sink.company0)
        if progress:
            progress("jobs", min(n, lo + CHUNK), n)
    return table


def _people(
    sink: Any, n: int, seed: int, comps: Any, jobs: JobTable, progress: GenProgress | None
) -> tuple[CandidateTable, Counter[str]]:
    table, kinds = CandidateTable(n), Counter[str]()
    index = JobIndex(jobs) if len(jobs.occ) else None
    for k, lo in enumerate(range(0, n, CHUNK)):
        hi = min(n, lo + CHUNK)
        rng = _rng(seed, 2, k)
        names = comps.names or ["山东示例有限公司"]
        sink.people([(i, f"gen{seed}-c{i}", make_person(rng, i, names, table)) for i in range(lo, hi)])
        if index is not None:
            events = simulate(_rng(seed, 3, k), table, lo, hi, jobs, index)
            kinds.update(e[2] for e in events)
            sink.events(events)
        if progress:
            progress("candidates", hi, n)
    return table, kinds


def _quantiles(v: np.ndarray) -> dict[str, float | int]:
    v = v[~np.isnan(v)]
    if not len(v):
        return {"n": 0}
    p25, p50, p75 = np.percentile(v, [25, 50, 75])
    return {
        "n": int(len(v)),
        "p25": round(float(p25), 1),
        "p50": round(float(p50), 1),
        "p75": round(float(p75), 1),
    }


def truth(seed: int, jobs: JobTable, cands: CandidateTable, kinds: Counter[str]) -> dict[str, Any]:
    """The known truth: parameters plus the exact city salary quantiles and intent shares generated."""
    n_c = max(len(cands.occ), 1)
    intent = {
        c.city: round(float((cands.intent == i).any(axis=1).sum()) / n_c, 5) for i, c in enumerate(P.CITIES)
    }
    home_sd = np.isin(cands.home, SD_CITIES)
    wants_sd = np.isin(cands.intent, SD_CITIES).any(axis=1)
    return {
        "seed": seed,
        "counts": {
            "jobs": int(len(jobs.occ)),
            "candidates": int(len(cands.occ)),
            "interactions": dict(kinds),
        },
        "parameters": P.model_parameters(),
        "city_salary": {c.city: _quantiles(jobs.value[jobs.city == i]) for i, c in enumerate(P.CITIES)},
        "city_job_shares": {
            c.city: round(float((jobs.city == i).mean()), 5) if len(jobs.occ) else 0.0
            for i, c in enumerate(P.CITIES)
        },
        "occupation_job_shares": {
            o.code: round(float((jobs.occ == i).mean()), 5) if len(jobs.occ) else 0.0
            for i, o in enumerate(P.OCCUPATIONS)
        },
        "intent_city_shares": intent,
        "shandong_inflow": {
            "candidates_intending_shandong": int(wants_sd.sum()),
            "from_other_provinces": int((wants_sd & ~home_sd).sum()),
            "share_from_other_provinces": round(
                float((wants_sd & ~home_sd).sum()) / max(int(wants_sd.sum()), 1), 5
            ),
        },
    }


def generate_market(
    db: Database | None,
    *,
    jobs: int,
    candidates: int,
    seed: int,
    progress: GenProgress | None = None,
    out: Path | None = None,
    truth_dir: Path | None = None,
) -> MarketSummary:
    """Generate companies, jobs, candidates and interactions into `db`, or as JSONL files into `out`."""
    if jobs < 0 or candidates < 0:
        raise InputError("--jobs 和 --candidates 不能为负数")
    if db is None and out is None:
        raise InputError("需要数据库或 --out 目录")
    sink: Any = JsonlSink(out, seed) if out is not None else DbSink(db, seed)  # type: ignore[arg-type]
    n_comp = max(1, jobs // 8) if jobs else 0
    try:
        comps = _companies(sink, n_comp, seed, progress)
        table = _jobs(sink, jobs, seed, comps, progress)
        cands, kinds = _people(sink, candidates, seed, comps, table, progress)
    finally:
        sink.close()
    facts = truth(seed, table, cands, kinds)
    where = truth_dir or out
    path = None
    if where is not None:  # a library call never writes into the working directory by accident
        where.mkdir(parents=True, exist_ok=True)
        path = where / "market.json"
        path.write_text(json.dumps(facts, ensure_ascii=False, indent=1), encoding="utf-8")
    return MarketSummary(seed, n_comp, jobs, candidates, sum(kinds.values()), dict(kinds), path)
