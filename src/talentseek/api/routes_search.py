"""GET /api/search/jobs (anyone) and GET /api/search/candidates (recruiters and operators)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query

from talentseek.api.deps import get_engine, require_role
from talentseek.auth.principal import CurrentUser
from talentseek.domain import Role
from talentseek.engine import Engine
from talentseek.errors import InputError
from talentseek.search.base import MAX_K, MAX_PAGE, SearchRequest, SearchResults
from talentseek.search.contract import contract_json
from talentseek.search.docs import KEYWORD_FIELDS

router = APIRouter(prefix="/api/search", tags=["search"])
FILTERABLE = frozenset(
    {"province", "city", "district", "education", "exp_bucket", "job_type", "salary_band", "size"}
)
RECRUITERS = require_role(Role.RECRUITER)  # operators are admitted too (see require_role)
MAX_Q = 10_000  # longer is rejected as a 4xx; up to here the parser cuts to its own limit


def parse_filters(values: list[str]) -> tuple[tuple[str, str], ...]:
    """`field:value` pairs from facet clicks; unknown fields are a 4xx naming the field."""
    out = []
    for raw in values:
        name, sep, value = raw.partition(":")
        if not sep or name not in FILTERABLE or name not in KEYWORD_FIELDS or not value.strip():
            raise InputError(
                f"筛选条件 {raw[:40]!r} 无效；格式为 字段:值，字段可选 {'、'.join(sorted(FILTERABLE))}",
                field="filter",
            )
        out.append((name, value.strip()[:64]))
    return tuple(out)


def build_request(
    q: str,
    k: int,
    page: int,
    sort: str,
    mode: str,
    remove: list[str],
    filters: list[str],
    facets: bool = True,
) -> SearchRequest:
    if len(q) > MAX_Q:
        raise InputError(f"查询过长（{len(q)} 字），请控制在 {MAX_Q} 字以内", field="q")
    req = SearchRequest(
        query=q,
        k=k,
        page=page,
        sort=sort,  # type: ignore[arg-type]
        mode=mode,  # type: ignore[arg-type]
        removed=tuple(r[:128] for r in remove[:20]),
        filters=parse_filters(filters[:20]),
        facets=facets,
    )
    return req.validated()


def response(res: SearchResults, *, scrub: bool = False) -> dict[str, Any]:
    return contract_json(res, scrub=scrub)


@router.get("/jobs")
def search_jobs(
    q: str = Query("", description="自然语言查询，如“武汉江夏 短视频剪辑 实习”"),
    k: int = Query(10, ge=1, le=MAX_K),
    page: int = Query(1, ge=1, le=MAX_PAGE),
    sort: str = Query("relevance"),
    mode: str = Query("hybrid"),
    remove: list[str] = Query(default_factory=list, description="要去掉的条件（chip key）"),
    filter: list[str] = Query(default_factory=list, description="分面筛选 字段:值，如 city:武汉市"),  # noqa: A002
    facets: bool = Query(True, description="是否统计分面（统计要遍历全部命中，百万级约多 10–30 毫秒）"),
    engine: Engine = Depends(get_engine),
) -> dict[str, Any]:
    """检索职位：任何人可用。"""
    return response(engine.search.search_jobs(build_request(q, k, page, sort, mode, remove, filter, facets)))


@router.get("/candidates")
def search_candidates(
    q: str = Query(""),
    k: int = Query(10, ge=1, le=MAX_K),
    page: int = Query(1, ge=1, le=MAX_PAGE),
    sort: str = Query("relevance"),
    mode: str = Query("hybrid"),
    remove: list[str] = Query(default_factory=list),
    filter: list[str] = Query(default_factory=list),  # noqa: A002
    facets: bool = Query(True),
    user: CurrentUser = Depends(RECRUITERS),
    engine: Engine = Depends(get_engine),
) -> dict[str, Any]:
    """检索人才：仅招聘方与运营；只返回其可见的人才（进入人才库或投递过本公司职位），不含联系方式。"""
    req = build_request(q, k, page, sort, mode, remove, filter, facets)
    # cards hold no contact fields; contact details inside their text are masked here as well
    return response(engine.search.search_candidates(req, user), scrub=True)
