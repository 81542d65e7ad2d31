"""SQL building blocks: the salary value rule, grouping dimensions, percentiles on both databases.

Percentiles follow numpy's default ("linear", Hyndman & Fan 1996 type 7), which is what
PostgreSQL's `percentile_cont` computes. SQLite has no percentile aggregate, so there each group is
ranked with window functions (ROW_NUMBER, COUNT OVER) and only the two order statistics around each
quantile leave the database; see benchmarks/report_bench.py for the comparison with fetching values.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from talentseek.errors import InputError
from talentseek.report.scope import CANDIDATES, COMPANIES, JOBS

QUARTERS = (1, 2, 3)  # P25, P50, P75 as k/4
UNKNOWN = "未注明"

EXPERIENCE_BUCKETS = ("1年以下/不限", "1-3年", "3-5年", "5-10年", "10年以上", UNKNOWN)


def salary_value() -> sa.ColumnElement[Any]:
    """CONTRACTS.md `stats salary`: midpoint of low/high (or the one bound) × months/12 when stated."""
    low, high = JOBS.c.salary_low, JOBS.c.salary_high
    mid = sa.case(
        (sa.and_(low.isnot(None), high.isnot(None)), (low + high) / 2.0), else_=sa.func.coalesce(low, high)
    )
    return mid * sa.func.coalesce(JOBS.c.salary_months, 12) / 12.0


def salary_valid() -> list[Any]:
    """A valid monthly figure: stated per month with at least one bound (面议/hourly/yearly excluded)."""
    return [
        JOBS.c.salary_period == "month",
        sa.or_(JOBS.c.salary_low.isnot(None), JOBS.c.salary_high.isnot(None)),
    ]


def experience_bucket() -> sa.ColumnElement[str]:
    e = JOBS.c.exp_min
    return sa.case(
        (e.is_(None), UNKNOWN),
        (e < 1, EXPERIENCE_BUCKETS[0]),
        (e < 3, EXPERIENCE_BUCKETS[1]),
        (e < 5, EXPERIENCE_BUCKETS[2]),
        (e < 10, EXPERIENCE_BUCKETS[3]),
        else_=EXPERIENCE_BUCKETS[4],
    )


JOB_DIMENSIONS: dict[str, Any] = {
    "province": lambda: JOBS.c.province,
    "city": lambda: JOBS.c.city,
    "district": lambda: JOBS.c.district,
    "occupation": lambda: JOBS.c.occupation_name,
    "industry": lambda: COMPANIES.c.industry,
    "education": lambda: JOBS.c.education,
    "experience": experience_bucket,
}
CANDIDATE_DIMENSIONS: dict[str, Any] = {
    "province": lambda: CANDIDATES.c.province,
    "city": lambda: CANDIDATES.c.city,
    "district": lambda: CANDIDATES.c.district,
    "occupation": lambda: CANDIDATES.c.occupation_code,
    "education": lambda: CANDIDATES.c.highest_education,
}


def dimension(table: dict[str, Any], by: str) -> Any:
    """The SQL expression for a grouping name; InputError listing the choices for anything else."""
    if by not in table:
        raise InputError(f"不支持按“{by}”分组：可选 {', '.join(table)}", field="by")
    return table[by]()


def jobs_from(dim: str | None = None) -> sa.FromClause:
    """jobs, joined to companies only when the dimension needs it."""
    if dim == "industry":
        return JOBS.outerjoin(COMPANIES, JOBS.c.company_id == COMPANIES.c.id)
    return JOBS


def days_between(conn: Connection, later: Any, earlier: Any) -> sa.ColumnElement[Any]:
    """Days from `earlier` to `later` in SQL (dialect-specific date arithmetic)."""
    if conn.dialect.name == "postgresql":
        return sa.extract("epoch", later - earlier) / 86400.0
    return sa.func.julianday(later) - sa.func.julianday(earlier)


def _interpolate(n: int, k: int, lo: float | None, hi: float | None) -> float | None:
    """Type-7 quantile k/4 from the order statistics at 0-based positions floor(pos) and +1."""
    if lo is None:
        return None
    frac = ((n - 1) * k % 4) / 4
    return float(lo) if frac == 0 or hi is None else float(lo) + frac * (float(hi) - float(lo))


def _quartiles_window(
    conn: Connection, base: sa.Subquery, gcols: Sequence[sa.ColumnElement[Any]]
) -> list[tuple[tuple[Any, ...], int, list[float | None]]]:
    parts = list(gcols)
    ranked = sa.select(
        *parts,
        base.c.v,
        sa.func.row_number().over(partition_by=parts or None, order_by=base.c.v).label("rn"),
        sa.func.count().over(partition_by=parts or None).label("cnt"),
    ).subquery()
    rgroups = [ranked.c[c.name] for c in parts]
    picks = []
    for k in QUARTERS:
        pos = (ranked.c.cnt - 1) * k // 4 + 1  # 1-based rank of the lower order statistic
        picks += [
            sa.func.max(sa.case((ranked.c.rn == pos, ranked.c.v))),
            sa.func.max(sa.case((ranked.c.rn == pos + 1, ranked.c.v))),
        ]
    query = sa.select(*rgroups, sa.func.max(ranked.c.cnt), *picks).group_by(*rgroups)
    out = []
    for row in conn.execute(query):
        if not row[len(parts)]:
            continue  # an ungrouped aggregate over no rows still returns one row of NULLs
        g, n, vals = tuple(row[: len(parts)]), int(row[len(parts)]), row[len(parts) + 1 :]
        out.append((g, n, [_interpolate(n, k, vals[2 * i], vals[2 * i + 1]) for i, k in enumerate(QUARTERS)]))
    return out


def _quartiles_pg(
    conn: Connection, base: sa.Subquery, gcols: Sequence[sa.ColumnElement[Any]]
) -> list[tuple[tuple[Any, ...], int, list[float | None]]]:
    pcts = [sa.func.percentile_cont(k / 4).within_group(base.c.v) for k in QUARTERS]
    query = sa.select(*gcols, sa.func.count(), *pcts).group_by(*gcols)
    return [
        (
            tuple(r[: len(gcols)]),
            int(r[len(gcols)]),
            [None if x is None else float(x) for x in r[len(gcols) + 1 :]],
        )
        for r in conn.execute(query)
        if r[len(gcols)]
    ]


def quartiles(
    conn: Connection,
    value: sa.ColumnElement[Any],
    groups: Sequence[sa.ColumnElement[Any]],
    from_: sa.FromClause,
    where: Sequence[Any],
    method: str = "auto",
) -> list[tuple[tuple[Any, ...], int, list[float | None]]]:
    """[(group values, n, [p25, p50, p75])] of `value` per group, computed in the database.

    method: "auto" (percentile_cont on PostgreSQL, window ranking elsewhere), "window" or "pg".
    """
    labelled = [g.label(f"g{i}") for i, g in enumerate(groups)]
    base = (
        sa.select(*labelled, value.label("v")).select_from(from_).where(*where, value.isnot(None)).subquery()
    )
    gcols = [base.c[f"g{i}"] for i in range(len(groups))]
    use_pg = method == "pg" or (method == "auto" and conn.dialect.name == "postgresql")
    return _quartiles_pg(conn, base, gcols) if use_pg else _quartiles_window(conn, base, gcols)
