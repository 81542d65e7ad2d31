"""Report statistics at scale: each statistic and a full report over N generated postings.

    python benchmarks/report_bench.py --quick          # 10k postings, SQLite
    python benchmarks/report_bench.py                  # 100k (+ PostgreSQL if TALENTSEEK_TEST_PG_URL)
    python benchmarks/report_bench.py --full           # 1M postings and 1M candidates

The market is written straight into the tables with numpy (vectorised, seconds per million rows), so
the benchmark measures the statistics, not a generator. The salary-band statistic is timed four
ways side by side: SQL window ranking (SQLite default), PostgreSQL percentile_cont, fetching the
sorted value column and using numpy, and a naive Python loop over full rows (the baseline).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa

from talentseek.report import city, stats
from talentseek.report.render import write_report
from talentseek.report.scope import JOBS, Scope, job_clauses, make_scope
from talentseek.report.sqlparts import salary_valid, salary_value
from talentseek.store import models as m
from talentseek.store.db import Database

PROVINCES = {
    "山东省": ["济南市", "青岛市", "烟台市", "潍坊市", "淄博市", "临沂市", "济宁市", "威海市"],
    "湖北省": ["武汉市", "宜昌市", "襄阳市", "荆州市"],
    "江苏省": ["南京市", "苏州市", "无锡市", "常州市", "南通市"],
    "广东省": ["广州市", "深圳市", "东莞市", "佛山市"],
    "上海市": ["上海市"],
}
CITIES = [(p, c) for p, cs in PROVINCES.items() for c in cs]
OCCUPATIONS = [
    "2-02-10-03",
    "2-02-10-04",
    "2-02-38-01",
    "4-04-05-01",
    "2-02-07-01",
    "4-01-02-01",
    "4-07-02-01",
    "6-20-01-01",
    "2-06-01-01",
    "3-01-02-01",
]
SIZES = ["20人以下", "20-99人", "100-499人", "500-999人", "1000-9999人", "10000人以上"]
EDUCATION = ["不限", "大专", "本科", "硕士"]
CHUNK = 50_000


def _chunks(rows: list[dict[str, Any]]) -> Any:
    for i in range(0, len(rows), CHUNK):
        yield rows[i : i + CHUNK]


def _raw(value: Any) -> Any:
    """SQLite DB-API values as SQLAlchemy would store them (datetimes as text, JSON as text)."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _insert(db: Database, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Bulk insert; on SQLite straight through the DB-API (several times faster than Core for millions)."""
    if not rows:
        return
    with db.engine.begin() as conn:
        if db.engine.dialect.name != "sqlite":
            for part in _chunks(rows):
                conn.execute(table.insert(), part)
            return
        cols = list(rows[0])
        sql = f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        for part in _chunks(rows):
            conn.exec_driver_sql(sql, [tuple(_raw(r[c]) for c in cols) for r in part])


def _jobs(rng: np.random.Generator, n: int, n_companies: int) -> list[dict[str, Any]]:
    ci = rng.integers(0, len(CITIES), n)
    occ = rng.integers(0, len(OCCUPATIONS), n)
    low = np.round(rng.lognormal(np.log(7000) + 0.08 * occ, 0.35) / 500) * 500
    high = low * rng.uniform(1.2, 1.8, n)
    months = rng.choice([0, 12, 13, 14], n, p=[0.6, 0.2, 0.15, 0.05])
    period = rng.choice(["month", "day", "neg"], n, p=[0.9, 0.05, 0.05])
    day0 = datetime(2024, 1, 1)
    days = rng.integers(0, 731, n)
    exp = rng.choice([-1, 0, 1, 3, 5, 10], n)
    edu = rng.integers(0, len(EDUCATION), n)
    comp = rng.integers(1, n_companies + 1, n)
    return [
        {
            "id": i + 1,
            "external_id": f"B{i}",
            "title": "岗位",
            "description": "",
            "province": CITIES[ci[i]][0],
            "city": CITIES[ci[i]][1],
            "salary_low": None if period[i] == "neg" else float(low[i]),
            "salary_high": None if period[i] == "neg" else float(high[i]),
            "salary_period": None if period[i] == "neg" else str(period[i]),
            "salary_months": int(months[i]) or None,
            "salary_negotiable": period[i] == "neg",
            "exp_min": None if exp[i] < 0 else float(exp[i]),
            "fresh_ok": False,
            "education": EDUCATION[edu[i]],
            "education_rank": int(edu[i]),
            "occupation_code": OCCUPATIONS[occ[i]],
            "occupation_name": f"职业{occ[i]}",
            "skills": [],
            "required_skills": [],
            "benefits": [],
            "extra": {},
            "posted_at": day0 + timedelta(days=int(days[i])),
            "company_id": int(comp[i]),
            "status": "open",
        }
        for i in range(n)
    ]


