"""The SearchIndex interface and its request/response types (frozen, JSON-ready via `to_dict`).

A query's understood form (ParsedQuery of Constraints) is defined here because a request may carry
one; search.query builds it from text and re-exports these names.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal, Protocol

from talentseek.domain import Role
from talentseek.errors import InputError

Side = Literal["jobs", "candidates"]
Mode = Literal["hybrid", "bm25", "dense"]
Sort = Literal["relevance", "date", "salary"]

MAX_PAGE = 1000  # deeper paging is a scraper, not a person; keeps offset*k bounded
MAX_K = 100
MAX_QUERY_CHARS = 500  # longer queries are cut (and said so in debug), never rejected
SORTS = ("relevance", "date", "salary")
MODES = ("hybrid", "bm25", "dense")


@dataclass(frozen=True)
class Constraint:
    """One understood constraint; `key` removes it (chip ×), `label` is what the chip shows.

    `hard`: a filter (documents stating a conflicting value are dropped, those stating nothing kept);
    soft: only a ranking boost (a wanted benefit).
    """

    # city | district | province | salary | experience | education | job_type | company_size | benefit
    field: str
    value: Any
    hard: bool
    label: str
    source: str = ""

    @property
    def key(self) -> str:
        return f"{self.field}:{self.source or self.value}"


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    side: Side = "jobs"
    constraints: tuple[Constraint, ...] = ()
    keywords: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())  # e.g. "查询过长，已截取前 500 字"

    def of(self, name: str) -> list[Constraint]:
        return [c for c in self.constraints if c.field == name]

    def without(self, keys: tuple[str, ...] | list[str]) -> ParsedQuery:
        """The query with the chips whose keys are given removed (unknown keys are ignored)."""
        drop = set(keys)
        return replace(self, constraints=tuple(c for c in self.constraints if c.key not in drop))

    @property
    def chips(self) -> list[dict[str, Any]]:
        return [{"label": c.label, "key": c.key, "hard": c.hard, "field": c.field} for c in self.constraints]

    def to_dict(self) -> dict[str, Any]:
        filters = [
            {"field": c.field, "value": c.value, "hard": c.hard, "label": c.label, "key": c.key}
            for c in self.constraints
        ]
        return {
            "text": self.text,
            "side": self.side,
            "keywords": list(self.keywords),
            "skills": list(self.skills),
            "filters": filters,
            "chips": self.chips,
            "notes": list(self.notes),
        }


class QueryParser(Protocol):
    def parse(self, text: str, side: Side = "jobs") -> ParsedQuery: ...


class Viewer(Protocol):
    """Who is searching candidates: `api.deps.CurrentUser` satisfies this."""

    @property
    def role(self) -> Role: ...

    @property
    def company_id(self) -> int | None: ...


@dataclass(frozen=True)
class SystemViewer:
    """An operator-level viewer for the CLI and evaluation (the CLI runs on the operator's machine)."""

    role: Role = Role.OPERATOR
    company_id: int | None = None


@dataclass(frozen=True)
class SearchRequest:
    """One search: text plus explicit filters (facet clicks), removed chips, sort and page."""

    query: str = ""
    k: int = 10
    page: int = 1
    sort: Sort = "relevance"
    mode: Mode = "hybrid"
    removed: tuple[str, ...] = ()  # chip keys the user removed
    filters: tuple[tuple[str, str], ...] = ()  # (field, value) from facet clicks, e.g. ("city", "武汉市")
    facets: bool = True
    hits: bool = True  # False: only the total and facet counts (the page's 2nd call)
    parsed: ParsedQuery | None = None  # an understood query (LLM parser, assistant) skips the rule parser

    def validated(self) -> SearchRequest:
        """Raise InputError (a 4xx) for values no person sends; clamp what can be clamped."""
        if self.sort not in SORTS:
            raise InputError(f"排序方式只能是 {'/'.join(SORTS)}", field="sort")
        if self.mode not in MODES:
            raise InputError(f"检索模式只能是 {'/'.join(MODES)}", field="mode")
        if not 1 <= self.page <= MAX_PAGE:
            raise InputError(f"页码须在 1 到 {MAX_PAGE} 之间", field="page")
        if not 1 <= self.k <= MAX_K:
            raise InputError(f"每页条数须在 1 到 {MAX_K} 之间", field="k")
        return self


@dataclass(frozen=True)
class SearchHit:
    id: int
    external_id: str | None
    title: str
    company: str | None
    city: str | None
    salary: dict[str, Any]
    score: float
    reasons: tuple[str, ...] = ()
    district: str | None = None
    posted_at: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SearchResults:
    query: dict[str, Any]
    results: tuple[SearchHit, ...]
    total: int
    page: int
    k: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    debug: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class IndexStats:
    jobs: int
    candidates: int
    seconds: float
    embedded: int = 0


@dataclass(frozen=True)
class KindCheck:
    kind: str  # job | candidate
    in_db: int
    in_index: int
    missing: tuple[int, ...]  # in DB, not in index
    extra: tuple[int, ...]  # in index, not in DB
    segments: int | None = None  # tantivy segments: each costs every query; a rebuild makes one


@dataclass(frozen=True)
class IndexCheck:
    parts: tuple[KindCheck, ...]
    pending: int = 0  # rows still waiting in index_queue

    @property
    def ok(self) -> bool:
        return all(not p.missing and not p.extra for p in self.parts)


ProgressFn = Any  # callable(done: int, total: int) -> None; Any keeps rich/typer out of this layer


class SearchIndex(Protocol):
    def rebuild(self, progress: ProgressFn | None = None, embed: bool = True) -> IndexStats: ...

    def sync(self, embed: bool = True) -> int: ...

    def check(self) -> IndexCheck: ...

    def search_jobs(self, request: SearchRequest) -> SearchResults: ...

    def search_candidates(self, request: SearchRequest, viewer: Viewer) -> SearchResults: ...

    def close(self) -> None: ...
