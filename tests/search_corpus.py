"""A small hand-written corpus for search tests: jobs in 武汉/上海/济南 and candidates with contacts."""

from __future__ import annotations

from datetime import datetime

from talentseek import domain
from talentseek.engine import Engine
from talentseek.settings import Settings
from talentseek.store.repo import add_interaction, get_or_create_company, upsert_candidate, upsert_job

MONTH = "month"


def _sal(lo: float | None, hi: float | None) -> domain.Salary:
    if lo is None and hi is None:
        return domain.Salary()
    return domain.Salary(valid=True, low=lo, high=hi, period=MONTH)


JOBS = [
    # external id, title, city, district, salary, exp_min, education, job_type, skills, benefits, description
    (
        "J1",
        "短视频剪辑师",
        "武汉市",
        "江夏区",
        (4000, 6000),
        0,
        "大专",
        "实习",
        ("Premiere",),
        ("双休",),
        "负责抖音短视频剪辑，熟练使用 Premiere 剪映，应届生可以",
    ),
    (
        "J2",
        "新媒体运营",
        "武汉市",
        "洪山区",
        (8000, 12000),
        1,
        "本科",
        "全职",
        (),
        ("五险一金", "双休"),
        "负责公众号和小红书内容运营，撰写文案",
    ),
    (
        "J3",
        "Java开发工程师",
        "济南市",
        "历下区",
        (12000, 15000),
        3,
        "本科",
        "全职",
        ("Java", "Spring Cloud"),
        (),
        "微服务架构开发，熟悉 Spring Cloud 与 MySQL",
    ),
    (
        "J4",
        "机器学习算法工程师",
        "上海市",
        "浦东新区",
        (30000, 50000),
        3,
        "硕士",
        "全职",
        ("Python",),
        (),
        "负责推荐系统与机器学习模型",
    ),
    (
        "J5",
        "数据分析师",
        "上海市",
        "徐汇区",
        (None, None),
        1,
        "本科",
        "全职",
        ("SQL", "Python"),
        (),
        "数据分析，SQL 取数，报表",
    ),
    ("J6", "视频剪辑助理", "武汉市", "江夏区", (3000, 4500), None, None, None, (), (), "剪辑视频素材"),
]


def build_corpus(engine: Engine) -> dict[str, int]:
    """Insert the jobs (and three candidates); returns external id → row id."""
    ids: dict[str, int] = {}
    with engine.db.session() as s:
        comp_a = get_or_create_company(s, "武汉星辰传媒有限公司", size="20-99人")
        comp_b = get_or_create_company(s, "上海大数据科技有限公司", size="1000-9999人")
        for n, (ext, title, city, district, sal, exp, edu, jt, skills, benefits, desc) in enumerate(JOBS):
            job = domain.Job(
                title=title,
                external_id=ext,
                description=desc,
                region=domain.Region(None, city, district),
                salary=_sal(*sal),
                experience=domain.Experience(min_years=exp, fresh_graduate=exp == 0),
                education=edu,
                job_type=jt,
                skills=skills,
                benefits=benefits,
                posted_at=datetime(2026, 11, 1 + n),
            )
            row, _ = upsert_job(s, job, comp_b.name if city == "上海市" else comp_a.name)
            ids[ext] = row.id
        ids.update(_candidates(s, ids))
        ids["company_a"], ids["company_b"] = comp_a.id, comp_b.id
    return ids


def _text(name: str, phone: str) -> str:
    contacts = f"电话：{phone}\n邮箱：{phone}@example.com\n微信：wx_{phone}\nQQ：{phone[3:]}"
    return f"姓名：{name}\n{contacts}\n六年 Java 微服务开发经验"


def _candidates(s: object, jobs: dict[str, int]) -> dict[str, int]:
    def resume(name: str, phone: str, title: str, skills: tuple[str, ...]) -> domain.Resume:
        return domain.Resume(
            name=name,
            phone=phone,
            email=f"{phone}@example.com",
            city="济南市",
            skills=skills,
            intent=domain.Intent(cities=("济南市",), titles=(title,)),
            years_of_experience=6,
            highest_education="本科",
            summary=f"电话 {phone}，{title}，擅长 {' '.join(skills)}",
        )

    c1, _ = upsert_candidate(
        s,
        resume("张伟", "13812345678", "Java开发工程师", ("Java", "Spring Cloud")),  # type: ignore[arg-type]
        external_id="C1",
        open_to_pool=True,
        resume_text=_text("张伟", "13812345678"),
    )
    c2, _ = upsert_candidate(
        s,
        resume("王芳", "13900001111", "Java架构师", ("Java",)),  # type: ignore[arg-type]
        external_id="C2",
        open_to_pool=False,
        resume_text=_text("王芳", "13900001111"),
    )
    c3, _ = upsert_candidate(
        s,
        resume("刘洋", "13700002222", "Java开发", ("Java",)),  # type: ignore[arg-type]
        external_id="C3",
        open_to_pool=False,
        resume_text=_text("刘洋", "13700002222"),
    )
    add_interaction(s, c2.id, jobs["J3"], domain.InteractionKind.APPLY, domain.Role.SEEKER)  # type: ignore[arg-type]
    return {"C1": c1.id, "C2": c2.id, "C3": c3.id}


def hashing_engine() -> Engine:
    return Engine(Settings(embedder="hashing"))
