"""The /search page: search box, removable chips, facets, results with reasons; HTMX partial updates."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from starlette.responses import Response

from talentseek.api.deps import get_engine, page_user
from talentseek.api.routes_search import parse_filters
from talentseek.auth.principal import CurrentUser
from talentseek.domain import Role
from talentseek.errors import TalentSeekError
from talentseek.search.base import MAX_PAGE, SearchRequest, SearchResults
from talentseek.search.contract import scrub_results
from talentseek.usecases import applications
from talentseek.web.guard import PageRoute
from talentseek.web.templating import render

router = APIRouter(include_in_schema=False, route_class=PageRoute)
PER_PAGE = 10
FACET_LABELS = {
    "city": "城市",
    "district": "区县",
    "education": "学历",
    "exp_bucket": "经验",
    "job_type": "类型",
    "salary_band": "月薪",
    "size": "公司规模",
}
EXAMPLES = (
    "武汉江夏 短视频剪辑 实习 应届生可以",
    "上海 机器学习 硕士 年薪30万以上",
    "武汉 新媒体运营 双休 五险一金",
)


def _int(value: str | None, default: int, lo: int, hi: int) -> int:
    try:
        return min(max(int(value or default), lo), hi)
    except ValueError:
        return default


def page_state(request: Request) -> dict[str, Any]:
    """The page's state from its query string; junk is clamped, never an error page."""
    qp = request.query_params
    return {
        "q": (qp.get("q") or "")[:10_000],
        "side": "candidates" if qp.get("side") == "candidates" else "jobs",
        "page": _int(qp.get("page"), 1, 1, MAX_PAGE),
        "sort": qp.get("sort") if qp.get("sort") in ("relevance", "date", "salary") else "relevance",
        "remove": [r[:128] for r in qp.getlist("remove")[:20]],
        "filter": [f[:100] for f in qp.getlist("filter")[:20] if ":" in f],
    }


def link(state: dict[str, Any], **change: Any) -> str:
    """/search?… for the state with some keys changed (chips, facets and pages are plain links)."""
    s = {**state, "page": 1, **change}
    params: list[tuple[str, Any]] = [
        ("q", s["q"]),
        ("side", s["side"]),
        ("sort", s["sort"]),
        ("page", s["page"]),
    ]
    params += [("remove", r) for r in s["remove"]] + [("filter", f) for f in s["filter"]]
    return "/search?" + urlencode(params)


def run_search(
    request: Request, state: dict[str, Any], facets_only: bool = False
) -> tuple[SearchResults | None, str | None]:
    """Results without facet counts (the page asks for those in a second request), or only the counts.

    Why two requests: counting facets walks every match (tens of ms at a million postings), while the
    top results come back in a few; the list shows first and the counts fill in beside it.
    """
    engine = get_engine(request)
    try:
        req = SearchRequest(
            query=state["q"],
            k=PER_PAGE,
            page=state["page"],
            sort=state["sort"],
            removed=tuple(state["remove"]),
            filters=parse_filters(state["filter"]),
            facets=facets_only,
            hits=not facets_only,
        )
        if state["side"] == "candidates":
            user = page_user(request)
            if user is None or user.role not in (Role.RECRUITER, Role.OPERATOR):
                return None, "搜索人才需要以招聘方身份登录。"
            # cards show what the index holds: contact details in titles or snippets are masked
            return scrub_results(engine.search.search_candidates(req, user)), None
        return engine.search.search_jobs(req), None
    except TalentSeekError as err:
        return None, str(err)


@router.get("/search/facets")
def search_facets(request: Request) -> Response:
    """The facet counts fragment for the state in the query string (loaded by the results page)."""
    state = page_state(request)
    results = run_search(request, state, facets_only=True)[0] if (state["q"] or state["filter"]) else None
    if results is None:  # nothing to count, or an error that the results part already shows
        return Response('<aside class="facets" aria-label="分面筛选"></aside>', media_type="text/html")
    return render(
        request, "search_facets.html", state=state, results=results, link=link, facet_labels=FACET_LABELS
    )


def applied_jobs(request: Request, user: CurrentUser | None) -> set[int]:
    """Jobs the seeker applied to (still open applications): their cards say 已申请."""
    if user is None or user.role is not Role.SEEKER:
        return set()
    apps = applications.my_applications(get_engine(request).db, user)
    return {a["job_id"] for a in apps if a["stage"] != applications.WITHDRAWN}


@router.get("/search")
def search_page(request: Request) -> Response:
    state = page_state(request)
    results, error = run_search(request, state) if (state["q"] or state["filter"]) else (None, None)
    user = page_user(request)
    ctx: dict[str, Any] = {
        "state": state,
        "results": results,
        "error": error,
        "link": link,
        "facet_labels": FACET_LABELS,
        "examples": EXAMPLES,
        "can_search_candidates": bool(user and user.role in (Role.RECRUITER, Role.OPERATOR)),
        "pages": min(MAX_PAGE, -(-results.total // PER_PAGE)) if results else 0,
        "applied": applied_jobs(request, user) if results and state["side"] == "jobs" else set(),
    }
    partial = (
        request.headers.get("HX-Request") == "true" and request.headers.get("HX-Target") == "search-results"
    )
    return render(request, "search_results.html" if partial else "search.html", **ctx)
