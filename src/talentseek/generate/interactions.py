"""Interaction histories driven by the hidden two-sided preference model (params.PreferenceModel)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import numpy as np

import talentseek.generate.params as P
from talentseek.generate.jobs import EPOCH, JobTable
from talentseek.generate.people import CandidateTable

NC = len(P.CITIES)


class JobIndex:
    """Jobs grouped by (occupation, city) and by occupation, for drawing what a candidate is shown."""

    def __init__(self, t: JobTable) -> None:
        key = t.occ.astype(np.int64) * NC + t.city
        self.order = np.argsort(key, kind="stable")
        k = key[self.order]
        self.start = np.searchsorted(k, np.arange(len(P.OCCUPATIONS) * NC), side="left")
        self.end = np.searchsorted(k, np.arange(len(P.OCCUPATIONS) * NC), side="right")
        self.occ_start = self.start[::NC]
        self.occ_end = self.end[NC - 1 :: NC]
        self.n = len(t.occ)

    def draw(self, occ: int, city: int, u: float) -> int:
        """A job of this family in this city; else of this family anywhere; else any job."""
        s, e = self.start[occ * NC + city], self.end[occ * NC + city]
        if e <= s:
            s, e = self.occ_start[occ], self.occ_end[occ]
        if e <= s:
            return int(u * self.n)
        return int(self.order[s + int(u * (e - s))])


def shown_jobs(
    rng: np.random.Generator, c: CandidateTable, lo: int, hi: int, idx: JobIndex, prefs: P.PreferenceModel
) -> tuple[np.ndarray, np.ndarray]:
    """(candidate index, job index) pairs: what each candidate in [lo, hi) was shown, no repeats."""
    k = prefs.shown_per_candidate
    same = int(round(k * prefs.same_family_share))
    u = rng.random((hi - lo, k))
    pick_city = rng.random((hi - lo, k))
    cands, jobs = [], []
    for r in range(hi - lo):
        ci = lo + r
        intents = [x for x in c.intent[ci] if x >= 0]
        seen: set[int] = set()
        for j in range(k):
            if j < same:
                job = idx.draw(
                    int(c.occ[ci]), int(intents[int(pick_city[r, j] * len(intents))]), float(u[r, j])
                )
            else:
                job = int(u[r, j] * idx.n)
            if job not in seen:
                seen.add(job)
                cands.append(ci)
                jobs.append(job)
    return np.asarray(cands, dtype=np.int64), np.asarray(jobs, dtype=np.int64)


def scores(
    rng: np.random.Generator,
    c: CandidateTable,
    t: JobTable,
    ci: np.ndarray,
    jj: np.ndarray,
    prefs: P.PreferenceModel,
) -> tuple[np.ndarray, np.ndarray]:
    """(seeker utility u, recruiter score r) for each pair; see PreferenceModel for the formulas."""
    same = c.occ[ci] == t.occ[jj]
    js = np.maximum(np.bitwise_count(t.skills[jj]), 1)
    overlap = np.where(same, np.bitwise_count(c.skills[ci] & t.skills[jj]) / js, 0.0)
    want = np.maximum(c.want[ci], 1.0)
    fit = np.nan_to_num(np.clip((t.mid[jj] - want) / want, -1, 1), nan=0.0)
    loc = (c.intent[ci] == t.city[jj][:, None]).any(axis=1)
    senior = -np.minimum(np.abs(c.years[ci] - t.exp[jj]) / 5, 1)
    u = (
        prefs.skill * overlap
        + prefs.salary * fit
        + prefs.location * loc
        + prefs.seniority * senior
        + prefs.occupation * same
        + rng.normal(0, prefs.noise, len(ci))
    )
    edu_ok = (c.edu[ci] >= t.edu[jj]) | (t.edu[jj] == 0)
    r = (
        prefs.r_skill * overlap
        + prefs.r_education * edu_ok
        + prefs.r_experience * senior
        + rng.normal(0, prefs.r_noise, len(ci))
    )
    return u, r


def simulate(
    rng: np.random.Generator,
    c: CandidateTable,
    lo: int,
    hi: int,
    t: JobTable,
    idx: JobIndex,
    prefs: P.PreferenceModel = P.PREFERENCES,
) -> list[tuple[int, int, str, str, Any]]:
    """Events (candidate index, job index, kind, initiated_by, at) for candidates [lo, hi)."""
    ci, jj = shown_jobs(rng, c, lo, hi, idx, prefs)
    if len(ci) == 0:
        return []
    u, r = scores(rng, c, t, ci, jj, prefs)
    n = len(ci)
    d = rng.random((5, n))
    view_at = t.day[jj] + d[0] * 20
    applied = u > prefs.apply_threshold
    invited = ~applied & c.pool[ci] & (c.occ[ci] == t.occ[jj]) & (r > prefs.invite_threshold)
    engaged = applied | invited
    at1 = view_at + d[1] * 3
    interview = engaged & (r > prefs.interview_threshold)
    at2 = at1 + 3 + d[2] * 7
    offer = interview & (r > prefs.offer_threshold)
    at3 = at2 + 2 + d[3] * 5
    hire = offer & (u > prefs.accept_threshold)
    at4 = at3 + 1 + d[4] * 13
    steps = [
        (np.ones(n, bool), "view", "seeker", view_at),
        (applied, "apply", "seeker", at1),
        (invited, "invite", "recruiter", at1),
        (interview, "interview", "recruiter", at2),
        (engaged & ~interview, "reject", "recruiter", at2),
        (offer, "offer", "recruiter", at3),
        (interview & ~offer, "reject", "recruiter", at3),
        (hire, "hire", "recruiter", at4),
        (offer & ~hire, "reject", "seeker", at4),
    ]
    out: list[tuple[int, int, str, str, Any]] = []
    for mask, kind, who, at in steps:
        for k in np.flatnonzero(mask):
            out.append((int(ci[k]), int(jj[k]), kind, who, EPOCH + timedelta(days=float(at[k]))))
    return out


def count_kinds(events: list[tuple[int, int, str, str, Any]]) -> Counter[str]:
    return Counter(e[2] for e in events)
