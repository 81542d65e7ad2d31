"""CSCO 2022 occupation codes for job titles."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from talentseek.text.occupation import classify_title, clean_title, occupation_name

CURATED = [
    ("Java开发工程师", "2-02-10-03"), ("产品经理", "2-02-34-01"), ("新媒体运营", "4-13-01-05"),
    ("短视频剪辑", "2-09-03-06"), ("数据分析师", "4-07-02-05"), ("算法工程师", "2-02-38-01"),
    ("电商运营", "4-01-06-01"), ("会计", "2-06-03-00"), ("销售代表", "4-01-02-01"),
]


@pytest.mark.parametrize(("title", "code"), CURATED)
def test_curated_titles(title: str, code: str) -> None:
    occ = classify_title(title)
    assert occ is not None and occ.code == code and occ.name == occupation_name(code)


@pytest.mark.parametrize(("title", "code"), [
    ("产品经理-PM(J10458)", "2-02-34-01"),            # codes and brackets removed
    ("武汉新媒体运营专员（双休）", "4-13-01-05"),       # place and benefit removed
    ("高级Java开发", "2-02-10-03"),                    # seniority removed
    ("资深数据挖掘工程师", "2-02-38-03"),
    ("餐饮连锁会计", "2-06-03-00"),                    # head noun at the end
    ("8K-12K 急招司机", "4-02-02-01"),
    ("家居直播运营", "4-01-06-02"),
])
def test_noisy_titles(title: str, code: str) -> None:
    occ = classify_title(title)
    assert occ is not None and occ.code == code


def test_unknown_title_is_none() -> None:
    assert classify_title("xyzzy") is None and classify_title("") is None
    assert clean_title("产品经理-PM(J10458)") == "产品经理-pm"


def test_real_titles_coverage(real_data: Path) -> None:
    titles = []
    for name, col in (("zhilian_wuhan_2024.csv", "岗位名称"), ("boss_shanghai_2018.csv", "职位名称")):
        with (real_data / name).open(encoding="utf-8") as f:
            titles += [row[col] for row in csv.DictReader(f)]
    coded = [classify_title(t) for t in titles]
    assert sum(c is not None for c in coded) / len(titles) > 0.95
    by_title = dict(zip(titles, coded, strict=True))
    assert by_title["数据分析师"] is not None and by_title["数据分析师"].code == "4-07-02-05"
