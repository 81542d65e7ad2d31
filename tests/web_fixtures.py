"""A tiny market for web/auth tests: two companies with jobs, candidates, users of every role."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from talentseek import domain
from talentseek.auth import create_api_key, create_user
from talentseek.engine import Engine
from talentseek.store import models
from talentseek.store.repo import add_interaction, get_or_create_company, upsert_candidate, upsert_job

PASSWORD = "correct-horse-42"


@dataclass
class Market:
    company_a: int = 0
    company_b: int = 0
    job_a: int = 0
    job_b: int = 0
    job_closed: int = 0
    cand_seeker: int = 0  # the seeker account's own record; applied to job_a
    cand_private: int = 0  # not in the pool, no interactions with anyone
    cand_pool: int = 0  # open to the pool, no interactions
    cand_invited_b: int = 0  # not in the pool, invited by company B
    keys: dict[str, str] = field(default_factory=dict)


def _job(title: str, city: str, **kw: object) -> domain.Job:
    return domain.Job(
        title=title,
        description=kw.pop("description", "岗位职责：\n1. 负责后端开发\n2. 参与代码评审"),  # type: ignore[arg-type]
        region=domain.Region("山东省", city, kw.pop("district", None)),  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


def _resume(name: str, phone: str, email: str) -> domain.Resume:
    return domain.Resume(name=name, phone=phone, email=email, city="济南市", skills=("Java", "MySQL"))


def build_market(engine: Engine) -> Market:
    """Two companies (A, B), three jobs, four candidates, and one user of each kind."""
    m = Market()
    with engine.db.session() as db:
        a = get_or_create_company(db, "山东浪潮软件有限公司", industry="软件", size="1000-9999人")
        b = get_or_create_company(db, "青岛海信网络科技有限公司")
        m.company_a, m.company_b = a.id, b.id
        salary = domain.Salary(valid=True, low=8000, high=12000, period="month", months=13)
        ja, _ = upsert_job(db, _job("Java开发工程师", "济南市", district="历下区", salary=salary,
                                    skills=("Java", "Spring Boot"), benefits=("五险一金", "双休"),
                                    posted_at=datetime(2026, 11, 1)), a.name)
        jb, _ = upsert_job(db, _job("测试工程师", "青岛市", salary=domain.Salary(valid=True, negotiable=True),
                                    posted_at=datetime(2026, 11, 2)), b.name)
        jc, _ = upsert_job(db, _job("已关闭的职位", "济南市", status=domain.JobStatus.CLOSED,
                                    posted_at=datetime(2026, 10, 1)), a.name)
        m.job_a, m.job_b, m.job_closed = ja.id, jb.id, jc.id
        seeker = create_user(db, "seeker1", PASSWORD, domain.Role.SEEKER, display_name="张伟")
        create_user(db, "seeker2", PASSWORD, domain.Role.SEEKER)
        create_user(db, "rec_a", PASSWORD, domain.Role.RECRUITER, company_id=a.id, display_name="李招聘")
        create_user(db, "rec_b", PASSWORD, domain.Role.RECRUITER, company_id=b.id)
        op = create_user(db, "op", PASSWORD, domain.Role.OPERATOR)
        c1, _ = upsert_candidate(db, _resume("张伟", "13812345678", "zhangwei@example.com"),
                                 external_id="c1", user_id=seeker.id, open_to_pool=False)
        c2, _ = upsert_candidate(db, _resume("王芳", "13900001111", "wf@example.com"), external_id="c2",
                                 open_to_pool=False)
        c3, _ = upsert_candidate(db, _resume("刘洋", "13700002222", "ly@example.com"), external_id="c3",
                                 open_to_pool=True)
        c4, _ = upsert_candidate(db, _resume("陈静", "13600003333", "cj@example.com"), external_id="c4",
                                 open_to_pool=False)
        m.cand_seeker, m.cand_private, m.cand_pool, m.cand_invited_b = c1.id, c2.id, c3.id, c4.id
        add_interaction(db, c1.id, ja.id, domain.InteractionKind.APPLY, domain.Role.SEEKER)
        add_interaction(db, c4.id, jb.id, domain.InteractionKind.INVITE, domain.Role.RECRUITER)
        m.keys["rec_a"] = create_api_key(db, "rec-a-key", user_id=_uid(db, "rec_a"))
        m.keys["op"] = create_api_key(db, "op-key", user_id=op.id, rate_limit_per_min=3)
    return m


def _uid(db: object, username: str) -> int:
    from talentseek.auth import find_user

    user = find_user(db, username)  # type: ignore[arg-type]
    assert user is not None
    return user.id


def count_rows(engine: Engine, model: type[models.Base]) -> int:
    import sqlalchemy as sa

    with engine.db.session() as db:
        return int(db.scalar(sa.select(sa.func.count()).select_from(model)) or 0)
