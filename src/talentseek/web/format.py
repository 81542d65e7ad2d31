"""Display formatting for Chinese pages: salaries, dates, relative times. Pure functions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from talentseek.text.salary import format_yuan

_PERIOD_SUFFIX = {"hour": "元/时", "day": "元/天", "week": "元/周"}


money = format_yuan  # one formatter for pages, explanations and the CLI


def _plain(yuan: float) -> str:
    return f"{yuan:.0f}"


def _range(low: float | None, high: float | None, f: Callable[[float], str] = money) -> str:
    if low is not None and high is not None:
        return f(low) if low == high else f"{f(low)}-{f(high)}"
    if low is not None:
        return f"{f(low)}以上"
    if high is not None:
        return f"{f(high)}以下"
    return ""


def salary_display(
    low: float | None,
    high: float | None,
    period: str | None,
    months: int | None = None,
    negotiable: bool = False,
) -> str:
    """'8千-1.2万·13薪', '年薪20万-30万', '150-200元/天' or '面议'."""
    if negotiable or (low is None and high is None):
        return "面议"
    if period in _PERIOD_SUFFIX:
        return _range(low, high, _plain) + _PERIOD_SUFFIX[period]
    text = _range(low, high)
    if period == "year":
        text = "年薪" + text
    if months and months != 12 and period != "year":
        text += f"·{months}薪"
    return text


def job_salary(job: object) -> str:
    """salary_display over a store Job row (or anything with the same salary_* attributes)."""
    return salary_display(
        getattr(job, "salary_low", None),
        getattr(job, "salary_high", None),
        getattr(job, "salary_period", None),
        getattr(job, "salary_months", None),
        bool(getattr(job, "salary_negotiable", False)),
    )


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
