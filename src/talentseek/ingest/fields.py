"""Field normalisers for importers: thin adapters over `talentseek.text` and `talentseek.parse.jd`.

Those modules are the single source of truth for Chinese normalisation; this module only adds the
importer's fallbacks (an unrecognised company size or job type is kept as the source wrote it).
"""

from __future__ import annotations

import re
from datetime import datetime

from talentseek import domain
from talentseek.parse.jd import JobFields, parse_jd
from talentseek.text.benefits import extract_benefits
from talentseek.text.company import parse_company_size, parse_job_type
from talentseek.text.education import parse_education
from talentseek.text.experience import parse_experience
from talentseek.text.numerals import MAX_DIGITS
from talentseek.text.occupation import classify_title
from talentseek.text.region import parse_region
from talentseek.text.salary import parse_salary
from talentseek.text.skills import extract_skills as _extract_skills


def salary(text: str) -> domain.Salary:
    return parse_salary(text)


def region(text: str) -> domain.Region:
    return parse_region(text)


def education(text: str) -> str | None:
    return parse_education(text)


def experience(text: str) -> domain.Experience:
    return parse_experience(text)


def company_size(text: str) -> str | None:
    """A size bucket; text that is no bucket is kept as written unless it holds figures (a 13+ digit
    run is no headcount, and search would read it as one)."""
    found = parse_company_size(text)
    if found or any(ch.isdigit() for ch in text):
        return found
    return text.strip()[:32] or None


def job_type(text: str) -> str | None:
    return parse_job_type(text) or (text.strip()[:16] or None)


def benefits(text: str) -> tuple[str, ...]:
    """Benefits in text.benefits' canonical names (周末双休 → 双休); names it does not know are dropped."""
    return tuple(extract_benefits(text))


def occupation(title: str) -> domain.Occupation | None:
    return classify_title(title)


def extract_skills(text: str) -> tuple[str, ...]:
    return tuple(_extract_skills(text))


def jd_fields(title: str, description: str) -> JobFields:
    """What the description itself says (parse.jd), used where the row has no column for it."""
    return parse_jd(title, description)


_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d",
    "%Y-%m-%dT%H:%M:%S",
    "%Y年%m月%d日",
    "%Y.%m.%d",
    "%Y-%m",
    "%Y%m%d",
)


def parse_datetime(text: str) -> datetime | None:
    """A posting date in the common forms; None when it is not a plausible date (1990..2100)."""
    t = text.strip()
    try:
        d = datetime.fromisoformat(t)
    except ValueError:
        d = next((x for x in (_try(t, f) for f in _DATE_FORMATS) if x), None)  # type: ignore[assignment]
    if d is None or not 1990 <= d.year <= 2100:
        return None
    return d.replace(tzinfo=None)


def _try(text: str, fmt: str) -> datetime | None:
    try:
        return datetime.strptime(text, fmt)
    except ValueError:
        return None


_INT = re.compile(rf"(?<!\d)\d{{1,{MAX_DIGITS}}}(?!\d)|\d+")


def parse_int(text: str) -> int | None:
    """The first whole number in text ('3人' → 3, '-1' → -1); None for '若干' or when the first digit
    run is longer than MAX_DIGITS (an id, not a count or a year; int() of 4,300+ digits would raise)."""
    m = _INT.search(text)
    if m is None or len(m.group()) > MAX_DIGITS:
        return None
    return -int(m.group()) if text[: m.start()].strip() in ("-", "－") else int(m.group())
