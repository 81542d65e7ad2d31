"""Education, experience, company size, job type, benefits and Chinese numerals."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from talentseek.domain import EDUCATION_LEVELS, Experience
from talentseek.text.benefits import extract_benefits
from talentseek.text.company import COMPANY_SIZES, parse_company_size, parse_job_type
from talentseek.text.education import education_rank, highest_education, parse_education
from talentseek.text.experience import parse_experience
from talentseek.text.numerals import cn_to_number


@pytest.mark.parametrize(("text", "level"), [
    ("本科及以上", "本科"), ("统招本科", "本科"), ("全日制本科", "本科"), ("研究生", "硕士"), ("MBA", "硕士"),
    ("硕士研究生", "硕士"), ("博士研究生", "博士"), ("学历不限", "不限"), ("大专", "大专"),
    ("专科以上", "大专"),
    ("中专/中技", "中专/中技"), ("高中", "高中"), ("初中及以下", "初中及以下"), ("Bachelor degree", "本科"),
    ("高中端客户", None), ("Java开发", None), ("", None),
])
def test_parse_education(text: str, level: str | None) -> None:
    assert parse_education(text) == level


def test_education_rank_and_highest() -> None:
    assert education_rank("本科") == EDUCATION_LEVELS.index("本科")
    assert education_rank("博士") == 7 and education_rank("不限") == 0
    assert education_rank("硕士研究生") == EDUCATION_LEVELS.index("硕士")
    assert education_rank(None) is None and education_rank("火星") is None
    assert highest_education("2012-2016 山东大学 本科；2016-2019 山东大学 硕士") == "硕士"


@pytest.mark.parametrize(("text", "expected"), [
    ("1-3年", Experience(1, 3)), ("3年以上", Experience(3, None)), ("三年及以上", Experience(3, None)),
    ("1年以下", Experience(0, 1)), ("1年以内", Experience(0, 1)), ("经验不限", Experience(0, None)),
    ("无经验", Experience(0, None)), ("应届生", Experience(0, 0, True)),
    ("应届毕业生", Experience(0, 0, True)),
    ("在校/应届", Experience(0, 0, True)), ("半年以上", Experience(0.5, None)),
    ("一年半以上", Experience(1.5, None)), ("5-10年", Experience(5, 10)), ("两年以上", Experience(2, None)),
    ("十年以上", Experience(10, None)), ("6个月以上", Experience(0.5, None)),
    ("2016年毕业", Experience()), ("Java", Experience()), ("", Experience()),
])
def test_parse_experience(text: str, expected: Experience) -> None:
    assert parse_experience(text) == expected


def test_real_experience_and_education_columns_all_parse(real_data: Path) -> None:
    for name, exp_col, edu_col in (("zhilian_wuhan_2024.csv", "工作经验", "学历"),
                                   ("boss_shanghai_2018.csv", "工作经验", "学历要求")):
        with (real_data / name).open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                assert parse_experience(row[exp_col]).min_years is not None, row[exp_col]
                assert parse_education(row[edu_col]) in EDUCATION_LEVELS, row[edu_col]


@pytest.mark.parametrize(("text", "bucket"), [
    ("20-99人", "20-99人"), ("100-299人", "100-499人"), ("300-499人", "100-499人"), ("0-20人", "20人以下"),
    ("20人以下", "20人以下"), ("500-999人", "500-999人"), ("1000-9999人", "1000-9999人"),
    ("10000人以上", "10000人以上"), ("1万人以上", "10000人以上"), ("少于50人", "20-99人"),
    ("", None), ("未知", None),
])
def test_company_size(text: str, bucket: str | None) -> None:
    assert parse_company_size(text) == bucket
    assert bucket is None or bucket in COMPANY_SIZES


@pytest.mark.parametrize(("text", "kind"), [
    ("全职", "全职"), ("兼职/临时", "兼职"), ("实习", "实习"), ("校园", "校招"),
    ("校园招聘", "校招"), ("", None),
])
def test_job_type(text: str, kind: str | None) -> None:
    assert parse_job_type(text) == kind


def test_benefits() -> None:
    text = "五险一金，周末双休，包吃住，年终奖，带薪年假，弹性工作，五险一金"
    assert extract_benefits(text) == ["五险一金", "双休", "包吃住", "年终奖", "带薪年假", "弹性工作"]
    assert extract_benefits("非双休，单休") == []
    assert extract_benefits("六险一金+餐补+定期体检") == ["六险一金", "餐补", "定期体检"]
    assert extract_benefits("") == []


@pytest.mark.parametrize(("text", "value"), [
    ("三", 3), ("十二", 12), ("二十", 20), ("一万五", 15000), ("三千五", 3500), ("两千", 2000),
    ("一百零五", 105), ("二〇二四", 2024), ("半", 0.5), ("一点五", 1.5), ("3.5", 3.5),
    ("万", None), ("abc", None),
])
def test_cn_to_number(text: str, value: float | None) -> None:
    assert cn_to_number(text) == value
