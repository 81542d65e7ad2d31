"""The skill dictionary: spellings, extraction boundaries, relations, coverage of real postings."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from talentseek.text.skills import (
    all_skills,
    canonical_skill,
    dictionary,
    extract_skills,
    related_skills,
    skill_category,
)


def test_dictionary_size_and_categories() -> None:
    skills = all_skills()
    assert len(skills) >= 300 and len(set(skills)) == len(skills)
    categories = {skill_category(s) for s in skills}
    for needed in ("编程语言", "人工智能", "新媒体与运营", "电商", "产品与项目", "财务会计", "制造与工程",
                   "销售", "设计", "语言", "证书与资质"):
        assert needed in categories


@pytest.mark.parametrize(("text", "canon"), [
    ("java", "Java"), ("JAVA开发", "Java"), ("ＪＡＶＡ", "Java"), ("大模型", "LLM"), ("LLM", "LLM"),
    ("springcloud", "Spring Cloud"), ("Spring Cloud", "Spring Cloud"), ("spring-cloud", "Spring Cloud"),
    ("新媒体运营", "新媒体运营"), ("c++", "C++"), ("C#", "C#"), ("golang", "Go"),
    ("熟练掌握Python", "Python"),
    ("sklearn", "Scikit-learn"), ("注册会计师", "CPA"), ("英语六级", "CET-6"), ("PS", "Photoshop"),
    ("HR", None), ("运营", None), ("", None),
])
def test_canonical_skill(text: str, canon: str | None) -> None:
    assert canonical_skill(text) == canon


@pytest.mark.parametrize(("text", "skills"), [
    ("熟悉Java、Spring Boot、SpringCloud、MySQL、Redis，有大模型经验者优先",
     ["Java", "Spring Boot", "Spring Cloud", "MySQL", "Redis", "LLM"]),
    ("熟练使用PS、AI、剪映及PR软件", ["Photoshop", "Illustrator", "剪映", "Premiere"]),
    ("负责R&D工作，HR对接，C轮融资", []),
    ("熟悉R、Python、SQL（hive sql）、EXCEL", ["R", "Python", "SQL", "Excel"]),
    ("熟悉Go和Rust，go to market", ["Go", "Rust"]),
    ("熟悉AI技术与机器学习", ["人工智能", "机器学习"]),
    ("京东方 京东运营", ["京东运营"]),
    ("短视频剪辑师，抖音运营，新媒体运营经验", ["视频剪辑", "抖音运营", "新媒体运营"]),
    ("Ｐｙｔｈｏｎ和 spring\n boot", ["Python", "Spring Boot"]),
    ("", []),
])
def test_extract_skills(text: str, skills: list[str]) -> None:
    assert extract_skills(text) == skills


def test_related_is_symmetric_and_known() -> None:
    d = dictionary()
    assert "Spring Cloud" in related_skills("Spring Boot") and "Spring Boot" in related_skills("springcloud")
    assert "TensorFlow" in related_skills("pytorch") and "PyTorch" in related_skills("TensorFlow")
    for skill, rel in d.related.items():
        for other in rel:
            assert skill in d.related[other] and other in d.category
    assert related_skills("不存在的技能") == frozenset()


def test_real_postings_are_covered(real_data: Path) -> None:
    """Most postings name skills, and the frequent ones of both files are in the dictionary."""
    counts: Counter[str] = Counter()
    n = empty = 0
    for name, cols in (("zhilian_wuhan_2024.csv", ("岗位名称", "工作简介", "岗位标签")),
                       ("boss_shanghai_2018.csv", ("职位名称", "职位描述"))):
        with (real_data / name).open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                found = extract_skills(" ".join(row[c] for c in cols))
                counts.update(found)
                n += 1
                empty += not found
    assert empty / n < 0.03
    for skill in ("Python", "SQL", "数据分析", "机器学习", "Hadoop", "Spark", "短视频运营", "新媒体运营",
                  "抖音运营", "小红书运营", "视频剪辑", "电商运营", "Excel", "Tableau", "文案写作"):
        assert counts[skill] >= 5, skill
