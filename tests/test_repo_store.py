"""Repository layer: identity upserts keep normalised columns, skill rows and the index outbox in step."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from talentseek import domain
from talentseek.store import models as m
from talentseek.store import repo
from talentseek.store.db import Database


def _job(**kw: object) -> domain.Job:
    base: dict[str, object] = dict(
        title="Java开发工程师",
        description="负责后端开发，熟悉 Spring Boot 与 MySQL",
        region=domain.Region("山东省", "济南市", "历下区"),
        salary=domain.Salary(True, 120000, 180000, "year", 13, False),
        experience=domain.Experience(3, 5, False),
        education="本科",
        job_type="全职",
        occupation=domain.Occupation("2-02-10-03", "软件工程技术人员"),
        skills=("Java", "Spring Boot", "Java"),
        required_skills=("Java",),
        benefits=("五险一金",),
        headcount=2,
        posted_at=datetime(2025, 3, 1),
    )
    base.update(kw)
    return domain.Job(**base)  # type: ignore[arg-type]


def _queue(s: sa.orm.Session) -> list[tuple[str, int, str]]:
    return [
        tuple(r)
        for r in s.execute(
            sa.select(m.IndexQueue.kind, m.IndexQueue.entity_id, m.IndexQueue.op).order_by(m.IndexQueue.id)
        )
    ]  # type: ignore[misc]


def test_upsert_job_normalises_and_queues(db_url: str) -> None:
    db = Database(db_url)
    with db.session() as s:
        row, created = repo.upsert_job(s, _job(external_id="J1"), "浪潮软件")
        assert created and row.salary_month_low == 10000 and row.salary_month_high == 15000  # yearly / 12
        assert row.education_rank == 5 and (row.exp_min, row.exp_max) == (3, 5)
        assert (
            row.occupation_code == "2-02-10-03" and row.company is not None and row.company.name == "浪潮软件"
        )
        skills = s.scalars(sa.select(m.JobSkill.skill).where(m.JobSkill.job_id == row.id)).all()
        assert sorted(skills) == ["Java", "Spring Boot"]
        assert _queue(s) == [("job", row.id, "upsert")]
    with db.session() as s:
        row2, created2 = repo.upsert_job(
            s, _job(external_id="J1", title="高级Java开发工程师", skills=("Go",)), "浪潮软件"
        )
        assert not created2 and row2.id == row.id and row2.title == "高级Java开发工程师"
        assert s.scalars(sa.select(m.JobSkill.skill).where(m.JobSkill.job_id == row.id)).all() == ["Go"]
        assert repo.counts(s)["jobs"] == 1 and repo.counts(s)["companies"] == 1
    db.dispose()


def test_identity_without_external_id_is_content_hash(db_url: str) -> None:
    db = Database(db_url)
    with db.session() as s:
        a, ca = repo.upsert_job(s, _job(), "甲")
        b, cb = repo.upsert_job(s, _job(), "甲")
        c, cc = repo.upsert_job(s, _job(), "乙")
        assert a.external_id.startswith("h:") and a.id == b.id and (ca, cb, cc) == (True, False, True)
        assert c.id != a.id
    db.dispose()


def test_job_round_trip_through_rows(db_url: str) -> None:
    db = Database(db_url)
    src = _job(external_id="RT1")
    with db.session() as s:
        row, _ = repo.upsert_job(s, src, "浪潮软件", source="test")
        back = repo.job_from_row(row)
    assert back.title == src.title and back.region == src.region and back.salary == src.salary
    assert back.experience == src.experience and back.occupation == src.occupation
    assert back.skills == ("Java", "Spring Boot", "Java") and back.company_name == "浪潮软件"
    db.dispose()


def test_delete_job_queues_delete(db_url: str) -> None:
    db = Database(db_url)
    with db.session() as s:
        row, _ = repo.upsert_job(s, _job(external_id="D1"), None)
        jid = row.id
    with db.session() as s:
        assert repo.delete_job(s, jid) and not repo.delete_job(s, 999999)
    with db.session() as s:
        assert s.get(m.Job, jid) is None and _queue(s)[-1] == ("job", jid, "delete")
        assert s.scalar(sa.select(sa.func.count()).select_from(m.JobSkill)) == 0
    db.dispose()


def test_upsert_candidate_intents_skills_and_interactions(db_url: str) -> None:
    db = Database(db_url)
    resume = domain.Resume(
        name="张伟",
        birth_year=1994,
        phone="13812345678",
        city="济南市",
        intent=domain.Intent(
            cities=("济南市", "青岛市"),
            titles=("Java开发工程师",),
            salary=domain.Salary(True, 15000, 20000, "month"),
        ),
        education=(domain.EducationEntry("山东大学", "本科", "计算机科学与技术", "2012-09", "2016-06"),),
        skills=("Java", "MySQL"),
        years_of_experience=8,
    )
    ext = repo.candidate_identity(resume)
    assert ext is not None and "13812345678" not in ext
    with db.session() as s:
        cand, created = repo.upsert_candidate(
            s,
            resume,
            external_id=ext,
            intent_regions=[domain.Region("山东省", "济南市"), domain.Region("山东省", "青岛市")],
        )
        assert created and cand.highest_education == "本科" and cand.education_rank == 5
        assert cand.intent_salary_low == 15000
        cities = s.execute(
            sa.select(m.CandidateIntentCity.city, m.CandidateIntentCity.province)
            .where(m.CandidateIntentCity.candidate_id == cand.id)
            .order_by(m.CandidateIntentCity.city)
        )
        assert sorted(cities) == [("济南市", "山东省"), ("青岛市", "山东省")]
        job, _ = repo.upsert_job(s, _job(external_id="I1"), "浪潮软件")
        repo.add_interaction(s, cand.id, job.id, "apply", "seeker", datetime(2025, 4, 1))
    with db.session() as s:
        again, created2 = repo.upsert_candidate(s, resume, external_id=ext, open_to_pool=False)
        assert not created2 and again.id == cand.id and not again.open_to_pool
        back = repo.candidate_from_row(again)
        assert (
            back.resume.intent.cities == ("济南市", "青岛市")
            and back.resume.education[0].school == "山东大学"
        )
        c = repo.counts(s)
        assert (c["candidates"], c["interactions"], c["jobs"]) == (1, 1, 1)
    db.dispose()


def test_get_or_create_company_fills_missing_fields(db_url: str) -> None:
    db = Database(db_url)
    with db.session() as s:
        a = repo.get_or_create_company(s, "海尔集团")
        b = repo.get_or_create_company(s, " 海尔集团 ", size="10000人以上", industry="家电")
        assert a.id == b.id and b.size == "10000人以上" and b.industry == "家电"
        c = repo.get_or_create_company(s, "海尔集团", size="1-49人")
        assert c.size == "10000人以上"  # existing values are not overwritten by a job row's guess
    db.dispose()
