"""Matching speed: one job against N seekers, one seeker against N jobs; vectorised vs per-pair loop.

    python benchmarks/match_bench.py            # 100k seekers / 100k jobs
    python benchmarks/match_bench.py --quick    # 10k
    python benchmarks/match_bench.py --jobs 1000000

Profiles are synthetic (random skills, cities, salaries) and built once, as the server caches its
tables; the timings are for scoring and ranking one query. The baseline scores the same pairs one by
one through the same feature functions, which is what an unvectorised scorer would do.
"""

from __future__ import annotations

import argparse
import math
import random
import resource
import statistics
import time
from datetime import datetime, timedelta

import numpy as np

from talentseek.match.profiles import JobProfile, JobTable, SeekerProfile, SeekerTable
from talentseek.match.score import score_jobs_for_seeker, score_seekers_for_job

SKILLS = [f"skill{i}" for i in range(400)] + ["Java", "Python", "Spring Boot", "MySQL", "Kubernetes"]
CITIES = ["济南市", "青岛市", "烟台市", "潍坊市", "临沂市", "淄博市", "济宁市", "北京市", "上海市", "杭州市"]
NOW = datetime(2025, 6, 1)


def seekers(n: int, rng: random.Random) -> list[SeekerProfile]:
    return [
        SeekerProfile(
            i,
            frozenset(rng.sample(SKILLS, rng.randint(2, 12))),
            rng.uniform(0, 15),
            rng.randint(2, 7),
            rng.choice(CITIES),
            "山东省",
            frozenset(rng.sample(CITIES, rng.randint(1, 3))),
            ("Java开发工程师",) if rng.random() < 0.3 else ("产品经理",),
            f"2-0{rng.randint(1, 9)}-{rng.randint(10, 20)}-0{rng.randint(1, 9)}",
            rng.uniform(4000, 20000),
            math.nan,
            rng.choice(["全职", "实习", None]),
        )
        for i in range(n)
    ]


def jobs(n: int, rng: random.Random) -> list[JobProfile]:
    out = []
    for i in range(n):
        skills = rng.sample(SKILLS, rng.randint(2, 8))
        low = rng.uniform(4000, 20000)
        out.append(
            JobProfile(
                i,
                rng.choice(["Java开发工程师", "产品经理", "会计", "新媒体运营"]),
                frozenset(skills[:3]),
                frozenset(skills[3:]),
                rng.choice([0, 1, 3, 5]),
                rng.random() < 0.2,
                rng.randint(0, 6),
                rng.choice(CITIES),
                "山东省",
                None,
                low,
                low * 1.5,
                rng.choice(["全职", "实习"]),
                f"2-0{rng.randint(1, 9)}-{rng.randint(10, 20)}-0{rng.randint(1, 9)}",
                NOW - timedelta(days=rng.randint(0, 200)),
            )
        )
    return out


def timed(fn, repeats: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def top_k(total: np.ndarray, k: int = 50) -> np.ndarray:
    idx = np.argpartition(-total, k)[:k]
    return idx[np.argsort(-total[idx])]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--seekers", type=int, default=100_000)
    ap.add_argument("--jobs", type=int, default=100_000)
    ap.add_argument("--repeats", type=int, default=20)
    ap.add_argument("--baseline-pairs", type=int, default=5_000, help="pairs the per-pair loop scores")
    a = ap.parse_args()
    if a.quick:
        a.seekers = a.jobs = 10_000
    rng = random.Random(7)
    s_list, j_list = seekers(a.seekers, rng), jobs(a.jobs, rng)
    t0 = time.perf_counter()
    s_table = SeekerTable.of(s_list)
    t_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    j_table = JobTable.of(j_list)
    t_j = time.perf_counter() - t0
    probe_jobs, probe_seekers = rng.sample(j_list, a.repeats), rng.sample(s_list, a.repeats)
    score_seekers_for_job(probe_jobs[0], s_table, NOW)  # warm-up: loads the skill dictionary once
    it_j, it_s = iter(probe_jobs), iter(probe_seekers)
    job_ms = timed(lambda: top_k(score_seekers_for_job(next(it_j), s_table, NOW).total), a.repeats)
    seeker_ms = timed(lambda: top_k(score_jobs_for_seeker(next(it_s), j_table, NOW).total), a.repeats)
    # baseline: the same functions, one pair at a time, extrapolated to the full table
    sub = s_list[: a.baseline_pairs]
    t0 = time.perf_counter()
    for p in sub:
        score_seekers_for_job(probe_jobs[0], SeekerTable.of([p]), NOW)
    per_pair_ms = (time.perf_counter() - t0) * 1000 / len(sub)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def row(name: str, n: int, ms: list[float], build: float) -> str:
        q = statistics.quantiles(ms, n=20)
        return f"| {name} | {n:,} | {statistics.median(ms):.1f} | {q[18]:.1f} | {build:.1f} |"

    print("| query | pool | p50 ms | p95 ms | table build s (once, cached) |")
    print("|---|---:|---:|---:|---:|")
    print(row("one job → rank seekers (vectorised)", a.seekers, job_ms, t_s))
    print(row("one seeker → rank jobs (vectorised)", a.jobs, seeker_ms, t_j))
    print(
        f"| baseline: per-pair loop, same features | {a.seekers:,} | {per_pair_ms * a.seekers:.0f} "
        f"(extrapolated from {len(sub):,} pairs) | – | – |"
    )
    print(f"\npeak RSS {rss_mb:.0f} MB (both tables and profiles in memory)")


if __name__ == "__main__":
    main()
