"""JD parsing: required vs nice-to-have skills, experience, education, job type, benefits, headcount."""

from __future__ import annotations

import csv
from pathlib import Path

from talentseek.domain import Experience
from talentseek.parse.jd import JobFields, parse_jd, requirement_text, sentences
from talentseek.text.education import parse_education


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_handwritten_jd_all_fields() -> None:
    description = (
        "岗位职责：1、负责后端服务开发；2、参与系统架构设计。"
        "任职要求：1、本科及以上学历，3-5年Java开发经验；2、精通Java、Spring Boot，熟悉MySQL和Redis；"
        "3、有Kafka经验者优先；4、加分项：了解Kubernetes、Docker。"
        "福利待遇：五险一金、周末双休、带薪年假、年终奖。本岗位招3人。"
    )
    f = parse_jd("Java开发工程师（全职）", description)
    assert {"Java", "Spring Boot", "MySQL", "Redis"} <= set(f.required_skills)
    assert {"Kafka", "Kubernetes", "Docker"} <= set(f.preferred_skills)
    assert not set(f.required_skills) & set(f.preferred_skills)
    assert set(f.required_skills) | set(f.preferred_skills) <= set(f.skills)
    assert f.experience == Experience(min_years=3, max_years=5)
    assert f.education == "本科"
    assert f.job_type == "全职"
    assert f.benefits == ("五险一金", "双休", "带薪年假", "年终奖")  # 周末双休 is 双休
    assert f.headcount == 3


def test_silent_jd_gives_empty_fields() -> None:
    assert parse_jd("", "") == JobFields()
    f = parse_jd("店员", "欢迎加入我们的大家庭！")
    assert f.experience == Experience() and f.education is None and f.headcount is None and f.benefits == ()


def test_intern_and_fresh_graduate() -> None:
    f = parse_jd("新媒体运营实习生", "要求：2025届应届毕业生，大专以上学历，招聘两名，每周到岗4天")
    assert f.job_type == "实习"
    assert f.experience.fresh_graduate is True
    assert f.education == "大专"
    assert f.headcount == 2


def test_weekend_off_is_one_benefit_from_posting_to_query() -> None:
    """A posting's 周末双休 is the 双休 a query asks for: extracted, boosted and explained as met."""
    from talentseek.search.filters import check_constraint
    from talentseek.search.query import parse_query
    from talentseek.search.tantivy_store import bit_set
    from talentseek.text.benefits import BENEFITS

    f = parse_jd("新媒体运营", "福利：周末双休，饭补，五险一金（含住房公积金）")
    assert f.benefits == ("双休", "餐补", "五险一金")
    wanted = parse_query("武汉 新媒体运营 双休").of("benefit")
    assert [c.value for c in wanted] == ["双休"] and not wanted[0].hard
    assert bit_set(BENEFITS, f.benefits) & bit_set(BENEFITS, [wanted[0].value])  # the boost applies
    ok, reason = check_constraint(wanted[0], {"benefits": list(f.benefits), "description": ""}, "jobs")
    assert ok and "双休" in reason
    not_off = parse_jd("店员", "非双休，单休")
    assert not_off.benefits == ()
    ok, _ = check_constraint(wanted[0], {"benefits": [], "description": "非双休，单休"}, "jobs")
    assert not ok  # the reason line never claims what the boost did not count


def test_headcount_in_chinese_numerals() -> None:
    assert parse_jd("店员", "急招十二人").headcount == 12
    assert parse_jd("店员", "招聘两名").headcount == 2
    assert parse_jd("店员", "招二十人").headcount == 20


def test_sentences_split_numbered_items_run_together() -> None:
    text = "任职要求1、聪明，学习能力强；2、本科及以上学历3、精通SQL"
    assert sentences(requirement_text(text)) == ["1、聪明，学习能力强", "2、本科及以上学历", "3、精通SQL"]


def test_real_boss_posting(real_data: Path) -> None:
    rows = {r["job_id"]: r for r in _rows(real_data / "boss_shanghai_2018.csv")}
    row = rows["BOSS-BA-0687"]  # 任职要求 ... 5、精通SQL、Excel、PPT，掌握R/Python/SPSS/SAS任何一种尤佳
    f = parse_jd(row["职位名称"], row["职位描述"])
    assert {"SQL", "Excel"} <= set(f.required_skills)
    assert {"R", "Python", "SPSS", "SAS"} <= set(f.preferred_skills)
    assert f.education == "本科" and f.experience.min_years == 3
    assert f.headcount == 4  # 招聘人数：4


def test_real_postings_agree_with_their_structured_columns(real_data: Path) -> None:
    """Where the description states an education level, it mostly matches the site's own column."""
    rows = _rows(real_data / "boss_shanghai_2018.csv")
    stated = agree = with_skills = 0
    for row in rows:
        f = parse_jd(row["职位名称"], row["职位描述"])
        with_skills += bool(f.skills)
        if f.education:
            stated += 1
            agree += f.education == parse_education(row["学历要求"])
    assert with_skills / len(rows) > 0.9
    assert stated > 500 and agree / stated > 0.75


def test_real_zhilian_postings_parse(real_data: Path) -> None:
    rows = _rows(real_data / "zhilian_wuhan_2024.csv")
    parsed = [parse_jd(r["岗位名称"], r["工作简介"]) for r in rows[:200]]
    assert sum(bool(f.skills) for f in parsed) > 100
    assert all(f.headcount is None or f.headcount > 0 for f in parsed)
