"""Salary strings → `domain.Salary`, following the salary rules of CONTRACTS.md exactly.

Handles the forms seen on Chinese job boards: `5千-1万`, `15k-30k`, `7-11K·14薪`, `150-200/天`,
`600-1200元/周`, `1.5万-2万元/月`, `年薪20-30万`, `8000以上`, `8千+`, `5000以下`, `底薪3000+提成`,
`面议`, Chinese numerals (`五千到八千`). Invalid: zero ranges and per-item units (`1元/次`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from talentseek.domain import Salary
from talentseek.text.numerals import replace_cn_numbers

_UNIT_SCALE = {"k": 1000, "千": 1000, "千元": 1000, "w": 10_000, "万": 10_000, "万元": 10_000, "元": 1, "": 1}
_FIG = r"(\d+(?:\.\d+)?)(千元|万元|k|千|w|万|元)?"
_FIGURES = re.compile(rf"{_FIG}(?:(?:-|至|到)(?:人民币)?{_FIG})?")
_MONTHS = re.compile(r"[·•.*x×]?(\d{1,2})薪")
_THOUSANDS_SEP = re.compile(r"(?<=\d),(?=\d{3})")
_NON_PERIOD = re.compile(r"/(?:次|单|件|个|篇|条|份|课时|课|节|场|张|集|首|套|人|单位|平|平米|字|千字)")
# The earliest marker in the text wins ("5000/月，年终奖另计" is monthly).
_PERIODS = (
    ("year", re.compile(r"年薪|/年|每年|per ?year|/y(?:ea)?r?\b")),
    ("month", re.compile(r"月薪|/月|每月|per ?month|/m(?:onth)?\b")),
    ("week", re.compile(r"周薪|/周|每周|/星期|per ?week|/w(?:ee)?k\b")),
    ("day", re.compile(r"日薪|/天|/日|每天|每日|per ?day|/d(?:ay)?\b")),
    ("hour", re.compile(r"时薪|/小时|/时|每小时|per ?hour|/h(?:ou)?r?\b")),
)
_OPEN_HIGH = ("以上", "及以上", "起", "+", "上")
_OPEN_LOW = ("以下", "及以下", "以内", "内")
_NEGOTIABLE = ("面议", "面谈", "商议", "议价")
INVALID = Salary()


def _number(value: float) -> float:
    """An exact integer stays an int (so JSON prints 8000, not 8000.0); else two decimals."""
    r = round(value)
    return r if abs(value - r) < 1e-6 else round(value, 2)


def _clean(text: str) -> str:
    """NFKC, lowercase, no whitespace, one dash, no thousands separators."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(text.split())
    text = _THOUSANDS_SEP.sub("", text)
    # 一 doubles as a dash only between digits ("5千一8千" is a common typo of 5千-8千)
    return re.sub(r"(?<=[\d千万kw])[~—–－〜～一](?=\d)", "-", text).translate(
        {ord(c): "-" for c in "~—–－〜～"}
    )


def _period(text: str) -> str | None:
    """The period whose marker appears first in `text`, or None."""
    best: tuple[int, str] | None = None
    for name, pattern in _PERIODS:
        m = pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name)
    return best[1] if best else None


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
    s = _clean(text)
    months_m = _MONTHS.search(s)
    months = int(months_m.group(1)) if months_m and 10 <= int(months_m.group(1)) <= 24 else None
    if months_m:
        s = s[: months_m.start()] + " " + s[months_m.end() :]
    if not re.search(r"\d", s):
        s = replace_cn_numbers(s).replace("到", "-")
    if _NON_PERIOD.search(s):
        return INVALID
    m = _FIGURES.search(s)
    if m is None:
        if any(w in s for w in _NEGOTIABLE):
            return Salary(valid=True, negotiable=True, months=months)
        return INVALID
    return _build(s, m, months)


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
    return Salary(
        valid=True,
        low=None if low is None else _number(low),
        high=None if high is None else _number(high),
        period=period or "month",
        months=months,
        negotiable=False,
    )
