"""Salary strings → `domain.Salary`, following the salary rules of CONTRACTS.md exactly.

Handles the forms seen on Chinese job boards: `5千-1万`, `15k-30k`, `7-11K·14薪`, `150-200/天`,
`600-1200元/周`, `1.5万-2万元/月`, `年薪20-30万`, `8000以上`, `8千+`, `5000以下`, `底薪3000+提成`,
`面议`, Chinese numerals (`五千到八千`). Invalid: zero ranges and per-item units (`1元/次`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

from talentseek.domain import Salary
from talentseek.text.numerals import NUMBER, colloquial_money, replace_cn_numbers

_UNIT_SCALE = {"k": 1000, "千": 1000, "千元": 1000, "w": 10_000, "万": 10_000, "万元": 10_000, "元": 1, "": 1}
_FIG = rf"({NUMBER})(千元|万元|k|千|w|万|元)?"
_FIGURES = re.compile(rf"{_FIG}(?:(?:-|至|到)(?:人民币)?{_FIG})?")
_MONTHS = re.compile(r"[·•.*x×]?(\d{1,2})薪")
_THOUSANDS_SEP = re.compile(r"(?<=\d),(?=\d{3})")
_NON_PERIOD = re.compile(r"/(?:次|单|件|个|篇|条|份|课时|课|节|场|张|集|首|套|人|单位|平|平米|字|千字)")
# The earliest marker in the text wins ("5000/月，年终奖另计" is monthly).
_PERIOD_MARKERS = (
    ("year", r"年薪|/年|每年|per ?year|/y(?:ea)?r?\b"),
    ("month", r"月薪|/月|每月|per ?month|/m(?:onth)?\b"),
    ("week", r"周薪|/周|每周|/星期|per ?week|/w(?:ee)?k\b"),
    ("day", r"日薪|/天|/日|每天|每日|per ?day|/d(?:ay)?\b"),
    ("hour", r"时薪|/小时|/时|每小时|per ?hour|/h(?:ou)?r?\b"),
)
_PERIOD = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _PERIOD_MARKERS))
_OPEN_HIGH = ("以上", "及以上", "起", "+", "上")
_OPEN_LOW = ("以下", "及以下", "以内", "内")
_NEGOTIABLE = ("面议", "面谈", "商议", "议价")
INVALID = Salary()
MAX_MONTHLY_YUAN = 10_000_000
"""The one cap on money: more than 10 million yuan a month (120 million a year) is no salary."""
# most board salaries look like 5千-1万, 15k-30k, 7-11K·14薪, 1.5万-2万元/月: a fast path for them
_COMMON = re.compile(rf"({NUMBER})([千万kK])?-({NUMBER})([千万kK])(?:元/月)?(?:·(\d{{1,2}})薪)?")


def within_cap(s: Salary) -> bool:
    """True when every figure is a finite, non-negative amount of at most MAX_MONTHLY_YUAN a month.

    Importers call this on salaries that did not come through `parse_salary` (resume JSON) too.
    """
    for v in (s.low, s.high):
        if v is None:
            continue
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v) or v < 0:
            return False
    try:
        lo, hi = s.monthly_range()
    except (TypeError, ValueError, OverflowError):
        return False
    return all(v is None or v <= MAX_MONTHLY_YUAN for v in (lo, hi))


def _capped(s: Salary) -> Salary:
    return s if within_cap(s) else INVALID


def _number(value: float) -> float:
    """An exact integer stays an int (so JSON prints 8000, not 8000.0); else two decimals."""
    r = round(value)
    return r if abs(value - r) < 1e-6 else round(value, 2)


_DASH_TABLE = {ord(c): "-" for c in "~—–－〜～"}
_YI_DASH = re.compile(r"(?<=[\d千万kw])[~—–－〜～一](?=\d)")
_HAS_DIGIT = re.compile(r"\d")


def _clean(text: str) -> str:
    """NFKC, lowercase, no whitespace, one dash, no thousands separators."""
    text = unicodedata.normalize("NFKC", text).lower()
    if " " in text or "\t" in text or "\u3000" in text:
        text = "".join(text.split())
    if "," in text:
        text = _THOUSANDS_SEP.sub("", text)
    # 一 doubles as a dash only between digits ("5千一8千" is a common typo of 5千-8千)
    return _YI_DASH.sub("-", text).translate(_DASH_TABLE)


def _period(text: str) -> str | None:
    """The period whose marker appears first in `text`, or None."""
    m = _PERIOD.search(text)
    return m.lastgroup if m else None


def _scale(num: str, unit: str | None, inherit: str | None = None) -> float:
    return float(num) * _UNIT_SCALE[unit or inherit or ""]


def _figures(m: re.Match[str]) -> tuple[float, float | None, bool]:
    """(first, second-or-None, had_unit) in yuan; `7-11K` lends K to 7 when 7 ≤ 11."""
    n1, u1, n2, u2 = m.groups()
    if n2 is None:
        return _scale(n1, u1), None, bool(u1)
    inherit = u2 if (not u1 and u2 and float(n1) <= float(n2)) else None
    return _scale(n1, u1, inherit), _scale(n2, u2), bool(u1 or u2)


@lru_cache(maxsize=65536)
def parse_salary(text: str) -> Salary:
    """Parse one salary string; `Salary(valid=False)` when it is not a salary (see CONTRACTS.md)."""
    if not text or not text.strip():
        return INVALID
    common = _COMMON.fullmatch(text)
    if common is not None:
        return _common(common)
    s = _clean(text)
    months_m = _MONTHS.search(s) if "薪" in s else None
    months = int(months_m.group(1)) if months_m and 10 <= int(months_m.group(1)) <= 24 else None
    if months_m:
        s = s[: months_m.start()] + " " + s[months_m.end() :]
    if not _HAS_DIGIT.search(s):  # 七八千 → 7千-8千 first, or the digits would be read as one number
        s = replace_cn_numbers(colloquial_money(s)).replace("到", "-")
    if "/" in s and _NON_PERIOD.search(s):
        return INVALID
    m = _FIGURES.search(s)
    if m is None:
        if any(w in s for w in _NEGOTIABLE):
            return Salary(valid=True, negotiable=True, months=months)
        return INVALID
    return _build(s, m, months)


def _common(m: re.Match[str]) -> Salary:
    """Fast path for `5千-1万`-shaped strings; same rules as the general path."""
    n1, u1, n2, u2, months_text = m.groups()
    unit2 = u2.lower()
    unit1 = u1.lower() if u1 else (unit2 if float(n1) <= float(n2) else "")
    low, high = sorted((float(n1) * _UNIT_SCALE[unit1], float(n2) * _UNIT_SCALE[unit2]))
    if high <= 0:
        return INVALID
    months = int(months_text) if months_text and 10 <= int(months_text) <= 24 else None
    return _capped(Salary(valid=True, low=_number(low), high=_number(high), period="month", months=months))


def _build(s: str, m: re.Match[str], months: int | None) -> Salary:
    """Turn the first figure (or range) found in cleaned text `s` into a Salary."""
    first, second, had_unit = _figures(m)
    period = _period(s)
    largest = max(first, second or 0.0)
    if largest <= 0:
        return INVALID  # 0千-0千元/月 and the like: a placeholder, not a salary
    if not had_unit and period is None and largest < 100:
        return INVALID  # bare small numbers (3-5, 12) are not salaries without a unit or period
    low: float | None
    high: float | None
    if second is not None:
        low, high = sorted((first, second))
    else:
        after = s[m.end() : m.end() + 3]
        if after.startswith(_OPEN_LOW):
            low, high = None, first
        elif after.startswith(_OPEN_HIGH):
            low, high = first, None
        else:
            low = high = first
    return _capped(
        Salary(
            valid=True,
            low=None if low is None else _number(low),
            high=None if high is None else _number(high),
            period=period or "month",
            months=months,
            negotiable=False,
        )
    )


def format_yuan(yuan: float) -> str:
    """8000 → '8千', 12000 → '1.2万', 12500 → '1.25万', 800 → '800元' (how job boards print amounts)."""
    if yuan >= 10000:
        return f"{yuan / 10000:.2f}".rstrip("0").rstrip(".") + "万"
    if yuan >= 1000:
        return f"{yuan / 1000:.1f}".rstrip("0").rstrip(".") + "千"
    return f"{yuan:.0f}元"
