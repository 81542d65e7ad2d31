"""Labour-market statistics over the store: SQL aggregation, every figure with its sample size.

Public API (the assistant's market tool, the CLI, the API and the report call these):
    counts(db) -> dict
    data_range(db, scope) -> dict
    postings_by(db, scope, by="city") -> StatResult          by: province|city|district|occupation|industry
    candidates_by(db, scope, by="city") -> StatResult        by: province|city|district|occupation|education
    salary_bands(db, scope, by="city", method="auto") -> StatResult   by: city|occupation|experience|education
    salary_summary(db, scope) -> dict {"n","p25","p50","p75"}
    demand_supply(db, scope) -> StatResult
    intent_ranking(db, scope) -> StatResult
    skill_trends(db, scope, split=None, alpha=0.05) -> StatResult      (report.trends)
    time_to_fill(db, scope, by=None) -> StatResult                     (report.funnel)
    applications_per_posting(db, scope, by=None) -> StatResult         (report.funnel)
Build `scope` with `report.scope.make_scope(db, region=, from_month=, to_month=, min_count=)`.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from talentseek.domain import EDUCATION_LEVELS
from talentseek.report.csco import occupation_label
from talentseek.report.funnel import applications_per_posting, time_to_fill
from talentseek.report.result import StatResult, empty_result, ratio
from talentseek.report.scope import (
    CANDIDATES,
    COMPANIES,
    INTENTS,
    INTERACTIONS,
    JOBS,
    Scope,
    job_clauses,
    region_clause,
)
from talentseek.report.sqlparts import (
    CANDIDATE_DIMENSIONS,
    EXPERIENCE_BUCKETS,
    JOB_DIMENSIONS,
    UNKNOWN,
    dimension,
    jobs_from,
    quartiles,
    salary_valid,
    salary_value,
)
from talentseek.report.trends import skill_trends
from talentseek.store.db import Database

__all__ = [
    "applications_per_posting",
    "candidates_by",
    "counts",
    "data_range",
    "demand_supply",
    "intent_ranking",
    "postings_by",
    "salary_bands",
    "salary_summary",
    "skill_trends",
    "time_to_fill",
]

DIM_LABELS = {
    "province": "省份",
    "city": "城市",
    "district": "区县",
    "occupation": "职业",
    "industry": "行业",
    "education": "学历",
    "experience": "经验要求",
}


def _order(by: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Education and experience in their natural order, everything else by size."""
    if by == "education":
        return sorted(rows, key=lambda r: EDUCATION_LEVELS.index(r[by]) if r[by] in EDUCATION_LEVELS else 99)
    if by == "experience":
        return sorted(rows, key=lambda r: EXPERIENCE_BUCKETS.index(r[by]))
    return sorted(rows, key=lambda r: (-r["n"], str(r[by])))


def counts(db: Database) -> dict[str, int]:
    """{"jobs", "companies", "candidates", "interactions"}: record counts in the current home."""
    tables = {"jobs": JOBS, "companies": COMPANIES, "candidates": CANDIDATES, "interactions": INTERACTIONS}
    with db.engine.connect() as conn:
        return {
            k: int(conn.scalar(sa.select(sa.func.count()).select_from(t)) or 0) for k, t in tables.items()
        }


def data_range(db: Database, scope: Scope) -> dict[str, Any]:
    """{"jobs": n, "first": "YYYY-MM-DD"|None, "last": ...}: postings in scope and their date span."""
    q = sa.select(sa.func.count(), sa.func.min(JOBS.c.posted_at), sa.func.max(JOBS.c.posted_at))
    with db.engine.connect() as conn:
        n, first, last = conn.execute(q.where(*job_clauses(scope))).one()
    return {
        "jobs": int(n),
        "first": first and first.date().isoformat(),
        "last": last and last.date().isoformat(),
    }


def _counted(name: str, title: str, by: str, raw: list[Any], scope: Scope, what: str) -> StatResult:
    total = sum(int(n) for _, n in raw)
    if total == 0:
        return empty_result(name, title, f"{scope.label}在所选范围内没有{what}数据", scope.describe())
    rows: list[dict[str, Any]] = [
        {by: key if key is not None else UNKNOWN, "n": int(n), "share": int(n) / total} for key, n in raw
    ]
    kept = [r for r in rows if r["n"] >= scope.min_count]
    reason = None if kept else f"每组{what}均少于 {scope.min_count} 条，已全部隐去"
    return StatResult(
        name, title, tuple(_order(by, kept)), total, len(rows) - len(kept), reason, scope=scope.describe()
    )


