"""Store rows → index documents: pre-segmented text fields, filter/facet fields, embedding text.

Contact data never enters an index: candidate text is scrubbed of phones, e-mails, WeChat and QQ ids
and ID-card numbers (text.contacts) before it is tokenized, embedded or used for reasons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from talentseek.search.tokens import index_tokens
from talentseek.store import models as m
from talentseek.text import contacts
from talentseek.text.benefits import canonical_benefits

_SIZE_NUM = re.compile(r"(\d+)")
# IndexDoc's filterable fields, by type: every backend builds its schema from these
KEYWORD_FIELDS = (
    "province",
    "city",
    "district",
    "job_type",
    "education",
    "benefit",
    "exp_bucket",
    "salary_band",
    "size",
    "status",
    "applied",
)
FLOAT_FIELDS = ("salary_top", "salary_bottom", "exp_min")
INT_FIELDS = ("edu_rank", "size_min", "posted")
DESC_CHARS = 3000  # longer descriptions add little to BM25 and cost tokenisation time


def _blank(kind: str, found: str) -> str:
    return " "


def scrub_contacts(text: str) -> str:
    """Remove phones, e-mails, WeChat and QQ ids and ID-card numbers (never searchable or shown).

    The same patterns as every response (text.contacts), blanked rather than masked: a mask's words
    would become search terms.
    """
    return contacts.scrub_contacts(text or "", _blank)


def size_min(size: str | None) -> int | None:
    """Lower bound of a company size bucket: '100-499人' → 100, '10000人以上' → 10000, '少于50人' → 0."""
    if not size:
        return None
    if "少于" in size or "以下" in size:
        return 0
    found = _SIZE_NUM.search(size)
    return int(found.group(1)) if found else None


def exp_bucket(lo: float | None, fresh: bool) -> str:
    """Experience facet bucket of a requirement."""
    if fresh or lo == 0:
        return "应届/不限"
    if lo is None:
        return "未注明"
    if lo < 3:
        return "1-3年"
    if lo < 5:
        return "3-5年"
    if lo < 10:
        return "5-10年"
    return "10年以上"


def salary_band(lo: float | None, hi: float | None) -> str:
    """Monthly salary facet band from the midpoint of the range."""
    vals = [v for v in (lo, hi) if v is not None]
    if not vals:
        return "面议/未注明"
    mid = sum(vals) / len(vals)
    for cap, label in (
        (5000, "5千以下"),
        (10000, "5千-1万"),
        (15000, "1-1.5万"),
        (25000, "1.5-2.5万"),
        (40000, "2.5-4万"),
    ):
        if mid < cap:
            return label
    return "4万以上"


def joined(text: str) -> str:
    return " ".join(index_tokens(text))


def epoch(dt: datetime | None) -> int:
    return int(dt.timestamp()) if dt else 0


@dataclass
class IndexDoc:
    """One document as the index sees it; `text` fields are space-joined tokens, `keywords` raw terms."""

    id: int
    text: dict[str, str]
    keywords: dict[str, list[str]] = field(default_factory=dict)
    numbers: dict[str, float | int | None] = field(default_factory=dict)
    flags: dict[str, bool] = field(default_factory=dict)
    embed_text: str = ""
    card: dict[str, Any] = field(default_factory=dict)  # what a result card and its reasons show


def _numbers(
    lo: float | None, hi: float | None, exp: float | None, edu: int | None, size: int | None, posted: int
) -> dict[str, float | int | None]:
    """Numeric fields; None means "not stated" (the index stores a has_* flag beside it)."""
    top = hi if hi is not None else lo
    bottom = lo if lo is not None else hi
    return {
        "salary_top": top,
        "salary_bottom": bottom,
        "exp_min": exp,
        "edu_rank": edu,
        "size_min": size,
        "posted": posted,
    }


def _job_types(job: m.Job) -> list[str]:
    """The stated job type plus one named in the title (BOSS titles say 实习 where no type column exists)."""
    found = [t for t in ("实习", "兼职", "校招") if t in (job.title or "")]
    return list(dict.fromkeys([job.job_type or "", *found]))


def job_embed_text(job: m.Job, chars: int = 600) -> str:
    """Title, skills, place, then the description: each embedder clips this to its own budget
    (the default `fuse` keeps ~96 characters: the fields plus the description's head)."""
    skills = " ".join((job.skills or [])[:8])
    head = " ".join((job.description or "").split())[:chars]
    return f"{job.title} {skills} {job.city or ''}{job.district or ''} {head}".strip()


def job_salary(job: m.Job) -> dict[str, Any]:
    """The CONTRACTS.md salary object of a job."""
    lo, hi, neg = job.salary_low, job.salary_high, bool(job.salary_negotiable)
    return {
        "valid": lo is not None or hi is not None or neg,
        "low": lo,
        "high": hi,
        "period": job.salary_period,
        "months": job.salary_months,
        "negotiable": neg,
    }


def job_card(job: m.Job) -> dict[str, Any]:
    """Everything a job's result card and its reasons need (stored in the index beside the terms)."""
    company = job.company
    return {
        "id": job.id,
        "external_id": job.external_id,
        "title": job.title,
        "company": company.name if company else None,
        "city": job.city,
        "district": job.district,
        "province": job.province,
        "salary": job_salary(job),
        "salary_low": job.salary_month_low,
        "salary_high": job.salary_month_high,
        "exp_min": job.exp_min,
        "education": job.education,
        "job_type": job.job_type,
        "benefits": list(canonical_benefits(job.benefits or [])),
        "skills": list(job.skills or []),
        "description": (job.description or "")[:DESC_CHARS],
        "size": company.size if company else None,
        "posted_at": job.posted_at.isoformat() if job.posted_at else None,
    }


def job_doc(job: m.Job) -> IndexDoc:
    company = job.company
    lo, hi = job.salary_month_low, job.salary_month_high
    return IndexDoc(
        id=job.id,
        text={
            "title": joined(job.title),
            "skills": " ".join(s.lower().replace(" ", "_") for s in (job.skills or [])),
            "desc": joined((job.description or "")[:DESC_CHARS]),
            "company": joined(company.name if company else ""),
        },
        keywords={
            "province": [job.province or ""],
            "city": [job.city or ""],
            "district": [job.district or ""],
            "job_type": _job_types(job),
            "education": [job.education or "未注明"],
            "benefit": list(canonical_benefits(job.benefits or [])),
            "exp_bucket": [exp_bucket(job.exp_min, job.fresh_ok)],
            "salary_band": [salary_band(lo, hi)],
            "size": [company.size if company and company.size else ""],
            "status": [job.status or "open"],
        },
        numbers=_numbers(
            lo,
            hi,
            job.exp_min,
            job.education_rank,
            size_min(company.size if company else None),
            epoch(job.posted_at or job.updated_at),
        ),
        flags={"fresh_ok": bool(job.fresh_ok)},
        embed_text=job_embed_text(job),
        card=job_card(job),
    )


def candidate_text(c: m.Candidate) -> str:
    """Resume text for search with contact data (phone, e-mail, the person's name) removed."""
    text = scrub_contacts(c.resume_text or "")
    if c.name and len(c.name.strip()) >= 2:
        text = text.replace(c.name.strip(), " ")
    return text


def candidate_titles(c: m.Candidate) -> list[str]:
    titles = list(c.intent_titles or [])
    for w in (c.resume or {}).get("experience", []) or []:
        if isinstance(w, dict) and w.get("title"):
            titles.append(str(w["title"]))
    return titles


def candidate_card(c: m.Candidate) -> dict[str, Any]:
    """A candidate's result card: no name, phone, e-mail or raw resume text (contact data)."""
    titles = candidate_titles(c)
    return {
        "id": c.id,
        "external_id": c.external_id,
        "title": titles[0] if titles else "",
        "company": None,
        "city": c.city,
        "district": c.district,
        "province": c.province,
        "salary": {
            "valid": c.intent_salary_low is not None or c.intent_salary_high is not None,
            "low": c.intent_salary_low,
            "high": c.intent_salary_high,
            "period": "month",
            "months": None,
            "negotiable": False,
        },
        "salary_low": c.intent_salary_low,
        "salary_high": c.intent_salary_high,
        "exp_min": c.years_experience,
        "education": c.highest_education,
        "job_type": c.intent_job_type,
        "benefits": [],
        "skills": list(c.skills or []),
        "description": candidate_text(c)[:DESC_CHARS],
        "titles": titles,
        "size": None,
        "posted_at": c.updated_at.isoformat() if c.updated_at else None,
    }


def candidate_embed_text(c: m.Candidate, titles: list[str] | None = None) -> str:
    """Titles, skills, city, then the scrubbed resume head (each embedder clips to its own budget)."""
    titles = candidate_titles(c) if titles is None else titles
    return " ".join([*titles[:3], *(c.skills or [])[:8], c.city or "", candidate_text(c)[:600]])


def candidate_doc(c: m.Candidate, applied_companies: list[int]) -> IndexDoc:
    titles = candidate_titles(c)
    intent_cities = [str(x) for x in ((c.resume or {}).get("intent", {}) or {}).get("cities", []) or []]
    return IndexDoc(
        id=c.id,
        text={
            "title": joined(" ".join(titles)),
            "skills": " ".join(s.lower().replace(" ", "_") for s in (c.skills or [])),
            "desc": joined(candidate_text(c)[:DESC_CHARS]),
            "company": "",
        },
        keywords={
            "province": [c.province or ""],
            "city": list(dict.fromkeys([c.city or "", *intent_cities])),
            "district": [c.district or ""],
            "job_type": [c.intent_job_type or ""],
            "education": [c.highest_education or "未注明"],
            "benefit": [],
            "exp_bucket": [exp_bucket(c.years_experience, False)],
            "salary_band": [salary_band(c.intent_salary_low, c.intent_salary_high)],
            "size": [""],
            "status": ["open" if c.active else "closed"],
            "applied": [str(x) for x in applied_companies],  # company ids: their recruiters may see this one
        },
        numbers=_numbers(
            c.intent_salary_low,
            c.intent_salary_high,
            c.years_experience,
            c.education_rank,
            None,
            epoch(c.updated_at or c.created_at),
        ),
        flags={"fresh_ok": False, "open_to_pool": bool(c.open_to_pool)},
        embed_text=candidate_embed_text(c, titles),
        card=candidate_card(c),
    )
