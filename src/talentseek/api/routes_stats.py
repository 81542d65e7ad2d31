"""`GET /api/stats/...`: each market statistic as JSON (aggregates only; small cells suppressed).

Any signed-in user may read them: they are counts and quantiles with cells under min_count withheld.
Every route takes ?region=&from=YYYY-MM&to=YYYY-MM&min_count=; bad values answer 400 with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from talentseek.api.deps import EngineDep, UserDep
from talentseek.errors import NotFound
from talentseek.report import city, stats
from talentseek.report.result import StatResult
from talentseek.report.scope import Scope, make_scope
from talentseek.store.db import Database

router = APIRouter(prefix="/api/stats", tags=["stats"])

Region = Annotated[str | None, Query(description="省份或城市，如 山东省、济南市")]
From = Annotated[str | None, Query(alias="from", description="起始月份 YYYY-MM")]
To = Annotated[str | None, Query(alias="to", description="结束月份 YYYY-MM")]
MinCount = Annotated[int, Query(ge=1, le=1000, description="样本少于此数的分组不显示")]
By = Annotated[str | None, Query(description="分组维度")]


def request_scope(
    engine: EngineDep, region: Region = None, from_: From = None, to: To = None, min_count: MinCount = 5
) -> Scope:
    """The statistics scope every route takes from ?region=&from=&to=&min_count= (bad values: 400)."""
    return make_scope(engine.db, region, from_, to, min_count)


ScopeDep = Annotated[Scope, Depends(request_scope)]

SCOPED: dict[str, Callable[[Database, Scope], StatResult]] = {
    "demand": stats.demand_supply,
    "intent": stats.intent_ranking,
    "skills": stats.skill_trends,
    "time-to-fill": stats.time_to_fill,
    "applications": stats.applications_per_posting,
    "cities": city.city_ranking,
}
GROUPED: dict[str, Callable[..., StatResult]] = {
    "postings": stats.postings_by,
    "candidates": stats.candidates_by,
    "salary": stats.salary_bands,
}


@router.get("")
def counts(user: UserDep, engine: EngineDep) -> dict[str, int]:
    """Record counts: {"jobs","companies","candidates","interactions"}."""
    return stats.counts(engine.db)


@router.get("/salary/summary")
def salary_summary(
    user: UserDep,
    engine: EngineDep,
    scope: ScopeDep,
) -> dict[str, Any]:
    """{"n","p25","p50","p75"} of monthly salary over jobs in scope."""
    return stats.salary_summary(engine.db, scope)


@router.get("/cities/{name}")
def city_detail(
    name: str,
    user: UserDep,
    engine: EngineDep,
    scope: ScopeDep,
) -> dict[str, Any]:
    """One city's ranking row (components, scores, composite) among the cities of `region`."""
    return city.city_view(engine.db, scope, name)


@router.get("/{name}")
def statistic(
    name: str,
    user: UserDep,
    engine: EngineDep,
    scope: ScopeDep,
    by: By = None,
) -> dict[str, Any]:
    """A statistic by name: postings, candidates, salary (?by=city|occupation|experience|education|...),
    demand, intent, skills, time-to-fill, applications, cities."""
    db = engine.db
    if name in GROUPED:
        return GROUPED[name](db, scope, by=by or "city").to_dict()
    if name in SCOPED:
        if name in ("time-to-fill", "applications") and by:
            return (stats.time_to_fill if name == "time-to-fill" else stats.applications_per_posting)(
                db, scope, by=by
            ).to_dict()
        return SCOPED[name](db, scope).to_dict()
    names = ", ".join([*GROUPED, *SCOPED])
    raise NotFound(f"没有名为“{name}”的统计：可用 {names}")
