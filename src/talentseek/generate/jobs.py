"""Synthetic companies and postings, generated in chunks from one numpy Generator (deterministic by seed).

Each job is kept afterwards only as a compact row of numbers (JobTable, ~40 bytes/job) that the
interaction simulator needs; the text goes straight to the sink.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np

import talentseek.generate.params as P
import talentseek.generate.vocab as V
from talentseek import domain

EPOCH = datetime(2024, 1, 1)
POST_DAYS = 731  # 2024-01-01 .. 2025-12-31
MONTH_WEIGHTS = np.array([6, 5, 11, 10, 8, 7, 8, 7, 11, 9, 8, 6], dtype=float)  # 金三银四, 金九银十
INDUSTRY_NAMES = tuple(dict.fromkeys(v for _, v in V.INDUSTRIES))


def _p(weights: Any) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    out: np.ndarray = w / w.sum()
    return out


CITY_P = _p([c.weight for c in P.CITIES])
OCC_P = _p([o.weight for o in P.OCCUPATIONS])
EXP_P = _p([b[4] for b in P.EXPERIENCE_BUCKETS])
TYPE_P = _p([t[1] for t in P.JOB_TYPES])


@dataclass
class Companies:
    """Generated companies as compact arrays (rows are built on demand, chunk by chunk)."""

    first_id: int
    names: list[str]
    city: np.ndarray
    industry: np.ndarray  # index into INDUSTRY_NAMES
    size: np.ndarray
    owner: np.ndarray
    fund: np.ndarray
    founded: np.ndarray
    by_industry: dict[int, np.ndarray]

    def row(self, i: int) -> dict[str, Any]:
        c = P.CITIES[int(self.city[i])]
        return {
            "id": self.first_id + i,
            "name": self.names[i],
            "size": V.COMPANY_SIZES[int(self.size[i])][0],
            "industry": INDUSTRY_NAMES[int(self.industry[i])],
            "ownership": V.OWNERSHIP[int(self.owner[i])][0],
            "funding": V.FUNDING[int(self.fund[i])][0],
            "founded_year": int(self.founded[i]),
            "province": c.province,
            "city": c.city,
            "created_at": EPOCH,
        }


def company_name(i: int, city: str) -> tuple[str, int]:
    """A unique-by-index company name (济南鲁信通信息技术有限公司) and its industry word index."""
    m = 20**4
    p = (i * 2654435761) % m  # odd and not a multiple of 5: a permutation of 0..m-1
    a, b, ind, c = p % 20, (p // 20) % 20, (p // 400) % 20, (p // 8000) % 20
    brand = V.BRAND_A[a] + V.BRAND_B[b] + V.BRAND_B[c]
    suffix = "" if i < m else f"第{i // m + 1}"
    return f"{city.removesuffix('市')}{brand}{V.INDUSTRIES[ind][0]}{suffix}有限公司", ind


def make_companies(rng: np.random.Generator, n: int, first_id: int) -> Companies:
    city = rng.choice(len(P.CITIES), size=n, p=CITY_P)
    sizes = rng.choice(len(V.COMPANY_SIZES), size=n, p=_p([s[1] for s in V.COMPANY_SIZES]))
    owner = rng.choice(len(V.OWNERSHIP), size=n, p=_p([s[1] for s in V.OWNERSHIP]))
    fund = rng.choice(len(V.FUNDING), size=n, p=_p([s[1] for s in V.FUNDING]))
    founded = rng.integers(1985, 2024, size=n)
    names, industry = [], np.zeros(n, dtype=np.int16)
    for i in range(n):
        name, ind = company_name(i, P.CITIES[city[i]].city)
        industry[i] = INDUSTRY_NAMES.index(V.INDUSTRIES[ind][1])
        names.append(name)
    by_ind = {k: np.flatnonzero(industry == k) for k in range(len(INDUSTRY_NAMES))}
    return Companies(first_id, names, city, industry, sizes, owner, fund, founded, by_ind)


class JobTable:
    """Per-job numbers for the interaction simulator (index = job number, not database id)."""

    def __init__(self, n: int) -> None:
        self.occ = np.zeros(n, dtype=np.int16)
        self.city = np.zeros(n, dtype=np.int16)
        self.mid = np.full(n, np.nan, dtype=np.float32)  # monthly midpoint, 12-month basis
        self.exp = np.zeros(n, dtype=np.float32)
        self.edu = np.zeros(n, dtype=np.int8)
        self.skills = np.zeros(n, dtype=np.int64)  # bit i = OCCUPATIONS[occ].skills[i]
        self.day = np.zeros(n, dtype=np.int32)
        self.value = np.full(n, np.nan, dtype=np.float32)  # CONTRACTS stats value (months/12 applied)


def _round(v: float) -> float:
    step = 100 if v < 3000 else 500
    return float(max(step, round(v / step) * step))


def _fmt(v: float, style: int) -> str:
    if style == 1:
        return f"{v / 1000:g}k"
    return f"{v / 10000:g}万" if v >= 10000 else f"{v / 1000:g}千"


def salary_of(rng: np.random.Generator, median: float, job_type: str) -> tuple[domain.Salary, str]:
    """A posted salary and its display text in one of the common site styles."""
    if rng.random() < P.NEGOTIABLE_SHARE:
        return domain.Salary(valid=True, negotiable=True), "面议"
    if job_type in ("实习", "兼职"):
        period, unit, base = (
            ("day", "元/天", median / 21.75 * 0.55)
            if job_type == "实习"
            else ("hour", "元/小时", median / 174 * 0.8)
        )
        lo = float(max(10, round(base * rng.lognormal(0, 0.15))))
        hi = float(round(lo * rng.uniform(1.1, 1.5)))
        return domain.Salary(True, lo, hi, period), f"{lo:g}-{hi:g}{unit}"
    lo = _round(median * rng.lognormal(0, P.SALARY_SIGMA) / 1.25)
    hi = _round(lo * rng.uniform(*P.SALARY_SPREAD))
    r = rng.random()
    months = 13 if r < P.MONTHS_SHARE[13] else 14 if r < P.MONTHS_SHARE[13] + P.MONTHS_SHARE[14] else None
    style = int(rng.integers(0, 3))
    text = f"{int(lo)}-{int(hi)}元/月" if style == 2 else f"{_fmt(lo, style)}-{_fmt(hi, style)}"
    return domain.Salary(True, lo, hi, "month", months), text + (f"·{months}薪" if months else "")


def pick(cum: np.ndarray, u: float) -> int:
    """Index drawn from a cumulative distribution with one uniform number (cheaper than rng.choice)."""
    return min(int(np.searchsorted(cum, u, side="right")), len(cum) - 1)


def education_of(rng: np.random.Generator, occ: P.OccupationFamily) -> str:
    levels = [e[0] for e in occ.education]
    return levels[pick(np.cumsum(_p([e[1] for e in occ.education])), rng.random())]


def skill_sample(rng: np.random.Generator, n: int, k: int) -> list[int]:
    """k distinct skill indices, typical (front) skills likelier: Gumbel top-k over weights 1/(1+0.35i)."""
    keys = -np.log1p(np.arange(n) * 0.35) + rng.gumbel(size=n)
    return [int(x) for x in np.argsort(-keys)[:k]]


def _skills(rng: np.random.Generator, occ: P.OccupationFamily) -> tuple[list[int], list[int]]:
    """(required skill indices, nice-to-have indices)."""
    n = len(occ.skills)
    k = int(rng.integers(3, min(7, n) + 1))
    picked = skill_sample(rng, n, k)
    cut = max(2, k - int(rng.integers(1, 3)))
    return picked[:cut], picked[cut:]


def description(
    rng: np.random.Generator,
    occ: P.OccupationFamily,
    edu: str,
    exp_text: str,
    required: list[str],
    optional: list[str],
    benefits: list[str],
) -> str:
    duties = V.RESPONSIBILITIES[occ.key]
    major = occ.majors[int(rng.integers(len(occ.majors)))]
    edu_line = "学历不限" if edu == "不限" else f"{edu}及以上学历，{major}等相关专业优先"
    exp_line = "经验不限，欢迎应届生" if exp_text in ("经验不限", "应届毕业生") else f"{exp_text}相关工作经验"
    reqs = [edu_line, exp_line, f"熟悉{'、'.join(required)}"]
    if optional:
        reqs.append(f"了解{'、'.join(optional)}者优先")
    reqs.append(V.SOFT[int(rng.integers(len(V.SOFT)))])
    body = "岗位职责：\n" + "\n".join(f"{i}. {d}；" for i, d in enumerate(duties, 1))
    body += "\n任职要求：\n" + "\n".join(f"{i}. {r}；" for i, r in enumerate(reqs, 1))
    return body + (f"\n福利待遇：{'、'.join(benefits)}" if benefits else "")


def posted_day(rng: np.random.Generator) -> int:
    month = int(rng.choice(12, p=_p(MONTH_WEIGHTS)))
    year = int(rng.integers(0, 2))
    start = (datetime(2024 + year, month + 1, 1) - EPOCH).days
    return min(POST_DAYS - 1, start + int(rng.integers(0, 28)))


EXP_CUM = np.cumsum(EXP_P)
TYPE_CUM = np.cumsum(TYPE_P)
OCC_CUM = np.cumsum(OCC_P)
CITY_CUM = np.cumsum(CITY_P)
EDU_RANK = {lvl: i for i, lvl in enumerate(domain.EDUCATION_LEVELS)}


def _company_for(rng: np.random.Generator, occ: P.OccupationFamily, comps: Companies) -> int:
    inds = V.OCCUPATION_INDUSTRIES.get(occ.key)
    if inds:
        pool = comps.by_industry[INDUSTRY_NAMES.index(inds[int(rng.integers(len(inds)))])]
        if len(pool):
            return int(pool[int(rng.integers(len(pool)))])
    return int(rng.integers(len(comps.names)))


def make_job(
    rng: np.random.Generator, i: int, ext_id: str, comps: Companies, table: JobTable
) -> tuple[domain.Job, int, dict[str, Any]]:
    """Job number i: (domain job, company index, the raw source-style record for JSONL export)."""
    o = pick(OCC_CUM, rng.random())
    occ = P.OCCUPATIONS[o]
    ci = _company_for(rng, occ, comps)
    city_i = int(comps.city[ci]) if rng.random() < 0.85 else pick(CITY_CUM, rng.random())
    city = P.CITIES[city_i]
    district = city.districts[int(rng.integers(len(city.districts)))]
    bucket = P.EXPERIENCE_BUCKETS[pick(EXP_CUM, rng.random())]
    jtype = P.JOB_TYPES[pick(TYPE_CUM, rng.random())][0]
    if jtype in ("实习", "校招"):
        bucket = P.EXPERIENCE_BUCKETS[1] if jtype == "校招" else P.EXPERIENCE_BUCKETS[0]
    median = occ.median * city.salary_index * bucket[5]
    salary, salary_text = salary_of(rng, median, jtype)
    edu = education_of(rng, occ)
    req, opt = _skills(rng, occ)
    ben = [V.BENEFITS[int(b)] for b in skill_sample(rng, len(V.BENEFITS), int(rng.integers(0, 6)))]
    title = occ.titles[int(rng.integers(len(occ.titles)))]
    if jtype == "实习":
        title += "实习生"
    day = posted_day(rng)
    posted = EPOCH + timedelta(days=day, hours=int(rng.integers(8, 20)), minutes=int(rng.integers(60)))
    desc = description(
        rng, occ, edu, bucket[0], [occ.skills[k] for k in req], [occ.skills[k] for k in opt], ben
    )
    job = domain.Job(
        title=title,
        external_id=ext_id,
        description=desc,
        region=domain.Region(city.province, city.city, district),
        salary=salary,
        experience=domain.Experience(bucket[1], bucket[2], bucket[3]),
        education=edu,
        job_type=jtype,
        occupation=domain.Occupation(occ.code, occ.name),
        skills=tuple(occ.skills[k] for k in req + opt),
        required_skills=tuple(occ.skills[k] for k in req),
        benefits=tuple(ben),
        headcount=int(rng.integers(1, 6)),
        posted_at=posted,
    )
    _record(table, i, o, city_i, salary, bucket, edu, req + opt, day)
    return job, ci, _raw_record(job, comps, ci, city.city, district, salary_text, bucket[0])


def _raw_record(
    job: domain.Job, comps: Companies, ci: int, city: str, district: str, salary_text: str, exp_text: str
) -> dict[str, Any]:
    """The job as a source site would list it (JSONL export): texts, not parsed values."""
    comp = comps.row(ci)
    assert job.posted_at is not None
    return {
        "external_id": job.external_id,
        "title": job.title,
        "company": comps.names[ci],
        "city": city.removesuffix("市"),
        "district": district,
        "salary": salary_text,
        "experience": exp_text,
        "education": "学历不限" if job.education == "不限" else job.education,
        "job_type": job.job_type,
        "company_size": comp["size"],
        "industry": comp["industry"],
        "funding": comp["funding"],
        "ownership": comp["ownership"],
        "headcount": str(job.headcount),
        "posted_at": job.posted_at.strftime("%Y-%m-%d %H:%M:%S"),
        "benefits": list(job.benefits),
        "description": job.description,
    }


def _record(
    t: JobTable,
    i: int,
    o: int,
    city_i: int,
    s: domain.Salary,
    bucket: Any,
    edu: str,
    skills: list[int],
    day: int,
) -> None:
    t.occ[i], t.city[i], t.exp[i], t.edu[i], t.day[i] = o, city_i, bucket[1] or 0, EDU_RANK[edu], day
    t.skills[i] = sum(1 << k for k in skills)
    lo, hi = s.monthly_range()
    if lo is not None and hi is not None:
        t.mid[i] = (lo + hi) / 2
    if s.period == "month" and lo is not None and hi is not None:
        t.value[i] = (lo + hi) / 2 * (s.months or 12) / 12
