"""Field normalisers for importers: thin adapters over `talentseek.text` and `talentseek.parse.jd`.

Those modules are the single source of truth for Chinese normalisation; this adapter only imports
them lazily and coerces their results to domain types, so a missing piece degrades to "unknown"
(None/empty) instead of breaking an import.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from talentseek import domain

_TEXT_SUBMODULES = (
    "salary",
    "region",
    "education",
    "experience",
    "company",
    "jobtype",
    "job_type",
    "benefits",
    "occupation",
    "skills",
    "normalize",
)


def _lookup(module: str, name: str) -> Callable[..., Any] | None:
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


@cache
def _fn(module: str, name: str) -> Callable[..., Any] | None:
    """`module.name`; for talentseek.text also its submodules, in case the package does not re-export it."""
    found = _lookup(module, name)
    if found is None and module == "talentseek.text":
        found = next((f for sub in _TEXT_SUBMODULES if (f := _lookup(f"{module}.{sub}", name))), None)
    return found


def _call(module: str, name: str, *args: Any) -> Any:
    f = _fn(module, name)
    return None if f is None else f(*args)


def _as(cls: type[Any], value: Any) -> Any:
    """A domain dataclass from the value a normaliser returned (the dataclass itself or a dict)."""
    if value is None or isinstance(value, cls):
        return value
    if isinstance(value, dict):
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in value.items() if k in names})
    return None


def salary(text: str) -> domain.Salary:
    return _as(domain.Salary, _call("talentseek.text", "parse_salary", text)) or domain.Salary()


def region(text: str) -> domain.Region:
    return _as(domain.Region, _call("talentseek.text", "parse_region", text)) or domain.Region()


def _level(value: Any, key: str) -> str | None:
    if isinstance(value, dict):
        value = value.get(key)
    return value if isinstance(value, str) and value else None


def education(text: str) -> str | None:
    return _level(_call("talentseek.text", "parse_education", text), "level")


def experience(text: str) -> domain.Experience:
    return _as(domain.Experience, _call("talentseek.text", "parse_experience", text)) or domain.Experience()


def company_size(text: str) -> str | None:
    return _level(_call("talentseek.text", "parse_company_size", text), "size") or (text.strip()[:32] or None)


def job_type(text: str) -> str | None:
    return _level(_call("talentseek.text", "parse_job_type", text), "job_type") or (text.strip()[:16] or None)


def benefits(text: str) -> tuple[str, ...]:
    got = _call("talentseek.text", "extract_benefits", text)
    if got is None:
        return tuple(t for t in re.split(r"[;；,，、|/\s]+", text) if t)
    return tuple(got)


def description_benefits(text: str) -> tuple[str, ...]:
    """Benefits named in a description (五险一金, 双休 ...); empty without the dictionary."""
    got = _call("talentseek.text", "extract_benefits", text) if text else None
    return tuple(got or ())


def occupation(title: str) -> domain.Occupation | None:
    got = _call("talentseek.text", "classify_title", title)
    if isinstance(got, tuple) and len(got) == 2 and all(isinstance(x, str) for x in got):
        return domain.Occupation(got[0], got[1])
    return _as(domain.Occupation, got)  # type: ignore[no-any-return]


def extract_skills(text: str) -> tuple[str, ...]:
    got = _call("talentseek.text.skills", "extract_skills", text)
    return tuple(got or ())


@dataclass(frozen=True)
class JdFields:
    """What the description itself says (parse.jd.parse_jd), used where the row has no column for it."""

    skills: tuple[str, ...] = ()
    required_skills: tuple[str, ...] = ()
    experience: domain.Experience | None = None
    education: str | None = None
    job_type: str | None = None
    benefits: tuple[str, ...] = ()


def jd_fields(title: str, description: str) -> JdFields:
    """parse.jd.parse_jd when present, else skills from the dictionary only."""
    got = _call("talentseek.parse.jd", "parse_jd", title, description)
    if got is None:
        return JdFields(skills=extract_skills(f"{title}\n{description}"))

    def get(k: str) -> Any:
        return got.get(k) if isinstance(got, dict) else getattr(got, k, None)

    exp = _as(domain.Experience, get("experience"))
    return JdFields(
        tuple(get("skills") or ()),
        tuple(get("required_skills") or ()),
        exp,
        get("education") or None,
        get("job_type") or None,
        tuple(get("benefits") or ()),
    )


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


def parse_int(text: str) -> int | None:
    """The first whole number in text ('3人' → 3); None for '若干'."""
    m = re.search(r"\d+", text)
    return int(m.group()) if m else None
