"""Training data: records → masked, deduplicated, company- and time-split SFT examples."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from talentseek.engine import Engine
from talentseek.errors import InputError
from talentseek.store import models as m
from talentseek.train import data, tasks
from talentseek.train.pii import find_pii, mask_pii

CITIES = ("济南市", "青岛市", "武汉市")
SKILLS = ("Java", "Python", "MySQL", "Redis", "Spring Boot", "Vue", "Linux", "Excel")
TITLES = ("Java开发工程师", "Python工程师", "前端开发", "运维工程师", "数据分析师")
EDU = ("大专", "本科", "硕士")
PHONE, EMAIL, ID_NO = "13812345678", "zhangwei@example.com", "370102199001011234"


def _job(rng: random.Random, i: int, company: m.Company, start: datetime) -> m.Job:
    skills = rng.sample(SKILLS, 3)
    low = rng.choice((6, 8, 10, 12, 15)) * 1000
    title = rng.choice(TITLES)
    desc = (
        f"岗位职责：负责{title}相关工作，熟悉{'、'.join(skills)}。任职要求：{rng.choice(EDU)}及以上。"
        f"简历请发 hr{i}@corp.com 或致电 0531-8888{i:04d}。编号{i}"
    )
    return m.Job(
        external_id=f"j{i}",
        company=company,
        title=title,
        description=desc,
        city=rng.choice(CITIES),
        salary_text=f"{low // 1000}-{low // 1000 + 5}K",
        salary_low=low,
        salary_high=low + 5000,
        salary_period="month",
        salary_month_low=low,
        salary_month_high=low + 5000,
        exp_min=rng.choice((1, 3)),
        education=rng.choice(EDU),
        job_type="全职",
        skills=skills,
        benefits=["五险一金", "双休"],
        posted_at=start + timedelta(days=3 * i),
        status="open",
    )


def _candidate(rng: random.Random, i: int, start: datetime) -> m.Candidate:
    skills = rng.sample(SKILLS, 3)
    city, edu, name = rng.choice(CITIES), rng.choice(EDU), f"王{'一二三四五六七八九十'[i % 10]}{i}"
    text = (
        f"姓名：{name}\n电话：{PHONE}\n邮箱：{EMAIL}\n身份证：{ID_NO}\n现居：{city}\n"
        f"技能：{'、'.join(skills)}\n教育：山东大学 {edu} 2012-09 至 2016-06\n工作：浪潮 工程师 2016-07 至今"
    )
    resume = {
        "name": name,
        "phone": PHONE,
        "email": EMAIL,
        "gender": "男",
        "birth_year": 1994,
        "city": city,
        "intent": {"cities": [city], "titles": [rng.choice(TITLES)], "salary": None},
        "education": [
            {"school": "山东大学", "degree": edu, "major": None, "start": "2012-09", "end": "2016-06"}
        ],
        "experience": [{"company": "浪潮", "title": "工程师", "start": "2016-07", "end": None}],
        "skills": skills,
        "years_of_experience": 8,
    }
    return m.Candidate(
        external_id=f"c{i}",
        name=name,
        phone=PHONE,
        email=EMAIL,
        city=city,
        highest_education=edu,
        years_experience=rng.choice((1, 4, 8)),
        skills=skills,
        intent_salary_low=10000,
        resume=resume,
        resume_text=text,
        created_at=start + timedelta(days=5 * i),
    )


def seed_board(
    engine: Engine, *, jobs: int = 60, candidates: int = 30, companies: int = 6, seed: int = 0
) -> None:
    """Minimal generated records written through the store models (companies, jobs, resumes, applications)."""
    rng, start = random.Random(seed), datetime(2024, 1, 1)
    with engine.db.session() as s:
        comps = [m.Company(external_id=f"co{i}", name=f"公司{i}号科技有限公司") for i in range(companies)]
        js = [_job(rng, i, comps[i % companies], start) for i in range(jobs)]
        cs = [_candidate(rng, i, start) for i in range(candidates)]
        s.add_all(comps + js + cs)
        s.flush()
        s.add_all(
            m.Interaction(
                candidate_id=c.id,
                job_id=j.id,
                kind="apply",
                initiated_by="seeker",
                at=j.posted_at + timedelta(days=1),
            )
            for c in cs
            for j in rng.sample(js, 3)
        )


def fake_general(prompts: list[str]) -> list[str]:
    return [f"这是对“{p[:6]}”的回答。" for p in prompts]


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_pii_masking_catches_phones_emails_and_id_numbers() -> None:
    text = f"电话 {PHONE}，+86 138-1234-5678，座机 (0531)88886666，邮箱 {EMAIL}，身份证 {ID_NO}，QQ：12345678"
    masked, n = mask_pii(text, names=("张伟",))
    assert n == 6 and not find_pii(masked)
    assert "[身份证号]" in masked and "[邮箱]" in masked and masked.count("[电话]") == 3
    assert mask_pii("月薪15000-20000元，2016-07 至今，编号 20240101", ())[1] == 0  # ordinary numbers survive


def test_build_writes_clean_split_data(home: Path) -> None:
    engine = Engine()
    seed_board(engine)
    manifest = data.build(engine.db, engine.settings.home, answer_general=fake_general, replay_ratio=0.25)
    out = home / "train" / "data"
    train, evals, general = (
        _rows(out / "train.jsonl"),
        _rows(out / "eval.jsonl"),
        _rows(out / "general.jsonl"),
    )
    blob = (out / "train.jsonl").read_text("utf-8") + (out / "eval.jsonl").read_text("utf-8")
    assert PHONE not in blob and EMAIL not in blob and ID_NO not in blob and "王一" not in blob
    assert not find_pii(blob)
    assert {"jd_extract", "resume_extract", "match_explain", "qa"} <= {r["task"] for r in train}
    assert {"jd_extract"} <= {r["task"] for r in evals}

    # no company appears on both sides
    def companies(rows: list[dict[str, Any]]) -> set[str]:
        return {
            line.removeprefix("公司：")
            for r in rows
            if r["task"] == "jd_extract"
            for line in r["messages"][1]["content"].splitlines()
            if line.startswith("公司：")
        }

    assert companies(train) and companies(evals) and not companies(train) & companies(evals)
    # deduplicated: no user text twice in train, none shared with eval
    keys = [data.norm_key(r) for r in train if r["task"] != "general"]
    assert len(keys) == len(set(keys)) and not set(keys) & {data.norm_key(r) for r in evals}
    n_domain = sum(r["task"] != "general" for r in train)
    assert sum(r["task"] == "general" for r in train) == round(0.25 * n_domain)
    assert {g["split"] for g in general} == {"train", "eval"}
    held_out = {g["messages"][0]["content"] for g in general if g["split"] == "eval"}
    assert not held_out & {r["messages"][0]["content"] for r in train if r["task"] == "general"}
    assert manifest["counts"]["train"]["general"] == round(0.25 * n_domain) and manifest["pii_masked"] > 0


def test_empty_board_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="训练数据太少"):
        engine = Engine()
        data.build(engine.db, engine.settings.home, answer_general=fake_general)


def test_tiny_board_is_a_clear_error_and_writes_nothing(home: Path) -> None:
    engine = Engine()
    seed_board(engine, jobs=3, candidates=1, companies=2)
    with pytest.raises(InputError, match="训练数据太少"):
        data.build(engine.db, engine.settings.home, answer_general=fake_general)
    assert not (home / "train" / "data" / "train.jsonl").exists()


def test_explanation_only_restates_reasons() -> None:
    job = {
        "title": "Java开发",
        "city": "济南市",
        "skills": ["Java", "Redis"],
        "education": "本科",
        "exp_min": 3,
        "salary_month_low": 10000,
        "salary_month_high": 15000,
    }
    cand = {"city": "济南市", "skills": ["Java"], "education": "硕士", "years": 5, "salary_low": 12000}
    reasons = tasks.reasons_for(job, cand)
    assert "技能吻合：Java" in reasons and "缺少技能：Redis" in reasons and "城市一致：济南市" in reasons
    text = tasks.explain(reasons)
    assert all(r in text for r in reasons)
