"""Hiring efficiency from interactions: time to fill and applications per posting."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from talentseek.report.result import StatResult, empty_result, ratio
from talentseek.report.scope import INTERACTIONS, JOBS, Scope, job_clauses
from talentseek.report.sqlparts import JOB_DIMENSIONS, UNKNOWN, days_between, dimension, jobs_from, quartiles
from talentseek.store.db import Database


def _groups(by: str | None) -> list[Any]:
    return [] if by is None else [dimension(JOB_DIMENSIONS, by)]


def _bands(
    got: list[Any], by: str | None, min_count: int, more: dict[tuple[Any, ...], dict[str, Any]] | None = None
) -> tuple[list[dict[str, Any]], int, int]:
    rows = []
    for g, n, p in got:
        row: dict[str, Any] = {"n": n, "p25": p[0], "p50": p[1], "p75": p[2], **(more or {}).get(g, {})}
        if by is not None:
            row[by] = g[0] if g[0] is not None else UNKNOWN
        rows.append(row)
    kept = sorted((r for r in rows if r["n"] >= min_count), key=lambda r: -r["n"])
    return kept, len(rows) - len(kept), sum(r["n"] for r in rows)


def time_to_fill(db: Database, scope: Scope, by: str | None = None) -> StatResult:
    """Days from posting to the first `hire` (P25/P50/P75) over filled jobs in scope."""
    title = "招聘周期（发布到首次录用的天数）"
    hires = (
        sa.select(INTERACTIONS.c.job_id, sa.func.min(INTERACTIONS.c.at).label("hired_at"))
        .where(INTERACTIONS.c.kind == "hire")
        .group_by(INTERACTIONS.c.job_id)
        .subquery()
    )
    from_ = jobs_from(by).join(hires, hires.c.job_id == JOBS.c.id)
    with db.engine.connect() as conn:
        days = days_between(conn, hires.c.hired_at, JOBS.c.posted_at)
        got = quartiles(conn, days, _groups(by), from_, [*job_clauses(scope), JOBS.c.posted_at.isnot(None)])
    rows, suppressed, total = _bands(got, by, scope.min_count)
    if total == 0:
        return empty_result(
            "time_to_fill", title, "所选范围内暂无录用（hire）记录，无法计算招聘周期", scope.describe()
        )
    reason = None if rows else f"已录用职位少于 {scope.min_count} 个，数据不足"
    return StatResult("time_to_fill", title, tuple(rows), total, suppressed, reason, scope=scope.describe())


def applications_per_posting(db: Database, scope: Scope, by: str | None = None) -> StatResult:
    """Applications (`apply` interactions) per posting in scope: mean and P25/P50/P75, with n postings."""
    title = "每个职位收到的投递数"
    applied = sa.and_(INTERACTIONS.c.job_id == JOBS.c.id, INTERACTIONS.c.kind == "apply")
    groups = _groups(by)
    per_job = (
        sa.select(
            JOBS.c.id,
            *[g.label(f"k{i}") for i, g in enumerate(groups)],
            sa.func.count(INTERACTIONS.c.id).label("apps"),
        )
        .select_from(jobs_from(by).outerjoin(INTERACTIONS, applied))
        .where(*job_clauses(scope))
        .group_by(JOBS.c.id, *groups)
        .subquery()
    )
    keys = [per_job.c[f"k{i}"] for i in range(len(groups))]
    applied_only = (
        sa.select(*groups, sa.func.count())
        .select_from(jobs_from(by).join(INTERACTIONS, applied))
        .where(*job_clauses(scope))
        .group_by(*groups)
    )
    with db.engine.connect() as conn:
        apps = {tuple(r[:-1]): int(r[-1]) for r in conn.execute(applied_only) if r[-1]}
        if not apps:
            return empty_result(
                "applications_per_posting", title, "所选范围内暂无投递（apply）记录", scope.describe()
            )
        got = quartiles(conn, per_job.c.apps, keys, per_job, [])
    sums = {g: {"applications": apps.get(g, 0), "mean": ratio(apps.get(g, 0), n)} for g, n, _ in got}
    rows, suppressed, total = _bands(got, by, scope.min_count, sums)
    reason = None if rows else f"职位少于 {scope.min_count} 个，数据不足"
    return StatResult(
        "applications_per_posting", title, tuple(rows), total, suppressed, reason, scope=scope.describe()
    )
