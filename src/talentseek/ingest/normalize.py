"""One mapped row → a normalised job record, with warnings for values that were nulled.

Policy (documented in the README's data-platform section):
- a row is rejected only when it cannot be a job: no title, or an unreadable row;
- an impossible or unreadable value (salary 0-0, a date in 1800, headcount 0) is set to null and
  reported as a warning in the reject file; the job is still imported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

import talentseek.ingest.fields as F
from talentseek import domain
from talentseek.errors import InputError
from talentseek.parse.jd import JobFields
from talentseek.store.repo import JobRecord

MAX_HEADCOUNT = 10000
T = TypeVar("T")


class RowRejected(Exception):
    """This row cannot become a record; the message is the reason shown in the reject file."""


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def clean(s: str) -> str:
    """Text a database can store: NUL dropped (PostgreSQL refuses it), a lone surrogate (JSON "\\ud800")
    replaced by U+FFFD (it cannot be encoded as UTF-8)."""
    if _UNSTORABLE.search(s) is None:
        return s
    return _UNSTORABLE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", s)


def text(v: Any) -> str:
    """A cell as clean text (lists joined by '；')."""
    if v is None:
        return ""
    if isinstance(v, list | tuple):
        return clean("；".join(str(x) for x in v if x is not None))
    return clean(str(v).strip())


def as_list(v: Any) -> list[str]:
    """A list cell or a delimited text cell ('a;b;c') as a list of non-empty strings."""
    if isinstance(v, list | tuple):
        return [clean(str(x).strip()) for x in v if str(x).strip()]
    return [t for t in re.split(r"[;；,，、|]+", text(v)) if t.strip()]


Warnings = list[tuple[str, str]]


def _region(vals: dict[str, Any]) -> domain.Region:
    if vals.get("region"):
        return F.region(text(vals["region"]))
    joined = " ".join(text(vals.get(k)) for k in ("city", "district") if vals.get(k))
    return F.region(joined) if joined else domain.Region()


def _salary(vals: dict[str, Any], warns: Warnings) -> domain.Salary:
    raw = text(vals.get("salary"))
    if not raw:
        return domain.Salary()
    s = F.salary(raw)
    if not s.valid:
        warns.append(
            ("salary", f"薪资“{raw[:40]}”无法识别或不可能（如 0-0，或超过每月 1000 万元），已置空")
        )
    return s


def _skills(jd: JobFields, vals: dict[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    skills, required = jd.skills, jd.required_skills
    listed = as_list(vals.get("skills")) + as_list(vals.get("tags"))
    extra = F.extract_skills(" ".join(listed)) if listed else ()
    return tuple(dict.fromkeys([*skills, *extra])), required


def _headcount(vals: dict[str, Any], warns: Warnings) -> int | None:
    raw = text(vals.get("headcount"))
    n = F.parse_int(raw) if raw else None
    if n is None and any(ch.isdigit() for ch in raw):
        warns.append(("headcount", f"招聘人数“{raw[:30]}”无法识别，已置空"))
    if n is not None and not 0 < n <= MAX_HEADCOUNT:
        warns.append(("headcount", f"招聘人数 {n} 不合理，已置空"))
        return None
    return n


def _posted(vals: dict[str, Any], warns: Warnings) -> Any:
    raw = text(vals.get("posted_at"))
    if not raw:
        return None
    d = F.parse_datetime(raw)
    if d is None:
        warns.append(("posted_at", f"日期“{raw[:30]}”无法识别或不合理，已置空"))
    return d


def _occupation(title: str, vals: dict[str, Any]) -> domain.Occupation | None:
    occ = F.occupation(title)
    if occ is None and vals.get("category"):
        occ = F.occupation(text(vals["category"])[:256])
    return occ


def company_fields(vals: dict[str, Any], warns: Warnings) -> dict[str, Any]:
    """Company columns of a job row (size normalised)."""
    out: dict[str, Any] = {}
    if vals.get("company_size"):
        out["size"] = F.company_size(text(vals["company_size"]))
        if out["size"] is None:
            warns.append(("company_size", f"公司规模“{text(vals['company_size'])[:30]}”无法识别，已置空"))
    for k in ("industry", "funding", "ownership"):
        if vals.get(k):
            out[k] = text(vals[k])[:64]
    if vals.get("founded_year"):
        y = F.parse_int(text(vals["founded_year"]))
        if y is not None and 1800 < y <= 2100:
            out["founded_year"] = y
        else:
            warns.append(("founded_year", f"成立年份“{text(vals['founded_year'])}”不合理，已置空"))
    return out


def guarded(field: str, warns: Warnings, default: T, fn: Callable[..., T], *args: Any) -> T:
    """fn(*args), or `default` with a warning naming the field when the parser fails on this value.

    Parsers return or raise InputError; anything else is a bug on one hostile value, and one value
    must not cost the row, let alone the import.
    """
    try:
        return fn(*args)
    except RowRejected:
        raise
    except Exception as err:  # noqa: BLE001 - see above: the field is nulled and named in the report
        why = err.reason if isinstance(err, InputError) else f"无法解析（{type(err).__name__}）"
        warns.append((field, f"{why}，已置空"))
        return default


def _job(title: str, desc: str, vals: dict[str, Any], warns: Warnings) -> domain.Job:
    edu_raw, exp_raw, type_raw = (text(vals.get(k)) for k in ("education", "experience", "job_type"))
    no_skills: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    jd = guarded("description", warns, JobFields(), F.jd_fields, title, desc)
    skills, required = guarded("skills", warns, no_skills, _skills, jd, vals)
    ben = guarded("benefits", warns, no_skills[0], F.benefits, "；".join(as_list(vals.get("benefits"))))
    return domain.Job(
        title=title[:256],
        external_id=text(vals.get("external_id"))[:128] or None,
        description=desc,
        region=guarded("region", warns, domain.Region(), _region, vals),
        salary=guarded("salary", warns, domain.Salary(), _salary, vals, warns),
        experience=guarded("experience", warns, domain.Experience(), F.experience, exp_raw)
        if exp_raw
        else jd.experience,
        education=guarded("education", warns, None, F.education, edu_raw) if edu_raw else jd.education,
        job_type=guarded("job_type", warns, None, F.job_type, type_raw) if type_raw else jd.job_type,
        occupation=guarded("occupation", warns, None, _occupation, title, vals),
        skills=skills,
        required_skills=required,
        benefits=tuple(dict.fromkeys([*ben, *jd.benefits])),
        headcount=guarded("headcount", warns, None, _headcount, vals, warns),
        posted_at=guarded("posted_at", warns, None, _posted, vals, warns),
    )


def build_job(
    vals: dict[str, Any], *, source: str | None = None, unmapped: dict[str, Any] | None = None
) -> tuple[JobRecord, Warnings]:
    """Mapped field values → (JobRecord, warnings); raises RowRejected when it cannot be a job."""
    title = text(vals.get("title"))
    if not title:
        raise RowRejected("缺少职位名称（title 为空）")
    warns: Warnings = []
    if len(title) > 256:
        warns.append(("title", "职位名称超过 256 字，已截断"))
    job = _job(title[:256], text(vals.get("description")), vals, warns)  # parsed as stored
    extra: dict[str, Any] = {k: text(vals[k])[:500] for k in ("address", "category", "url") if vals.get(k)}
    if vals.get("salary"):
        extra["salary_text"] = text(vals["salary"])[:64]
    if vals.get("tags"):
        extra["tags"] = as_list(vals["tags"])
    if unmapped:
        extra["source_fields"] = {clean(k): text(v)[:500] for k, v in unmapped.items() if v not in (None, "")}
    company = text(vals.get("company"))[:256] or None
    fields: dict[str, Any] = guarded("company", warns, {}, company_fields, vals, warns)
    return JobRecord(job, company, fields, source, extra), warns
