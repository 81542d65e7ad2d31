"""City talent ranking: components and composite checked by hand on two cities."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from talentseek.errors import NotFound
from talentseek.report.city import WEIGHTS, city_ranking, city_view, is_small_size
from talentseek.report.scope import make_scope
from talentseek.store import models as m
from talentseek.store.db import Database


def _fill(db: Database) -> None:
    with db.session() as s:
        small_old = m.Company(name="小公司", size="20-99人", founded_year=2001)
        big_old = m.Company(name="大公司", size="1000-9999人", founded_year=2000)
        big_young = m.Company(name="新公司", size="10000人以上", founded_year=2023)
        s.add_all([small_old, big_old, big_young])
        s.flush()
        for i in range(6):  # 济南: 4 software roles, 3 of 6 from a small company, all 10000/month
            s.add(
                m.Job(
                    external_id=f"J{i}",
                    title="t",
                    city="济南市",
                    province="山东省",
                    company_id=(small_old if i < 3 else big_old).id,
                    salary_low=10000,
                    salary_high=10000,
                    salary_period="month",
                    posted_at=datetime(2025, 3, 1),
                    occupation_code="2-02-10-03" if i < 4 else "4-01-02-01",
                )
            )
        for i in range(5):  # 青岛: one posting needs Python, all from a young company, 5000/month
            job = m.Job(
                external_id=f"Q{i}",
                title="t",
                city="青岛市",
                province="山东省",
                company_id=big_young.id,
                salary_low=5000,
                salary_high=5000,
                salary_period="month",
                posted_at=datetime(2025, 3, 1),
                occupation_code="4-01-02-01",
            )
            s.add(job)
            s.flush()
            if i == 0:
                s.add(m.JobSkill(job_id=job.id, skill="Python"))
        for cid in (1, 2):
            s.add(m.Candidate(id=cid, city="武汉市", province="湖北省", active=True))
            s.flush()
            s.add(m.CandidateIntentCity(candidate_id=cid, city="济南市", province="山东省"))


@pytest.fixture
def db(db_url: str) -> Any:
    database = Database(db_url)
    _fill(database)
    yield database
    database.dispose()


def test_components_and_composite(db: Database) -> None:
    res = city_ranking(db, make_scope(db, "山东省", "2025-01", "2025-12"))
    rows = {r["city"]: r for r in res.rows}
    jn, qd = rows["济南市"], rows["青岛市"]
    assert (jn["high_skill_postings"], qd["high_skill_postings"]) == (4, 1)
    assert (jn["inflow"], qd["inflow"]) == (2, 0)
    assert jn["salary_relative"] == pytest.approx(1.0) and qd["salary_relative"] == pytest.approx(0.5)
    assert jn["small_share"] == pytest.approx(0.5) and jn["young_share"] == 0
    assert qd["vitality"] == pytest.approx(1.0) and jn["vitality"] == pytest.approx(0.5)
    assert jn["scores"] == {"high_skill": 100, "inflow": 100, "salary": 100, "vitality": 0}
    expected = 100 * (1 - WEIGHTS["vitality"])
    assert jn["composite"] == pytest.approx(expected) and qd["composite"] == pytest.approx(100 - expected)
    assert [r["rank"] for r in res.rows] == [1, 2] and res.rows[0]["city"] == "济南市"
    assert "综合得分" in res.notes[0]


def test_city_view_and_unranked_city(db: Database) -> None:
    scope = make_scope(db, "山东省")
    view = city_view(db, scope, "青岛市")
    assert view["row"]["rank"] == 2 and view["of"] == 2
    with pytest.raises(NotFound):
        city_view(db, scope, "烟台市")
    assert city_ranking(db, make_scope(db, "湖北省")).reason


@pytest.mark.parametrize(
    ("size", "small"),
    [
        ("20-99人", True),
        ("少于50人", True),
        ("20人以下", True),
        ("100-499人", False),
        ("10000人以上", False),
        (None, False),
    ],
)
def test_small_company_sizes(size: str | None, small: bool) -> None:
    assert is_small_size(size) is small
