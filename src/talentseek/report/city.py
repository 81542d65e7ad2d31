"""City talent view: a per-city ranking that shows its components, not only the composite.

Method (also printed on the page and in the report):
- 高技能需求: postings in high-skill roles (report.csco: CSCO codes for AI/software/data/ICT/electronics/
  machinery/electrical/digital technology, or an AI/data/software/advanced-manufacturing skill).
- 人才流入意向: active seekers living in another city who list this city as an intent city.
- 薪资水平: the city's median monthly salary divided by the region's median (1.0 = the regional level).
- 中小/新创企业活力: share of postings (among those whose company size or founding year is known)
  from companies with fewer than 100 staff or founded within the last 5 years.
Each component is min-max scaled to 0-100 across the ranked cities (counts on a log scale, so that
one metropolis does not flatten the rest), and the composite is their weighted sum (WEIGHTS).
A component without enough data is left out and the other weights are renormalised.
"""

from __future__ import annotations

import math
import re
from typing import Any

import sqlalchemy as sa

from talentseek.errors import NotFound
from talentseek.report.csco import HIGH_SKILL_PREFIXES, HIGH_SKILL_SKILLS
from talentseek.report.result import StatResult, empty_result, ratio
from talentseek.report.scope import (
    CANDIDATES,
    COMPANIES,
    INTENTS,
    JOB_SKILLS,
    JOBS,
    Scope,
    job_clauses,
    region_clause,
)
from talentseek.report.sqlparts import quartiles, salary_valid, salary_value
from talentseek.report.stats import salary_summary
from talentseek.store.db import Database

WEIGHTS = {"high_skill": 0.35, "inflow": 0.25, "salary": 0.25, "vitality": 0.15}
COMPONENT_LABELS = {
    "high_skill": "高技能需求",
    "inflow": "人才流入意向",
    "salary": "薪资水平",
    "vitality": "中小/新创企业活力",
}
YOUNG_YEARS = 5
METHOD = (
    "高技能需求＝高技能岗位职位数（CSCO 科研、机械/航空/电子/信息通信/电气/数字技术工程、"
    "工业设计、软件和信息技术服务，或要求 AI/数据/软件/先进制造技能）；"
    "人才流入意向＝现居外地、意向该城市的活跃求职者数；"
    "薪资水平＝城市月薪中位数 ÷ 全区域中位数；"
    "中小/新创企业活力＝来自不足 100 人或成立不满 5 年企业的职位占比。"
    "各分项在参与排名的城市间按最小-最大法换算为 0-100（计数类取对数），综合得分＝"
    + "＋".join(f"{COMPONENT_LABELS[k]}×{w:.2f}" for k, w in WEIGHTS.items())
    + "；某分项样本不足时不计入并按其余权重重新归一。"
)


def is_small_size(size: str | None) -> bool:
    """Size text under 100 staff (`20-99人`, `少于50人`, `20人以下`); open-ended `以上` is not small."""
    if not size or "以上" in size or "+" in size:
        return False
    nums = [int(x) for x in re.findall(r"\d+", size)]
    return bool(nums) and max(nums) < 100


def _high_skill() -> sa.ColumnElement[bool]:
    coded = [JOBS.c.occupation_code.like(f"{p}%") for p in HIGH_SKILL_PREFIXES]
    skilled = sa.exists().where(JOB_SKILLS.c.job_id == JOBS.c.id, JOB_SKILLS.c.skill.in_(HIGH_SKILL_SKILLS))
    return sa.or_(*coded, skilled)


def _count_if(cond: Any) -> sa.ColumnElement[Any]:
    return sa.func.sum(sa.case((cond, 1), else_=0))


def _ref_year(scope: Scope, conn: sa.Connection) -> int:
    if scope.end is not None:
        return scope.end.year if scope.end.month > 1 else scope.end.year - 1
    last = conn.scalar(sa.select(sa.func.max(JOBS.c.posted_at)).where(*job_clauses(scope)))
    return int(last.year) if last else 2025


def _city_counts(conn: sa.Connection, scope: Scope) -> list[Any]:
    sizes = [s for (s,) in conn.execute(sa.select(COMPANIES.c.size).distinct()) if is_small_size(s)]
    young_from = _ref_year(scope, conn) - YOUNG_YEARS
    one = _count_if
    known = sa.or_(COMPANIES.c.size.isnot(None), COMPANIES.c.founded_year.isnot(None))
    lively = sa.or_(COMPANIES.c.size.in_(sizes), COMPANIES.c.founded_year >= young_from)
    q = (
        sa.select(
            JOBS.c.city,
            sa.func.count(),
            one(_high_skill()),
            one(known),
            one(lively),
            one(COMPANIES.c.size.in_(sizes)),
            one(COMPANIES.c.founded_year >= young_from),
        )
        .select_from(JOBS.outerjoin(COMPANIES, JOBS.c.company_id == COMPANIES.c.id))
        .where(*job_clauses(scope), JOBS.c.city.isnot(None))
        .group_by(JOBS.c.city)
    )
    return list(conn.execute(q))


