"""Synthetic candidates: resumes (education, work history, skills tied to an occupation) and intents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

import talentseek.generate.params as P
import talentseek.generate.vocab as V
from talentseek import domain
from talentseek.generate.jobs import CITY_P, EDU_RANK, OCC_CUM, _p, education_of, pick, skill_sample

SD_CITIES = [i for i, c in enumerate(P.CITIES) if c.province == "山东省"]
OTHER_CITIES = [i for i, c in enumerate(P.CITIES) if c.province != "山东省"]
SD_CUM = np.cumsum(_p(CITY_P[SD_CITIES]))
OTHER_CUM = np.cumsum(_p(CITY_P[OTHER_CITIES]))
YEARS_CUM = np.cumsum(_p([0.14, 0.28, 0.24, 0.22, 0.12]))  # 0, 1-3, 3-5, 5-10, 10-20 years
YEARS_RANGES = ((0, 0), (1, 3), (3, 5), (5, 10), (10, 20))
PERSON_EDU = {"不限": "高中"}  # a requirement of 不限 → the person has some concrete degree


class CandidateTable:
    """Per-candidate numbers for the interaction simulator."""

    def __init__(self, n: int) -> None:
        self.occ = np.zeros(n, dtype=np.int16)
        self.home = np.zeros(n, dtype=np.int16)
        self.intent = np.full((n, 3), -1, dtype=np.int16)
        self.skills = np.zeros(n, dtype=np.int64)
        self.want = np.zeros(n, dtype=np.float32)  # intent salary low, yuan/month
        self.years = np.zeros(n, dtype=np.float32)
        self.edu = np.zeros(n, dtype=np.int8)
        self.pool = np.zeros(n, dtype=bool)


@dataclass
class Person:
    resume: domain.Resume
    region: domain.Region
    intent_regions: list[domain.Region]
    text: str
    occupation_code: str
    open_to_pool: bool


def _name(rng: np.random.Generator) -> tuple[str, str]:
    given = "".join(V.GIVEN[int(x)] for x in rng.integers(len(V.GIVEN), size=int(rng.integers(1, 3))))
    return V.SURNAMES[int(rng.integers(len(V.SURNAMES)))] + given, "男" if rng.random() < 0.52 else "女"


def _intents(rng: np.random.Generator, home: int) -> list[int]:
    """Intent cities: home first; people outside 山东 sometimes look at a 山东 city (inflow)."""
    out = [home]
    if P.CITIES[home].province != "山东省" and rng.random() < P.INFLOW_SHARE:
        out.insert(0, SD_CITIES[pick(SD_CUM, rng.random())])
    if rng.random() < 0.45:
        pool, cum = (SD_CITIES, SD_CUM) if rng.random() < 0.7 else (OTHER_CITIES, OTHER_CUM)
        out.append(pool[pick(cum, rng.random())])
    return list(dict.fromkeys(out))[:3]


def _school(rng: np.random.Generator, degree: str) -> str:
    lists = {
        "博士": V.SCHOOLS_TOP,
        "硕士": V.SCHOOLS_TOP + V.SCHOOLS_MID,
        "本科": V.SCHOOLS_MID + V.SCHOOLS_TOP[:2],
        "大专": V.SCHOOLS_VOC,
        "中专/中技": V.SCHOOLS_SEC,
    }
    names = lists.get(degree, V.SCHOOLS_SEC)
    return names[int(rng.integers(len(names)))]


def _education(rng: np.random.Generator, occ: P.OccupationFamily, degree: str, grad: int) -> tuple[Any, ...]:
    if degree in ("初中及以下", "高中"):
        return ()
    years = {"大专": 3, "中专/中技": 3, "本科": 4, "硕士": 3, "博士": 4}[degree]
    major = occ.majors[int(rng.integers(len(occ.majors)))]
    return (domain.EducationEntry(_school(rng, degree), degree, major, f"{grad - years}-09", f"{grad}-06"),)


def _work(
    rng: np.random.Generator, occ: P.OccupationFamily, years: float, companies: list[str]
) -> tuple[Any, ...]:
    """Most recent first; the first entry is ongoing (end null = 至今); each ends before the next starts."""
    if years < 1:
        return ()
    n = min(1 + int(years // 4), 3)
    nxt, out = 2025 * 12 + 11, []  # months since year 0 of the later entry's start
    for k in range(n):
        start = nxt - max(6, int(years * 12 / n) - int(rng.integers(0, 4)))
        end = None if k == 0 else nxt - 1 - int(rng.integers(0, 3))
        out.append(
            domain.WorkEntry(
                companies[int(rng.integers(len(companies)))],
                occ.titles[int(rng.integers(len(occ.titles)))],
                _ym(start),
                None if end is None else _ym(end),
            )
        )
        nxt = start
    return tuple(out)


def _ym(months: int) -> str:
    return f"{months // 12}-{months % 12 + 1:02d}"


def make_person(rng: np.random.Generator, i: int, companies: list[str], table: CandidateTable) -> Person:
    o = pick(OCC_CUM, rng.random())
    occ = P.OCCUPATIONS[o]
    home = (
        SD_CITIES[pick(SD_CUM, rng.random())]
        if rng.random() < P.SHANDONG_CANDIDATE_SHARE
        else OTHER_CITIES[pick(OTHER_CUM, rng.random())]
    )
    lo_y, hi_y = YEARS_RANGES[pick(YEARS_CUM, rng.random())]
    years = float(rng.integers(lo_y, hi_y + 1))
    degree = education_of(rng, occ)
    degree = PERSON_EDU.get(degree, degree)
    grad = 2025 - int(years) - int(rng.integers(0, 2))
    birth = grad - {"博士": 29, "硕士": 25, "本科": 22, "大专": 21}.get(degree, 19) - int(rng.integers(0, 2))
    skills = [
        occ.skills[k] for k in skill_sample(rng, len(occ.skills), min(len(occ.skills), 3 + int(years) // 2))
    ]
    cities = _intents(rng, home)
    bucket = (
        next(b[0] for b in reversed(P.EXPERIENCE_BUCKETS[2:]) if years >= (b[1] or 0))
        if years
        else "应届毕业生"
    )
    want = (
        round(P.expected_median(P.CITIES[cities[0]].city, occ.key, bucket) * rng.uniform(0.85, 1.2) / 500)
        * 500
    )
    titles = tuple(dict.fromkeys(occ.titles[int(x)] for x in rng.integers(len(occ.titles), size=2)))
    name, gender = _name(rng)
    resume = domain.Resume(
        name=name,
        gender=gender,
        birth_year=birth,
        phone=f"1{int(rng.integers(3, 10))}{i % 10**9:09d}",
        email=f"user{i}@example.com",
        city=P.CITIES[home].city,
        intent=domain.Intent(
            tuple(P.CITIES[c].city for c in cities),
            titles,
            domain.Salary(True, float(want), float(want * 1.3), "month"),
        ),
        education=_education(rng, occ, degree, grad),
        experience=_work(rng, occ, years, companies),
        skills=tuple(skills),
        years_of_experience=years,
        highest_education=degree,
    )
    pool = bool(rng.random() < 0.85)
    _record(table, i, o, cities, skills, occ, float(want), years, degree, pool)
    table.home[i] = home
    c = P.CITIES[home]
    return Person(
        resume,
        domain.Region(c.province, c.city, c.districts[int(rng.integers(len(c.districts)))]),
        [domain.Region(P.CITIES[k].province, P.CITIES[k].city) for k in cities],
        resume_text(resume),
        occ.code,
        pool,
    )


def _record(
    t: CandidateTable,
    i: int,
    o: int,
    cities: list[int],
    skills: list[str],
    occ: P.OccupationFamily,
    want: float,
    years: float,
    degree: str,
    pool: bool,
) -> None:
    t.occ[i], t.want[i], t.years[i], t.edu[i], t.pool[i] = o, want, years, EDU_RANK.get(degree, 2), pool
    t.intent[i, : len(cities)] = cities
    t.skills[i] = sum(1 << occ.skills.index(s) for s in skills)


def resume_text(r: domain.Resume) -> str:
    """A plain-text rendering of a resume (what an uploaded .txt resume would look like)."""
    lines = [
        f"{r.name}  {r.gender}  {r.birth_year}年出生",
        f"电话：{r.phone}  邮箱：{r.email}",
        f"现居：{r.city}",
        f"求职意向：{'、'.join(r.intent.titles)}；期望城市：{'、'.join(r.intent.cities)}；"
        f"期望薪资：{r.intent.salary.low:g}-{r.intent.salary.high:g}元/月",
    ]
    lines += ["教育经历："] + [f"{e.start} - {e.end}  {e.school}  {e.major}  {e.degree}" for e in r.education]
    lines += ["工作经历："] + [f"{w.start} - {w.end or '至今'}  {w.company}  {w.title}" for w in r.experience]
    lines.append(f"专业技能：{'、'.join(r.skills)}")
    return "\n".join(lines)
