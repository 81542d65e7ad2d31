"""Import throughput and peak memory: generated jobs from JSONL and CSV into SQLite (and PostgreSQL when
TALENTSEEK_TEST_PG_URL is set), with a naive ORM one-row-per-transaction importer side by side.

    python benchmarks/import_bench.py --quick     # 2k rows (and a 1k naive slice)
    python benchmarks/import_bench.py             # 10k and 100k rows (naive: 10k slice)
    python benchmarks/import_bench.py --full      # also 1M rows

Each case runs in its own process so its peak RSS (ru_maxrss, workers included) is its own.
Goal (issue 2): 100k jobs in under 60 s on 2 cores, memory flat in file size.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _cpu_s() -> float:
    """CPU seconds of this process and its reaped children: steadier than wall time on a busy machine."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def _fresh_url(base: str | None, tmp: Path, tag: str) -> str:
    if base is None:
        return f"sqlite:///{tmp / f'{tag}.db'}"
    import uuid

    import sqlalchemy as sa

    name = f"bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(
        base.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as c:
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.rsplit("/", 1)[0] + "/" + name


def run_one(kind: str, path: str, url: str, limit: int) -> dict[str, Any]:
    """One measured case in this (child) process."""
    from talentseek.store.db import Database

    db = Database(url)
    t0, cpu0 = time.perf_counter(), _cpu_s()
    if kind == "naive":
        rows = naive_import(db, Path(path), limit)
    else:
        from talentseek.ingest import import_jobs

        rep = import_jobs(db, Path(path), reject_dir=Path(path).parent / "rejects")
        rows = rep.imported + rep.updated
    dt = time.perf_counter() - t0
    db.dispose()
    return {"rows": rows, "seconds": dt, "cpu": _cpu_s() - cpu0, "peak_mb": _peak_mb()}


def naive_import(db: Any, path: Path, limit: int) -> int:
    """Baseline: same normalisation, but ORM objects one by one, a lookup and a commit per row."""
    import sqlalchemy as sa

    from talentseek.ingest.mapping import default_mapping, extract
    from talentseek.ingest.normalize import build_job
    from talentseek.store import models as m
    from talentseek.store.convert import job_values

    n = 0
    with path.open(encoding="utf-8") as f:
        for line in f:
            if n >= limit:
                break
            raw = json.loads(line)
            mp = default_mapping(list(raw))
            rec, _ = build_job(extract(mp, mp.fields_of(list(raw)), raw))
            with db.session() as s:
                comp = s.scalars(sa.select(m.Company).where(m.Company.name == rec.company_name)).first()
                if comp is None:
                    comp = m.Company(name=rec.company_name)
                    s.add(comp)
                    s.flush()
                job = s.scalars(sa.select(m.Job).where(m.Job.external_id == rec.job.external_id)).first()
                vals = job_values(rec.job, rec.job.external_id or "", comp.id, extra=rec.extra)
                if job is None:
                    s.add(m.Job(**vals))
                else:
                    for k, v in vals.items():
                        setattr(job, k, v)
            n += 1
    return n


def _to_csv(jsonl: Path, out: Path) -> None:
    """The same records as a CSV with Chinese headers (lists joined by ';'), written row by row."""
    heads = {
        "title": "职位名称",
        "external_id": "职位编号",
        "company": "公司名称",
        "city": "城市",
        "district": "行政区域",
        "salary": "薪资",
        "experience": "工作经验",
        "education": "学历",
        "job_type": "工作类型",
        "company_size": "公司规模",
        "industry": "行业",
        "funding": "融资阶段",
        "ownership": "公司性质",
        "headcount": "招聘人数",
        "posted_at": "发布时间",
        "benefits": "福利",
        "description": "职位描述",
    }
    with jsonl.open(encoding="utf-8") as f, out.open("w", encoding="utf-8", newline="") as g:
        w = csv.writer(g)
        w.writerow(heads.values())
        for line in f:
            d = json.loads(line)
            w.writerow([";".join(d[k]) if isinstance(d.get(k), list) else d.get(k, "") for k in heads])


def _child(kind: str, path: Path, url: str, limit: int) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--one", kind, str(path), url, str(limit)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"case {kind} {path.name} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _generate(n: int, tmp: Path) -> tuple[Path, Path, float]:
    from talentseek.generate import generate_market

    out = tmp / f"gen{n}"
    t0 = time.perf_counter()
    generate_market(None, jobs=n, candidates=0, seed=1, out=out)
    gen_s = time.perf_counter() - t0
    _to_csv(out / "jobs.jsonl", out / "jobs.csv")
    return out / "jobs.jsonl", out / "jobs.csv", gen_s


def _row(label: str, r: dict[str, Any]) -> str:
    return (
        f"{label:<34}{r['rows']:>9}{r['seconds']:>10.1f}{r['rows'] / r['seconds']:>10.0f}{r['cpu']:>9.1f}"
        f"{r['rows'] / max(r['cpu'], 1e-9):>12.0f}{r['peak_mb']:>13.0f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="2k rows only")
    ap.add_argument("--full", action="store_true", help="also 1M rows")
    ap.add_argument("--one", nargs=4, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        kind, path, url, limit = args.one
        print(json.dumps(run_one(kind, path, url, int(limit))))
        return
    sizes = [2_000] if args.quick else [10_000, 100_000] + ([1_000_000] if args.full else [])
    naive_n = 1_000 if args.quick else 10_000
    backends: list[tuple[str, str | None]] = [("sqlite", None)]
    if os.environ.get("TALENTSEEK_TEST_PG_URL"):
        backends.append(("postgres", os.environ["TALENTSEEK_TEST_PG_URL"]))
    print(f"cpus={os.cpu_count()} load={os.getloadavg()[0]:.1f}")
    print(
        f"{'case':<34}{'rows':>9}{'seconds':>10}{'rows/s':>10}{'CPU s':>9}{'rows/CPU s':>12}"
        f"{'peak RSS MB':>13}"
    )
    with tempfile.TemporaryDirectory(prefix="ts-bench-") as d:
        tmp = Path(d)
        for n in sizes:
            jsonl, csv_path, gen_s = _generate(n, tmp)
            print(
                f"{'generate → JSONL':<34}{n:>9}{gen_s:>10.1f}{n / gen_s:>10.0f}{'':>13}"
                f"  ({jsonl.stat().st_size / 2**20:.0f} MB JSONL,"
                f" {csv_path.stat().st_size / 2**20:.0f} MB CSV)"
            )
            for be, base in backends:
                for kind, path in (("jsonl", jsonl), ("csv", csv_path)):
                    r = _child(kind, path, _fresh_url(base, tmp, f"{kind}{n}"), n)
                    print(_row(f"import {kind} → {be}", r))
                if n == sizes[0]:
                    r = _child("naive", jsonl, _fresh_url(base, tmp, f"naive{n}"), min(naive_n, n))
                    print(_row(f"naive ORM 1-by-1 → {be}", r))
            sys.stdout.flush()


if __name__ == "__main__":
    main()
