"""Rising and falling skills: share of postings naming a skill, one period against the previous one.

Each skill's change is tested with the pooled two-proportion z-test (Agresti, *Categorical Data
Analysis*, 3rd ed., §3.1) and the family of tests is corrected with the Benjamini-Hochberg
false-discovery-rate procedure (Benjamini & Hochberg 1995), so that with hundreds of skills the
ones called rising or falling are not just noise.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from talentseek.report.result import StatResult, empty_result
from talentseek.report.scope import JOB_SKILLS, JOBS, Scope, job_clauses, next_month
from talentseek.store.db import Database

TITLE = "技能热度变化（提及该技能的职位占比，后半段 vs 前半段）"


def two_proportion_z(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float]:
    """(z, two-sided p) for H0: p1 == p2 with the pooled standard error; (0, 1) when undefined."""
    if n1 == 0 or n2 == 0:
        return 0.0, 1.0
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 0.0, 1.0
    z = (x2 / n2 - x1 / n1) / se
    return z, math.erfc(abs(z) / math.sqrt(2))


def benjamini_hochberg(pvalues: list[float]) -> list[float]:
    """BH-adjusted p-values (q-values), in the input order; reject where q ≤ alpha."""
    m = len(pvalues)
    order = sorted(range(m), key=lambda i: pvalues[i])
    q = [0.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, pvalues[i] * m / rank)
        q[i] = running
    return q


def _month_span(db: Database, scope: Scope) -> tuple[datetime, datetime] | None:
    """[start, end) of the comparison: the scope's months, else the data's own first to last month."""
    if scope.start and scope.end:
        return scope.start, scope.end
    with db.engine.connect() as conn:
        lo, hi = conn.execute(
            sa.select(sa.func.min(JOBS.c.posted_at), sa.func.max(JOBS.c.posted_at)).where(*job_clauses(scope))
        ).one()
    if lo is None:
        return None
    start = scope.start or datetime(lo.year, lo.month, 1)
    return start, scope.end or next_month(datetime(hi.year, hi.month, 1))


def _midpoint(start: datetime, end: datetime) -> datetime | None:
    months = (end.year - start.year) * 12 + end.month - start.month
    if months < 2:
        return None
    half = months // 2
    return datetime(start.year + (start.month - 1 + half) // 12, (start.month - 1 + half) % 12 + 1, 1)


def _skill_counts(db: Database, scope: Scope, split: datetime) -> tuple[int, int, list[Any]]:
    later = sa.case((JOBS.c.posted_at >= split, 1), else_=0)
    earlier = sa.case((JOBS.c.posted_at < split, 1), else_=0)
    where = job_clauses(scope, dated=True)
    with db.engine.connect() as conn:
        n1, n2 = conn.execute(sa.select(sa.func.sum(earlier), sa.func.sum(later)).where(*where)).one()
        q = (
            sa.select(JOB_SKILLS.c.skill, sa.func.sum(earlier), sa.func.sum(later))
            .select_from(JOB_SKILLS.join(JOBS, JOB_SKILLS.c.job_id == JOBS.c.id))
            .where(*where)
            .group_by(JOB_SKILLS.c.skill)
        )
        rows = conn.execute(q).all()
    return int(n1 or 0), int(n2 or 0), list(rows)


def _rows(raw: list[Any], n1: int, n2: int, min_count: int, alpha: float) -> tuple[list[dict[str, Any]], int]:
    tested = [(s, int(a or 0), int(b or 0)) for s, a, b in raw if int(a or 0) + int(b or 0) >= min_count]
    tests = [two_proportion_z(a, n1, b, n2) for _, a, b in tested]
    qvals = benjamini_hochberg([p for _, p in tests])
    rows = []
    for (skill, a, b), (z, p), q in zip(tested, tests, qvals, strict=True):
        significant = q <= alpha
        direction = ("rising" if z > 0 else "falling") if significant else "stable"
        rows.append(
            {
                "skill": skill,
                "n": a + b,
                "before": a,
                "after": b,
                "share_before": a / n1,
                "share_after": b / n2,
                "change": b / n2 - a / n1,
                "z": z,
                "p": p,
                "q": q,
                "significant": significant,
                "direction": direction,
            }
        )
    rows.sort(key=lambda r: (not r["significant"], -abs(r["change"])))
    return rows, len(raw) - len(tested)


def skill_trends(
    db: Database, scope: Scope, split: datetime | None = None, alpha: float = 0.05
) -> StatResult:
    """Skills whose share of postings changed significantly between the two halves of the period.

    `split` (default: the middle month of the scope or of the data) starts the later period.
    Rows: skill, n, before/after counts and shares, change, z, p, q (BH), significant, direction.
    """
    span = _month_span(db, scope)
    if span is None:
        return empty_result(
            "skill_trends", TITLE, f"{scope.label}在所选时间段内没有带日期的职位", scope.describe()
        )
    cut = split or _midpoint(*span)
    if cut is None:
        return empty_result("skill_trends", TITLE, "时间跨度不足两个月，无法做前后比较", scope.describe())
    n1, n2, raw = _skill_counts(db, scope, cut)
    mc = scope.min_count
    if n1 < mc or n2 < mc:
        reason = f"前后两段职位数分别为 {n1}、{n2}，至少一段少于 {mc} 条，无法比较"
        return empty_result("skill_trends", TITLE, reason, scope.describe())
    rows, suppressed = _rows(raw, n1, n2, mc, alpha)
    extra = {"split": cut.strftime("%Y-%m"), "postings_before": n1, "postings_after": n2, "alpha": alpha}
    notes = (
        f"前段：{span[0]:%Y-%m} 至 {cut:%Y-%m} 之前；后段：{cut:%Y-%m} 起",
        "两比例 z 检验，Benjamini-Hochberg 多重比较校正（FDR 5%）；未显著者记为 stable",
    )
    why = None if rows else f"每个技能的提及次数均少于 {mc}，数据不足"
    return StatResult(
        "skill_trends", TITLE, tuple(rows), n1 + n2, suppressed, why, notes, scope.describe(), extra
    )
