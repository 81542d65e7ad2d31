"""Follow-up turns ("只看青岛的", "工资再高一点", "不要外包") change the previous tool call's filters.

Places are read with the region table (text.region, through tools.city_in), like every other query.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import replace

from talentseek.assistant.tools import Filters, city_in
from talentseek.search.query import parse_query

_ONLY = re.compile(
    r"(?:只看|只要|只找|换成|换到|改成|看看|那)\s*([\u4e00-\u9fa5A-Za-z]{2,8}?)(?:市)?(?:的|呢|吧|地区)*[吗?？。!！]*$"
)
_HIGHER = re.compile(r"(工资|薪资|薪水|待遇|钱).{0,4}(再|更)?(高|多)")
_LOWER = re.compile(r"(工资|薪资|薪水|待遇|钱).{0,4}(再|更)?(低|少)")
_EXCLUDE = re.compile(r"(?:不要|排除|不看|去掉)\s*([\u4e00-\u9fa5A-Za-z]{1,8})")
_FOLLOWUP = re.compile(r"^(只看|只要|只找|换成|换到|改成|那|再|工资|薪资|不要|排除|不看|去掉|还有|更)")


def is_followup(message: str) -> bool:
    """Short messages that change the last search rather than start a new one."""
    m = message.strip()
    return len(m) <= 20 and bool(_FOLLOWUP.search(m) or _HIGHER.search(m) or _LOWER.search(m))


def refine(prev: Filters, message: str, last_salary_lows: list[float]) -> Filters:
    """The previous filters changed as the follow-up asks; unknown follow-ups leave them as they were."""
    m = message.strip()
    f = prev
    salary = parse_query(m).of("salary")  # 只看1万以上的, 8千到1.2万的: the search's own reading
    if salary:
        lo, hi = salary[0].value
        f = replace(f, salary_min=int(lo) if lo is not None else None, salary_max=int(hi) if hi else None)
    if (c := city_in(m)) is not None:
        f = f.in_city(c)
    elif salary:
        pass
    elif (o := _ONLY.search(m)) is not None and not _HIGHER.search(m):
        f = replace(f, keywords=(*f.keywords, o.group(1)))
    if _HIGHER.search(m):
        f = replace(f, salary_min=raise_floor(f.salary_min, last_salary_lows))
    elif _LOWER.search(m) and f.salary_min:
        f = replace(f, salary_min=int(round(f.salary_min * 0.8, -2)))
    if (x := _EXCLUDE.search(m)) is not None:
        f = replace(f, exclude=(*f.exclude, x.group(1).rstrip("的")))
    return f


def raise_floor(current: int | None, lows: list[float]) -> int:
    """A floor ~20% above the current one, or above the median of the last results' lower bounds."""
    base = current or (statistics.median(lows) if lows else 8000)
    return int(round(base * 1.2, -2))