def postings_by(db: Database, scope: Scope, by: str = "city") -> StatResult:
    """Postings in scope counted per province/city/district/occupation/industry/education/experience."""
    dim = dimension(JOB_DIMENSIONS, by)
    q = sa.select(dim, sa.func.count()).select_from(jobs_from(by)).where(*job_clauses(scope)).group_by(dim)
    with db.engine.connect() as conn:
        raw = [tuple(r) for r in conn.execute(q)]
    return _counted(f"postings_by_{by}", f"职位数（按{DIM_LABELS[by]}）", by, raw, scope, "职位")


def candidates_by(db: Database, scope: Scope, by: str = "city") -> StatResult:
    """Active candidates (current stock, not time-filtered) per region, occupation or education."""
    dim = dimension(CANDIDATE_DIMENSIONS, by)
    where = [CANDIDATES.c.active.is_(True), *region_clause(scope, CANDIDATES.c.province, CANDIDATES.c.city)]
    q = sa.select(dim, sa.func.count()).where(*where).group_by(dim)
    with db.engine.connect() as conn:
        raw = [(occupation_label(k) if by == "occupation" else k, n) for k, n in conn.execute(q)]
    res = _counted(f"candidates_by_{by}", f"活跃求职者（按{DIM_LABELS[by]}）", by, raw, scope, "求职者")
    return res


def salary_bands(db: Database, scope: Scope, by: str = "city", method: str = "auto") -> StatResult:
    """P25/P50/P75 monthly salary (CONTRACTS.md rule) per group, each with its n; small groups suppressed."""
    dim = dimension(JOB_DIMENSIONS, by)
    title = f"月薪分位数（按{DIM_LABELS[by]}，元/月）"
    with db.engine.connect() as conn:
        got = quartiles(
            conn, salary_value(), [dim], jobs_from(by), [*job_clauses(scope), *salary_valid()], method
        )
    rows: list[dict[str, Any]] = [
        {by: g[0] if g[0] is not None else UNKNOWN, "n": n, "p25": p[0], "p50": p[1], "p75": p[2]}
        for g, n, p in got
    ]
    total = sum(r["n"] for r in rows)
    if total == 0:
        return empty_result(
            f"salary_by_{by}", title, f"{scope.label}在所选范围内没有可用的月薪数据", scope.describe()
        )
    kept = [r for r in rows if r["n"] >= scope.min_count]
    reason = None if kept else f"每组有效薪资样本均少于 {scope.min_count} 条，数据不足"
    return StatResult(
        f"salary_by_{by}",
        title,
        tuple(_order(by, kept)),
        total,
        len(rows) - len(kept),
        reason,
        notes=(
            "薪资取月薪上下限中点（仅一端时取该端），注明薪资月数时乘以 月数/12；面议、日薪、年薪等不计入",
        ),
        scope=scope.describe(),
    )


def salary_summary(db: Database, scope: Scope, method: str = "auto") -> dict[str, Any]:
    """{"n","p25","p50","p75"} over jobs in scope (`stats salary`); p* null when n < min_count."""
    with db.engine.connect() as conn:
        got = quartiles(conn, salary_value(), [], JOBS, [*job_clauses(scope), *salary_valid()], method)
    n, p = (got[0][1], got[0][2]) if got else (0, [None, None, None])
    out: dict[str, Any] = {"n": n, "p25": p[0], "p50": p[1], "p75": p[2]}
    if n < scope.min_count:
        out.update(
            p25=None, p50=None, p75=None, reason=f"有效薪资样本 {n} 条，少于 {scope.min_count} 条，数据不足"
        )
    return out


def _seekers_by_occupation_city(conn: sa.Connection, scope: Scope) -> dict[tuple[Any, Any], int]:
    where = [
        CANDIDATES.c.active.is_(True),
        CANDIDATES.c.occupation_code.isnot(None),
        *region_clause(scope, INTENTS.c.province, INTENTS.c.city),
    ]
    q = (
        sa.select(CANDIDATES.c.occupation_code, INTENTS.c.city, sa.func.count())
        .select_from(INTENTS.join(CANDIDATES, INTENTS.c.candidate_id == CANDIDATES.c.id))
        .where(*where)
        .group_by(CANDIDATES.c.occupation_code, INTENTS.c.city)
    )
    return {(code, city): int(n) for code, city, n in conn.execute(q)}


