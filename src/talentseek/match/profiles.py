"""What matching knows about a seeker and a job, one at a time or as columns for many.

Profiles are built from store rows or a parsed resume; tables hold the same fields as NumPy
columns so one job can be scored against 100k seekers (or one seeker against many jobs) at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from numpy.typing import NDArray

from talentseek.domain import EDUCATION_LEVELS, Resume
from talentseek.match.features import code_segments

NAN = float("nan")


def _num(x: float | int | None) -> float:
    return NAN if x is None else float(x)


def _rank(level: str | None) -> float:
    return float(EDUCATION_LEVELS.index(level)) if level in EDUCATION_LEVELS else NAN


@dataclass(frozen=True)
class SeekerProfile:
    id: int | None
    skills: frozenset[str]
    years: float
    edu_rank: float
    city: str | None
    province: str | None
    intent_cities: frozenset[str]
    intent_titles: tuple[str, ...]
    occupation_code: str | None
    expect_low: float  # yuan/month
    expect_high: float
    job_type: str | None
    name: str | None = None
    education: str | None = None
    text: str = ""  # experience, projects and summary: what text fit reads (match/text_fit.py)

    @classmethod
    def from_resume(
        cls,
        resume: Resume,
        *,
        id: int | None = None,
        occupation_code: str | None = None,
        province: str | None = None,
    ) -> SeekerProfile:
        low, high = resume.intent.salary.monthly_range()
        return cls(
            id=id,
            skills=frozenset(resume.skills),
            years=_num(resume.years_of_experience),
            edu_rank=_rank(resume.highest_education or _highest(resume)),
            city=resume.city,
            province=province,
            intent_cities=frozenset(resume.intent.cities),
            intent_titles=tuple(resume.intent.titles)
            or tuple(w.title for w in resume.experience[:1] if w.title),
            occupation_code=occupation_code,
            expect_low=_num(low),
            expect_high=_num(high),
            job_type=resume.intent.job_type,
            name=resume.name,
            education=resume.highest_education or _highest(resume),
            text=resume_text(resume),
        )

    @classmethod
    def from_row(cls, row: object) -> SeekerProfile:
        """From a store.models.Candidate row (duck-typed to keep this module free of the store)."""
        g = row.__getattribute__
        return cls(
            id=g("id"),
            skills=frozenset(g("skills") or ()),
            years=_num(g("years_experience")),
            edu_rank=_num(g("education_rank")),
            city=g("city"),
            province=g("province"),
            intent_cities=frozenset(_intent_cities(row)),
            intent_titles=tuple(g("intent_titles") or ()),
            occupation_code=g("occupation_code"),
            expect_low=_num(g("intent_salary_low")),
            expect_high=_num(g("intent_salary_high")),
            job_type=g("intent_job_type"),
            name=g("name"),
            education=g("highest_education"),
            text=resume_json_text(getattr(row, "resume", None)),
        )


TEXT_CHARS = 4000  # a resume's text beyond this is not read (a long paste cannot buy more matches)


def resume_text(resume: Resume) -> str:
    """Intended and held titles, experience descriptions, summary and skills: the text fit reads this."""
    parts = [*resume.intent.titles]
    for w in resume.experience:
        parts += [w.title or "", w.company or "", w.description or ""]
    parts += [resume.summary or "", " ".join(resume.skills)]
    return "\n".join(p for p in parts if p)[:TEXT_CHARS]


def resume_json_text(resume: object) -> str:
    """The same text from a stored resume's JSON (the contract's field names)."""
    if not isinstance(resume, dict):
        return ""
    intent = resume.get("intent") or {}
    parts = [str(t) for t in (intent.get("titles") or []) if t] if isinstance(intent, dict) else []
    for w in resume.get("experience") or []:
        if isinstance(w, dict):
            parts += [str(w.get(k) or "") for k in ("title", "company", "description")]
    parts += [str(resume.get("summary") or ""), " ".join(str(x) for x in resume.get("skills") or [])]
    return "\n".join(p for p in parts if p)[:TEXT_CHARS]


def _intent_cities(row: object) -> list[str]:
    resume = getattr(row, "resume", None) or {}
    intent = resume.get("intent") or {} if isinstance(resume, dict) else {}
    return list(intent.get("cities") or [])


def _highest(resume: Resume) -> str | None:
    ranks = [EDUCATION_LEVELS.index(e.degree) for e in resume.education if e.degree in EDUCATION_LEVELS]
    return EDUCATION_LEVELS[max(ranks)] if ranks else None


@dataclass(frozen=True)
class JobProfile:
    id: int | None
    title: str
    required_skills: frozenset[str]
    nice_skills: frozenset[str]
    exp_min: float
    fresh_ok: bool
    edu_rank: float
    city: str | None
    province: str | None
    district: str | None
    offer_low: float  # yuan/month with salary months folded in (×months/12)
    offer_high: float
    job_type: str | None
    occupation_code: str | None
    posted_at: datetime | None
    company: str | None = None
    external_id: str | None = None
    description: str = ""  # the JD's duties and requirements, read by text fit

    @classmethod
    def from_row(cls, row: object, company: str | None = None) -> JobProfile:
        """From a store.models.Job row. Skills not listed as required are nice-to-have."""
        g = row.__getattribute__
        skills = set(g("skills") or ())
        required = set(g("required_skills") or ()) & skills or set(g("required_skills") or ())
        months_factor = (g("salary_months") or 12) / 12
        return cls(
            id=g("id"),
            title=g("title"),
            required_skills=frozenset(required),
            nice_skills=frozenset(skills - required),
            exp_min=_num(g("exp_min")),
            fresh_ok=bool(g("fresh_ok")),
            edu_rank=_num(g("education_rank")),
            city=g("city"),
            province=g("province"),
            district=g("district"),
            offer_low=_num(g("salary_month_low")) * months_factor,
            offer_high=_num(g("salary_month_high")) * months_factor,
            job_type=g("job_type"),
            occupation_code=g("occupation_code"),
            posted_at=g("posted_at"),
            company=company,
            external_id=g("external_id"),
            description=getattr(row, "description", None) or "",
        )


class Incidence:
    """Sets as a 0/1 matrix over their own vocabulary, so overlaps with one set are a column sum."""

    def __init__(self, sets: Sequence[Iterable[str]]) -> None:
        self.vocab: dict[str, int] = {}
        rows, cols = [], []
        for i, items in enumerate(sets):
            for item in items:
                rows.append(i)
                cols.append(self.vocab.setdefault(item, len(self.vocab)))
        self.matrix = np.zeros((len(sets), max(1, len(self.vocab))), dtype=np.uint8)
        self.matrix[rows, cols] = 1
        self.sizes = self.matrix.sum(axis=1, dtype=np.float64)  # set sizes, once, not per query

    def count(self, items: Iterable[str]) -> NDArray[np.float64]:
        """For each row: how many of `items` it contains."""
        idx = [self.vocab[i] for i in set(items) if i in self.vocab]
        return np.asarray(self.matrix[:, idx].sum(axis=1, dtype=np.float64), dtype=np.float64)


def title_grams(titles: Iterable[str]) -> frozenset[str]:
    """Character bigrams of titles, case-folded: 'Java开发工程师' ~ 'Java工程师' without a segmenter."""
    grams: set[str] = set()
    for t in titles:
        t = "".join(t.lower().split())
        grams.update(t[i : i + 2] for i in range(len(t) - 1))
    return frozenset(grams)


def _column(profiles: Sequence[object], name: str) -> NDArray[np.float64]:
    """One numeric attribute of every profile as a float column (NaN kept)."""
    return np.array([getattr(p, name) for p in profiles], dtype=np.float64)


class Categorical:
    """A column of short strings as integer codes: equality with one value, or any function of the
    value, costs one lookup per distinct value instead of one Python call per row."""

    def __init__(self, values: Iterable[str | None]) -> None:
        self.vocab: dict[str | None, int] = {}
        self.codes = np.array([self.vocab.setdefault(v, len(self.vocab)) for v in values], dtype=np.int32)

    def eq(self, value: str | None) -> NDArray[np.bool_]:
        code = self.vocab.get(value, -1) if value is not None else -1
        return np.asarray(self.codes == code, dtype=bool)

    def isin(self, values: Iterable[str]) -> NDArray[np.bool_]:
        return np.asarray(np.isin(self.codes, [self.vocab[v] for v in values if v in self.vocab]), dtype=bool)

    def map(self, fn: Callable[[str | None], float]) -> NDArray[np.float64]:
        lut = np.array([fn(v) for v in self.vocab] or [0.0], dtype=np.float64)
        return lut[self.codes]


@dataclass
class SeekerTable:
    """Many seekers as columns, with incidence matrices for their skill, city and title sets."""

    profiles: list[SeekerProfile]
    years: NDArray[np.float64]
    edu_rank: NDArray[np.float64]
    expect_low: NDArray[np.float64]
    expect_high: NDArray[np.float64]
    skills: Incidence
    intent_cities: Incidence
    title_grams: Incidence
    occupation: NDArray[np.int64]  # n × 4 CSCO code segments
    city: Categorical
    province: Categorical
    job_type: Categorical
    has_intent: NDArray[np.bool_]

    @classmethod
    def of(cls, profiles: Iterable[SeekerProfile]) -> SeekerTable:
        ps = list(profiles)
        return cls(
            ps,
            _column(ps, "years"),
            _column(ps, "edu_rank"),
            _column(ps, "expect_low"),
            _column(ps, "expect_high"),
            Incidence([p.skills for p in ps]),
            Incidence([p.intent_cities for p in ps]),
            Incidence([title_grams(p.intent_titles) for p in ps]),
            np.array([code_segments(p.occupation_code) for p in ps], dtype=np.int64).reshape(-1, 4),
            Categorical(p.city for p in ps),
            Categorical(p.province for p in ps),
            Categorical(p.job_type for p in ps),
            np.array([bool(p.intent_cities) for p in ps], dtype=bool),
        )

    def __len__(self) -> int:
        return len(self.profiles)


@dataclass
class JobTable:
    profiles: list[JobProfile]
    exp_min: NDArray[np.float64]
    edu_rank: NDArray[np.float64]
    offer_low: NDArray[np.float64]
    offer_high: NDArray[np.float64]
    fresh_ok: NDArray[np.bool_]
    required: Incidence
    nice: Incidence
    n_required: NDArray[np.float64]
    n_nice: NDArray[np.float64]
    title_grams: Incidence
    occupation: NDArray[np.int64]
    city: Categorical
    province: Categorical
    job_type: Categorical
    posted_at: NDArray[np.datetime64]

    @classmethod
    def of(cls, profiles: Sequence[JobProfile]) -> JobTable:
        ps = list(profiles)
        fresh = np.array([p.fresh_ok for p in ps], dtype=bool)
        return cls(
            ps,
            _column(ps, "exp_min"),
            _column(ps, "edu_rank"),
            _column(ps, "offer_low"),
            _column(ps, "offer_high"),
            fresh,
            Incidence([p.required_skills for p in ps]),
            Incidence([p.nice_skills for p in ps]),
            np.array([len(p.required_skills) for p in ps], dtype=np.float64),
            np.array([len(p.nice_skills) for p in ps], dtype=np.float64),
            Incidence([title_grams([p.title]) for p in ps]),
            np.array([code_segments(p.occupation_code) for p in ps], dtype=np.int64).reshape(-1, 4),
            Categorical(p.city for p in ps),
            Categorical(p.province for p in ps),
            Categorical(p.job_type for p in ps),
            np.array([p.posted_at or "NaT" for p in ps], dtype="datetime64[s]"),
        )

    def __len__(self) -> int:
        return len(self.profiles)
