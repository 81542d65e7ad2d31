"""Resume dates → `YYYY-MM` (or `YYYY`): `2016.07`, `2016年7月`, `2016/7`, `2016-07 ~ 至今`, `Jul 2016`."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

_MONTHS_EN = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_EN = r"(?:(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+)"
# A month is 1-12 not followed by another digit, so `2016-2019` is two years, not 2016 month 20.
_DATE = (
    rf"(?:{_EN}?(?P<year>(?:19|20)\d{{2}})(?!\d)\s*(?:年\s*|[./\-]\s*)?"
    r"(?:(?P<month>0?[1-9]|1[0-2])(?!\d)\s*月?(?:\s*[./\-]\s*\d{1,2}(?!\d)\s*日?|\s*\d{1,2}日)?)?)"
)
_PRESENT = r"(?P<present>至今|今|现在|目前|present|now|current|today)"
_SEP = r"\s*(?:-{1,2}|~|～|—{1,2}|–|－|至|到|to|—)\s*"
_RANGE = re.compile(
    rf"{_DATE.replace('year>', 'y1>').replace('month>', 'm1>').replace('mon>', 'n1>')}{_SEP}"
    rf"(?:{_DATE.replace('year>', 'y2>').replace('month>', 'm2>').replace('mon>', 'n2>')}|{_PRESENT})",
    re.IGNORECASE,
)
_SINGLE = re.compile(_DATE, re.IGNORECASE)


@dataclass(frozen=True)
class DateRange:
    """A period from a resume; `ongoing` is True for 至今 (then `end` is None)."""

    start: str | None
    end: str | None
    ongoing: bool
    span: tuple[int, int]


def _format(year: str | None, month: str | None, mon: str | None, today: date) -> str | None:
    """`YYYY-MM` or `YYYY`; years outside 1950..next year are impossible and give None."""
    if year is None:
        return None
    y = int(year)
    if not 1950 <= y <= today.year + 1:
        return None
    m = int(month) if month else _MONTHS_EN.get((mon or "")[:3].lower())
    return f"{y:04d}-{m:02d}" if m else f"{y:04d}"


def normalize_date(text: str, today: date | None = None) -> str | None:
    """The first date in `text` as `YYYY-MM`/`YYYY`, or None."""
    m = _SINGLE.search(unicodedata.normalize("NFKC", text))
    if not m:
        return None
    return _format(m.group("year"), m.group("month"), m.group("mon"), today or date.today())


def find_date_range(text: str, today: date | None = None) -> DateRange | None:
    """The first `start – end` period in `text`; an end before its start drops both dates (never guess)."""
    today = today or date.today()
    m = _RANGE.search(unicodedata.normalize("NFKC", text))
    if not m:
        return None
    start = _format(m.group("y1"), m.group("m1"), m.group("n1"), today)
    ongoing = m.group("present") is not None
    end = None if ongoing else _format(m.group("y2"), m.group("m2"), m.group("n2"), today)
    if start and end and end[: len(start)] < start[: len(end)]:
        start = end = None
    return DateRange(start, end, ongoing and start is not None, m.span())


def months_between(start: str, end: str) -> int:
    """Whole months from `start` to `end` (`YYYY` counts as January)."""
    sy, sm = int(start[:4]), int(start[5:7] or 1) if len(start) > 4 else 1
    ey, em = int(end[:4]), int(end[5:7]) if len(end) > 4 else 1
    return (ey - sy) * 12 + (em - sm)
