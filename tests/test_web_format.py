"""Display formatting used on pages: salaries the way Chinese job boards print them, experience, dates."""

from __future__ import annotations

from datetime import datetime

import pytest

from talentseek.web.format import ago_cn, date_cn, experience_text, money, salary_display


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((8000, 12000, "month", 13), "8千-1.2万·13薪"),
        ((8000, 12000, "month", 12), "8千-1.2万"),
        ((15000, 25000, "month", None), "1.5万-2.5万"),
        ((None, None, None, None), "面议"),
        ((200000, 300000, "year", None), "年薪20万-30万"),
        ((150, 200, "day", None), "150-200元/天"),
        ((25, 25, "hour", None), "25元/时"),
        ((8000, None, "month", None), "8千以上"),
        ((None, 5000, "month", None), "5千以下"),
        ((800, 900, "month", None), "800元-900元"),
    ],
)
def test_salary_display(
    args: tuple[float | None, float | None, str | None, int | None], expected: str
) -> None:
    assert salary_display(*args) == expected


def test_negotiable_wins() -> None:
    assert salary_display(8000, 12000, "month", 13, negotiable=True) == "面议"


def test_money_rounding() -> None:
    assert money(8500) == "8.5千" and money(10000) == "1万" and money(12345) == "1.23万"


def test_experience_text() -> None:
    assert experience_text({"min_years": 3, "max_years": 5}) == "3-5年"
    assert experience_text({"min_years": 3, "max_years": None}) == "3年以上"
    assert experience_text({"min_years": 0, "max_years": 1}) == "1年以下"
    assert experience_text({"min_years": 0, "max_years": 0, "fresh_graduate": True}) == "应届生可投"
    assert experience_text({"min_years": 0.5, "max_years": None}) == "0.5年以上"
    assert experience_text(None) == "经验不限"


def test_dates() -> None:
    now = datetime(2026, 11, 28, 12)
    assert date_cn(datetime(2024, 3, 5)) == "2024年3月5日" and date_cn(None) == ""
    assert ago_cn(datetime(2026, 11, 28, 8), now) == "今天"
    assert ago_cn(datetime(2026, 11, 25), now) == "3天前"
    assert ago_cn(datetime(2026, 8, 1), now) == "3个月前"
    assert ago_cn(datetime(2020, 1, 2), now) == "2020年1月2日"
