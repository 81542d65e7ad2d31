"""Statistics against values computed by hand on a small fixed dataset (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pytest
import sqlalchemy as sa

from talentseek.errors import InputError
from talentseek.report import stats
from talentseek.report.scope import make_scope
from talentseek.report.trends import benjamini_hochberg, two_proportion_z
from talentseek.store import models as m
from talentseek.store.db import Database

# (external id, city, province, low, high, period, months, posted, occupation code, exp_min, education)
JOBS: list[tuple[Any, ...]] = [
    ("J1", "济南市", "山东省", 8000, 12000, "month", None, "2025-01-10", "2-02-10-03", 1, "本科"),
    ("J2", "济南市", "山东省", 10000, 14000, "month", 13, "2025-02-10", "2-02-10-03", 3, "本科"),
    ("J3", "济南市", "山东省", 6000, None, "month", None, "2025-03-10", "2-02-10-03", 0, "大专"),
    ("J4", "济南市", "山东省", None, 9000, "month", None, "2025-07-10", "4-01-02-01", None, "大专"),
    ("J5", "济南市", "山东省", 20000, 30000, "month", 14, "2025-08-10", "2-02-10-03", 5, "硕士"),
    ("J6", "济南市", "山东省", 15000, 15000, "month", None, "2025-09-10", "2-02-10-03", 3, "本科"),
    ("J7", "济南市", "山东省", 200, 300, "day", None, "2025-10-10", "4-01-02-01", None, None),
    ("J8", "济南市", "山东省", None, None, None, None, "2025-11-10", "4-01-02-01", None, None),
    ("Q1", "青岛市", "山东省", 5000, 5000, "month", None, "2025-02-01", "2-02-10-03", 1, "本科"),
    ("Q2", "青岛市", "山东省", 6000, 8000, "month", None, "2025-03-01", "2-02-10-03", 1, "本科"),
    ("Q3", "青岛市", "山东省", 9000, None, "month", None, "2025-04-01", "2-02-10-03", 1, "本科"),
    ("Q4", "青岛市", "山东省", 10000, 12000, "month", None, "2025-05-01", "2-02-10-03", 1, "本科"),
    ("Q5", "青岛市", "山东省", 12000, 14000, "month", None, "2025-06-01", "2-02-10-03", 1, "本科"),
    ("Y1", "烟台市", "山东省", 7000, 9000, "month", None, "2025-04-01", "2-02-10-03", 1, "本科"),
    ("Y2", "烟台市", "山东省", 8000, 9000, "month", None, "2025-04-01", "2-02-10-03", 1, "本科"),
    ("W1", "武汉市", "湖北省", 9000, 11000, "month", None, "2024-06-01", "2-02-10-03", 1, "本科"),
]
JINAN_VALUES = [10000, 13000, 6000, 9000, 25000 * 14 / 12, 15000]
QINGDAO_VALUES = [5000, 7000, 9000, 11000, 13000]

# (id, lives in city, province, occupation, intent cities)
CANDIDATES: list[tuple[Any, ...]] = [
    *[(i, "济南市", "山东省", "2-02-10-03", ["济南市"]) for i in range(1, 4)],
    *[(i, "青岛市", "山东省", "2-02-10-03", ["济南市", "青岛市"]) for i in range(4, 7)],
    *[(i, "武汉市", "湖北省", "2-02-10-03", ["济南市"]) for i in range(7, 9)],
    (9, "济南市", "山东省", "4-01-02-01", ["青岛市"]),
    (10, "济南市", "山东省", "2-02-10-03", ["烟台市"]),
]


def _insert(db: Database) -> dict[str, int]:
    ids: dict[str, int] = {}
    with db.session() as s:
        for ext, city, prov, low, high, period, months, posted, occ, exp, edu in JOBS:
            job = m.Job(
                external_id=ext,
                title="岗位" + ext,
                city=city,
                province=prov,
                salary_low=low,
                salary_high=high,
                salary_period=period,
                salary_months=months,
                salary_negotiable=period is None,
                posted_at=datetime.fromisoformat(posted),
                occupation_code=occ,
                occupation_name={"2-02-10-03": "软件工程技术人员"}.get(occ, "营业员"),
                exp_min=exp,
                education=edu,
            )
            s.add(job)
            s.flush()
            ids[ext] = job.id
        for cid, city, prov, occ, intents in CANDIDATES:
            s.add(m.Candidate(id=cid, city=city, province=prov, occupation_code=occ, active=True))
            s.flush()
            for c in intents:
                s.add(m.CandidateIntentCity(candidate_id=cid, city=c, province="山东省"))
        s.add(
            m.Candidate(id=99, city="济南市", province="山东省", occupation_code="2-02-10-03", active=False)
        )
        s.flush()
        s.add(m.CandidateIntentCity(candidate_id=99, city="济南市", province="山东省"))
    return ids


@pytest.fixture
def db(db_url: str) -> Any:
    database = Database(db_url)
    _insert(database)
    yield database
    database.dispose()


def _np_quartiles(values: list[float]) -> list[float]:
    return [float(x) for x in np.percentile(values, [25, 50, 75])]


def test_salary_bands_by_city_match_hand_values(db: Database) -> None:
    scope = make_scope(db, "山东省", "2025-01", "2025-12")
    res = stats.salary_bands(db, scope, by="city")
    rows = {r["city"]: r for r in res.rows}
    assert set(rows) == {"济南市", "青岛市"}  # 烟台市 has 2 jobs < min_count 5: suppressed
    assert res.suppressed == 1 and res.n == 13
    assert rows["济南市"]["n"] == 6  # the daily wage and 面议 are not monthly figures
    assert [rows["济南市"][k] for k in ("p25", "p50", "p75")] == pytest.approx(_np_quartiles(JINAN_VALUES))
    assert [rows["青岛市"][k] for k in ("p25", "p50", "p75")] == pytest.approx([7000, 9000, 11000])


def test_window_and_percentile_cont_agree(db: Database) -> None:
    scope = make_scope(db, "山东省")
    window = stats.salary_bands(db, scope, by="city", method="window")
    auto = stats.salary_bands(db, scope, by="city")
    assert window.rows == auto.rows
    if db.engine.dialect.name == "postgresql":
        assert stats.salary_bands(db, scope, by="city", method="pg").rows == window.rows


def test_salary_summary_for_a_city_and_short_name(db: Database) -> None:
    got = stats.salary_summary(db, make_scope(db, "济南"))
    p25, p50, p75 = _np_quartiles(JINAN_VALUES)
    assert got == {"n": 6, "p25": pytest.approx(p25), "p50": pytest.approx(p50), "p75": pytest.approx(p75)}
    tiny = stats.salary_summary(db, make_scope(db, "烟台市"))
    assert tiny["n"] == 2 and tiny["p50"] is None and "数据不足" in tiny["reason"]
    assert stats.salary_summary(db, make_scope(db, "烟台市", min_count=1))["p50"] == pytest.approx(8250)


def test_salary_by_experience_and_education(db: Database) -> None:
    scope = make_scope(db, "济南市", min_count=1)
    edu = stats.salary_bands(db, scope, by="education")
    assert [r["education"] for r in edu.rows] == ["大专", "本科", "硕士"]  # natural order, not by size
    assert {r["education"]: r["n"] for r in edu.rows} == {"大专": 2, "本科": 3, "硕士": 1}
    exp = {r["experience"]: r for r in stats.salary_bands(db, scope, by="experience").rows}
    assert exp["3-5年"]["n"] == 2 and exp["3-5年"]["p50"] == pytest.approx(14000)
    assert exp["未注明"]["p50"] == pytest.approx(9000)


def test_postings_and_candidates_by_region(db: Database) -> None:
    res = stats.postings_by(db, make_scope(db, "山东省"), by="city")
    assert [(r["city"], r["n"]) for r in res.rows] == [("济南市", 8), ("青岛市", 5)]
    assert res.n == 15 and res.suppressed == 1
    assert res.rows[0]["share"] == pytest.approx(8 / 15)
    cands = stats.candidates_by(db, make_scope(db, "山东省", min_count=1), by="city")
    assert {r["city"]: r["n"] for r in cands.rows} == {"济南市": 5, "青岛市": 3}  # inactive one excluded
    whole = stats.counts(db)
    assert whole == {"jobs": 16, "companies": 0, "candidates": 11, "interactions": 0}


def test_intent_ranking_with_inflow(db: Database) -> None:
    res = stats.intent_ranking(db, make_scope(db, "山东省", min_count=1))
    rows = {r["city"]: r for r in res.rows}
    assert (
        rows["济南市"]["n"] == 8
        and rows["济南市"]["inflow"] == 5
        and rows["济南市"]["inflow_other_province"] == 2
    )
    assert rows["济南市"]["share"] == pytest.approx(8 / 10)
    assert rows["青岛市"]["n"] == 4 and rows["青岛市"]["inflow"] == 1
    assert res.rows[0]["city"] == "济南市"
    assert [r["city"] for r in stats.intent_ranking(db, make_scope(db, "山东省")).rows] == ["济南市"]


def test_demand_supply(db: Database) -> None:
    res = stats.demand_supply(db, make_scope(db, "山东省"))
    rows = {(r["occupation_code"], r["city"]): r for r in res.rows}
    jinan = rows[("2-02-10-03", "济南市")]
    assert jinan["postings"] == 5  # J1 J2 J3 J5 J6
    assert jinan["seekers"] == 8 and jinan["ratio"] == pytest.approx(5 / 8)
    qd = rows[("2-02-10-03", "青岛市")]
    assert qd["seekers"] is None and qd["ratio"] is None  # 3 seekers < min_count: not shown


def test_time_to_fill_and_applications(db: Database) -> None:
    scope = make_scope(db, "山东省", min_count=1)
    empty = stats.time_to_fill(db, scope)
    assert empty.empty and "暂无录用" in (empty.reason or "")
    assert "暂无投递" in (stats.applications_per_posting(db, scope).reason or "")
    with db.session() as s:
        ids = dict(s.execute(sa.select(m.Job.external_id, m.Job.id)).all())
        for ext, days in (("J1", 10), ("J2", 20), ("Q1", 40)):
            posted = s.scalar(sa.select(m.Job.posted_at).where(m.Job.id == ids[ext]))
            s.add(
                m.Interaction(
                    candidate_id=1,
                    job_id=ids[ext],
                    kind="hire",
                    initiated_by="recruiter",
                    at=posted + timedelta(days=days),
                )
            )
        for ext, n in (("J1", 3), ("J2", 1)):
            for c in range(1, n + 1):
                s.add(
                    m.Interaction(
                        candidate_id=c,
                        job_id=ids[ext],
                        kind="apply",
                        initiated_by="seeker",
                        at=datetime(2025, 6, 1),
                    )
                )
    ttf = stats.time_to_fill(db, scope)
    assert ttf.rows[0]["n"] == 3 and ttf.rows[0]["p50"] == pytest.approx(20)
    apps = stats.applications_per_posting(db, scope).rows[0]
    assert apps["n"] == 15 and apps["applications"] == 4 and apps["mean"] == pytest.approx(4 / 15)
    assert apps["p50"] == 0 and apps["p75"] == 0
    by_city = {r["city"]: r for r in stats.applications_per_posting(db, scope, by="city").rows}
    assert by_city["济南市"]["applications"] == 4 and by_city["济南市"]["mean"] == pytest.approx(0.5)


def test_bad_input(db: Database) -> None:
    with pytest.raises(InputError, match="不是已知的省份或城市"):
        make_scope(db, "火星市")
    with pytest.raises(InputError, match="地区为空"):
        make_scope(db, "  ")
    with pytest.raises(InputError, match="区县"):
        make_scope(db, "历下区")
    with pytest.raises(InputError, match="时间范围颠倒"):
        make_scope(db, "山东省", "2025-12", "2025-01")
    with pytest.raises(InputError, match="YYYY-MM"):
        make_scope(db, "山东省", "2025-13")
    empty = make_scope(db, "山东省", "2030-01", "2030-12")
    for res in (
        stats.salary_bands(db, empty),
        stats.postings_by(db, empty),
        stats.skill_trends(db, empty),
        stats.demand_supply(db, empty),
        stats.time_to_fill(db, empty),
    ):
        assert res.empty and res.reason, res.name
    assert stats.salary_summary(db, empty)["n"] == 0
    nodata = make_scope(db, "西藏自治区")  # a real region with no postings: empty, not an error
    assert stats.postings_by(db, nodata).reason and stats.intent_ranking(db, nodata).reason


def test_z_test_and_benjamini_hochberg_by_hand() -> None:
    z, p = two_proportion_z(10, 100, 20, 100)
    assert z == pytest.approx(0.1 / (0.15 * 0.85 * 0.02) ** 0.5) and p == pytest.approx(0.04767, abs=1e-4)
    assert two_proportion_z(0, 100, 0, 100) == (0.0, 1.0)
    assert benjamini_hochberg([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.02, 0.04, 0.04, 0.02])


def test_skill_trends_separate_signal_from_noise(db_url: str) -> None:
    db = Database(db_url)
    rng = np.random.default_rng(7)
    with db.session() as s:
        for i in range(600):
            later = i >= 300
            s.add(
                m.Job(
                    external_id=f"T{i}",
                    title="t",
                    city="济南市",
                    province="山东省",
                    posted_at=datetime(2025, 9 if later else 2, 1),
                )
            )
            s.flush()
            skills = {"Python": 0.40 if later else 0.15, "Excel": 0.30, "Java": 0.10 if later else 0.25}
            for skill, prob in skills.items():
                if rng.random() < prob:
                    s.add(m.JobSkill(job_id=i + 1, skill=skill))
            for k in range(20):  # twenty noise skills with equal rates in both halves
                if rng.random() < 0.1:
                    s.add(m.JobSkill(job_id=i + 1, skill=f"噪声{k}"))
    res = stats.skill_trends(db, make_scope(db, "山东省", "2025-01", "2025-12"))
    by = {r["skill"]: r for r in res.rows}
    assert res.extra["split"] == "2025-07" and res.extra["postings_before"] == 300
    assert by["Python"]["direction"] == "rising" and by["Java"]["direction"] == "falling"
    assert by["Excel"]["direction"] == "stable"
    assert sum(r["significant"] for r in res.rows) <= 3  # BH keeps the noise skills out
    db.dispose()