def _scaled(values: dict[str, float | None], log: bool) -> dict[str, float | None]:
    """Min-max to 0-100 over the cities that have a value; all equal → 50."""
    got = {k: (math.log1p(v) if log else v) for k, v in values.items() if v is not None}
    if not got:
        return dict.fromkeys(values)
    lo, hi = min(got.values()), max(got.values())
    return {
        k: (None if k not in got else 50.0 if hi == lo else 100 * (got[k] - lo) / (hi - lo)) for k in values
    }


def _composite(scores: dict[str, float | None]) -> float | None:
    present = {k: w for k, w in WEIGHTS.items() if scores.get(k) is not None}
    total = sum(present.values())
    return None if not total else sum(w * float(scores[k] or 0) for k, w in present.items()) / total


def _shares(known: int, small: int, young: int, lively: int, mc: int) -> dict[str, Any]:
    """Small/young/either shares among postings with a known company size or founding year."""
    ok = known >= mc
    return {
        "company_known": known,
        "small_share": ratio(small, known) if ok else None,
        "young_share": ratio(young, known) if ok else None,
        "vitality": ratio(lively, known) if ok else None,
    }


def _inflow(db: Database, scope: Scope) -> dict[str, int]:
    """Active seekers living in another city who list each city in scope as an intent city."""
    join = INTENTS.join(CANDIDATES, INTENTS.c.candidate_id == CANDIDATES.c.id)
    elsewhere = sa.and_(CANDIDATES.c.city.isnot(None), CANDIDATES.c.city != INTENTS.c.city)
    where = [
        CANDIDATES.c.active.is_(True),
        elsewhere,
        *region_clause(scope, INTENTS.c.province, INTENTS.c.city),
    ]
    q = sa.select(INTENTS.c.city, sa.func.count()).select_from(join).where(*where).group_by(INTENTS.c.city)
    with db.engine.connect() as conn:
        return {city: int(n) for city, n in conn.execute(q)}


def _raw_rows(db: Database, scope: Scope) -> list[dict[str, Any]]:
    mc = scope.min_count
    with db.engine.connect() as conn:
        counts = _city_counts(conn, scope)
        medians = {
            g[0]: (n, p[1])
            for g, n, p in quartiles(
                conn, salary_value(), [JOBS.c.city], JOBS, [*job_clauses(scope), *salary_valid()]
            )
        }
    region_median = salary_summary(db, scope)["p50"]
    inflow = _inflow(db, scope)
    rows = []
    for city, n, high, known, lively, small, young in counts:
        sal_n, median = medians.get(city, (0, None))
        if n >= mc:
            rel = (
                ratio(median, region_median) if median is not None and sal_n >= mc and region_median else None
            )
            row = {
                "city": city,
                "n": int(n),
                "high_skill_postings": int(high or 0),
                "high_skill_share": ratio(int(high or 0), int(n)),
                "inflow": inflow.get(city, 0),
                "salary_median": median if sal_n >= mc else None,
                "salary_n": sal_n,
                "salary_relative": rel,
            }
            rows.append(
                row | _shares(int(known or 0), int(small or 0), int(young or 0), int(lively or 0), mc)
            )
    return rows


def city_ranking(db: Database, scope: Scope) -> StatResult:
    """Cities in scope ranked by the composite; each row carries raw components, 0-100 scores and n."""
    title = "城市人才吸引力排行"
    rows = _raw_rows(db, scope)
    if not rows:
        return empty_result(
            "city_ranking", title, f"{scope.label}没有职位数达到 {scope.min_count} 条的城市", scope.describe()
        )
    raw = {
        "high_skill": ("high_skill_postings", True),
        "inflow": ("inflow", True),
        "salary": ("salary_relative", False),
        "vitality": ("vitality", False),
    }
    scaled = {k: _scaled({r["city"]: r[col] for r in rows}, log) for k, (col, log) in raw.items()}
    for r in rows:
        r["scores"] = {k: scaled[k][r["city"]] for k in WEIGHTS}
        r["composite"] = _composite(r["scores"])
    rows.sort(key=lambda r: (-(r["composite"] or -1), -r["n"]))
    for i, r in enumerate(rows, 1):
        r["rank"] = i
    return StatResult(
        "city_ranking",
        title,
        tuple(rows),
        sum(r["n"] for r in rows),
        0,
        None,
        (METHOD,),
        scope.describe(),
        {"weights": WEIGHTS, "labels": COMPONENT_LABELS},
    )


def city_view(db: Database, scope: Scope, city: str) -> dict[str, Any]:
    """One city's ranking row plus its place among the ranked cities; NotFound if it is not ranked."""
    ranking = city_ranking(db, scope)
    for row in ranking.rows:
        if row["city"] == city:
            return {
                "city": city,
                "row": row,
                "of": len(ranking.rows),
                "method": METHOD,
                "weights": WEIGHTS,
                "labels": COMPONENT_LABELS,
            }
    raise NotFound(f"{city} 在{scope.label}所选范围内职位不足 {scope.min_count} 条，未参与排名")
