"""Frozen domain types: the vocabulary every layer speaks. No I/O here.

Field names follow ../shared/CONTRACTS.md so `to_dict()` is the public JSON shape.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

EDUCATION_LEVELS = ("不限", "初中及以下", "高中", "中专/中技", "大专", "本科", "硕士", "博士")
"""Ordered low → high after 不限; index is the rank used for comparisons."""

JOB_TYPES = ("全职", "兼职", "实习", "校招")
"""The job types a search can filter on (query words such as 实习生 and 校园招聘 map onto these)."""

SALARY_PERIODS = ("hour", "day", "week", "month", "year")


class Role(str, enum.Enum):  # noqa: UP042 (str() stays the member name)
    SEEKER = "seeker"
    RECRUITER = "recruiter"
    OPERATOR = "operator"


class InteractionKind(str, enum.Enum):  # noqa: UP042 (str() stays the member name)
    VIEW = "view"
    APPLY = "apply"
    INVITE = "invite"
    INTERVIEW = "interview"
    OFFER = "offer"
    HIRE = "hire"
    REJECT = "reject"


class JobStatus(str, enum.Enum):  # noqa: UP042 (str() stays the member name)
    OPEN = "open"
    CLOSED = "closed"


def to_dict(obj: Any) -> Any:
    """Dataclass (nested) → plain JSON-ready dict; enums become their values."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, (list, tuple)):
        return [to_dict(x) for x in obj]
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    if isinstance(obj, datetime):
        return obj.isoformat()
    return obj


@dataclass(frozen=True)
class Salary:
    """A salary as stated: yuan per `period`; `months` salary months per year if stated."""

    valid: bool = False
    low: float | None = None
    high: float | None = None
    period: str | None = None
    months: int | None = None
    negotiable: bool = False

    def monthly_range(self) -> tuple[float | None, float | None]:
        """(low, high) converted to yuan per month (12-month basis, ignoring `months`)."""
        factor = {"hour": 8 * 21.75, "day": 21.75, "week": 52 / 12, "month": 1.0, "year": 1 / 12}
        f = factor.get(self.period or "", None)
        if not self.valid or f is None:
            return (None, None)
        return (
            None if self.low is None else self.low * f,
            None if self.high is None else self.high * f,
        )


@dataclass(frozen=True)
class Region:
    province: str | None = None
    city: str | None = None
    district: str | None = None


@dataclass(frozen=True)
class Experience:
    min_years: float | None = None
    max_years: float | None = None
    fresh_graduate: bool = False


@dataclass(frozen=True)
class Occupation:
    """A CSCO 2022 occupation: code like '2-02-10-03' and its Chinese name."""

    code: str
    name: str


@dataclass(frozen=True)
class EducationEntry:
    school: str | None = None
    degree: str | None = None
    major: str | None = None
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class WorkEntry:
    company: str | None = None
    title: str | None = None
    start: str | None = None
    end: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Intent:
    cities: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    salary: Salary = field(default_factory=Salary)
    job_type: str | None = None


@dataclass(frozen=True)
class Resume:
    """The parsed resume of CONTRACTS.md; unknown fields are None or empty, never invented."""

    name: str | None = None
    gender: str | None = None
    birth_year: int | None = None
    phone: str | None = None
    email: str | None = None
    city: str | None = None
    intent: Intent = field(default_factory=Intent)
    education: tuple[EducationEntry, ...] = ()
    experience: tuple[WorkEntry, ...] = ()
    skills: tuple[str, ...] = ()
    years_of_experience: float | None = None
    highest_education: str | None = None
    summary: str | None = None


@dataclass(frozen=True)
class Company:
    name: str
    id: int | None = None
    external_id: str | None = None
    size: str | None = None
    industry: str | None = None
    ownership: str | None = None
    funding: str | None = None
    founded_year: int | None = None
    city: str | None = None


@dataclass(frozen=True)
class Job:
    title: str
    id: int | None = None
    external_id: str | None = None
    company_id: int | None = None
    company_name: str | None = None
    description: str = ""
    region: Region = field(default_factory=Region)
    salary: Salary = field(default_factory=Salary)
    experience: Experience = field(default_factory=Experience)
    education: str | None = None
    job_type: str | None = None
    occupation: Occupation | None = None
    skills: tuple[str, ...] = ()
    required_skills: tuple[str, ...] = ()
    benefits: tuple[str, ...] = ()
    headcount: int | None = None
    posted_at: datetime | None = None
    updated_at: datetime | None = None
    status: JobStatus = JobStatus.OPEN


@dataclass(frozen=True)
class Candidate:
    resume: Resume
    id: int | None = None
    external_id: str | None = None
    user_id: int | None = None
    region: Region = field(default_factory=Region)
    open_to_pool: bool = True
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Interaction:
    candidate_id: int
    job_id: int
    kind: InteractionKind
    initiated_by: Role
    at: datetime
    id: int | None = None