def _skills(rng: np.random.Generator, n: int) -> list[dict[str, Any]]:
    rows = []
    names = [f"技能{k}" for k in range(200)] + ["Python", "Java", "机器学习", "PLC"]
    for j in range(1, n + 1):
        for k in set(rng.integers(0, len(names), 3).tolist()):
            rows.append({"job_id": j, "skill": names[k]})
    return rows


def _candidates(rng: np.random.Generator, n: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    ci = rng.integers(0, len(CITIES), n)
    occ = rng.integers(0, len(OCCUPATIONS), n)
    cands, intents = [], []
    for i in range(n):
        p, c = CITIES[ci[i]]
        cands.append(
            {
                "id": i + 1,
                "province": p,
                "city": c,
                "occupation_code": OCCUPATIONS[occ[i]],
                "active": True,
                "open_to_pool": True,
                "intent_titles": [],
                "skills": [],
                "resume": {},
                "resume_text": "",
                "created_at": datetime(2025, 1, 1),
            }
        )
        for k in {int(ci[i]), *rng.integers(0, len(CITIES), int(rng.integers(0, 3))).tolist()}:
            intents.append({"candidate_id": i + 1, "city": CITIES[k][1], "province": CITIES[k][0]})
    return cands, intents


def _interactions(rng: np.random.Generator, jobs: list[dict[str, Any]], n_cands: int) -> list[dict[str, Any]]:
    rows = []
    for job in jobs[: len(jobs) // 2]:
        for _ in range(int(rng.integers(0, 4))):
            rows.append(
                {
                    "candidate_id": int(rng.integers(1, n_cands + 1)),
                    "job_id": job["id"],
                    "kind": "apply",
                    "initiated_by": "seeker",
                    "at": job["posted_at"] + timedelta(days=2),
                }
            )
        if rng.random() < 0.2:
            rows.append(
                {
                    "candidate_id": int(rng.integers(1, n_cands + 1)),
                    "job_id": job["id"],
                    "kind": "hire",
                    "initiated_by": "recruiter",
                    "at": job["posted_at"] + timedelta(days=float(rng.gamma(3, 10))),
                }
            )
    return rows


def fill(db: Database, n_jobs: int, n_cands: int, seed: int = 1) -> float:
    """Write the synthetic market; returns seconds taken."""
    t = time.perf_counter()
    rng = np.random.default_rng(seed)
    n_comp = max(10, n_jobs // 20)
    comps = [
        {
            "id": i,
            "name": f"公司{i}",
            "size": SIZES[i % len(SIZES)],
            "founded_year": 1995 + i % 31,
            "industry": ["软件", "制造", "金融", "教育"][i % 4],
            "created_at": datetime(2025, 1, 1),
        }
        for i in range(1, n_comp + 1)
    ]
    _insert(db, m.Company.__table__, comps)
    jobs = _jobs(rng, n_jobs, n_comp)
    _insert(db, m.Job.__table__, jobs)
    _insert(db, m.JobSkill.__table__, _skills(rng, n_jobs))
    cands, intents = _candidates(rng, n_cands)
    _insert(db, m.Candidate.__table__, cands)
    _insert(db, m.CandidateIntentCity.__table__, intents)
    _insert(db, m.Interaction.__table__, _interactions(rng, jobs, n_cands))
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE"))
    else:
        with db.engine.begin() as conn:
            conn.execute(sa.text("ANALYZE"))
    return time.perf_counter() - t


def naive_salary_by_city(db: Database, scope: Scope) -> dict[str, tuple[int, float]]:
    """Baseline: every full row into Python, the value rule and the median in plain loops."""
    groups: dict[str, list[float]] = defaultdict(list)
    with db.engine.connect() as conn:
        for row in conn.execute(sa.select(JOBS).where(*job_clauses(scope))):
            if row.salary_period != "month" or (row.salary_low is None and row.salary_high is None):
                continue
            lo, hi = row.salary_low, row.salary_high
            mid = (lo + hi) / 2 if lo is not None and hi is not None else (lo if lo is not None else hi)
            groups[row.city].append(mid * (row.salary_months or 12) / 12)
    return {c: (len(v), statistics.median(v)) for c, v in groups.items()}


def fetch_numpy_salary_by_city(db: Database, scope: Scope) -> dict[str, tuple[int, float]]:
    """Alternative: the database computes and sorts only (city, value); numpy takes quantiles."""
    v = salary_value()
    q = (
        sa.select(JOBS.c.city, v)
        .where(*job_clauses(scope), *salary_valid(), v.isnot(None))
        .order_by(JOBS.c.city, v)
    )
    with db.engine.connect() as conn:
        rows = conn.execute(q).all()
    out: dict[str, tuple[int, float]] = {}
    cities = np.array([r[0] for r in rows])
    values = np.array([r[1] for r in rows], dtype=float)
    for c in np.unique(cities):
        vals = values[cities == c]
        out[str(c)] = (len(vals), float(np.percentile(vals, 50)))
    return out


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def cases(db: Database, scope: Scope, out_dir: Path) -> list[tuple[str, Callable[[], Any]]]:
    pg = db.engine.dialect.name == "postgresql"
    items: list[tuple[str, Callable[[], Any]]] = [
        ("salary_bands by city [SQL window]", lambda: stats.salary_bands(db, scope, "city", method="window")),
    ]
    if pg:
        items.append(
            ("salary_bands by city [percentile_cont]", lambda: stats.salary_bands(db, scope, "city", "pg"))
        )
    items += [
        ("salary_bands by city [fetch values+numpy]", lambda: fetch_numpy_salary_by_city(db, scope)),
        ("salary_bands by city [naive Python loop]", lambda: naive_salary_by_city(db, scope)),
        ("salary_bands by occupation", lambda: stats.salary_bands(db, scope, "occupation")),
        ("salary_bands by experience", lambda: stats.salary_bands(db, scope, "experience")),
        ("salary_summary", lambda: stats.salary_summary(db, scope)),
        ("postings_by city", lambda: stats.postings_by(db, scope, "city")),
        ("postings_by industry", lambda: stats.postings_by(db, scope, "industry")),
        ("candidates_by city", lambda: stats.candidates_by(db, scope, "city")),
        ("demand_supply", lambda: stats.demand_supply(db, scope)),
        ("intent_ranking", lambda: stats.intent_ranking(db, scope)),
        ("skill_trends", lambda: stats.skill_trends(db, scope)),
        ("time_to_fill", lambda: stats.time_to_fill(db, scope)),
        ("applications_per_posting", lambda: stats.applications_per_posting(db, scope)),
        ("city_ranking", lambda: city.city_ranking(db, scope)),
        ("full report (md, 9 sections, charts)", lambda: write_report(db, scope, "md", out_dir / "r.md")),
        ("full report (pdf)", lambda: write_report(db, scope, "pdf", out_dir / "r.pdf")),
    ]
    return items


def run(url: str, label: str, n_jobs: int, n_cands: int, region: str | None) -> list[tuple[str, str, float]]:
    db = Database(url)
    print(f"[{label}] writing {n_jobs:,} postings, {n_cands:,} candidates ...", file=sys.stderr, flush=True)
    took = fill(db, n_jobs, n_cands)
    print(f"[{label}] market written in {took:.1f}s", file=sys.stderr, flush=True)
    scope = make_scope(db, region, "2024-01", "2025-12")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, fn in cases(db, scope, Path(tmp)):
            secs, _ = _timed(fn)
            rows.append((label, name, secs))
            print(f"[{label}] {name}: {secs:.2f}s", file=sys.stderr, flush=True)
        naive = naive_salary_by_city(db, scope)
        fast = {r["city"]: (r["n"], r["p50"]) for r in stats.salary_bands(db, scope, "city").rows}
        assert all(fast[c][0] == naive[c][0] and abs(fast[c][1] - naive[c][1]) < 1e-6 for c in fast), (
            "mismatch"
        )
    db.dispose()
    return rows


def _pg_database(base: str, name: str) -> str:
    admin = sa.create_engine(
        base.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as c:
        c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.rsplit("/", 1)[0] + "/" + name


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="10k postings")
    ap.add_argument("--full", action="store_true", help="1M postings and 1M candidates")
    ap.add_argument("--jobs", type=int, help="postings (overrides --quick/--full)")
    ap.add_argument("--region", default="山东省", help="report region (default 山东省, ~1/3 of the market)")
    ap.add_argument("--no-sqlite", action="store_true")
    args = ap.parse_args()
    n = args.jobs or (10_000 if args.quick else 1_000_000 if args.full else 100_000)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_sqlite:
            results += run(f"sqlite:///{tmp}/bench.db", "SQLite", n, n, args.region)
        pg = os.environ.get("TALENTSEEK_TEST_PG_URL")
        if pg:
            results += run(_pg_database(pg, "ts_report_bench"), "PostgreSQL", n, n, args.region)
    print(
        f"\nreport statistics over {n:,} postings / {n:,} candidates, region {args.region}, 2024-01..2025-12"
    )
    print(f"{'database':<11} {'statistic':<44} {'seconds':>8}")
    for label, name, secs in results:
        print(f"{label:<11} {name:<44} {secs:>8.2f}")


if __name__ == "__main__":
    main()