def demand_supply(db: Database, scope: Scope) -> StatResult:
    """Postings vs active seekers intending the city, per occupation × city; ratio needs min_count seekers."""
    title = "供需比（职位数 / 意向该城市的活跃求职者数，按职业×城市）"
    q = (
        sa.select(JOBS.c.occupation_code, JOBS.c.city, sa.func.max(JOBS.c.occupation_name), sa.func.count())
        .where(*job_clauses(scope), JOBS.c.occupation_code.isnot(None), JOBS.c.city.isnot(None))
        .group_by(JOBS.c.occupation_code, JOBS.c.city)
    )
    with db.engine.connect() as conn:
        demand = [tuple(r) for r in conn.execute(q)]
        supply = _seekers_by_occupation_city(conn, scope)
    if not demand:
        return empty_result(
            "demand_supply", title, f"{scope.label}在所选范围内没有带职业分类的职位", scope.describe()
        )
    mc, rows = scope.min_count, []
    for code, city, name, n in demand:
        seekers = supply.get((code, city), 0)
        rows.append(
            {
                "occupation_code": code,
                "occupation": name or occupation_label(code),
                "city": city,
                "n": int(n),
                "postings": int(n),
                "seekers": seekers if seekers >= mc else None,
                "ratio": ratio(int(n), seekers) if seekers >= mc else None,
            }
        )
    kept = sorted((r for r in rows if r["n"] >= mc), key=lambda r: (-(r["ratio"] or 0), -r["n"]))
    reason = None if kept else f"每个职业×城市的职位均少于 {mc} 条，数据不足"
    return StatResult(
        "demand_supply",
        title,
        tuple(kept),
        sum(r["n"] for r in rows),
        len(rows) - len(kept),
        reason,
        notes=("ratio > 1：职位多于意向求职者（人才紧缺）；求职者少于最小样本量时不计算比值",),
        scope=scope.describe(),
    )


def intent_ranking(db: Database, scope: Scope) -> StatResult:
    """Cities active seekers want to work in, with inflow (seekers living elsewhere) and share."""
    title = "求职意向城市排行（含外地流入意向）"
    join = INTENTS.join(CANDIDATES, INTENTS.c.candidate_id == CANDIDATES.c.id)
    elsewhere = sa.and_(CANDIDATES.c.city.isnot(None), CANDIDATES.c.city != INTENTS.c.city)
    out_prov = sa.and_(
        CANDIDATES.c.province.isnot(None),
        INTENTS.c.province.isnot(None),
        CANDIDATES.c.province != INTENTS.c.province,
    )
    q = (
        sa.select(
            INTENTS.c.city,
            sa.func.count(),
            sa.func.sum(sa.case((elsewhere, 1), else_=0)),
            sa.func.sum(sa.case((out_prov, 1), else_=0)),
        )
        .select_from(join)
        .where(CANDIDATES.c.active.is_(True), *region_clause(scope, INTENTS.c.province, INTENTS.c.city))
        .group_by(INTENTS.c.city)
    )
    everyone = (
        sa.select(sa.func.count(sa.distinct(INTENTS.c.candidate_id)))
        .select_from(join)
        .where(CANDIDATES.c.active.is_(True))
    )
    with db.engine.connect() as conn:
        raw, total = conn.execute(q).all(), int(conn.scalar(everyone) or 0)
    if not raw:
        return empty_result(
            "intent_ranking", title, f"没有求职者把{scope.label}列为意向城市", scope.describe()
        )
    rows = [
        {
            "city": c,
            "n": int(n),
            "share": ratio(int(n), total),
            "inflow": int(i or 0),
            "inflow_share": ratio(int(i or 0), int(n)),
            "inflow_other_province": int(o or 0),
        }
        for c, n, i, o in raw
    ]
    kept = sorted((r for r in rows if r["n"] >= scope.min_count), key=lambda r: (-r["n"], r["city"]))
    reason = None if kept else f"每个意向城市的求职者均少于 {scope.min_count} 人，数据不足"
    return StatResult(
        "intent_ranking",
        title,
        tuple(kept),
        sum(r["n"] for r in rows),
        len(rows) - len(kept),
        reason,
        notes=(
            "share：把该城市列为意向的求职者占全部有意向城市的活跃求职者之比（一人可选多城）",
            "inflow：现居其他城市、希望到该城市工作的求职者",
        ),
        scope=scope.describe(),
        extra={"seekers_with_intent": total},
    )
