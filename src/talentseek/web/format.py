"""Display formatting for Chinese pages: salaries (shared with the API, from usecases.shapes), dates. Pure."""

from __future__ import annotations

from datetime import UTC, datetime

from talentseek.text.salary import format_yuan
from talentseek.usecases.shapes import job_salary, salary_display

__all__ = ["ago_cn", "date_cn", "experience_text", "job_salary", "money", "salary", "salary_display"]

money = format_yuan  # one formatter for pages, explanations and the CLI


def _num(v: object) -> float | None:
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None


def salary(value: object) -> str:
    """THE salary text of every page: '8千-1.2万·13薪', '年薪20万-30万', '200元/天' or '面议'.

    Takes the salary JSON of CONTRACTS.md ({low, high, period, months, negotiable}), a job dict
    holding one under "salary", a store Job row (salary_* attributes), or None.
    """
    if isinstance(value, dict) and isinstance(value.get("salary"), dict):
        value = value["salary"]
    if isinstance(value, dict):
        months = value.get("months")
        return salary_display(
            _num(value.get("low")),
            _num(value.get("high")),
            value.get("period") if isinstance(value.get("period"), str) else None,
            int(months) if isinstance(months, int | float) and not isinstance(months, bool) else None,
            bool(value.get("negotiable")),
        )
    if value is None:
        return "面议"
    return job_salary(value)


def date_cn(value: datetime | None) -> str:
    """2024-03-05 → '2024年3月5日'; None → ''."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def ago_cn(value: datetime | None, now: datetime | None = None) -> str:
    """A short relative time: '今天', '3天前', '2个月前', else the date."""
    if value is None:
        return ""
    days = ((now or datetime.now(UTC).replace(tzinfo=None)) - value).days
    if days <= 0:
        return "今天"
    if days < 30:
        return f"{days}天前"
    if days < 365:
        return f"{days // 30}个月前"
    return date_cn(value)


def _years(v: float) -> str:
    return f"{v:g}"


def experience_text(exp: dict[str, object] | None) -> str:
    """{'min_years': 3, 'max_years': 5} → '3-5年'; fresh graduates → '应届生'; nothing → '经验不限'."""
    exp = exp or {}
    lo, hi = exp.get("min_years"), exp.get("max_years")
    if exp.get("fresh_graduate") and not lo:
        return "应届生可投"
    lo_f = float(lo) if isinstance(lo, int | float) else None
    hi_f = float(hi) if isinstance(hi, int | float) else None
    if lo_f and hi_f:
        return f"{_years(lo_f)}-{_years(hi_f)}年"
    if lo_f:
        return f"{_years(lo_f)}年以上"
    if hi_f:
        return f"{_years(hi_f)}年以下"
    return "经验不限"
