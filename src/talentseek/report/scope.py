"""Filters shared by every statistic: region (province or city), month range, minimum cell size."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from talentseek.errors import InputError
from talentseek.report.regions import cities_of, lookup_region
from talentseek.store import models as m
from talentseek.store.db import Database

DEFAULT_MIN_COUNT = 5
"""Cells with fewer observations are suppressed (privacy, and too few to mean anything)."""

JOBS = m.Job.__table__
COMPANIES = m.Company.__table__
CANDIDATES = m.Candidate.__table__
INTENTS = m.CandidateIntentCity.__table__
JOB_SKILLS = m.JobSkill.__table__
INTERACTIONS = m.Interaction.__table__

_MONTH = re.compile(r"^\s*(\d{4})[-/.年](\d{1,2})月?\s*$")


@dataclass(frozen=True)
class Scope:
    """What a statistic covers. `end` is exclusive (first day of the month after `to`)."""

    region: str | None = None
    level: str | None = None  # "province" | "city"
    province: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    min_count: int = DEFAULT_MIN_COUNT

    def describe(self) -> dict[str, Any]:
        last = None
        if self.end is not None:
            y, mo = (self.end.year, self.end.month - 1) if self.end.month > 1 else (self.end.year - 1, 12)
            last = f"{y:04d}-{mo:02d}"
        return {
            "region": self.region,
            "level": self.level,
            "from": self.start.strftime("%Y-%m") if self.start else None,
            "to": last,
            "min_count": self.min_count,
        }

    @property
    def label(self) -> str:
        return self.region or "全部地区"


def parse_month(text: str, field: str) -> datetime:
    """`2025-01` (also 2025/1, 2025年1月) → first day of that month; anything else is an InputError."""
    match = _MONTH.match(text or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise InputError(f"月份“{text}”格式不对：请写成 YYYY-MM，例如 2025-01", field=field)
    return datetime(int(match.group(1)), int(match.group(2)), 1)


def next_month(d: datetime) -> datetime:
    return datetime(d.year + d.month // 12, d.month % 12 + 1, 1)


def _region_from_data(db: Database, name: str) -> tuple[str, str | None] | None:
    """A region name the data itself uses but the national table lacks: (level, province)."""
    with db.engine.connect() as conn:
        prov = conn.execute(sa.select(JOBS.c.province).where(JOBS.c.province == name).limit(1)).first()
        if prov:
            return "province", name
        city = conn.execute(sa.select(JOBS.c.province).where(JOBS.c.city == name).limit(1)).first()
        if city:
            return "city", city[0]
        cand = conn.execute(
            sa.select(CANDIDATES.c.province).where(CANDIDATES.c.city == name).limit(1)
        ).first()
    return ("city", cand[0]) if cand else None


def resolve_region(db: Database, name: str) -> tuple[str, str, str | None]:
    """(full name, level, province) for a province or city name; InputError for anything else."""
    text = (name or "").strip()
    if not text:
        raise InputError("地区为空：请填写省份或城市名称，例如 山东省、济南市", field="region")
    known = lookup_region(text)
    if known is not None and known.level == "district":
        raise InputError(
            f"“{text}”是区县，报告按省或市统计：请改用 {known.city or known.province}", field="region"
        )
    if known is not None:
        return known.name, known.level, known.province
    found = _region_from_data(db, text)
    if found is None:
        raise InputError(
            f"“{text}”不是已知的省份或城市名称：请使用省级或地市级名称，如 山东省、济南市", field="region"
        )
    return text, found[0], found[1]


def make_scope(
    db: Database,
    region: str | None = None,
    from_month: str | None = None,
    to_month: str | None = None,
    min_count: int = DEFAULT_MIN_COUNT,
) -> Scope:
    """Validate user filters into a Scope: unknown region, bad or reversed months → InputError."""
    if min_count < 1:
        raise InputError(f"最小样本量必须 ≥ 1（收到 {min_count}）", field="min_count")
    start = parse_month(from_month, "from") if from_month else None
    last = parse_month(to_month, "to") if to_month else None
    if start and last and start > last:
        raise InputError(
            f"时间范围颠倒：起始月份 {from_month} 晚于结束月份 {to_month}，请交换 --from 与 --to",
            field="from",
        )
    full, level, province = resolve_region(db, region) if region is not None else (None, None, None)
    return Scope(full, level, province, start, next_month(last) if last else None, min_count)


def region_clause(
    scope: Scope, province: sa.ColumnElement[Any], city: sa.ColumnElement[Any], *, by_city: bool = True
) -> list[Any]:
    """Region filter on a (province, city) pair; with `by_city`, rows lacking a province match by city.

    Jobs and candidates always carry the province the importer resolved, so they use the plain
    equality (index-friendly); intent cities may be stored without one.
    """
    if scope.region is None:
        return []
    if scope.level == "province":
        if by_city:
            return [sa.or_(province == scope.region, city.in_(cities_of(scope.region)))]
        return [province == scope.region]
    return [city == scope.region]


def job_clauses(scope: Scope, *, dated: bool = False) -> list[Any]:
    """WHERE terms for jobs in scope; `dated` also demands a posting date."""
    terms = region_clause(scope, JOBS.c.province, JOBS.c.city, by_city=False)
    if scope.start is not None:
        terms.append(JOBS.c.posted_at >= scope.start)
    if scope.end is not None:
        terms.append(JOBS.c.posted_at < scope.end)
    if dated and scope.start is None and scope.end is None:
        terms.append(JOBS.c.posted_at.isnot(None))
    return terms
