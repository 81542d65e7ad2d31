"""Company size and job type normalisation."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from talentseek.text.numerals import NUMBER

COMPANY_SIZES = ("20人以下", "20-99人", "100-499人", "500-999人", "1000-9999人", "10000人以上")
"""Size buckets, small → large: the BOSS直聘 buckets (智联's 100-299/300-499 fold into 100-499)."""
_BUCKET_FLOORS = (0, 20, 100, 500, 1000, 10_000)

JOB_TYPES = ("全职", "兼职", "实习", "校招")

_NUM = rf"({NUMBER})(万|千|k|w)?"
_SIZE_RANGE = re.compile(rf"{_NUM}(?:人)?(?:-|~|至|到){_NUM}")
_SIZE_SINGLE = re.compile(rf"(少于|小于|不足|低于|不到)?{_NUM}(?:人|名)?(以上|及以上|\+|以下|以内)?")
_SCALE = {"万": 10_000, "w": 10_000, "千": 1000, "k": 1000, None: 1, "": 1}
_JOB_TYPE_PATTERNS = (
    ("校招", re.compile(r"校招|校园|应届生招聘|管培生|campus")),
    ("实习", re.compile(r"实习|intern")),
    ("兼职", re.compile(r"兼职|临时|小时工|零工|part-?time")),
    ("全职", re.compile(r"全职|正式|社招|full-?time")),
)


def _value(num: str, unit: str | None) -> float:
    return float(num) * _SCALE[unit]


def _bucket(headcount: float) -> str:
    """The bucket whose floor is the largest one not above `headcount`."""
    index = max(i for i, floor in enumerate(_BUCKET_FLOORS) if headcount >= floor)
    return COMPANY_SIZES[index]


@lru_cache(maxsize=1024)
def parse_company_size(text: str) -> str | None:
    """`100-299人`/`0-20人`/`10000人以上`/`少于50人` → a COMPANY_SIZES bucket (by range midpoint)."""
    if not text:
        return None
    s = "".join(unicodedata.normalize("NFKC", text).lower().split()).replace("—", "-").replace("~", "-")
    if m := _SIZE_RANGE.search(s):
        lo, hi = _value(m.group(1), m.group(2)), _value(m.group(3), m.group(4))
        return _bucket((lo + hi) / 2)
    if m := _SIZE_SINGLE.search(s):
        below, n, qualifier = m.group(1), _value(m.group(2), m.group(3)), m.group(4)
        if below or qualifier in ("以下", "以内"):
            return _bucket(n / 2)
        return _bucket(n)
    return None


@lru_cache(maxsize=1024)
def parse_job_type(text: str) -> str | None:
    """`全职`/`兼职/临时`/`实习`/`校园` → one of JOB_TYPES; None when none is named."""
    if not text:
        return None
    s = unicodedata.normalize("NFKC", text).lower()
    for name, pattern in _JOB_TYPE_PATTERNS:
        if pattern.search(s):
            return name
    return None
