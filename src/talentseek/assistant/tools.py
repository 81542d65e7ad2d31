"""The assistant's tools: search jobs/candidates, match, market statistics.

Each tool is built only when the part behind it exists, so a missing part (match, report) just means
one tool fewer. Tool results are plain dicts with contact fields masked for the asking user.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from talentseek.assistant.safety import mask_contacts
from talentseek.domain import Role, to_dict

SEARCH_LIMIT = 8


@dataclass(frozen=True)
class Filters:
    """What the user is looking for; follow-ups change one field at a time."""

    keywords: tuple[str, ...] = ()
    city: str | None = None
    salary_min: int | None = None
    salary_max: int | None = None
    min_years: float | None = None
    education: str | None = None
    exclude: tuple[str, ...] = ()

    def query_text(self) -> str:
        """The filters as a plain query the search engine's own parser understands."""
        parts = [self.city or "", *self.keywords]
        if self.min_years is not None:
            parts.append(f"{self.min_years:g}年以上经验")
        if self.salary_min is not None:
            parts.append(f"{self.salary_min}元以上")
        if self.education:
            parts.append(self.education)
        return " ".join(p for p in parts if p).strip()


@dataclass
class ToolResult:
    tool: str
    filters: Filters
    items: list[dict[str, Any]] = field(default_factory=list)
    prefix: str = "J"  # J: job ids, C: candidate ids
    note: str = ""

    def ids(self) -> list[str]:
        return [f"{self.prefix}{it['id']}" for it in self.items if it.get("id") is not None]


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    run: Callable[[Filters], ToolResult]


def _call(fn: Callable[..., Any], query: str, k: int) -> Any:
    """Call a search function whose exact keyword names we adapt to (k / limit / top_k)."""
    params = inspect.signature(fn).parameters
    for name in ("k", "limit", "top_k"):
        if name in params:
            return fn(query, **{name: k})
    return fn(query)


def _items(raw: Any) -> list[dict[str, Any]]:
    data = to_dict(raw)
    if isinstance(data, dict):
        data = data.get("results", data.get("items", []))
    return [d if isinstance(d, dict) else {"value": d} for d in (data or [])]


def _salary_low(item: dict[str, Any]) -> float | None:
    s = item.get("salary") or {}
    return s.get("low") if isinstance(s, dict) else None


def _post_filter(items: list[dict[str, Any]], f: Filters) -> list[dict[str, Any]]:
    """Apply filters the search may not know (exclusions, a raised salary floor, a city) to its results."""
    out = []
    for it in items:
        text = f"{it.get('title', '')}{it.get('company', '')}"
        if any(x in text for x in f.exclude):
            continue
        low = _salary_low(it)
        if f.salary_min is not None and low is not None and low < f.salary_min:
            continue
        city = str(it.get("city") or "")
        if f.city and city and f.city.rstrip("市") not in city:
            continue
        out.append(it)
    return out


def _mask_item(item: dict[str, Any], may_see_contact: bool) -> dict[str, Any]:
    if may_see_contact:
        return item
    out = {k: v for k, v in item.items() if k not in ("phone", "email")}
    return {k: mask_contacts(v) if isinstance(v, str) else v for k, v in out.items()}


def build_tools(engine: Any, role: Role) -> dict[str, Tool]:
    """The tools this engine can offer to this role."""
    tools: dict[str, Tool] = {}
    search = _search_part(engine)
    if search is not None and hasattr(search, "search_jobs"):
        tools["search_jobs"] = Tool("search_jobs", "按条件搜索职位", _searcher(search.search_jobs, "search_jobs", "J",
                                                                         role is Role.OPERATOR))
    if search is not None and hasattr(search, "search_candidates") and role is not Role.SEEKER:
        tools["search_candidates"] = Tool("search_candidates", "按条件搜索候选人（联系方式已脱敏）",
                                          _searcher(search.search_candidates, "search_candidates", "C",
                                                    role is Role.OPERATOR))
    stats = _market_stats(engine)
    if stats is not None:
        tools["market_stats"] = Tool("market_stats", "某城市某类职位的薪资分布", stats)
    return tools


def _search_part(engine: Any) -> Any:
    try:
        return engine.search
    except Exception:  # search backend not built or not configured: no search tools
        return None


def _searcher(fn: Callable[..., Any], name: str, prefix: str, may_see: bool) -> Callable[[Filters], ToolResult]:
    def run(f: Filters) -> ToolResult:
        items = _post_filter(_items(_call(fn, f.query_text(), SEARCH_LIMIT * 3)), f)[:SEARCH_LIMIT]
        return ToolResult(name, f, [_mask_item(i, may_see) for i in items], prefix)

    return run


def _market_stats(engine: Any) -> Callable[[Filters], ToolResult] | None:
    try:
        from talentseek.report import stats as stats_mod
    except ImportError:
        return None
    fn = getattr(stats_mod, "salary_stats", None)
    if fn is None:
        return None

    def run(f: Filters) -> ToolResult:
        res = to_dict(fn(engine, city=f.city)) if f.city else {}
        return ToolResult("market_stats", f, [], "J", note=str(res) if res else "需要指定城市")

    return run
