"""Experience requirement or statement → `domain.Experience` (CONTRACTS.md experience rules)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from talentseek.domain import Experience
from talentseek.text.numerals import NUMBER, replace_cn_numbers

_NUM = f"({NUMBER})"
_RANGE = re.compile(rf"{_NUM}(?:年)?(?:-|~|至|到){_NUM}年")
_SINGLE = re.compile(rf"{_NUM}年(以上|及以上|或以上|\+|以下|及以下|以内|内)?")
_MONTHS = re.compile(rf"{_NUM}个?月(以上|及以上|\+|以下|以内|内)?")
_FRESH = re.compile(r"应届|在校|毕业生|届毕业|校招|实习生")
_NONE_NEEDED = re.compile(
    r"经验不限|不限经验|无经验|无需经验|经验无要求|不需要经验|零经验|0经验|无工作经验|^不限$"
)
_OPEN_LOW = ("以下", "及以下", "以内", "内")
_OPEN_HIGH = ("以上", "及以上", "或以上", "+")
NOTHING = Experience()
MAX_YEARS = 50  # beyond this a number is a date (2016年), not years of experience


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(text.split()).replace("—", "-").replace("~", "-")
    text = replace_cn_numbers(text)
    text = re.sub(rf"{_NUM}年半", lambda m: f"{float(m.group(1)) + 0.5!r}年", text)
    return text.replace("半年", "0.5年")


def _years(value: str) -> float:
    v = float(value)
    return int(v) if v == int(v) else v


@lru_cache(maxsize=8192)
def parse_experience(text: str) -> Experience:
    """Parse `1-3年`, `三年及以上`, `1年以下`, `经验不限`, `应届生`, `一年半以上`; all-null when silent."""
    if not text or not text.strip():
        return NOTHING
    s = _clean(text)
    if m := _RANGE.search(s):
        lo, hi = sorted((_years(m.group(1)), _years(m.group(2))))
        if hi <= MAX_YEARS:
            return Experience(min_years=lo, max_years=hi)
    for m in _SINGLE.finditer(s):
        exp = _single(_years(m.group(1)), m.group(2))
        if exp is not None:
            return exp
    if m := _MONTHS.search(s):
        return _single(round(float(m.group(1)) / 12, 2), m.group(2)) or NOTHING
    if _FRESH.search(s):
        return Experience(min_years=0, max_years=0, fresh_graduate=True)
    if _NONE_NEEDED.search(s):
        return Experience(min_years=0, max_years=None)
    return NOTHING


def _single(years: float, qualifier: str | None) -> Experience | None:
    """`N年以上` → (N, None); `N年以下` → (0, N); bare `N年` → (N, None); dates are skipped."""
    if years > MAX_YEARS:
        return None
    if qualifier in _OPEN_LOW:
        return Experience(min_years=0, max_years=years)
    return Experience(min_years=years, max_years=None)
