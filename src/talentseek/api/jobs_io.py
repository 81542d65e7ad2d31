"""Request schemas of the jobs and auth API (the response shapes live in usecases.shapes)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from talentseek.usecases.jobs import MAX_PAGE

__all__ = ["MAX_PAGE", "JobIn", "JobPatch", "LoginIn", "SalaryIn", "given_fields"]
Period = Literal["hour", "day", "week", "month", "year"]
Education = Literal["不限", "初中及以下", "高中", "中专/中技", "大专", "本科", "硕士", "博士"]


class SalaryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    low: float | None = Field(default=None, ge=0, le=1e8)
    high: float | None = Field(default=None, ge=0, le=1e8)
    period: Period | None = "month"
    months: int | None = Field(default=None, ge=1, le=24)
    negotiable: bool = False


class JobPatch(BaseModel):
    """Fields a recruiter may change; every field optional (PATCH)."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=256)
    description: str | None = Field(default=None, max_length=50_000)
    province: str | None = Field(default=None, max_length=32)
    city: str | None = Field(default=None, max_length=32)
    district: str | None = Field(default=None, max_length=32)
    salary: SalaryIn | None = None
    salary_text: str | None = Field(default=None, max_length=64, description="如 8千-1.2万·13薪")
    education: Education | None = None
    exp_min: float | None = Field(default=None, ge=0, le=60)
    exp_max: float | None = Field(default=None, ge=0, le=60)
    fresh_ok: bool | None = None
    job_type: str | None = Field(default=None, max_length=16)
    skills: list[str] | None = Field(default=None, max_length=50)
    benefits: list[str] | None = Field(default=None, max_length=50)
    headcount: int | None = Field(default=None, ge=1, le=100_000)
    status: Literal["open", "closed"] | None = None


class JobIn(JobPatch):
    """A new job: a title is required; operators name the company (recruiters post for their own)."""

    title: str = Field(min_length=1, max_length=256)
    company_id: int | None = Field(default=None, ge=1)


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


def given_fields(body: BaseModel) -> dict[str, Any]:
    """The fields the request set (nested objects in full, with their defaults): a PATCH merge's input."""
    return {k: v for k, v in body.model_dump().items() if k in body.model_fields_set}
