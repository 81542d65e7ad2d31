"""The assistant's tools: search jobs/candidates, match, market statistics.

Search is called through its interface with a typed request: the filters become search.query's own
constraints (never text to parse again). Tool results are plain dicts with contact fields masked for
the asking user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from talentseek.assistant.safety import mask_contacts
from talentseek.domain import Role, to_dict
from talentseek.errors import TalentSeekError
from talentseek.match.service import Criteria
from talentseek.match.usecases import Viewer, candidates_for_job, jobs_for_seeker
from talentseek.report.scope import make_scope
from talentseek.report.stats import salary_summary
from talentseek.search.base import SearchHit, SearchIndex, SearchRequest, Side
from talentseek.search.query import (
    Constraint,
    ParsedQuery,
    build_query,
    education_constraint,
    experience_constraint,
    place_constraints,
    salary_constraint,
)
from talentseek.text.region import find_regions

SEARCH_LIMIT = 8
PLACES = ("city", "district", "province")
_OWN_FIELDS = ("city", "salary", "education")  # held in Filters' own fields, not passed through


def city_in(text: str) -> str | None:
    """The first city `text` names (official full name, from the region table), or None."""
    return next((r.city for r in find_regions(text) if r.city), None)


def _display(parsed: ParsedQuery) -> tuple[str, ...]:
    """The keywords as the user wrote them (Java, not the index term java) where the text has them.

    A skill's own term (spring_boot) is left out: the words that named it (Spring Boot) bring it back.
    """
    lower = parsed.text.lower()
    same = len(lower) == len(parsed.text)
    skill_terms = {s.lower().replace(" ", "_") for s in parsed.skills}
    out = []
    for k in parsed.keywords:
        i = lower.find(k) if same else -1
        if i >= 0:
            out.append(parsed.text[i : i + len(k)])
        elif k not in skill_terms:
            out.append(k)
    return tuple(out)


def _plain_years(c: Constraint) -> bool:
    """An "N年以上" experience constraint, which Filters.min_years holds (others pass through)."""
    return c.value.get("max_years") is None and not c.value.get("fresh_graduate")


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
    job_id: int | None = None  # match: the recruiter's job to shortlist for
    more: tuple[Constraint, ...] = ()  # passed through unchanged: benefits, job type, company size

    @classmethod
    def from_query(cls, parsed: ParsedQuery, job_id: int | None = None) -> Filters:
        """The assistant's filters from search.query's understanding of a message."""
        salary = parsed.of("salary")
        lo, hi = salary[0].value if salary else (None, None)
        years = [c for c in parsed.of("experience") if _plain_years(c)]
        edu = parsed.of("education")
        return cls(
            keywords=_display(parsed),
            city=next((c.value for c in parsed.of("city")), None),
            salary_min=int(lo) if lo is not None else None,
            salary_max=int(hi) if hi is not None else None,
            min_years=years[0].value["min_years"] if years else None,
            education=edu[0].value if edu else None,
            job_id=job_id,
            more=tuple(c for c in parsed.constraints if c.field not in _OWN_FIELDS and c not in years),
        )

    def in_city(self, city: str) -> Filters:
        """The same search in another city (a district or province named before no longer applies)."""
        return replace(self, city=city, more=tuple(c for c in self.more if c.field not in PLACES))

    def query_text(self) -> str:
        """The filters as words, for dense retrieval and for showing (search never parses it)."""
        parts = [self.city or "", *self.keywords]
        if self.min_years is not None:
            parts.append(f"{self.min_years:g}年以上经验")
        if self.salary_min is not None:
            parts.append(f"{self.salary_min}元以上")
        if self.education:
            parts.append(self.education)
        return " ".join(p for p in parts if p).strip()

    def to_query(self, side: Side) -> ParsedQuery:
        """The typed query search runs: each filter as search.query's own constraint."""
        cons: list[Constraint] = place_constraints(self.city) if self.city else []
        if self.salary_min is not None or self.salary_max is not None:
            lo = float(self.salary_min) if self.salary_min is not None else None
            hi = float(self.salary_max) if self.salary_max is not None else None
            cons.append(salary_constraint(lo, hi, side))
        if self.min_years is not None:
            years = {"min_years": self.min_years, "max_years": None, "fresh_graduate": False}
            cons.append(experience_constraint(years))
        if self.education:
            cons.append(education_constraint(self.education, side))
        return build_query(side, (*cons, *self.more), " ".join(self.keywords), self.query_text())

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (the Reply's `filters`): the passed-through constraints by their labels."""
        out = {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}
        out["more"] = [c.label for c in self.more]
        return out


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


def _item(hit: SearchHit) -> dict[str, Any]:
    """A hit as a flat dict (its `extra` fields beside the card's)."""
    d = to_dict(hit)
    extra = d.pop("extra", None) or {}
    return {**extra, **d}


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


@dataclass(frozen=True)
class _Viewer:
    role: Role
    company_id: int | None = None


def build_tools(engine: Any, role: Role, viewer: Any = None) -> dict[str, Tool]:
    """The tools this engine can offer to this role (`viewer`: the CurrentUser, for candidate visibility)."""
    tools: dict[str, Tool] = {}
    search = _search_part(engine)
    viewer = viewer or _Viewer(role)
    op = role is Role.OPERATOR
    if search is not None:
        tools["search_jobs"] = Tool("search_jobs", "按条件搜索职位", _searcher(search, "jobs", op, viewer))
        if role is not Role.SEEKER:
            tools["search_candidates"] = Tool(
                "search_candidates",
                "按条件搜索候选人（联系方式已脱敏）",
                _searcher(search, "candidates", op, viewer),
            )
    tools.update(_match_tools(engine, role, viewer))
    tools["market_stats"] = Tool("market_stats", "某城市某类职位的薪资分布", _market_stats(engine))
    return tools


def _search_part(engine: Any) -> SearchIndex | None:
    try:
        search: SearchIndex = engine.search
    except Exception:  # search backend not built or not configured: no search tools
        return None
    return search


def _searcher(search: SearchIndex, side: Side, may_see: bool, viewer: Any) -> Callable[[Filters], ToolResult]:
    name, prefix = ("search_jobs", "J") if side == "jobs" else ("search_candidates", "C")

    def run(f: Filters) -> ToolResult:
        parsed = f.to_query(side)
        req = SearchRequest(query=parsed.text, k=SEARCH_LIMIT * 3, facets=False, parsed=parsed)
        res = search.search_jobs(req) if side == "jobs" else search.search_candidates(req, viewer)
        items = _post_filter([_item(h) for h in res.results], f)[:SEARCH_LIMIT]
        return ToolResult(name, f, [_mask_item(i, may_see) for i in items], prefix)

    return run


def _market_stats(engine: Any) -> Callable[[Filters], ToolResult]:
    def run(f: Filters) -> ToolResult:
        if not f.city:
            return ToolResult("market_stats", f, note="请告诉我要查哪个城市的薪资行情，例如“青岛的薪资水平”")
        try:
            res = salary_summary(engine.db, make_scope(engine.db, f.city))
        except TalentSeekError as err:
            return ToolResult("market_stats", f, note=f"无法统计{f.city}：{err}")
        if res.get("p50") is None:
            return ToolResult("market_stats", f, note=f"{f.city}：{res.get('reason') or '数据不足'}")
        note = (
            f"{f.city} 有效月薪样本 {res['n']} 条：25 分位 {res['p25']:.0f} 元，中位数 {res['p50']:.0f} 元，"
            f"75 分位 {res['p75']:.0f} 元（按职位计，每个职位取区间中点）。"
        )
        return ToolResult("market_stats", f, note=note)

    return run


def _match_tools(engine: Any, role: Role, viewer: Any) -> dict[str, Tool]:
    """match_jobs (a seeker's own resume → jobs) and match_candidates (a recruiter's job → people)."""
    who = Viewer(role, getattr(viewer, "company_id", None), getattr(viewer, "candidate_id", None))
    op = role is Role.OPERATOR

    def jobs(f: Filters) -> ToolResult:
        with engine.db.session() as db:
            res = jobs_for_seeker(db, who, k=SEARCH_LIMIT)
        return ToolResult("match_jobs", f, [_mask_item(i, op) for i in _items(res)], "J")

    def cands(f: Filters) -> ToolResult:
        if f.job_id is None:
            return ToolResult(
                "match_candidates", f, note="请说明要为哪个职位找人，例如“为职位 12 推荐候选人”"
            )
        with engine.db.session() as db:
            res = candidates_for_job(db, who, f.job_id, Criteria(), k=SEARCH_LIMIT)
        return ToolResult("match_candidates", f, [_mask_item(i, op) for i in _items(res)], "C")

    if role is Role.SEEKER:
        return {"match_jobs": Tool("match_jobs", "按我的简历推荐职位", jobs)}
    return {"match_candidates": Tool("match_candidates", "为我的某个职位推荐候选人", cands)}
