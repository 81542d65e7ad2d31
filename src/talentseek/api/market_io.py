"""Request schemas of the marketplace and operator API (responses are the use cases' dicts)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from talentseek.api.params import IdField


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RegisterIn(_In):
    username: str = Field(min_length=1, max_length=64, description="3-32 个字母、数字或下划线")
    password: str = Field(min_length=1, max_length=256, description="至少 8 个字符")
    display_name: str | None = Field(default=None, max_length=64)


class SalaryPatch(_In):
    valid: bool | None = None
    low: float | None = Field(default=None, ge=0, le=1e8)
    high: float | None = Field(default=None, ge=0, le=1e8)
    period: str | None = Field(default=None, max_length=8)
    months: int | None = Field(default=None, ge=1, le=24)
    negotiable: bool | None = None


class IntentPatch(_In):
    cities: list[str] | None = Field(default=None, max_length=20)
    titles: list[str] | None = Field(default=None, max_length=20)
    salary: SalaryPatch | str | None = Field(default=None, description="对象，或如 1.5万-2万 的文字")
    job_type: str | None = Field(default=None, max_length=16)


class EducationPatch(_In):
    school: str | None = Field(default=None, max_length=128)
    degree: str | None = Field(default=None, max_length=16)
    major: str | None = Field(default=None, max_length=128)
    start: str | None = Field(default=None, max_length=10)
    end: str | None = Field(default=None, max_length=10)


class WorkPatch(_In):
    company: str | None = Field(default=None, max_length=256)
    title: str | None = Field(default=None, max_length=128)
    start: str | None = Field(default=None, max_length=10)
    end: str | None = Field(default=None, max_length=10)
    description: str | None = Field(default=None, max_length=5000)


class ResumePatch(_In):
    """A partial resume JSON (CONTRACTS.md "resume"): only the given keys change; plus `open_to_pool`."""

    name: str | None = Field(default=None, max_length=64)
    gender: str | None = Field(default=None, max_length=4)
    birth_year: int | None = Field(default=None, ge=1900, le=2100)
    phone: str | None = Field(default=None, max_length=32)
    email: str | None = Field(default=None, max_length=128)
    city: str | None = Field(default=None, max_length=32)
    intent: IntentPatch | None = None
    education: list[EducationPatch] | None = Field(default=None, max_length=20)
    experience: list[WorkPatch] | None = Field(default=None, max_length=50)
    skills: list[str] | None = Field(default=None, max_length=100)
    years_of_experience: float | None = Field(default=None, ge=0, le=60)
    highest_education: str | None = Field(default=None, max_length=16)
    summary: str | None = Field(default=None, max_length=5000)
    open_to_pool: bool | None = Field(default=None, description="加入人才库：招聘方可以找到你并邀请")

    def fields(self) -> dict[str, Any]:
        """What the request set, nested objects included only with their given keys."""
        return self.model_dump(exclude_unset=True)


class ConfirmUploadIn(_In):
    upload: str = Field(min_length=64, max_length=64, description="PUT ?save=false 返回的 upload")
    filename: str = Field(min_length=1, max_length=256)
    resume: ResumePatch | None = Field(default=None, description="对解析结果的修改")


class StageIn(_In):
    stage: str = Field(
        min_length=1, max_length=32, description="applied|screening|interview|offer|hired|rejected|withdrawn"
    )


class BulkStageIn(StageIn):
    ids: list[IdField] = Field(min_length=1, max_length=500)


class MessageIn(_In):
    text: str = Field(min_length=1, max_length=4000, description="1-2000 字")


class InviteIn(_In):
    candidate_id: IdField


class ReadIn(_In):
    ids: list[IdField] | None = Field(default=None, max_length=1000, description="不填：全部标为已读")


class UserIn(_In):
    username: str = Field(min_length=1, max_length=64)
    role: str = Field(pattern="^(seeker|recruiter|operator)$")
    password: str | None = Field(default=None, max_length=256, description="不填则生成随机密码（只显示一次）")
    company: str | None = Field(default=None, max_length=256, description="招聘方：公司名称或 id")
    display_name: str | None = Field(default=None, max_length=64)


class PasswordIn(_In):
    password: str | None = Field(default=None, max_length=256, description="不填则生成随机密码（只显示一次）")


class KeyIn(_In):
    name: str = Field(min_length=1, max_length=64)
    username: str | None = Field(default=None, max_length=64, description="令牌代表的账号；不填为最小权限")
    rate_limit_per_min: int = Field(default=60, ge=1, le=100_000)
